"""One bad quote loses one record (targets.md "Real exports"): a stray quote in a quoted
ESDH field rejects that record, which ends at its physical line end; neighbours, and
legitimately multi-line quoted titles, are read as before."""

from __future__ import annotations

from sagskvalitet import contract
from sagskvalitet.landing.readers import read_export, split_csv_records

HEADER = ",".join(f'"{c}"' for c in contract.ESDH.columns)


def _row(doc_id: str, title: str) -> str:
    return f'"{doc_id}","A0000001","","2010-05-03","{title}","Notat","Ja","2010-05-03 10:00:00"'


def _esdh(*records: str) -> bytes:
    return b"\xef\xbb\xbf" + ("\r\n".join([HEADER, *records]) + "\r\n").encode("utf-8")


def test_a_stray_quote_rejects_only_its_record():
    data = _esdh(
        _row("1", "Ressourceprofil"),
        _row("2", 'Journalnotat "telefon, borger ringede'),
        _row("3", "Partshøring"),
    )
    parsed = read_export(data, contract.ESDH, "2010-05-31/esdh/dokumenter.csv")
    assert parsed.n_rows == 3  # the manifest counts the bad record as one record
    assert parsed.errors[0] is None and parsed.errors[2] is None
    assert parsed.errors[1].startswith("stray_quote: unescaped quote at character ")
    assert "'2'" in parsed.errors[1]  # names the record (its DokumentID)
    assert parsed.raw_records[1] == _row("2", 'Journalnotat "telefon, borger ringede')
    assert parsed.values["DokumentID"] == ["1", None, "3"]
    assert parsed.values["Titel"][2] == "Partshøring"


def test_multi_line_titles_and_doubled_quotes_still_work():
    data = _esdh(
        _row("1", 'Notat, med ""citat""\r\nog linjeskift'),
        _row("2", "Ressourceprofil"),
    )
    parsed = read_export(data, contract.ESDH, "x")
    assert parsed.errors == [None, None]
    assert parsed.values["Titel"] == ['Notat, med "citat"\r\nog linjeskift', "Ressourceprofil"]


def test_a_quote_left_open_does_not_swallow_the_next_records():
    # the open quote of record 1 would otherwise run into record 2 (and to the file end)
    text = "\r\n".join(['"h1","h2"', '"1","open', '"2","x"', '"3","also open']) + "\r\n"
    records, stray = split_csv_records(text)
    assert records == ['"h1","h2"', '"1","open', '"2","x"', '"3","also open']
    assert sorted(stray) == [1, 3]
    assert all(reason.startswith("stray_quote:") for reason in stray.values())


def test_a_stray_quote_in_a_continuation_line_ends_the_record_there():
    text = '"h1","h2"\r\n"1","multi\r\nline "bad" end"\r\n"2","ok"\r\n'
    records, stray = split_csv_records(text)
    assert records == ['"h1","h2"', '"1","multi\r\nline "bad" end"', '"2","ok"']
    assert list(stray) == [1]
