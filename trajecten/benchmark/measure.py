"""Timing the key requests in-process with Django's test client.

Each probe is warmed up, then timed ``repeat`` times (wall clock around the whole request,
middleware and template included); one extra run inside ``CaptureQueriesContext`` counts the
queries, so the timed runs carry no query-logging overhead. The timed runs are interleaved: round
after round, every probe once. The machine is shared and its speed swings for minutes at a time;
a slow spell then falls on the floor and the pages alike, instead of on whichever probe ran in it,
and the ratios to the floor stay comparable. A probe whose URL or service does
not exist yet is skipped with a note, so the benchmark runs while pages are still being built.
"""

import math
import statistics
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import quote_plus

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, Resolver404, resolve, reverse

from trajecten.benchmark.seed import Personas
from trajecten.models import Aanvraag, Voortgang

WARMUP = 3
ISSUE_REPEAT = 5  # PDF rendering costs a few hundred ms; fewer runs are enough


class Skip(Exception):
    """The thing to measure does not exist (yet)."""


@dataclass
class Result:
    name: str
    median_ms: float
    p95_ms: float
    queries: int
    statuses: list[int]
    expected: tuple[int, ...]
    floor_ratio: float = 0.0

    @property
    def ok(self) -> bool:
        return all(status in self.expected for status in self.statuses)

    def as_json(self) -> dict:
        return {
            "name": self.name,
            "median_ms": round(self.median_ms, 2),
            "p95_ms": round(self.p95_ms, 2),
            "queries": self.queries,
            "floor_ratio": round(self.floor_ratio, 2),
        }


@dataclass
class Report:
    database: str
    results: list[Result] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)

    @property
    def floor_ms(self) -> float:
        return next(r.median_ms for r in self.results if r.name == "floor")

    def as_json(self) -> dict:
        return {
            "database": self.database,
            "floor_ms": round(self.floor_ms, 2),
            "requests": [r.as_json() for r in self.results],
        }


def p95(values: list[float]) -> float:
    """Nearest-rank 95th percentile (with 30 runs: the second slowest)."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


@dataclass
class Probe:
    """One thing to measure. ``call(i)`` performs run number ``i`` and returns its HTTP status."""

    name: str
    call: Callable[[int], int]
    expected: tuple[int, ...] = (200,)
    repeat: int | None = None


def check_path(path: str) -> str:
    try:
        resolve(path.split("?")[0])
    except Resolver404 as exc:
        raise Skip(f"no view at {path.split('?')[0]} yet") from exc
    return path


def url(name: str, *args, query: str = "") -> str:
    try:
        path = reverse(name, args=args)
    except NoReverseMatch as exc:
        raise Skip(f"no URL named {name!r} yet") from exc
    return path + (f"?{query}" if query else "")


def first_url(names: tuple[str, ...], *args) -> str:
    for name in names:
        try:
            return reverse(name, args=args)
        except NoReverseMatch:
            continue
    raise Skip(f"none of the URL names {', '.join(names)} exist yet")


class Bench:
    def __init__(self, personas: Personas, repeat: int, log: Callable[[str], None] = print) -> None:
        self.personas = personas
        self.repeat = repeat
        self.log = log
        self.clients: dict[str, Client] = {}
        self.report = Report(database=connection.vendor)

    def client(self, persona: str) -> Client:
        if persona not in self.clients:
            client = Client()
            if persona != "anoniem":
                client.force_login(getattr(self.personas, persona))
            self.clients[persona] = client
        return self.clients[persona]

    def get(self, persona: str, path_factory: Callable[[], str], **extra) -> Callable[[int], int]:
        path = check_path(path_factory())
        client = self.client(persona)

        def call(i: int) -> int:
            if persona == "anoniem":
                # A different address per run: public pages are rate limited per IP address.
                extra["REMOTE_ADDR"] = f"10.{i // 65536 % 256}.{i // 256 % 256}.{i % 256}"
            return client.get(path, **extra).status_code

        return call

    # -- the probes ------------------------------------------------------------------------

    def probes(self) -> list[tuple[str, Callable[[], Probe]]]:
        p = self.personas
        aanvragen = lambda query="": url("trajecten:aanvragen", query=query)  # noqa: E731
        return [
            ("floor", lambda: Probe("floor", self.get("coordinator", lambda: "/__floor__/"))),
            ("aanvragen_overzicht", lambda: Probe("aanvragen_overzicht", self.get("coordinator", aanvragen))),
            (
                "aanvragen_gefilterd",
                lambda: Probe(
                    "aanvragen_gefilterd",
                    self.get("coordinator", lambda: aanvragen(f"status={Aanvraag.Status.INTAKE_GEPLAND}")),
                ),
            ),
            (
                "aanvragen_zoeken",
                lambda: Probe("aanvragen_zoeken", self.get("coordinator", lambda: aanvragen(f"zoek={p.zoeknaam}"))),
            ),
            (
                "aanvragen_zoeken_persoon",
                lambda: Probe(
                    "aanvragen_zoeken_persoon",
                    self.get("coordinator", lambda: aanvragen("zoek=" + quote_plus(p.zoekpersoon))),
                ),
            ),
            (
                "aanvragen_zoeken_bedrijf",
                lambda: Probe(
                    "aanvragen_zoeken_bedrijf",
                    self.get("coordinator", lambda: aanvragen("zoek=" + quote_plus(p.zoekbedrijf))),
                ),
            ),
            (
                "aanvragen_bord",
                lambda: Probe("aanvragen_bord", self.get("coordinator", lambda: url("trajecten:aanvragen_bord"))),
            ),
            (
                "trajecten_overzicht",
                lambda: Probe("trajecten_overzicht", self.get("coordinator", lambda: url("trajecten:trajecten"))),
            ),
            ("dashboard", lambda: Probe("dashboard", self.get("coordinator", lambda: url("overzicht")))),
            ("begeleider_home", lambda: Probe("begeleider_home", self.get("begeleider", lambda: url("begeleiding")))),
            (
                "checklist",
                lambda: Probe(
                    "checklist", self.get("begeleider", lambda: url("trajecten:traject", p.checklist_traject_id))
                ),
            ),
            ("afvinken", lambda: self.tick_probe("afvinken", htmx=False)),
            ("afvinken_htmx", lambda: self.tick_probe("afvinken_htmx", htmx=True)),
            ("deelnemer_home", lambda: Probe("deelnemer_home", self.get("deelnemer", lambda: url("mijn")))),
            ("verificatie", self.verificatie_probe),
            ("verklaring_uitgeven", self.issue_probe),
            ("verklaring_download", self.download_probe),
        ]

    def tick_probe(self, name: str, *, htmx: bool) -> Probe:
        """A begeleider taps a werkopdracht on the checklist: *beheerst*, then undone, in turns,
        so every POST really changes a row (a repeated tap would record nothing)."""
        p = self.personas
        client = self.client("begeleider")
        template = f"/trajecten/{p.checklist_traject_id}/voortgang/{{voortgang}}/"
        check_path(template.format(voortgang=p.voortgang_ids[0]))
        extra = {"HTTP_HX_REQUEST": "true"} if htmx else {}
        rows = p.voortgang_ids

        def call(i: int) -> int:
            voortgang = rows[i % len(rows)]
            current = Voortgang.objects.filter(pk=voortgang).values_list("status", flat=True).get()
            status = Voortgang.Status.NOG_NIET if current == Voortgang.Status.BEHEERST else Voortgang.Status.BEHEERST
            return client.post(template.format(voortgang=voortgang), {"status": status}, **extra).status_code

        return Probe(name, call, expected=(200,) if htmx else (302,))

    def verificatie_probe(self) -> Probe:
        if not self.personas.verificatie_code:
            raise Skip("no issued verklaring to verify")
        path = url("trajecten:verificatie", self.personas.verificatie_code)
        return Probe("verificatie", self.get("anoniem", lambda: path))

    def download_probe(self) -> Probe:
        from trajecten.benchmark import verklaringen

        if not self.personas.verklaring_id:
            raise Skip("no issued verklaring to download")
        path = first_url(verklaringen.DOWNLOAD_URL_NAMES, self.personas.verklaring_id)
        return Probe("verklaring_download", self.get("deelnemer", lambda: path))

    def issue_probe(self) -> Probe:
        from trajecten.benchmark import verklaringen

        issue = verklaringen.issuer(self.personas, count=WARMUP + self.repeat_for_issue() + 1)
        return Probe("verklaring_uitgeven", issue, repeat=self.repeat_for_issue())

    def repeat_for_issue(self) -> int:
        return max(1, min(self.repeat, ISSUE_REPEAT))

    # -- running ---------------------------------------------------------------------------

    def run(self) -> Report:
        measurements = []
        for name, build in self.probes():
            try:
                measurements.append(Measurement(build(), self.repeat))
            except Skip as exc:
                self.log(f"  skipped {name}: {exc}")
                self.report.skipped.append(name)
        for _ in range(WARMUP):
            measurements = self.each(measurements, lambda m: m.call(timed=False))
        for round_ in range(self.repeat):
            due = [m for m in measurements if round_ < m.repeat]
            failed = set(due) - set(self.each(due, lambda m: m.call(timed=True)))
            measurements = [m for m in measurements if m not in failed]
        measurements = self.each(measurements, lambda m: m.count_queries())
        self.report.results = [m.result() for m in measurements]
        if not any(r.name == "floor" for r in self.report.results):
            raise RuntimeError("The floor could not be measured; nothing to compare with.")
        floor = self.report.floor_ms
        for result in self.report.results:
            result.floor_ratio = result.median_ms / floor if floor else 0.0
            if not result.ok:
                self.report.failures.append(
                    f"{result.name} answered {sorted(set(result.statuses))}, expected {list(result.expected)}"
                )
        return self.report

    def each(self, measurements: list["Measurement"], step: Callable[["Measurement"], None]) -> list["Measurement"]:
        """``step`` for each measurement; those that raise are reported and left out from then on
        (a page under construction may crash: the rest is still measured)."""
        carry_on = []
        for measurement in measurements:
            try:
                step(measurement)
            except Exception:
                name = measurement.probe.name
                self.log(f"  FAILED {name}:\n{traceback.format_exc()}")
                self.report.failures.append(f"{name} raised an exception")
            else:
                carry_on.append(measurement)
        return carry_on


@dataclass(eq=False)
class Measurement:
    """The runs of one probe so far."""

    probe: Probe
    default_repeat: int
    runs: int = 0
    timings: list[float] = field(default_factory=list)
    statuses: list[int] = field(default_factory=list)
    queries: int = 0

    @property
    def repeat(self) -> int:
        return self.probe.repeat or self.default_repeat

    def call(self, *, timed: bool) -> None:
        start = time.perf_counter()
        status = self.probe.call(self.runs)
        if timed:
            self.timings.append((time.perf_counter() - start) * 1000)
        self.statuses.append(status)
        self.runs += 1

    def count_queries(self) -> None:
        with CaptureQueriesContext(connection) as queries:
            self.call(timed=False)
        self.queries = len(queries)
        if self.probe.name.startswith("afvinken"):
            self.queries -= 1  # the benchmark's own lookup of the row's current state

    def result(self) -> Result:
        return Result(
            name=self.probe.name,
            median_ms=statistics.median(self.timings),
            p95_ms=p95(self.timings),
            queries=self.queries,
            statuses=self.statuses,
            expected=self.probe.expected,
        )


def format_table(report: Report) -> str:
    lines = [f"{'request':<24} {'median ms':>10} {'p95 ms':>9} {'queries':>8} {'× floor':>8}"]
    for r in report.results:
        lines.append(f"{r.name:<24} {r.median_ms:>10.1f} {r.p95_ms:>9.1f} {r.queries:>8} {r.floor_ratio:>8.1f}")
    return "\n".join(lines)
