#!/usr/bin/env bash
# Scale-out check: two gunicorn app servers on different ports against one PostgreSQL.
#  1. a login on server A works on server B (sessions are not in one process's memory);
#  2. beoordelaars approving proposals on A and B at the same moment get different numbers
#     (the number counter row is locked while a verklaring is issued).
# With Redis (REDIS_URL, default redis://127.0.0.1:6379/2 when Redis answers there) the servers
# share the Redis cache and cached_db sessions, and the check also drops the session from Redis
# to show it survives (written through to PostgreSQL). REDIS_URL= (empty) runs without Redis
# (database sessions). BACKGROUND=1 issues through the task queue instead: approvals only queue
# (django-tasks-db), two `manage.py db_worker` processes issue the PDFs.
# Exits non-zero when a check fails. Uses its own small database; bounded in time (~1 minute).
# Everything listens on 127.0.0.1 only.
set -euo pipefail
cd "$(dirname "$0")/.."

PG=${PG:-postgres://postgres@127.0.0.1:5432}
BASE_DB=praktijkwijs_twee
DB=${BASE_DB}_benchmark
PASSWORD=twee-servers-wachtwoord
PORT_A=${PORT_A:-8131}
PORT_B=${PORT_B:-8132}
N=${N:-4} # proposals approved at once, half on each server (the small dataset has a few)
WORK=$(mktemp -d)
BACKGROUND=${BACKGROUND:-0}
if [[ -z "${REDIS_URL+set}" ]]; then
  # A database number of its own, so the check never touches another app's keys.
  if (exec 3<>/dev/tcp/127.0.0.1/6379) 2>/dev/null; then REDIS_URL=redis://127.0.0.1:6379/2; else REDIS_URL=; fi
fi
echo "== sessions: ${REDIS_URL:+Redis ($REDIS_URL) + }PostgreSQL; issuing: $([[ $BACKGROUND == 1 ]] && echo 'task queue + 2 workers' || echo 'in the request')"

echo "== seeding $DB (small)"
DATABASE_URL="$PG/$BASE_DB" .venv/bin/python manage.py benchmark --seed-only --keep --scale 0.01 \
  --password "$PASSWORD" ${NO_MIGRATIONS:+--no-migrations} >"$WORK/seed.log"

export DATABASE_URL="$PG/$DB" DEBUG=0 SECRET_KEY=two-servers-test-only ALLOWED_HOSTS=127.0.0.1 \
  SECURE_SSL_REDIRECT=0 SESSION_COOKIE_SECURE=0 CSRF_COOKIE_SECURE=0 TWO_FACTOR_REQUIRED=0 DEMO_MODE=0 \
  STATIC_ROOT="$WORK/static" MEDIA_ROOT="$WORK/media" LOG_LEVEL=WARNING REDIS_URL
if [[ "$BACKGROUND" == 1 ]]; then
  export TASKS_BACKEND=django_tasks_db.DatabaseBackend VERKLARING_UITGEVEN_OP_ACHTERGROND=1
fi
.venv/bin/python manage.py collectstatic --no-input -v 0

# Proposals ready for the beoordelaar of the first school: finished trajecten without a verklaring.
PKS=$(.venv/bin/python manage.py shell -v 0 -c "
from praktijkwijs.models import User
from trajecten.models import Beoordelaar, Traject, Verklaring
beoordelaar = Beoordelaar.objects.get(user__username='bench-beoordelaar-0')
coordinator = User.objects.get(username='bench-coordinator')
trajecten = Traject.objects.filter(school=beoordelaar.school, status='afgerond', verklaringen__isnull=True)[:$N]
pks = []
for t in trajecten:
    kwalificatie = t.vakvaardigheden.first().kwalificatie
    v = Verklaring.objects.create(traject=t, deelnemer_id=t.deelnemer_id, kwalificatie=kwalificatie,
                                  samenvattend_oordeel='Zelfstandig.', voorgesteld_door=coordinator)
    v.werkprocessen.set(kwalificatie.werkprocessen.all())
    pks.append(str(v.pk))
print(' '.join(pks))
")
echo "   proposals: $PKS"

start_server() {
  .venv/bin/gunicorn praktijkwijs.wsgi --bind "127.0.0.1:$1" --workers 2 --timeout 30 \
    --access-logfile /dev/null --error-logfile "$WORK/gunicorn-$1.log" >/dev/null 2>&1 &
  echo $! # (its output goes to files, or $(start_server) would wait for it to end)
}
A=$(start_server "$PORT_A")
B=$(start_server "$PORT_B")
WORKERS=()
if [[ "$BACKGROUND" == 1 ]]; then
  for w in 1 2; do
    .venv/bin/python manage.py db_worker --no-reload --interval 0.2 --worker-id "twee-servers-$w" \
      >"$WORK/worker-$w.log" 2>&1 &
    WORKERS+=($!)
  done
fi
trap 'kill "$A" "$B" ${WORKERS[@]+"${WORKERS[@]}"} 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$WORK"' EXIT
for port in "$PORT_A" "$PORT_B"; do
  for _ in $(seq 1 50); do curl -fsS -o /dev/null "http://127.0.0.1:$port/inloggen/" 2>/dev/null && break; sleep 0.2; done
done

login() { # login PORT USERNAME JAR
  curl -fsS -c "$3" -b "$3" -o /dev/null "http://127.0.0.1:$1/inloggen/"
  local token
  token=$(awk '$6 == "csrftoken" {print $7}' "$3")
  curl -sS -c "$3" -b "$3" -o /dev/null -w "%{http_code}" -H "X-CSRFToken: $token" \
    -H "Referer: http://127.0.0.1:$1/inloggen/" \
    --data-urlencode "username=$2" --data-urlencode "password=$PASSWORD" "http://127.0.0.1:$1/inloggen/"
}

echo "== 1. log in on A (:$PORT_A), open a page on B (:$PORT_B)"
login "$PORT_A" bench-begeleider-0 "$WORK/jar" >/dev/null
STATUS=$(curl -sS -b "$WORK/jar" -o /dev/null -w "%{http_code}" "http://127.0.0.1:$PORT_B/begeleiding/")
if [[ "$STATUS" != "200" ]]; then
  echo "FAIL: the session from A is not known on B (status $STATUS)"
  exit 1
fi
echo "   ok: B answers 200 with A's session"
if [[ -n "$REDIS_URL" ]]; then
  # As if Redis restarted: drop this session from the cache; cached_db reads it back from PostgreSQL.
  SESSION=$(awk '$6 == "sessionid" {print $7}' "$WORK/jar")
  .venv/bin/python manage.py shell -v 0 -c "
from django.contrib.sessions.backends.cached_db import SessionStore
from django.core.cache import caches
sleutel = SessionStore(session_key='$SESSION').cache_key
assert caches['default'].get(sleutel) is not None, 'session not in Redis'
caches['default'].delete(sleutel)
"
  STATUS=$(curl -sS -b "$WORK/jar" -o /dev/null -w "%{http_code}" "http://127.0.0.1:$PORT_B/begeleiding/")
  if [[ "$STATUS" != "200" ]]; then
    echo "FAIL: the session was in Redis but is lost without it (status $STATUS)"
    exit 1
  fi
  echo "   ok: the session was in Redis; dropped from Redis, B still answers 200 (read back from PostgreSQL)"
fi

echo "== 2. approve $N proposals at once, alternating A and B"
login "$PORT_A" bench-beoordelaar-0 "$WORK/jar-a" >/dev/null
login "$PORT_B" bench-beoordelaar-0 "$WORK/jar-b" >/dev/null
i=0
CURLS=()
for pk in $PKS; do
  if (( i % 2 == 0 )); then port=$PORT_A jar=$WORK/jar-a; else port=$PORT_B jar=$WORK/jar-b; fi
  token=$(awk '$6 == "csrftoken" {print $7}' "$jar")
  curl -sS -b "$jar" -o /dev/null -w "$pk %{http_code} %{redirect_url}\n" -H "X-CSRFToken: $token" \
    -H "Referer: http://127.0.0.1:$port/beoordelen/" -X POST \
    "http://127.0.0.1:$port/verklaringen/$pk/goedkeuren/" >>"$WORK/issues.txt" &
  CURLS+=($!)
  i=$((i + 1))
done
for job in "${CURLS[@]}"; do wait "$job" || true; done
sed 's/^/   /' "$WORK/issues.txt"

IDS=$(echo "$PKS" | tr ' ' ',')
if [[ "$BACKGROUND" == 1 ]]; then
  # The approvals only queued the issues; the workers make the PDFs (at most 60 s).
  for _ in $(seq 1 300); do
    OPEN=$(psql "$PG/$DB" -At -c "select count(*) from trajecten_verklaring where id in ($IDS) and status <> 'uitgegeven'")
    [[ "$OPEN" == 0 ]] && break
    sleep 0.2
  done
  psql "$PG/$DB" -AtF' ' -c "select status, worker_ids::text, count(*) from django_tasks_database_dbtaskresult
    group by 1, 2 order by 2" | sed 's/^/   tasks: /'
fi
read -r ISSUED DISTINCT < <(psql "$PG/$DB" -AtF' ' -c \
  "select count(*), count(distinct nummer) from trajecten_verklaring where id in ($IDS) and status = 'uitgegeven'")
psql "$PG/$DB" -AtF' ' -c "select id, nummer from trajecten_verklaring where id in ($IDS) order by nummer" |
  sed 's/^/   /'
COUNT=$(echo "$PKS" | wc -w)
if (( COUNT < 2 )) || [[ "$ISSUED" != "$COUNT" || "$DISTINCT" != "$COUNT" ]]; then
  echo "FAIL: $ISSUED of $COUNT issued, $DISTINCT distinct numbers"
  exit 1
fi
echo "   ok: $ISSUED issued on two servers at once, $DISTINCT distinct numbers"
echo "== scale-out check passed"
