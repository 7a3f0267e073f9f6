#!/usr/bin/env bash
# Fault drill: begeleiders tick (htmx POSTs) through gunicorn while PostgreSQL is stopped for a
# few seconds and started again. Passes when
#   - no tick the server acknowledged (200) is lost: each row holds its last acknowledged state
#     (or the state of a later tick whose answer never arrived);
#   - requests during the outage get 503, never 500 (and never a 200 that could not be stored);
#   - the app answers 200 again by itself, within a minute of PostgreSQL being back;
#   - meanwhile beoordelaars approve (and so issue) praktijkverklaringen, spanning the outage
#     (loadtest/faults_verklaringen.py): none is half-issued (every one has its nummer, stored
#     PDF with matching SHA-256 and printed werkprocessen, or none of these), numbers stay
#     gapless, and every verklaring acknowledged as issued is issued.
# It uses its OWN PostgreSQL cluster (15/faults on port 5433, created on first use, needs root),
# so the shared server on 5432 is never restarted. About 1.5 minutes.
set -euo pipefail
cd "$(dirname "$0")/.."

VERSION=$(ls /etc/postgresql | sort -n | tail -1)
CLUSTER=faults
PGPORT_FAULTS=${PGPORT_FAULTS:-5433}
PG=postgres://postgres@127.0.0.1:$PGPORT_FAULTS
PORT=${PORT:-8141}
DURATION=${DURATION:-40}
OUTAGE=${OUTAGE:-8}
OUTAGE_AFTER=10 # seconds into the run
VERKLARINGEN=${VERKLARINGEN:-20} # proposals: every finished traject at this scale without a verklaring
WORK=$(mktemp -d)

if ! pg_lsclusters -h | awk '{print $1"/"$2}' | grep -qx "$VERSION/$CLUSTER"; then
  pg_createcluster "$VERSION" "$CLUSTER" -p "$PGPORT_FAULTS" -- --auth-host=trust --auth-local=trust >/dev/null
fi
pg_ctlcluster "$VERSION" "$CLUSTER" start 2>/dev/null || true

echo "== seeding a small dataset in the faults cluster"
DATABASE_URL="$PG/praktijkwijs_faults" .venv/bin/python manage.py benchmark --seed-only --keep --scale 0.02 \
  ${NO_MIGRATIONS:+--no-migrations} >"$WORK/seed.log"
DB=praktijkwijs_faults_benchmark

export DATABASE_URL="$PG/$DB" DEBUG=0 SECRET_KEY=faults-test-only ALLOWED_HOSTS=127.0.0.1 \
  SECURE_SSL_REDIRECT=0 SESSION_COOKIE_SECURE=0 CSRF_COOKIE_SECURE=0 TWO_FACTOR_REQUIRED=0 DEMO_MODE=0 \
  STATIC_ROOT="$WORK/static" MEDIA_ROOT="$WORK/media" LOG_LEVEL=WARNING CONN_MAX_AGE=60 \
  VERKLARING_UITGEVEN_OP_ACHTERGROND=0 # issued within the approving request, so its answer says "issued"
.venv/bin/python manage.py collectstatic --no-input -v 0
.venv/bin/python manage.py shell -v 0 -c "
from importlib import import_module
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from praktijkwijs.models import User
store = import_module(settings.SESSION_ENGINE).SessionStore
for user in User.objects.filter(rol='begeleider').order_by('pk')[:6]:
    s = store()
    s[SESSION_KEY] = str(user.pk)
    s[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    s[HASH_SESSION_KEY] = user.get_session_auth_hash()
    s.create()
    print('begeleider', s.session_key)
" >"$WORK/sessions.txt"
.venv/bin/python loadtest/faults_verklaringen.py prepare "$VERKLARINGEN" "$WORK/plan.json"

.venv/bin/gunicorn praktijkwijs.wsgi --bind "127.0.0.1:$PORT" --workers 4 --timeout 30 \
  --access-logfile /dev/null --error-logfile "$WORK/gunicorn.log" >/dev/null 2>&1 &
GUNICORN=$!
trap 'kill "$GUNICORN" 2>/dev/null || true; pg_ctlcluster "$VERSION" "$CLUSTER" start >/dev/null 2>&1 || true; rm -rf "$WORK"' EXIT
for _ in $(seq 1 50); do curl -fsS -o /dev/null "http://127.0.0.1:$PORT/inloggen/" 2>/dev/null && break; sleep 0.2; done

echo "== ticking and issuing for ${DURATION}s; PostgreSQL stops after $OUTAGE_AFTER s for ${OUTAGE} s"
.venv/bin/python loadtest/faults.py "http://127.0.0.1:$PORT" "$WORK/sessions.txt" "$WORK/ledger.json" "$DURATION" &
DRIVER=$!
.venv/bin/python loadtest/faults_verklaringen.py drive "http://127.0.0.1:$PORT" "$WORK/plan.json" \
  "$WORK/verklaringen.json" "$DURATION" "$OUTAGE_AFTER" &
ISSUER=$!
sleep "$OUTAGE_AFTER"
STOPPING=$(date +%s.%N) # a fast shutdown still takes a few seconds: sessions end, then a checkpoint
pg_ctlcluster "$VERSION" "$CLUSTER" stop -m fast
STOPPED=$(date +%s.%N) # from here until STARTED the database is down
sleep "$OUTAGE"
STARTED=$(date +%s.%N) # the database may accept connections before pg_ctlcluster returns
pg_ctlcluster "$VERSION" "$CLUSTER" start
wait "$DRIVER" "$ISSUER"

FAILED=0
echo "== ticks"
psql "$PG/$DB" -AtF' ' -c "select id, status from trajecten_voortgang" >"$WORK/db.txt"
if .venv/bin/python - "$WORK/ledger.json" "$WORK/db.txt" "$STOPPED" "$STARTED" <<'PY'
import collections, json, sys
ledger = json.load(open(sys.argv[1]))
db = dict(line.split() for line in open(sys.argv[2]))
stopped, started = float(sys.argv[3]), float(sys.argv[4])
ok = True
per_row = collections.defaultdict(list)
for tick in sorted(ledger, key=lambda t: t["t"]):
    per_row[tick["voortgang"]].append(tick)
lost = 0
for row, ticks in per_row.items():
    acked = [i for i, t in enumerate(ticks) if t["http"] == 200]
    if not acked:
        continue
    last = acked[-1]
    allowed = {ticks[last]["status"]} | {t["status"] for t in ticks[last + 1:] if t["http"] not in (200, 503)}
    if db[str(row)] not in allowed:
        lost += 1
during = collections.Counter(t["http"] for t in ledger if stopped <= t["t"] <= started)
after = sorted(t["t"] for t in ledger if t["t"] > started and t["http"] == 200)
recovery = (after[0] - started) if after else None
print(f"   ticks: {len(ledger)}, acknowledged: {sum(t['http'] == 200 for t in ledger)}, rows: {len(per_row)}")
print(f"   answers while PostgreSQL was down: {dict(during)}")
print(f"   acknowledged ticks lost: {lost}")
print(f"   first 200 after the restart began: {recovery:.1f} s" if recovery is not None else "   never recovered")
if lost or 500 in during or 200 in during or recovery is None or recovery > 60 or not during:
    ok = False
print("   " + ("PASS" if ok else "FAIL") + " no acknowledged tick lost, 503 while down, recovered within a minute")
sys.exit(0 if ok else 1)
PY
then :; else FAILED=1; fi

echo "== verklaringen"
.venv/bin/python loadtest/faults_verklaringen.py check "$WORK/plan.json" "$WORK/verklaringen.json" \
  "$STOPPING" "$STOPPED" "$STARTED" || FAILED=1

if [ "$FAILED" = 0 ]; then echo "== fault drill passed"; else echo "== fault drill FAILED"; exit 1; fi
