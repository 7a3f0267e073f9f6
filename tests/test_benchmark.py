"""``manage.py benchmark`` at a tiny scale: it seeds, every key request answers as a user would
expect, and the JSON has the agreed shape. Timings are never asserted here: speed is measured by
the benchmark itself, not by a timed test on a shared machine."""

import json

import pytest
from django.core.management import CommandError, call_command

from trajecten.benchmark.measure import WARMUP, Bench, Probe, p95
from trajecten.benchmark.seed import Sizes

# Requests the issue names, searches for a person's and a bedrijf's full name, and the aanvragen
# board; the ones whose pages do not exist yet are skipped by the command.
REQUIRED = {"floor"}
EXPECTED_NAMES = {
    "floor",
    "aanvragen_overzicht",
    "aanvragen_gefilterd",
    "aanvragen_zoeken",
    "aanvragen_zoeken_persoon",
    "aanvragen_zoeken_bedrijf",
    "aanvragen_bord",
    "trajecten_overzicht",
    "dashboard",
    "begeleider_home",
    "checklist",
    "afvinken",
    "afvinken_htmx",
    "deelnemer_home",
    "verificatie",
    "verklaring_uitgeven",
    "verklaring_download",
}


@pytest.mark.django_db
def test_benchmark_measures_every_request_and_writes_the_json(tmp_path, capsys):
    path = tmp_path / "benchmark.json"

    # Raises CommandError when any request answers other than expected (a 404, 403 or 500).
    call_command("benchmark", scale=0.002, repeat=1, json_path=str(path), in_current_database=True)

    data = json.loads(path.read_text())
    assert set(data) == {"database", "floor_ms", "requests"}
    assert data["floor_ms"] > 0
    names = [r["name"] for r in data["requests"]]
    assert REQUIRED <= set(names) <= EXPECTED_NAMES
    assert len(names) == len(set(names))
    for request in data["requests"]:
        assert set(request) == {"name", "median_ms", "p95_ms", "queries", "floor_ratio"}
        assert request["queries"] >= 1, request
        assert request["p95_ms"] >= request["median_ms"] > 0, request
    floor = next(r for r in data["requests"] if r["name"] == "floor")
    # The floor view itself does one query; the session and the user are the other two.
    assert floor["queries"] == 3
    assert floor["floor_ratio"] == 1.0
    printed = capsys.readouterr().out
    assert "median ms" in printed
    assert "aanvragen_overzicht" in printed


@pytest.mark.django_db
def test_benchmark_refuses_nonsense_arguments():
    with pytest.raises(CommandError):
        call_command("benchmark", scale=0, in_current_database=True)


def test_tiny_scale_still_has_enough_data_for_every_persona():
    sizes = Sizes.for_scale(0.002)
    assert sizes.trajecten >= 40  # the begeleider persona needs trajecten in several states
    assert sizes.deelnemers > sizes.trajecten
    assert sizes.aanvragen > sizes.trajecten  # some aanvragen are still open
    assert Sizes.for_scale(1.0).trajecten * 20 == 400_000  # voortgang rows at national scale


def test_p95_is_the_nearest_rank():
    assert p95([float(n) for n in range(1, 31)]) == 29.0
    assert p95([5.0]) == 5.0


class ScriptedBench(Bench):
    """The benchmark's runner with probes that only record when they are called."""

    def __init__(self, probes: list[Probe]) -> None:
        super().__init__(personas=None, repeat=3, log=lambda line: None)
        self.scripted = probes

    def probes(self):
        return [(probe.name, lambda probe=probe: probe) for probe in self.scripted]


@pytest.mark.django_db  # the query count opens a connection
def test_timed_runs_are_interleaved_so_a_slow_spell_falls_on_floor_and_pages_alike():
    calls = []

    def probe(name: str, repeat: int | None = None) -> Probe:
        return Probe(name, lambda i: calls.append((name, i)) or 200, repeat=repeat)

    def crashing(i: int) -> int:
        raise RuntimeError("page under construction")

    bench = ScriptedBench([probe("floor"), probe("page"), probe("pdf", repeat=1), Probe("broken", crashing)])
    report = bench.run()

    timed = calls[3 * WARMUP : -3]  # after the warm-up rounds, before the counted runs
    assert timed == [("floor", 3), ("page", 3), ("pdf", 3), ("floor", 4), ("page", 4), ("floor", 5), ("page", 5)]
    assert [r.name for r in report.results] == ["floor", "page", "pdf"]
    assert report.failures == ["broken raised an exception"]
