"""Bar charts drawn on the server as SVG: no JavaScript, readable on a phone, and each chart
comes with its numbers as a table for screen readers (the SVG itself is hidden from them).

A chart is computed here and drawn by the template partial
``trajecten/overzicht_grafiek.html``. Horizontal bars, because labels such as bedrijf names
are long and a phone is narrow. The SVG has no viewBox: bar lengths are percentages of the
width and text keeps its real size, so labels stay readable at 390 px as on a wide screen.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

RIJ_HOOGTE = 46  # px: a label line and a bar
LABEL_BASISLIJN = 16
BALK_Y = 22
BALK_HOOGTE = 18
LANGSTE_BALK = 85  # percent of the width; the rest is room for the number after the bar
MAX_LABEL = 42  # characters; the table under the chart has the full label


@dataclass
class Staaf:
    label: str
    korte_label: str
    waarde: float
    tekst: str
    y_label: int
    y_balk: int
    y_waarde: int
    procent: float
    x_waarde: float


@dataclass
class Staafdiagram:
    id: str
    titel: str
    kolom_label: str
    kolom_waarde: str
    staven: list[Staaf] = field(default_factory=list)

    @property
    def hoogte(self) -> int:
        return max(len(self.staven), 1) * RIJ_HOOGTE

    @property
    def balk_hoogte(self) -> int:
        return BALK_HOOGTE

    @property
    def is_leeg(self) -> bool:
        return not self.staven or all(staaf.waarde == 0 for staaf in self.staven)


def getal(waarde: float | None) -> str:
    """A number as the page shows it: whole numbers plain, others with one decimal and a comma."""
    if waarde is None:
        return "–"
    if float(waarde).is_integer():
        return str(int(waarde))
    return f"{waarde:.1f}".replace(".", ",")


def staafdiagram(
    id: str, titel: str, rijen: Iterable[tuple[str, float | None]], *, kolom_label: str, kolom_waarde: str
) -> Staafdiagram:
    """A horizontal bar chart of ``(label, value)`` rows; a missing value (None) draws no bar."""
    rijen = [(str(label), waarde) for label, waarde in rijen]
    hoogste = max((waarde or 0 for _label, waarde in rijen), default=0)
    staven = []
    for index, (label, waarde) in enumerate(rijen):
        procent = LANGSTE_BALK * (waarde or 0) / hoogste if hoogste else 0
        # A value above zero stays visible even next to a very large one.
        if waarde and procent < 0.5:
            procent = 0.5
        y = index * RIJ_HOOGTE
        staven.append(
            Staaf(
                label=label,
                korte_label=label if len(label) <= MAX_LABEL else label[: MAX_LABEL - 1] + "…",
                waarde=waarde or 0,
                tekst=getal(waarde),
                y_label=y + LABEL_BASISLIJN,
                y_balk=y + BALK_Y,
                y_waarde=y + BALK_Y + BALK_HOOGTE - 4,
                procent=round(procent, 2),
                x_waarde=round(procent + 1, 2),
            )
        )
    return Staafdiagram(
        id=id, titel=str(titel), kolom_label=str(kolom_label), kolom_waarde=str(kolom_waarde), staven=staven
    )
