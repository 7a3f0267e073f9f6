#!/usr/bin/env bash
# Load test: national-scale data in its own PostgreSQL database, gunicorn on 127.0.0.1, locust
# headless for DURATION seconds (default 60). Bounded in time; touches no other database.
#
#   loadtest/run.sh                 # seed (about 1.5 min) + 60 s of load
#   REUSE=1 loadtest/run.sh         # keep the seeded database from a previous run
#   USERS=40 WORKERS=3 DURATION=60 loadtest/run.sh
#   NO_MIGRATIONS=1 loadtest/run.sh # tables from the models, when migrations lag behind
#   CLASSES="Begeleider Publiek" loadtest/run.sh   # only some kinds of visitors
#   PROFILE=1 loadtest/run.sh       # and where the app servers' CPU went (py-spy)
#   FLOOR=1 USERS=150 loadtest/run.sh  # the ceiling: only the floor page (base layout, one query)
#
# Needs PostgreSQL on 127.0.0.1:5432 (user postgres, trust). Locust lives in its own virtualenv
# (loadtest/.venv, from requirements-load.txt) so its dependencies never mix with the app's.
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${DURATION:-60}
USERS=${USERS:-40}
SPAWN_RATE=${SPAWN_RATE:-5}
WORKERS=${WORKERS:-3} # 2 cores, shared with PostgreSQL and locust
PORT=${PORT:-8123}
SCALE=${SCALE:-1.0}
PG=${PG:-postgres://postgres@127.0.0.1:5432}
BASE_DB=praktijkwijs_load
DB=${BASE_DB}_benchmark # the name manage.py benchmark --keep gives the database it builds
PASSWORD=load-wachtwoord-$(date +%Y)
OUT=${OUT:-/tmp/praktijkwijs-load}
mkdir -p "$OUT"
rm -f "$OUT"/locust_*.csv

if (( DURATION > 120 )); then
  echo "DURATION is capped at 120 s on a shared machine." >&2
  DURATION=120
fi

if [[ ! -x loadtest/.venv/bin/locust || ! -x loadtest/.venv/bin/py-spy ]]; then
  python3.12 -m venv loadtest/.venv
  loadtest/.venv/bin/pip install --quiet -r requirements-load.txt
fi

if [[ "${REUSE:-0}" != "1" ]] || ! psql "$PG/$DB" -Atc "select 1" >/dev/null 2>&1; then
  echo "== seeding $DB at scale $SCALE"
  # NO_MIGRATIONS=1 builds the tables from the models, for when migrations lag behind them.
  DATABASE_URL="$PG/$BASE_DB" .venv/bin/python manage.py benchmark --seed-only --keep \
    --scale "$SCALE" --password "$PASSWORD" ${NO_MIGRATIONS:+--no-migrations}
fi

# Production-like: sessions and cache in Redis (its own database number, emptied first) when it
# answers; REDIS_URL= (empty) runs without.
if [[ -z "${REDIS_URL+set}" ]]; then
  if (exec 3<>/dev/tcp/127.0.0.1/6379) 2>/dev/null; then REDIS_URL=redis://127.0.0.1:6379/3; else REDIS_URL=; fi
fi
if [[ -n "$REDIS_URL" ]] && command -v redis-cli >/dev/null; then redis-cli -u "$REDIS_URL" flushdb >/dev/null; fi

STATIC=$(mktemp -d)
MEDIA=$(mktemp -d)
export DATABASE_URL="$PG/$DB" DEBUG=0 SECRET_KEY=load-test-only-not-secret ALLOWED_HOSTS=127.0.0.1 \
  SECURE_SSL_REDIRECT=0 SESSION_COOKIE_SECURE=0 CSRF_COOKIE_SECURE=0 TWO_FACTOR_REQUIRED=0 DEMO_MODE=0 \
  STATIC_ROOT="$STATIC" MEDIA_ROOT="$MEDIA" CONN_MAX_AGE=60 LOG_LEVEL=WARNING REDIS_URL
.venv/bin/python manage.py collectstatic --no-input -v 0

psql "$PG/$DB" -Atc "select verificatiecode from trajecten_verklaring where status = 'uitgegeven' limit 500" \
  >"$OUT/codes.txt" 2>/dev/null || : >"$OUT/codes.txt"
# One logged-in session per simulated user, made beforehand (see loadtest/locustfile.py).
.venv/bin/python manage.py shell -v 0 -c "
from importlib import import_module
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from praktijkwijs.models import User
store = import_module(settings.SESSION_ENGINE).SessionStore
def sessie(user):
    s = store()
    s[SESSION_KEY] = str(user.pk)
    s[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    s[HASH_SESSION_KEY] = user.get_session_auth_hash()
    s.create()
    return s.session_key
coordinator = User.objects.get(username='bench-coordinator')
for user in User.objects.filter(rol='begeleider').order_by('?')[:$USERS]:
    print('begeleider', sessie(user))
for _ in range($USERS):
    print('coordinator', sessie(coordinator))
" >"$OUT/sessions.txt"

LOCUSTFILE=loadtest/locustfile.py
SETTINGS=praktijkwijs.settings
if [[ "${FLOOR:-0}" == "1" ]]; then
  # The benchmark's floor view, served like any page: what this machine carries at best.
  LOCUSTFILE=loadtest/locustfile_floor.py
  SETTINGS=loadtest.floor_settings
fi

echo "== gunicorn: $WORKERS workers on 127.0.0.1:$PORT${REDIS_URL:+, sessions and cache in Redis}"
DJANGO_SETTINGS_MODULE=$SETTINGS .venv/bin/gunicorn praktijkwijs.wsgi --bind "127.0.0.1:$PORT" --workers "$WORKERS" \
  --access-logfile /dev/null --error-logfile "$OUT/gunicorn.log" --timeout 30 &
GUNICORN=$!
trap 'kill "$GUNICORN" 2>/dev/null || true; wait "$GUNICORN" 2>/dev/null || true; rm -rf "$STATIC" "$MEDIA"' EXIT
for _ in $(seq 1 50); do
  curl -fsS -o /dev/null "http://127.0.0.1:$PORT/inloggen/" && break
  sleep 0.2
done

# PROFILE=1: py-spy samples the app servers for the run (loadtest/profile_summary.py says where
# their CPU went). It needs ptrace rights over them: root, or kernel.yama.ptrace_scope=0.
PROFILER=
if [[ "${PROFILE:-0}" == "1" ]]; then
  loadtest/.venv/bin/py-spy record --pid "$GUNICORN" --subprocesses --gil --nonblocking --rate 100 \
    --duration "$DURATION" --format raw -o "$OUT/profile.txt" >"$OUT/py-spy.log" 2>&1 &
  PROFILER=$!
fi

# The CPU each kind of process used, once every user has been spawned (2 s to spare) until 3 s
# before the end.
rm -f "$OUT/cpu.txt"
CPU_SAMPLER=
CPU_FROM=$(((USERS + SPAWN_RATE - 1) / SPAWN_RATE + 2))
if ((DURATION - CPU_FROM - 3 >= 10)); then
  (sleep "$CPU_FROM" && python3 loadtest/cpu_share.py $((DURATION - CPU_FROM - 3)) "$OUT/cpu.txt") &
  CPU_SAMPLER=$!
fi

# --reset-stats: counting starts once every user has been spawned.
echo "== locust: $USERS users for ${DURATION}s"
LOAD_SESSIONS="$OUT/sessions.txt" LOAD_CODES="$OUT/codes.txt" \
  timeout $((DURATION + 30)) loadtest/.venv/bin/locust -f "$LOCUSTFILE" --headless \
  --host "http://127.0.0.1:$PORT" --users "$USERS" --spawn-rate "$SPAWN_RATE" --run-time "${DURATION}s" \
  --stop-timeout 5 --csv "$OUT/locust" --only-summary --reset-stats ${CLASSES:-} || true

if [[ -n "$CPU_SAMPLER" ]]; then wait "$CPU_SAMPLER" || true; fi
echo "== totals ($OUT/locust_stats.csv)"
python3 - "$OUT/locust_stats.csv" "$OUT/cpu.txt" <<'EOF'
import csv, os, sys
rows = list(csv.DictReader(open(sys.argv[1])))
for row in rows:
    print(f"{row['Name']:<45} {row['Request Count']:>7} req  {row['Failure Count']:>5} fail  "
          f"median {row['Median Response Time']:>5} ms  p95 {row['95%']:>5} ms  {float(row['Requests/s']):7.1f} rps")
rps = float(rows[-1]["Requests/s"])  # the last row is "Aggregated"
if os.path.exists(sys.argv[2]) and rps:
    print("== CPU during the run (100 % is one core of this machine's two)")
    for line in open(sys.argv[2]):
        group, percent = line.rsplit("\t", 1)
        print(f"{group:<12} {float(percent):6.1f} %  {10 * float(percent) / rps:5.1f} ms per request")
EOF

if [[ -n "$PROFILER" ]]; then
  wait "$PROFILER" || true
  echo "== where the app servers' CPU went ($OUT/profile.txt)"
  python3 loadtest/profile_summary.py "$OUT/profile.txt" 40
fi
