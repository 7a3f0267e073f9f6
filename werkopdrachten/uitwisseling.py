"""Import and export of the catalogue as CSV and XLSX.

Pure functions on bytes, lists and dicts: no database, no request. The models hand in what
the checks need to know about the database (known werkproces codes, what is locked because
a traject uses it) as plain data, so every rule here can be unit tested without fixtures.

Two tables:

- the werkprocessen of a kwalificatie: kerntaak_code, kerntaak_titel, werkproces_code,
  werkproces_titel;
- the werkopdrachten of a vakvaardigheid: volgorde, titel, omschrijving, werkprocessen
  (codes separated by ";").
"""

import csv
import io
import zipfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, field

from django.utils.translation import gettext as _

# Limits checked before a file is parsed: a catalogue table has tens of rows, a few hundred at
# most; anything far larger is a mistake (or an attempt to exhaust the server).
MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 2000
# An XLSX is a zip; a small upload can unpack to gigabytes. Refuse before openpyxl unpacks it.
MAX_XLSX_UNPACKED_BYTES = 40 * 1024 * 1024
MAX_COLUMNS = 30
MAX_TITEL = 200
MAX_CODE = 20

KOLOMMEN_WERKPROCESSEN = ["kerntaak_code", "kerntaak_titel", "werkproces_code", "werkproces_titel"]
KOLOMMEN_WERKOPDRACHTEN = ["volgorde", "titel", "omschrijving", "werkprocessen"]

CSV = "csv"
XLSX = "xlsx"
CONTENT_TYPES = {
    CSV: "text/csv; charset=utf-8",
    XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}

# A spreadsheet treats a cell that starts with one of these as a formula (CSV injection).
# Tab and carriage return are on OWASP's list too: some spreadsheets strip them and then see "=".
FORMULE_TEKENS = ("=", "+", "-", "@", "\t", "\r")


class BestandFout(Exception):
    """The file as a whole cannot be read: wrong type, too large, missing columns. The message is
    Dutch and meant for the coördinator."""


# --- escaping -------------------------------------------------------------------------------


def escape_cel(waarde: object) -> object:
    """Prefix text that a spreadsheet would run as a formula with a single quote."""
    if isinstance(waarde, str) and waarde.startswith(FORMULE_TEKENS):
        return "'" + waarde
    return waarde


def unescape_cel(waarde: str) -> str:
    """Undo :func:`escape_cel`: only a quote in front of a formula character is ours."""
    if waarde.startswith("'") and waarde[1:].startswith(FORMULE_TEKENS):
        return waarde[1:]
    return waarde


# --- writing --------------------------------------------------------------------------------


def schrijf(formaat: str, kolommen: Sequence[str], rijen: Iterable[Sequence[object]], titel: str = "") -> bytes:
    """The table as a CSV or XLSX file; every text cell escaped."""
    if formaat == CSV:
        return schrijf_csv(kolommen, rijen)
    if formaat == XLSX:
        return schrijf_xlsx(kolommen, rijen, titel=titel)
    raise ValueError(formaat)


def schrijf_csv(kolommen: Sequence[str], rijen: Iterable[Sequence[object]]) -> bytes:
    # Semicolons and a BOM: what Excel with Dutch regional settings opens in columns, in UTF-8.
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(kolommen)
    for rij in rijen:
        writer.writerow([escape_cel(waarde) for waarde in rij])
    return buffer.getvalue().encode("utf-8-sig")


def schrijf_xlsx(kolommen: Sequence[str], rijen: Iterable[Sequence[object]], titel: str = "") -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    # Sheet titles: at most 31 characters and none of []:*?/\
    sheet = workbook.create_sheet(title="".join(c for c in titel if c not in "[]:*?/\\")[:31] or "Catalogus")
    sheet.append(list(kolommen))
    for rij in rijen:
        # openpyxl stores a string that starts with "=" as a formula: escaping is what prevents it.
        sheet.append([escape_cel(waarde) for waarde in rij])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- reading --------------------------------------------------------------------------------


def herken_formaat(naam: str, inhoud: bytes) -> str:
    """CSV or XLSX, decided by the content; a name that says otherwise is refused too, so a
    renamed PDF or an old .xls never reaches a parser."""
    extensie = naam.rsplit(".", 1)[-1].lower() if "." in naam else ""
    if extensie not in (CSV, XLSX):
        raise BestandFout(_("Kies een .csv- of .xlsx-bestand."))
    if inhoud.startswith(b"PK\x03\x04"):
        formaat = XLSX
    elif inhoud.startswith(b"\xd0\xcf\x11\xe0"):
        raise BestandFout(_("Dit is een oud Excel-bestand (.xls). Sla het op als .xlsx of .csv."))
    elif b"\x00" in inhoud[:8192]:
        raise BestandFout(_("Dit bestand is geen CSV- of Excel-bestand."))
    else:
        formaat = CSV
    if formaat != extensie:
        raise BestandFout(
            _("De naam eindigt op .%(extensie)s, maar de inhoud is geen %(verwacht)s-bestand.")
            % {"extensie": extensie, "verwacht": extensie.upper()}
        )
    return formaat


def lees_tabel(naam: str, inhoud: bytes, kolommen: Sequence[str]) -> list[dict[str, str]]:
    """Read an uploaded table into dicts keyed by ``kolommen``, plus ``regel`` (the line number
    the coördinator sees in the spreadsheet). Cells are stripped and unescaped; empty lines are
    skipped; columns not asked for are ignored."""
    if len(inhoud) > MAX_BYTES:
        raise BestandFout(
            _("Het bestand is te groot (%(grootte)s kB); het mag hoogstens %(max)s kB zijn.")
            % {"grootte": len(inhoud) // 1024, "max": MAX_BYTES // 1024}
        )
    if not inhoud.strip():
        raise BestandFout(_("Het bestand is leeg."))
    formaat = herken_formaat(naam, inhoud)
    regels = _lees_csv(inhoud) if formaat == CSV else _lees_xlsx(inhoud)

    kop = next(regels, None)
    if kop is None:
        raise BestandFout(_("Het bestand is leeg."))
    namen = [_kolomnaam(cel) for cel in kop]
    ontbrekend = [kolom for kolom in kolommen if kolom not in namen]
    if ontbrekend:
        raise BestandFout(
            _("Deze kolommen ontbreken in de eerste regel: %(kolommen)s. Verwacht: %(verwacht)s.")
            % {"kolommen": ", ".join(ontbrekend), "verwacht": ", ".join(kolommen)}
        )
    positie = {kolom: namen.index(kolom) for kolom in kolommen}

    tabel = []
    for regelnummer, cellen in enumerate(regels, start=2):
        if not any(cel.strip() for cel in cellen):
            continue
        if len(tabel) >= MAX_ROWS:
            raise BestandFout(_("Het bestand heeft meer dan %(max)s regels.") % {"max": MAX_ROWS})
        rij = {"regel": regelnummer}
        for kolom, index in positie.items():
            rij[kolom] = unescape_cel(cellen[index].strip()) if index < len(cellen) else ""
        tabel.append(rij)
    if not tabel:
        raise BestandFout(_("Het bestand heeft alleen een kopregel en geen gegevens."))
    return tabel


def _kolomnaam(cel: str) -> str:
    return cel.strip().lstrip("\ufeff").lower().replace(" ", "_")


def _lees_csv(inhoud: bytes) -> Iterator[list[str]]:
    try:
        tekst = inhoud.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Excel on Windows saves "CSV (gescheiden door lijstscheidingsteken)" in Windows-1252.
        try:
            tekst = inhoud.decode("cp1252")
        except UnicodeDecodeError as exc:
            raise BestandFout(_("De tekens in dit CSV-bestand zijn niet te lezen; sla het op als UTF-8.")) from exc
    eerste_regel = tekst.split("\n", 1)[0]
    scheidingsteken = ";" if eerste_regel.count(";") >= eerste_regel.count(",") else ","
    try:
        for cellen in csv.reader(io.StringIO(tekst, newline=""), delimiter=scheidingsteken):
            yield cellen[:MAX_COLUMNS]
    except csv.Error as exc:
        raise BestandFout(_("Dit CSV-bestand is beschadigd: %(fout)s") % {"fout": exc}) from exc


def _lees_xlsx(inhoud: bytes) -> Iterator[list[str]]:
    from openpyxl import load_workbook

    try:
        with zipfile.ZipFile(io.BytesIO(inhoud)) as archief:
            namen = archief.namelist()
            uitgepakt = sum(info.file_size for info in archief.infolist())
    except zipfile.BadZipFile as exc:
        raise BestandFout(_("Dit Excel-bestand is beschadigd.")) from exc
    if "xl/workbook.xml" not in namen:
        raise BestandFout(_("Dit is geen Excel-werkmap (.xlsx)."))
    if uitgepakt > MAX_XLSX_UNPACKED_BYTES:
        raise BestandFout(_("Dit Excel-bestand is uitgepakt te groot."))
    try:
        # data_only: a formula cell gives its stored result (or nothing); it is never evaluated.
        workbook = load_workbook(io.BytesIO(inhoud), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds of errors on a damaged file
        raise BestandFout(_("Dit Excel-bestand kan niet worden gelezen.")) from exc
    try:
        sheet = workbook.worksheets[0]
        for gelezen, rij in enumerate(sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True), start=1):
            # Empty lines are skipped, but not without end: a sheet can claim a million rows.
            if gelezen > 10 * MAX_ROWS:
                raise BestandFout(_("Het bestand heeft meer dan %(max)s regels.") % {"max": MAX_ROWS})
            yield [_cel_als_tekst(waarde) for waarde in rij]
    finally:
        workbook.close()


def _cel_als_tekst(waarde: object) -> str:
    if waarde is None:
        return ""
    if isinstance(waarde, float) and waarde.is_integer():
        return str(int(waarde))
    if hasattr(waarde, "isoformat"):
        return waarde.isoformat()
    return str(waarde)


# --- checking -------------------------------------------------------------------------------


@dataclass
class WerkprocesRij:
    regel: int
    kerntaak_code: str
    kerntaak_titel: str
    werkproces_code: str
    werkproces_titel: str
    fouten: list[str] = field(default_factory=list)

    def als_dict(self) -> dict:
        return {k: v for k, v in asdict(self).items() if k != "fouten"}


@dataclass
class WerkopdrachtRij:
    regel: int
    volgorde: int | None
    titel: str
    omschrijving: str
    werkprocessen: list[str]
    fouten: list[str] = field(default_factory=list)

    def als_dict(self) -> dict:
        return {k: v for k, v in asdict(self).items() if k != "fouten"}


def heeft_fouten(rijen: Iterable[WerkprocesRij | WerkopdrachtRij]) -> bool:
    return any(rij.fouten for rij in rijen)


def controleer_werkprocessen(
    tabel: Iterable[Mapping], vergrendeld: Mapping[str, tuple[str, str, str]] | None = None
) -> list[WerkprocesRij]:
    """Check the werkprocessen table row by row.

    ``vergrendeld`` maps the code of each werkproces that a traject uses to its
    (kerntaak_code, kerntaak_titel, werkproces_titel): such a werkproces may appear, but
    unchanged, because a running traject certifies it.
    """
    vergrendeld = vergrendeld or {}
    vergrendelde_kerntaken = {kt_code: kt_titel for kt_code, kt_titel, _titel in vergrendeld.values()}
    rijen = [
        WerkprocesRij(
            regel=int(rij["regel"]),
            kerntaak_code=str(rij["kerntaak_code"]).strip(),
            kerntaak_titel=str(rij["kerntaak_titel"]).strip(),
            werkproces_code=str(rij["werkproces_code"]).strip(),
            werkproces_titel=str(rij["werkproces_titel"]).strip(),
        )
        for rij in tabel
    ]
    gezien_codes: dict[str, int] = {}
    kerntaak_titels: dict[str, tuple[str, int]] = {}
    for rij in rijen:
        for waarde, leeg, lengte in (
            (rij.kerntaak_code, _("De kerntaakcode is leeg."), MAX_CODE),
            (rij.kerntaak_titel, _("De titel van de kerntaak is leeg."), MAX_TITEL),
            (rij.werkproces_code, _("De werkprocescode is leeg."), MAX_CODE),
            (rij.werkproces_titel, _("De titel van het werkproces is leeg."), MAX_TITEL),
        ):
            if not waarde:
                rij.fouten.append(leeg)
            elif len(waarde) > lengte:
                rij.fouten.append(_("„%(waarde)s” is langer dan %(max)s tekens.") % {"waarde": waarde, "max": lengte})
        code = rij.werkproces_code.upper()
        if code and code in gezien_codes:
            rij.fouten.append(
                _("Werkproces %(code)s staat dubbel (ook op regel %(regel)s).")
                % {"code": rij.werkproces_code, "regel": gezien_codes[code]}
            )
        elif code:
            gezien_codes[code] = rij.regel
        if rij.kerntaak_code and rij.kerntaak_titel:
            eerder = kerntaak_titels.setdefault(rij.kerntaak_code, (rij.kerntaak_titel, rij.regel))
            if eerder[0] != rij.kerntaak_titel:
                rij.fouten.append(
                    _("Kerntaak %(code)s heeft op regel %(regel)s een andere titel.")
                    % {"code": rij.kerntaak_code, "regel": eerder[1]}
                )
        if rij.werkproces_code in vergrendeld:
            if vergrendeld[rij.werkproces_code] != (rij.kerntaak_code, rij.kerntaak_titel, rij.werkproces_titel):
                rij.fouten.append(
                    _(
                        "Werkproces %(code)s wordt gebruikt in een traject en kan niet veranderen. "
                        "Maak een nieuwe versie van de kwalificatie."
                    )
                    % {"code": rij.werkproces_code}
                )
        elif rij.kerntaak_code in vergrendelde_kerntaken and vergrendelde_kerntaken[rij.kerntaak_code] != (
            rij.kerntaak_titel
        ):
            rij.fouten.append(
                _(
                    "Kerntaak %(code)s wordt gebruikt in een traject; de titel kan niet veranderen. "
                    "Maak een nieuwe versie van de kwalificatie."
                )
                % {"code": rij.kerntaak_code}
            )
    return rijen


def controleer_werkopdrachten(
    tabel: Iterable[Mapping],
    bekende_codes: Iterable[str],
    vergrendeld: Mapping[str, frozenset[str]] | None = None,
) -> list[WerkopdrachtRij]:
    """Check the werkopdrachten table row by row.

    ``bekende_codes`` are the werkproces codes of the vakvaardigheid's kwalificatie.
    ``vergrendeld`` maps the lower-cased titel of each werkopdracht that a traject uses to its
    werkproces codes: the row may change its text, not what it certifies.
    """
    bekend = {code.upper(): code for code in bekende_codes}
    vergrendeld = vergrendeld or {}
    rijen = []
    gezien_titels: dict[str, int] = {}
    for positie, ruw in enumerate(tabel, start=1):
        fouten = []
        volgorde_tekst = str(ruw["volgorde"]).strip()
        volgorde: int | None
        if not volgorde_tekst:
            volgorde = positie
        else:
            try:
                volgorde = int(volgorde_tekst)
                if volgorde < 0:
                    raise ValueError
            except ValueError:
                volgorde = None
                fouten.append(_("Volgorde „%(waarde)s” is geen geheel getal.") % {"waarde": volgorde_tekst})
        titel = str(ruw["titel"]).strip()
        codes_ruw = ruw["werkprocessen"]
        if isinstance(codes_ruw, str):
            codes_ruw = codes_ruw.replace(",", ";").split(";")
        codes = []
        onbekend = False
        for code in (str(c).strip() for c in codes_ruw):
            if not code:
                continue
            if code.upper() not in bekend:
                onbekend = True
                fouten.append(_("Onbekende werkprocescode: %(code)s.") % {"code": code})
            elif bekend[code.upper()] not in codes:
                codes.append(bekend[code.upper()])
        if not titel:
            fouten.append(_("De titel is leeg."))
        elif len(titel) > MAX_TITEL:
            fouten.append(_("De titel is langer dan %(max)s tekens.") % {"max": MAX_TITEL})
        elif titel.lower() in gezien_titels:
            fouten.append(
                _("De titel „%(titel)s” staat dubbel (ook op regel %(regel)s).")
                % {"titel": titel, "regel": gezien_titels[titel.lower()]}
            )
        else:
            gezien_titels[titel.lower()] = int(ruw["regel"])
        if not codes and not onbekend:
            fouten.append(_("Geef minstens één werkprocescode op."))
        if titel.lower() in vergrendeld and frozenset(codes) != vergrendeld[titel.lower()] and not fouten:
            fouten.append(
                _(
                    "Deze werkopdracht wordt gebruikt in een traject; de werkprocessen kunnen niet veranderen. "
                    "Maak een nieuwe versie van de vakvaardigheid."
                )
            )
        rijen.append(
            WerkopdrachtRij(
                regel=int(ruw["regel"]),
                volgorde=volgorde,
                titel=titel,
                omschrijving=str(ruw["omschrijving"]).strip(),
                werkprocessen=codes,
                fouten=fouten,
            )
        )
    return rijen
