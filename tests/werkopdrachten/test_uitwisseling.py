"""Reading, checking and writing catalogue tables: pure functions, no database."""

import csv
import io
import zipfile

import pytest
from openpyxl import load_workbook

from tests.werkopdrachten.builders_catalogus import (
    WERKOPDRACHTEN_KOP,
    WERKPROCESSEN_KOP,
    csv_bytes,
    xlsx_bytes,
)
from werkopdrachten import uitwisseling as u

CODES = ["B1-K1-W1", "B1-K1-W2", "B1-K1-W3"]


def werkopdrachten(rijen, codes=CODES, vergrendeld=None):
    tabel = u.lees_tabel("t.csv", csv_bytes([WERKOPDRACHTEN_KOP, *rijen]), u.KOLOMMEN_WERKOPDRACHTEN)
    return u.controleer_werkopdrachten(tabel, codes, vergrendeld)


@pytest.mark.parametrize("waarde", ["=SUM(A1:A9)", "+31 6 1234", "-1", "@cmd", "\t=1", "\r=1"])
def test_formula_like_cells_are_escaped_and_unescaped(waarde):
    assert u.escape_cel(waarde) == "'" + waarde
    assert u.unescape_cel(u.escape_cel(waarde)) == waarde


@pytest.mark.parametrize("waarde", ["Pakbon controleren", "'t Hoekje", "", "B1-K1-W1"])
def test_ordinary_cells_are_left_alone(waarde):
    assert u.escape_cel(waarde) == waarde
    assert u.unescape_cel(waarde) == waarde


def test_numbers_are_not_escaped():
    assert u.escape_cel(-3) == -3


def test_csv_export_prefixes_formula_cells_with_a_quote():
    inhoud = u.schrijf_csv(u.KOLOMMEN_WERKOPDRACHTEN, [[1, '=HYPERLINK("http://x")', "@SUM(1)", "B1-K1-W1"]])
    rijen = list(csv.reader(io.StringIO(inhoud.decode("utf-8-sig")), delimiter=";"))
    assert rijen[1] == ["1", '\'=HYPERLINK("http://x")', "'@SUM(1)", "B1-K1-W1"]


def test_xlsx_export_stores_formula_cells_as_text_not_formulas():
    inhoud = u.schrijf_xlsx(u.KOLOMMEN_WERKOPDRACHTEN, [[1, "=1+1", "-x", "B1-K1-W1"]])
    sheet = load_workbook(io.BytesIO(inhoud)).worksheets[0]
    assert sheet["B2"].value == "'=1+1"
    assert sheet["B2"].data_type == "s"  # a string, not "f" (formula)
    assert sheet["C2"].value == "'-x"


@pytest.mark.parametrize("formaat", ["csv", "xlsx"])
def test_written_table_reads_back_the_same(formaat):
    rijen = [[1, "=gevaarlijk", "Regel één; met puntkomma", "B1-K1-W1;B1-K1-W2"], [2, "Gewoon", "", "B1-K1-W3"]]
    inhoud = u.schrijf(formaat, u.KOLOMMEN_WERKOPDRACHTEN, rijen)
    tabel = u.lees_tabel(f"x.{formaat}", inhoud, u.KOLOMMEN_WERKOPDRACHTEN)
    assert [[r["volgorde"], r["titel"], r["omschrijving"], r["werkprocessen"]] for r in tabel] == [
        ["1", "=gevaarlijk", "Regel één; met puntkomma", "B1-K1-W1;B1-K1-W2"],
        ["2", "Gewoon", "", "B1-K1-W3"],
    ]


def test_csv_with_commas_and_windows_encoding_is_read():
    inhoud = csv_bytes(
        [WERKPROCESSEN_KOP, ["B1-K1", "Verwerkt goederen", "B1-K1-W1", "Ontvangt café-goederen"]], encoding="cp1252"
    )
    tabel = u.lees_tabel("a.csv", inhoud, u.KOLOMMEN_WERKPROCESSEN)
    assert tabel[0]["werkproces_titel"] == "Ontvangt café-goederen"


def test_header_names_are_matched_loosely_and_extra_columns_ignored():
    inhoud = csv_bytes(
        [
            ["Opmerking", "Kerntaak Code", "KERNTAAK_TITEL", "werkproces_code", "Werkproces titel"],
            ["x", "B1-K1", "T", "B1-K1-W1", "W"],
        ]
    )
    tabel = u.lees_tabel("a.csv", inhoud, u.KOLOMMEN_WERKPROCESSEN)
    assert tabel == [
        {
            "regel": 2,
            "kerntaak_code": "B1-K1",
            "kerntaak_titel": "T",
            "werkproces_code": "B1-K1-W1",
            "werkproces_titel": "W",
        }
    ]


def test_missing_column_is_a_file_error():
    with pytest.raises(u.BestandFout, match="werkprocessen"):
        u.lees_tabel(
            "a.csv", csv_bytes([["volgorde", "titel", "omschrijving"], ["1", "a", ""]]), u.KOLOMMEN_WERKOPDRACHTEN
        )


def test_empty_lines_are_skipped_and_line_numbers_kept():
    tabel = u.lees_tabel(
        "a.xlsx",
        xlsx_bytes([WERKOPDRACHTEN_KOP, [None] * 4, [3, "Titel", None, "B1-K1-W1"]]),
        u.KOLOMMEN_WERKOPDRACHTEN,
    )
    assert [(r["regel"], r["titel"]) for r in tabel] == [(3, "Titel")]


@pytest.mark.parametrize(
    ("naam", "inhoud", "melding"),
    [
        ("a.pdf", b"%PDF-1.7", "Kies een .csv- of .xlsx-bestand"),
        ("a.xlsx", b"kerntaak_code,kerntaak_titel\n", "geen XLSX-bestand"),
        ("a.csv", xlsx_bytes([WERKPROCESSEN_KOP]), "geen CSV-bestand"),
        ("a.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "oud Excel-bestand"),
        ("a.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00", "geen CSV- of Excel-bestand"),
        ("a.csv", b"", "leeg"),
    ],
)
def test_wrong_file_type_is_detected_by_content(naam, inhoud, melding):
    with pytest.raises(u.BestandFout, match=melding):
        u.lees_tabel(naam, inhoud, u.KOLOMMEN_WERKPROCESSEN)


def test_zip_that_is_not_a_workbook_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archief:
        archief.writestr("hallo.txt", "hallo")
    with pytest.raises(u.BestandFout, match="geen Excel-werkmap"):
        u.lees_tabel("a.xlsx", buffer.getvalue(), u.KOLOMMEN_WERKPROCESSEN)


def test_too_large_file_is_refused_before_parsing(monkeypatch):
    def niet_parsen(*args):
        raise AssertionError("parsed a file that is too large")

    monkeypatch.setattr(u, "_lees_csv", niet_parsen)
    with pytest.raises(u.BestandFout, match="te groot"):
        u.lees_tabel("a.csv", b"a" * (u.MAX_BYTES + 1), u.KOLOMMEN_WERKPROCESSEN)


@pytest.mark.parametrize("formaat", ["csv", "xlsx"])
def test_too_many_rows_is_refused(formaat):
    rijen = [WERKOPDRACHTEN_KOP, *([i, f"Opdracht {i}", "", "B1-K1-W1"] for i in range(u.MAX_ROWS + 1))]
    inhoud = csv_bytes(rijen) if formaat == "csv" else xlsx_bytes(rijen)
    with pytest.raises(u.BestandFout, match="meer dan 2000 regels"):
        u.lees_tabel(f"a.{formaat}", inhoud, u.KOLOMMEN_WERKOPDRACHTEN)


def test_exactly_the_row_limit_is_accepted():
    rijen = [WERKOPDRACHTEN_KOP, *([i, f"Opdracht {i}", "", "B1-K1-W1"] for i in range(u.MAX_ROWS))]
    assert len(u.lees_tabel("a.csv", csv_bytes(rijen), u.KOLOMMEN_WERKOPDRACHTEN)) == u.MAX_ROWS


def test_good_werkopdrachten_have_no_errors_and_normalised_codes():
    rijen = werkopdrachten([["1", "Pakbon controleren", "", "b1-k1-w1; B1-K1-W2"], ["", "Lossen", "", "B1-K1-W1"]])
    assert not u.heeft_fouten(rijen)
    assert rijen[0].werkprocessen == ["B1-K1-W1", "B1-K1-W2"]
    assert rijen[1].volgorde == 2  # an empty volgorde takes the position in the file


def test_each_bad_werkopdracht_row_gets_its_own_error():
    rijen = werkopdrachten(
        [
            ["1", "Pakbon controleren", "", "B1-K1-W1"],
            ["2", "", "", "B1-K1-W1"],
            ["3", "Pakbon Controleren", "", "B1-K1-W2"],
            ["4", "Lossen", "", "B9-K9-W9"],
            ["vier", "Opslaan", "", "B1-K1-W2"],
            ["6", "Zonder koppeling", "", ""],
        ]
    )
    fouten = {rij.regel: " ".join(rij.fouten) for rij in rijen}
    assert fouten[2] == ""
    assert "titel is leeg" in fouten[3]
    assert "staat dubbel (ook op regel 2)" in fouten[4]
    assert "Onbekende werkprocescode: B9-K9-W9" in fouten[5]
    assert "geen geheel getal" in fouten[6]
    assert "minstens één werkprocescode" in fouten[7]


def test_werkopdracht_in_use_may_not_change_its_werkprocessen():
    vergrendeld = {"pakbon controleren": frozenset({"B1-K1-W1"})}
    zelfde = werkopdrachten([["9", "Pakbon controleren", "Nieuwe uitleg", "B1-K1-W1"]], vergrendeld=vergrendeld)
    anders = werkopdrachten([["1", "Pakbon controleren", "", "B1-K1-W2"]], vergrendeld=vergrendeld)
    assert not u.heeft_fouten(zelfde)
    assert "gebruikt in een traject" in anders[0].fouten[0]


def werkprocessen(rijen, vergrendeld=None):
    tabel = u.lees_tabel("t.xlsx", xlsx_bytes([WERKPROCESSEN_KOP, *rijen]), u.KOLOMMEN_WERKPROCESSEN)
    return u.controleer_werkprocessen(tabel, vergrendeld)


def test_each_bad_werkproces_row_gets_its_own_error():
    rijen = werkprocessen(
        [
            ["B1-K1", "Verwerkt goederen", "B1-K1-W1", "Ontvangt goederen"],
            ["B1-K1", "Verwerkt goederen", "B1-K1-W1", "Nog eens"],
            ["B1-K1", "Andere titel", "B1-K1-W2", "Slaat op"],
            ["B1-K2", "Verzendt", "B1-K2-W1", ""],
            ["", "Zonder code", "B1-K3-W1", "Iets"],
        ]
    )
    fouten = {rij.regel: " ".join(rij.fouten) for rij in rijen}
    assert fouten[2] == ""
    assert "B1-K1-W1 staat dubbel (ook op regel 2)" in fouten[3]
    assert "andere titel" in fouten[4]
    assert "titel van het werkproces is leeg" in fouten[5]
    assert "kerntaakcode is leeg" in fouten[6]


def test_werkproces_in_use_may_appear_unchanged_but_not_changed():
    vergrendeld = {"B1-K1-W1": ("B1-K1", "Verwerkt goederen", "Ontvangt goederen")}
    zelfde = werkprocessen([["B1-K1", "Verwerkt goederen", "B1-K1-W1", "Ontvangt goederen"]], vergrendeld)
    titel = werkprocessen([["B1-K1", "Verwerkt goederen", "B1-K1-W1", "Ontvangt iets anders"]], vergrendeld)
    kerntaak = werkprocessen([["B1-K1", "Hernoemd", "B1-K1-W9", "Nieuw werkproces"]], vergrendeld)
    assert not u.heeft_fouten(zelfde)
    assert "nieuwe versie" in titel[0].fouten[0]
    assert "Kerntaak B1-K1 wordt gebruikt" in kerntaak[0].fouten[0]
