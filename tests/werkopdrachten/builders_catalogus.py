"""Files for import tests, built in memory (openpyxl for XLSX)."""

import csv
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

WERKPROCESSEN_KOP = ["kerntaak_code", "kerntaak_titel", "werkproces_code", "werkproces_titel"]
WERKOPDRACHTEN_KOP = ["volgorde", "titel", "omschrijving", "werkprocessen"]


def xlsx_bytes(rijen: list[list[object]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for rij in rijen:
        sheet.append(rij)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_bytes(rijen: list[list[object]], delimiter: str = ",", encoding: str = "utf-8") -> bytes:
    buffer = io.StringIO(newline="")
    csv.writer(buffer, delimiter=delimiter).writerows(rijen)
    return buffer.getvalue().encode(encoding)


def bestand(naam: str, inhoud: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(naam, inhoud)


def als(formaat: str, rijen: list[list[object]]) -> SimpleUploadedFile:
    """The same table as a .csv or an .xlsx upload."""
    if formaat == "csv":
        return bestand("tabel.csv", csv_bytes(rijen))
    return bestand("tabel.xlsx", xlsx_bytes(rijen))
