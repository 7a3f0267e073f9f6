"""Fault drill, verklaringen part (run by loadtest/faults.sh, next to faults.py): beoordelaars
approve, and so issue, praktijkverklaringen through gunicorn while PostgreSQL is stopped and
started again. Afterwards every verklaring in the database must be issued completely or not
at all.

    faults_verklaringen.py prepare COUNT PLAN
        fresh proposals, and a session for the beoordelaar of each school
    faults_verklaringen.py drive BASE PLAN LEDGER SECONDS OUTAGE_AFTER
        approve them over HTTP, back to back just before PostgreSQL stops
    faults_verklaringen.py check PLAN LEDGER STOPPING STOPPED STARTED
        the database and the stored PDFs afterwards

prepare and check need Django (the same environment as gunicorn); drive is standard library
only, like faults.py, whose HTTP helper it uses.
"""

import collections
import datetime
import hashlib
import json
import os
import re
import sys
import threading
import time
import urllib.request

from faults import NoRedirect, csrf_from, request, run_and_record

# After a 503 or no answer, retry soon: the point is to see the app recover.
RETRY_PAUSE = 0.5
NUMMER = re.compile(r"^(?P<school>[A-Z0-9]+)-(?P<jaar>\d{4})-(?P<volgnummer>\d{4,})$")


def setup_django() -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "praktijkwijs.settings")
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    django.setup()


# -- prepare ---------------------------------------------------------------------------------


def prepare(count: int, plan_file: str) -> None:
    """Proposals made the way the benchmark makes them (issuer()), and a session for the
    beoordelaar of each school, written to PLAN."""
    setup_django()
    from importlib import import_module
    from types import SimpleNamespace

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    from praktijkwijs.models import User
    from trajecten.benchmark.verklaringen import issuer
    from trajecten.models import Beoordelaar, Traject, Verklaring

    seeded = list(Verklaring.objects.values_list("pk", flat=True))
    uitgeefbaar = (
        Traject.objects.filter(status=Traject.Status.AFGEROND, verklaringen__isnull=True)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    personas = SimpleNamespace(
        coordinator=User.objects.get(username="bench-coordinator"), uitgeefbaar_traject_ids=list(uitgeefbaar)
    )
    issuer(personas, count=count)  # only its proposals: the approving is done over HTTP here

    store = import_module(settings.SESSION_ENGINE).SessionStore
    sessions = {}
    for b in Beoordelaar.objects.select_related("user").order_by("pk"):
        if b.school_id in sessions:
            continue
        s = store()
        s[SESSION_KEY] = str(b.user.pk)
        s[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
        s[HASH_SESSION_KEY] = b.user.get_session_auth_hash()
        s.create()
        sessions[b.school_id] = s.session_key
    per_school = collections.defaultdict(list)
    for pk, school_id in (
        Verklaring.objects.filter(status=Verklaring.Status.VOORGESTELD)
        .order_by("pk")
        .values_list("pk", "traject__school_id")
    ):
        per_school[school_id].append(pk)
    plan = {
        "seeded": seeded,
        "beoordelaars": [{"session": sessions[school], "verklaringen": pks} for school, pks in per_school.items()],
    }
    with open(plan_file, "w") as handle:
        json.dump(plan, handle)
    print(f"{sum(map(len, per_school.values()))} proposals for {len(per_school)} beoordelaars")


# -- drive -----------------------------------------------------------------------------------

ledger: list[dict] = []
lock = threading.Lock()


def rest(seconds: float, rush: tuple[float, float]) -> None:
    """Sleep, but not during the rush: then the next approval goes out at once."""
    now = time.time()
    if rush[0] <= now < rush[1]:
        return
    wake = now + seconds
    if now < rush[0] < wake:
        wake = rush[0]
    time.sleep(wake - now)


def beoordelaar(base: str, session: str, pks: list[int], stop_at: float, rush: tuple, delay: float) -> None:
    """Approve each proposal until it is acknowledged as issued (or refused); after a 503 or
    no answer, try the same one again, as a beoordelaar would."""
    # Few proposals (the small dataset has few finished trajecten): spread them over the run.
    pause = (stop_at - time.time()) / (len(pks) + 3)
    rest(delay * pause, rush)
    opener = urllib.request.build_opener(NoRedirect)
    status, html, headers = request(opener, base + "/beoordelen/", session)
    token, cookie = csrf_from(html, headers)
    if status != 200 or not token or not cookie:
        print(f"beoordelaar could not start: {status}", file=sys.stderr)
        return
    pending = list(pks)
    while pending and time.time() < stop_at:
        pk = pending[0]
        started = time.time()
        status, _html, headers = request(
            opener,
            f"{base}/verklaringen/{pk}/goedkeuren/",
            session,
            cookie,
            data={},
            headers={"X-CSRFToken": token, "Referer": base + "/beoordelen/"},
        )
        # Issued: back to the queue. Refused: back to the verklaring, with the reason.
        location = headers.get("Location", "") if status == 302 else ""
        result = {"/beoordelen/": "issued", "": "none"}.get(location, "refused")
        with lock:
            ledger.append({"t": started, "done": time.time(), "verklaring": pk, "http": status, "result": result})
        if result != "none":
            pending.pop(0)
        rest(pause if result != "none" else RETRY_PAUSE, rush)


def drive(base: str, plan_file: str, ledger_file: str, duration: float, outage_after: float) -> None:
    with open(plan_file) as handle:
        plan = json.load(handle)
    start = time.time()
    stop_at = start + duration
    # Back to back just before PostgreSQL is stopped, so approvals are mid-issue when it goes.
    rush = (start + outage_after - 1.5, start + outage_after)
    beoordelaars = plan["beoordelaars"]
    threads = [
        # Staggered, so the beoordelaars do not all approve at the same moment.
        threading.Thread(
            target=beoordelaar, args=(base, b["session"], b["verklaringen"], stop_at, rush, n / len(beoordelaars))
        )
        for n, b in enumerate(beoordelaars)
    ]
    run_and_record(threads, ledger, ledger_file)
    print(f"{len(ledger)} approvals sent by {len(threads)} beoordelaars")


# -- check -----------------------------------------------------------------------------------


def half_issued(v, regels: int, seeded: bool) -> str:
    """Why ``v`` is neither completely issued nor completely unissued; "" when it is fine."""
    from django.core.files.storage import default_storage

    from trajecten.models import Verklaring

    if v.status in Verklaring.UITGEGEVEN_STATUSSEN:
        if not (v.nummer and v.pdf.name and len(v.sha256) == 64 and v.verificatiecode and v.uitgegeven_op):
            return "issued without nummer, PDF, hash, verificatiecode or date"
        if not regels:
            return "issued without printed werkprocessen"
        if seeded:
            return ""  # its placeholder PDF lived in the seed's temporary media folder, now gone
        if not default_storage.exists(v.pdf.name):
            return f"PDF {v.pdf.name} missing from storage"
        with default_storage.open(v.pdf.name) as handle:
            if hashlib.sha256(handle.read()).hexdigest() != v.sha256:
                return "stored PDF does not match its SHA-256"
        return ""
    if v.nummer or v.pdf.name or v.sha256 or v.uitgegeven_op or regels:
        return f"{v.status} but has a nummer, PDF, hash, date or printed werkprocessen"
    return ""


def number_gaps(issued) -> list[str]:
    """Numbers per school per year: unique, 1..n without gaps, and the counter at n."""
    from trajecten.models import VerklaringTeller

    per_reeks = collections.defaultdict(list)
    problems = []
    for v in issued:
        match = NUMMER.match(v.nummer)
        if not match or match["school"] != v.traject.school.afkorting:
            problems.append(f"{v.pk}: nummer {v.nummer!r} not of its school")
            continue
        per_reeks[v.traject.school_id, int(match["jaar"])].append(int(match["volgnummer"]))
    tellers = {(t.school_id, t.jaar): t.laatste for t in VerklaringTeller.objects.all()}
    for (school, jaar), volgnummers in sorted(per_reeks.items()):
        if sorted(volgnummers) != list(range(1, len(volgnummers) + 1)):
            problems.append(f"school {school} {jaar}: numbers {sorted(volgnummers)} not 1..{len(volgnummers)}")
        if tellers.get((school, jaar)) != len(volgnummers):
            problems.append(f"school {school} {jaar}: counter {tellers.get((school, jaar))}, {len(volgnummers)} issued")
    return problems


def check(plan_file: str, ledger_file: str, stopping: float, stopped: float, started: float) -> bool:
    setup_django()
    from django.conf import settings
    from django.db.models import Count

    from trajecten.models import Verklaring

    with open(plan_file) as handle:
        plan = json.load(handle)
    with open(ledger_file) as handle:
        approvals = json.load(handle)
    seeded = set(plan["seeded"])
    verklaringen = list(
        Verklaring.objects.select_related("traject__school").annotate(n_regels=Count("regels")).order_by("pk")
    )
    results = []

    def result(passed: bool, line: str) -> None:
        results.append(passed)
        print(f"   {'PASS' if passed else 'FAIL'} {line}")

    # What the beoordelaars saw.
    issued = [a for a in approvals if a["result"] == "issued"]
    before = sum(a["done"] < stopping for a in issued)
    after = sum(a["t"] > started for a in issued)
    during = collections.Counter(a["http"] for a in approvals if stopped <= a["t"] <= started)
    # Overlapping the shutdown: these were mid-issue when PostgreSQL ended their session.
    in_flight = collections.Counter(a["http"] for a in approvals if a["t"] < stopped and a["done"] > stopping)
    first = min((a["done"] for a in issued if a["t"] > started), default=None)
    print(f"   approvals: {len(approvals)}, answers: {dict(collections.Counter(a['http'] for a in approvals))}")
    print(
        f"   acknowledged as issued: {len(issued)} (before the outage {before}, "
        f"as it went down {len(issued) - before - after}, after it {after})"
    )
    took = sorted(a["done"] - a["t"] for a in issued)
    if took:
        print(f"   an issuing approval took {took[len(took) // 2]:.2f} s (median), {took[-1]:.2f} s at most")
    print(f"   approvals in flight while PostgreSQL shut down ({stopped - stopping:.1f} s): {dict(in_flight)}")
    print(f"   approvals sent while PostgreSQL was down: {dict(during)}")
    print(f"   first issue after the restart began: {first - started:.1f} s" if first else "   never issued again")
    result(
        bool(during) and set(during) <= {503} and 500 not in [a["http"] for a in approvals],
        "approvals while PostgreSQL was down got 503, none anywhere got 500",
    )
    result(not [a for a in approvals if a["result"] == "refused"], "no approval was refused")
    result(first is not None and first - started <= 60, "issuing works again within a minute of the restart")
    lost = sorted({a["verklaring"] for a in issued} - {v.pk for v in verklaringen if v.is_geldig})
    result(not lost, f"every verklaring acknowledged as issued is uitgegeven in the database (lost: {lost})")

    # What the database and the storage hold.
    problems = {v.pk: why for v in verklaringen if (why := half_issued(v, v.n_regels, v.pk in seeded))}
    statuses = collections.Counter(v.status for v in verklaringen)
    checked = sum(v.is_uitgegeven and v.pk not in seeded for v in verklaringen)
    result(
        not problems,
        f"no verklaring half-issued: {dict(statuses)}; PDF and SHA-256 checked for the {checked} issued "
        f"in this drill ({len(seeded)} seeded ones have no files)"
        + "".join(f"\n        {pk}: {why}" for pk, why in problems.items()),
    )
    gaps = number_gaps(v for v in verklaringen if v.is_uitgegeven)
    result(not gaps, "numbers per school per year unique and gapless" + "".join(f"\n        {g}" for g in gaps))
    # A PDF stored by an approval cut off while PostgreSQL went down is kept on purpose (the app
    # could not tell whether the verklaring was issued); the daily `manage.py bewaartermijn`
    # removes it. Run that sweep now (without its one-day margin) and look again.
    from django.core.files.storage import default_storage

    from trajecten.privacy import losse_pdfs

    kept = losse_pdfs(ouder_dan=datetime.timedelta(0))
    for name in kept:
        default_storage.delete(name)
    # (The seeded verklaringen's placeholder PDFs were stored in the seed's own, deleted folder.)
    referenced = {v.pdf.name for v in verklaringen if v.pdf.name and v.pk not in seeded}
    folder = os.path.join(settings.MEDIA_ROOT, "verklaringen")
    stored = {
        os.path.relpath(os.path.join(root, name), settings.MEDIA_ROOT)
        for root, _dirs, names in os.walk(folder)
        for name in names
    }
    result(
        not stored - referenced and referenced <= stored,
        f"storage holds exactly the PDFs of the issued verklaringen once the daily sweep ran "
        f"({len(kept)} kept by approvals cut off by the outage, removed by it; "
        f"left without verklaring: {sorted(stored - referenced)})",
    )
    return all(results)


if __name__ == "__main__":
    command, args = sys.argv[1], sys.argv[2:]
    if command == "prepare":
        prepare(int(args[0]), args[1])
    elif command == "drive":
        drive(args[0], args[1], args[2], float(args[3]), float(args[4]))
    elif command == "check":
        ok = check(args[0], args[1], float(args[2]), float(args[3]), float(args[4]))
        print("== verklaringen " + ("passed" if ok else "FAILED"))
        sys.exit(0 if ok else 1)
    else:
        sys.exit(__doc__)
