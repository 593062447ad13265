"""Constants of the export contract (``shared/spec/exports.md``).

Plain data only: the generator writes by these, landing reads by them, staging seeds can
be checked against them. Column names are exactly the contract's (case and spelling).
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class ExportFile:
    key: str  # landing file key, e.g. sagssystem_a__sager
    path: str  # relative to the delivery folder
    fmt: str  # csv | jsonl
    columns: tuple[str, ...]  # CSV columns or JSON keys, in file order
    id_column: str
    encoding: str  # python codec name ("utf-8-sig" = UTF-8 with BOM)
    delimiter: str | None  # None for jsonl
    line_ending: str
    quoting: str  # minimal | all | none (jsonl)
    date_format: str | None  # strftime of dates; None for jsonl (ISO)
    incremental: bool  # True: only records registered/changed since the previous delivery
    date_columns: tuple[str, ...] = ()
    timestamp_columns: tuple[str, ...] = ()


SAGSSYSTEM_A = ExportFile(
    key="sagssystem_a__sager",
    path="sagssystem_a/sager.csv",
    fmt="csv",
    columns=(
        "SagsID",
        "CPR",
        "Sagsomraade",
        "Enhed",
        "Modtaget",
        "Afgjort",
        "Afgoerelse",
        "Sagsbehandler",
    ),
    id_column="SagsID",
    encoding="cp1252",
    delimiter=";",
    line_ending="\r\n",
    quoting="minimal",  # quoted only when a field contains ';'
    date_format="%d-%m-%Y",
    incremental=False,
    date_columns=("Modtaget", "Afgjort"),
)

SAGSSYSTEM_B = ExportFile(
    key="sagssystem_b__cases",
    path="sagssystem_b/cases.jsonl",
    fmt="jsonl",
    columns=(
        "case_id",
        "cpr",
        "area",
        "unit_id",
        "received",
        "decided",
        "decision",
        "legacy_ref",
        "updated_at",
    ),
    id_column="case_id",
    encoding="utf-8",
    delimiter=None,
    line_ending="\n",
    quoting="none",
    date_format=None,  # ISO yyyy-mm-dd
    incremental=False,
    date_columns=("received", "decided"),
    timestamp_columns=("updated_at",),
)

ESDH = ExportFile(
    key="esdh__dokumenter",
    path="esdh/dokumenter.csv",
    fmt="csv",
    columns=(
        "DokumentID",
        "Sagsnummer",
        "CPR",
        "Dokumentdato",
        "Titel",
        "Dokumenttype",
        "BorgerMedvirken",
        "Registreret",
    ),
    id_column="DokumentID",
    encoding="utf-8-sig",
    delimiter=",",
    line_ending="\r\n",
    quoting="all",
    date_format="%Y-%m-%d",  # about 5 % written %d.%m.%Y
    incremental=True,
    date_columns=("Dokumentdato",),
    timestamp_columns=("Registreret",),
)

KLAGER = ExportFile(
    key="klageregister__klager",
    path="klageregister/klager.csv",
    fmt="csv",
    columns=(
        "KlageNr",
        "Sagsnummer",
        "Enhed",
        "Modtaget",
        "Klagetype",
        "Genvurderet",
        "UnderretningSendt",
        "Videresendt",
        "EksterntAfgjort",
        "EksterntUdfald",
    ),
    id_column="KlageNr",
    encoding="cp1252",
    delimiter=";",
    line_ending="\r\n",
    quoting="minimal",
    date_format="%d-%m-%Y",
    incremental=False,
    date_columns=("Modtaget", "Genvurderet", "UnderretningSendt", "Videresendt", "EksterntAfgjort"),
)

AKTINDSIGT = ExportFile(
    key="aktindsigt__anmodninger",
    path="aktindsigt/anmodninger.csv",
    fmt="csv",
    columns=("AnmodningID", "Enhed", "Modtaget", "Lovgrundlag", "Besvaret", "UnderretningSendt"),
    id_column="AnmodningID",
    encoding="utf-8",
    delimiter=",",
    line_ending="\r\n",  # csv module default
    quoting="minimal",
    date_format="%Y-%m-%d",
    incremental=False,
    date_columns=("Modtaget", "Besvaret", "UnderretningSendt"),
)

HENVENDELSER = ExportFile(
    key="henvendelser__henvendelser",
    path="henvendelser/henvendelser.csv",
    fmt="csv",
    columns=("HenvendelseID", "Enhed", "Kanal", "Modtaget", "ForsteTilbagemelding"),
    id_column="HenvendelseID",
    encoding="utf-8",
    delimiter=",",
    line_ending="\r\n",
    quoting="minimal",
    date_format="%Y-%m-%d %H:%M",  # timestamps, local time Europe/Copenhagen
    incremental=True,
    timestamp_columns=("Modtaget", "ForsteTilbagemelding"),
)

FILES: tuple[ExportFile, ...] = (SAGSSYSTEM_A, SAGSSYSTEM_B, ESDH, KLAGER, AKTINDSIGT, HENVENDELSER)
FILES_BY_KEY = {f.key: f for f in FILES}
FILES_BY_PATH = {f.path: f for f in FILES}
MANIFEST_NAME = "MANIFEST.json"
DELIVERY_DIR_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
TIMEZONE = "Europe/Copenhagen"

# --- Case areas: canonical, system A code, system B code, work-capacity case -------------
AREAS: tuple[tuple[str, str, str, bool], ...] = (
    ("sickness_benefit", "SDP", "110", False),
    ("cash_benefit", "KTH", "210", False),
    ("rehabilitation", "REVA", "310", True),
    ("flex_job", "FLEX", "320", True),
    ("disability_pension", "FØP", "330", True),
    ("unemployment_allowance", "LEDY", "340", False),
)
AREA_NAMES_DA = {
    "sickness_benefit": "sygedagpenge",
    "cash_benefit": "kontanthjælp",
    "rehabilitation": "revalidering",
    "flex_job": "fleksjob",
    "disability_pension": "førtidspension",
    "unemployment_allowance": "ledighedsydelse",
}
AREA_BY_A_CODE = {a: c for c, a, _, _ in AREAS}
AREA_BY_B_CODE = {b: c for c, _, b, _ in AREAS}
A_CODE_BY_AREA = {c: a for c, a, _, _ in AREAS}
B_CODE_BY_AREA = {c: b for c, _, b, _ in AREAS}
WORK_CAPACITY_AREAS = frozenset(c for c, _, _, w in AREAS if w)

# --- Organisational units: id, name, short form -----------------------------------------
UNITS: tuple[tuple[str, str, str], ...] = (
    ("U-101", "Jobcenter Amager", "JC Amager"),
    ("U-102", "Jobcenter Nørrebro", "JC Nørrebro"),
    ("U-103", "Jobcenter Vesterbro", "JC Vesterbro"),
    ("U-104", "Jobcenter Nord", "JC Nord"),
    ("U-105", "Jobcenter Valby", "JC Valby"),
    ("U-106", "Sygedagpengecentret", "SDC"),
)
UNIT_IDS = tuple(u for u, _, _ in UNITS)
UNKNOWN_UNIT = "UNKNOWN"

# --- Decisions -------------------------------------------------------------------------
A_DECISIONS = {"BEV": "granted", "AFS": "refused", "IND": "recommended", "HEN": "withdrawn"}
B_DECISIONS = ("granted", "refused", "recommended", "withdrawn")
A_CODE_BY_DECISION = {v: k for k, v in A_DECISIONS.items()}
DECISIONS_COUNTED = frozenset({"granted", "refused", "recommended"})  # "decisions"

# --- Complaints --------------------------------------------------------------------------
COMPLAINT_TYPES = {"Formalitet": "formality", "Afgørelse": "decision", "Begge": "both"}
COMPLAINT_TYPE_CODES = {v: k for k, v in COMPLAINT_TYPES.items()}
EXTERNAL_OUTCOMES = {
    "Stadfæstet": "upheld",
    "Hjemvist": "remitted",
    "Ændret": "changed",
    "Afvist": "dismissed",
}
EXTERNAL_OUTCOME_CODES = {v: k for k, v in EXTERNAL_OUTCOMES.items()}

# --- Access requests -------------------------------------------------------------------
LEGAL_BASES = ("OFFL", "FVL", "PDL")

# --- Inquiries ---------------------------------------------------------------------------
CHANNELS = {"Brev": "letter", "Mail": "email", "Digital post": "digital_post", "Telefon": "phone"}
CHANNEL_CODES = {v: k for k, v in CHANNELS.items()}
WRITTEN_CHANNELS = frozenset({"letter", "email", "digital_post"})

# --- Documents -------------------------------------------------------------------------
DOCUMENT_TYPES = ("Notat", "Brev", "Skema", "")
CITIZEN_PARTICIPATED = {"Ja": True, "ja": True, "J": True, "Nej": False, "N": False, "": None}

# title variant -> kinds (the complete list of exports.md); other titles are "other"
TITLE_VARIANTS: dict[str, tuple[str, ...]] = {
    "Ressourceprofil": ("resource_profile",),
    "Ressourceprofil - udkast": ("resource_profile",),
    "Ressource profil": ("resource_profile",),
    "RP endelig": ("resource_profile",),
    "Ressourceprofil (endelig)": ("resource_profile",),
    "Konkret vurdering af arbejdsevne": ("work_capacity_assessment",),
    "Arbejdsevnevurdering": ("work_capacity_assessment",),
    "Vurdering af arbejdsevnen": ("work_capacity_assessment",),
    "Ressourceprofil inkl. vurdering af arbejdsevne": (
        "resource_profile",
        "work_capacity_assessment",
    ),
    "Samtale med borger om ressourceprofil": ("citizen_meeting",),
    "Borgersamtale - ressourceprofil": ("citizen_meeting",),
    "Møde m. borger vedr. RP": ("citizen_meeting",),
    "Underretning om forsinkelse": ("delay_notice",),
    "Brev: sagsbehandlingstiden overskrides": ("delay_notice",),
    "Orientering om forventet afgørelsestidspunkt": ("delay_notice",),
    "Vejledning om fleksjob": ("flexjob_guidance",),
    "Notat - vejledning fleksjob": ("flexjob_guidance",),
    "Fleksjob: vejledt borger": ("flexjob_guidance",),
    "Partshøring": ("hearing",),
    "Partshoering inden afgørelse": ("hearing",),
    "Høring af part": ("hearing",),
}
DRAFT_PROFILE_VARIANTS = frozenset({"Ressourceprofil - udkast"})
DOCUMENT_KINDS = (
    "resource_profile",
    "work_capacity_assessment",
    "citizen_meeting",
    "delay_notice",
    "flexjob_guidance",
    "hearing",
    "other",
)
VARIANTS_BY_KIND: dict[str, tuple[str, ...]] = {
    k: tuple(v for v, kinds in TITLE_VARIANTS.items() if kinds == (k,)) for k in DOCUMENT_KINDS[:-1]
}
# Unrelated documents (kind "other"); the generator writes them in any spelling.
UNRELATED_TITLES = (
    "Lægeerklæring",
    "Mødeindkaldelse",
    "Kvittering",
    "Journalnotat",
    "Sygemelding",
    "Statusattest",
    "Lønsedler",
    "Samtykkeerklæring",
    "Jobplan",
    "Referat af møde",
    "Indkaldelse til samtale",
    "Henvendelse fra borger",
)

_FOLD_TABLE = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa"})
_WS = re.compile(r"\s+")


def fold(text: str) -> str:
    """The contract's folding of titles and unit names."""
    return _WS.sub(" ", text.lower().translate(_FOLD_TABLE)).strip()


FOLDED_TITLE_KINDS = {fold(v): kinds for v, kinds in TITLE_VARIANTS.items()}
FOLDED_UNIT_ALIASES: dict[str, str] = {}
for _uid, _name, _short in UNITS:
    FOLDED_UNIT_ALIASES[fold(_name)] = _uid
    FOLDED_UNIT_ALIASES[fold(_short)] = _uid


def title_kinds(title: str) -> tuple[str, ...]:
    return FOLDED_TITLE_KINDS.get(fold(title), ("other",))


def unit_of(name: str) -> str:
    return FOLDED_UNIT_ALIASES.get(fold(name), UNKNOWN_UNIT)


# --- Bad rows: reason codes the generator injects (staging codes of ARCHITECTURE.md) -----
BAD_ROW_REASONS = ("invalid_date", "unknown_code", "missing_id", "field_count", "invalid_json")
