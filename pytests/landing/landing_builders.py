"""Hand-made, contract-true deliveries (exports.md) for the landing tests."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

DEMO_KEY = "test-key-not-secret"

# Every CPR written below, in the formats of the contract: all must vanish in landing.
CPRS = ["010170-1234", "0201801235", "030390 1236", " 040485-1237 ", "0101701234"]

A_HEADER = "SagsID;CPR;Sagsomraade;Enhed;Modtaget;Afgjort;Afgoerelse;Sagsbehandler"
A_ROWS = [
    "A0000001;010170-1234;FØP;JC Nord;01-02-2010;15-04-2010;IND;ABC",
    "A0000002;0201801235;FLEX; jc nord ;03-03-2010;;;DEF",
    "A0000003;030390 1236;SDP;Jobcenter Nørrebro;05-03-2010;09-03-2010;BEV;GHI",
    'A0000004; 040485-1237 ;KTH;"Jobcenter; Valby";06-03-2010;10-03-2010;AFS;JKL',
    "A0000005;12345;REVA;SDC;07-03-2010;;;MNO",
]
B_LINES = [
    {
        "case_id": "5f0c6a2e-aaaa-bbbb-cccc-dddddddddddd",
        "cpr": "0101701234",
        "area": "330",
        "unit_id": "U-104",
        "received": "2010-04-02",
        "decided": None,
        "decision": None,
        "legacy_ref": " a0000001",
        "updated_at": "2010-07-01T08:15:00+02:00",
    },
    {
        "case_id": "6f0c6a2e-aaaa-bbbb-cccc-eeeeeeeeeeee",
        "cpr": "0201801235",
        "area": "320",
        "unit_id": "U-101",
        "received": "2010-04-03",
        "decided": "2010-05-01",
        "decision": "granted",
        "legacy_ref": None,
        "updated_at": "2010-07-01T08:15:00+02:00",
        "new_field": 7,
    },
]
ESDH_HEADER = (
    "DokumentID,Sagsnummer,CPR,Dokumentdato,Titel,Dokumenttype,BorgerMedvirken,Registreret"
)
ESDH_ROWS = [
    '"1","A0000001","010170-1234","2010-02-10","Ressourceprofil","Notat","Ja",'
    '"2010-02-10 10:00:00"',
    '"2","A0000001","0101701234","11.02.2010","Notat, med ""citat""\r\nog linjeskift",'
    '"Notat","","2010-02-11 09:00:00"',
    '"3","27.12.10-P20-1-10","030390 1236","2010-03-01","Partshøring","Brev","N",'
    '"2010-03-01 12:00:00"',
]
KLAGER_HEADER = (
    "KlageNr;Sagsnummer;Enhed;Modtaget;Klagetype;Genvurderet;UnderretningSendt;"
    "Videresendt;EksterntAfgjort;EksterntUdfald"
)
KLAGER_ROWS = [
    "K1;A0000001;JC Nord;01-05-2010;Afgørelse;10-05-2010;;;;",
    "K2;;Jobcenter Amager;02-05-2010;Formalitet;;;;;",
]
AKT_HEADER = "AnmodningID,Enhed,Modtaget,Lovgrundlag,Besvaret,UnderretningSendt"
AKT_ROWS = ["R1,JC Nord,2010-05-01,OFFL,2010-05-05,", "R2,SDC,2010-05-02,PDL,,"]
HENV_HEADER = "HenvendelseID,Enhed,Kanal,Modtaget,ForsteTilbagemelding"
HENV_ROWS = [
    "H1,JC Valby,Brev,2010-05-01 10:00,2010-05-03 09:00",
    "H2,SDC,Telefon,2010-05-02 11:30,",
]


def csv_bytes(header: str, rows: list[str], encoding: str, bom: bool = False) -> bytes:
    text = "".join(line + "\r\n" for line in [header, *rows])
    return (b"\xef\xbb\xbf" if bom else b"") + text.encode(encoding)


def default_files() -> dict[str, bytes]:
    return {
        "sagssystem_a/sager.csv": csv_bytes(A_HEADER, A_ROWS, "cp1252"),
        "sagssystem_b/cases.jsonl": "".join(
            json.dumps(o, ensure_ascii=False) + "\n" for o in B_LINES
        ).encode("utf-8"),
        "esdh/dokumenter.csv": csv_bytes(ESDH_HEADER, ESDH_ROWS, "utf-8", bom=True),
        "klageregister/klager.csv": csv_bytes(KLAGER_HEADER, KLAGER_ROWS, "cp1252"),
        "aktindsigt/anmodninger.csv": csv_bytes(AKT_HEADER, AKT_ROWS, "utf-8"),
        "henvendelser/henvendelser.csv": csv_bytes(HENV_HEADER, HENV_ROWS, "utf-8"),
    }


DEFAULT_ROWS = {
    "sagssystem_a/sager.csv": len(A_ROWS),
    "sagssystem_b/cases.jsonl": len(B_LINES),
    "esdh/dokumenter.csv": len(ESDH_ROWS),
    "klageregister/klager.csv": 2,
    "aktindsigt/anmodninger.csv": 2,
    "henvendelser/henvendelser.csv": 2,
}


def write_delivery(
    raw_dir: Path,
    name: str,
    files: dict[str, bytes | None] | None = None,
    rows: dict[str, int] | None = None,
) -> Path:
    """Write one delivery; ``files`` overrides contents (None = leave the file out)."""
    # The incremental inquiries differ per delivery (ids carry its date): two deliveries
    # with equal files would be a re-send, which landing refuses.
    own = [row.replace("H", f"H{name}-", 1) for row in HENV_ROWS]
    defaults = {
        **default_files(),
        "henvendelser/henvendelser.csv": csv_bytes(HENV_HEADER, own, "utf-8"),
    }
    content: dict[str, bytes | None] = {**defaults, **(files or {})}
    counts = {**DEFAULT_ROWS, **(rows or {})}
    folder = raw_dir / name
    manifest: dict = {"delivery_date": name, "files": {}}
    for path, data in content.items():
        target = folder / path
        target.parent.mkdir(parents=True, exist_ok=True)
        if data is None:
            data = b""  # hashed as empty, but the file is not written
        else:
            target.write_bytes(data)
        manifest["files"][path] = {"rows": counts[path], "sha256": hashlib.sha256(data).hexdigest()}
    (folder / "MANIFEST.json").write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    return folder


@pytest.fixture(autouse=True)
def cpr_key(monkeypatch):
    monkeypatch.setenv("SAGSKVALITET_CPR_KEY", DEMO_KEY)
    return DEMO_KEY
