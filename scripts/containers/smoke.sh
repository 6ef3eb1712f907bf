#!/usr/bin/env bash
# The containers' smoke test, run by .ci/run: the README's Docker steps under Podman, on this machine's stand-ins.
#
# Builds the stand-ins (build-standins.sh) and the image from the real Dockerfile, starts the real
# docker-compose.yml plus smoke.override.yml (a fixture news site in the compose network and its sources.yaml), and
# checks: migrate completes; web answers /health; the containers' health checks pass; the fixture articles are in
# Postgres, each exactly once, with three workers; feeds are served; `stop` (SIGTERM) ends a worker within its grace
# period; a worker killed mid-job (SIGKILL) and restarts of the Redis and Postgres containers lose nothing;
# `sources import` on the read-only ./config says what to do. Everything is torn down at the end (containers,
# volumes, network), also when a check fails. Prints the durations.
#
#   scripts/containers/smoke.sh              # as root, with podman, podman-compose, debootstrap
#   SMOKE_KEEP=1 scripts/containers/smoke.sh # leave the stack running to look around
set -euo pipefail
REPO=$(cd "$(dirname "$0")/../.." && pwd)
COMPOSE=${COMPOSE:-podman-compose}
PROJECT=silkwire-smoke-$$
WORK=$(mktemp -d /tmp/silkwire-smoke.XXXXXX)
ARTICLES=36           # 3 feeds of 12 (fixture/serve.mjs)
GRACE=60              # the worker's stop_grace_period in docker-compose.yml
STARTED=$(date +%s)
# HEALTHCHECK is part of the Docker image format only (Podman's default, OCI, drops it).
export BUILDAH_FORMAT=docker

say() { printf '%s smoke [%3ss]: %s\n' "$(date -u +%H:%M:%S)" "$(($(date +%s) - STARTED))" "$*"; }
ok() { say "ok: $*"; }
FAILED=""
fail() { FAILED=$*; say "FAIL: $*"; exit 1; }
# A command that stops the script under `set -e` says which one, as a failed check does (not one that fails
# where `set +e` expects it to).
trap '[[ $- != *e* ]] || FAILED=${FAILED:-"line $LINENO: \`$BASH_COMMAND\` exited $?"}' ERR
compose() { (cd "$WORK/silkwire" && $COMPOSE -p "$PROJECT" -f docker-compose.yml -f scripts/containers/smoke.override.yml "$@"); }
container() { podman ps -a --format '{{.Names}}' --filter "label=io.podman.compose.project=$PROJECT" --filter "label=com.docker.compose.service=$1" | sort; }
one() { container "$1" | head -n1; }
sql() { podman exec "$(one postgres)" psql -U silkwire -d silkwire -At -v ON_ERROR_STOP=1 -c "$1"; }
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
set_env() { sed -i "/^$1=/d" .env && echo "$1=$2" >>.env; }
# at_least N SQL: the query's count is at least N (a function, so until_ok runs the query each time)
at_least() { local n; n=$(sql "$2" 2>/dev/null) || return 1; [ "${n:-0}" -ge "$1" ]; }
# until SECONDS DESCRIPTION COMMAND...: runs COMMAND every second until it succeeds
until_ok() {
  local limit=$1 what=$2 since
  since=$(date +%s)
  shift 2
  until "$@" >/dev/null 2>&1; do
    [ $(($(date +%s) - since)) -lt "$limit" ] || fail "$what: not within ${limit}s"
    sleep 1
  done
}

teardown() {
  local status=$?
  trap - EXIT
  if [ "$status" != 0 ]; then
    echo "--- articles by stage: $(sql "SELECT string_agg(stage || ':' || n, ' ') FROM (SELECT stage, count(*) n FROM \"Article\" GROUP BY stage) s" 2>&1)"
    echo "--- queues: $(curl -sS "http://127.0.0.1:${WEB_PORT:-0}/health" 2>&1 | cut -c1-1500)"
    for s in migrate scheduler worker web feeds postgres redis; do
      for c in $(container "$s"); do echo "--- logs: $c"; podman logs --tail 25 "$c" 2>&1 | cut -c1-400 || true; done
    done
  fi
  if [ -n "${SMOKE_KEEP:-}" ]; then say "left running: project $PROJECT in $WORK/silkwire"; exit "$status"; fi
  compose down -v -t 2 >/dev/null 2>&1 || true
  # Whatever `down` left (a container started outside compose's list, a volume, the network): by label.
  podman ps -aq --filter "label=io.podman.compose.project=$PROJECT" | xargs -r podman rm -f >/dev/null 2>&1 || true
  podman volume ls -q --filter "label=io.podman.compose.project=$PROJECT" | xargs -r podman volume rm -f >/dev/null 2>&1 || true
  podman network rm -f "${PROJECT}_default" >/dev/null 2>&1 || true
  local left
  left=$(( $(podman ps -aq --filter "label=io.podman.compose.project=$PROJECT" | wc -l) +
           $(podman volume ls -q --filter "label=io.podman.compose.project=$PROJECT" | wc -l) +
           $(podman network ls -q --filter "name=^${PROJECT}_" | wc -l) ))
  rm -rf "$WORK"
  say "torn down ($left containers, volumes or networks left); total $(($(date +%s) - STARTED))s"
  # Again as the last line: CI logs are often read from the end, past the containers' logs above.
  [ "$status" = 0 ] || say "FAILED: ${FAILED:-exit code $status}"
  [ "$left" = 0 ] || status=1
  exit "$status"
}
trap teardown EXIT

say "stand-ins for the official images"
"$REPO/scripts/containers/build-standins.sh"

# The project as a user has it: the working tree without dependencies, generated files or a .env.
mkdir "$WORK/silkwire"
tar -C "$REPO" --exclude=./node_modules --exclude=./.git --exclude=./.env --exclude=./src/store/generated \
  --exclude=./public -c . | tar -C "$WORK/silkwire" -x
cd "$WORK/silkwire"

# README, "With Docker", step 1: the .env from .env.example, with its secrets set.
cp .env.example .env
WEB_PORT=$(free_port)
MAILPIT_PORT=$(free_port)
set_env POSTGRES_PASSWORD "smoke$RANDOM$RANDOM"
set_env SILKWIRE_DIGEST_SECRET "smoke-secret-$RANDOM$RANDOM"
set_env WEB_PORT "$WEB_PORT"
set_env MAILPIT_PORT "$MAILPIT_PORT"
set_env PUBLIC_URL "http://localhost:$WEB_PORT"
# Step 3 (scaling), set before the start: podman-compose 1.0 ignores --scale, and reads replicas from .env.
set_env SILKWIRE_WORKERS 3
# Test speed only: retries after 1 s, and a killed worker's jobs run again after 10 s instead of 30 s.
set_env SILKWIRE_RETRY_DELAY_MS 1000
set_env SILKWIRE_JOB_LOCK_MS 10000
set_env SILKWIRE_FEEDS_DELAY_MS 1000
chmod -R a+rX .

# Step 2: build, then start.
say "build (podman-compose build)"
built=$(date +%s)
compose build >"$WORK/build.log" 2>&1 || { tail -30 "$WORK/build.log"; fail "build"; }
size=$(podman image inspect -f '{{.Size}}' silkwire:latest)
ok "image silkwire:latest built in $(($(date +%s) - built))s, $((size / 1000000)) MB"

say "up (podman-compose up -d)"
UP=$(date +%s)
compose up -d >"$WORK/up.log" 2>&1 || { tail -30 "$WORK/up.log"; fail "up"; }
workers=($(container worker))
[ "${#workers[@]}" = 3 ] || fail "expected 3 worker containers, got ${#workers[@]}"
ok "up in $(($(date +%s) - UP))s: $(podman ps --format '{{.Names}}' --filter "label=io.podman.compose.project=$PROJECT" | tr '\n' ' ')"

# migrate: a one-shot service that exits 0
migrate=$(one migrate)
code=$(timeout 180 podman wait "$migrate") || fail "migrate did not finish within 180s"
[ "$code" = 0 ] || fail "migrate exited $code"
ok "migrate completed (exit 0) $(($(date +%s) - UP))s after up: $(sql 'SELECT count(*) FROM _prisma_migrations WHERE finished_at IS NOT NULL') migrations applied"

# web: /health from the host, through the published port
until_ok 120 "web /health" curl -fsS "http://127.0.0.1:$WEB_PORT/health"
health=$(curl -fsS "http://127.0.0.1:$WEB_PORT/health")
ok "web /health 200 on port $WEB_PORT $(($(date +%s) - UP))s after up: $(echo "$health" | python3 -c 'import json,sys; h=json.load(sys.stdin); print("postgres", h["postgres"], "redis", h["redis"])')"

# The first article
until_ok 180 "first article" at_least 1 'SELECT count(*) FROM "Article"'
FIRST=$(($(sql 'SELECT extract(epoch FROM min("createdAt"))::bigint FROM "Article"') - UP))
# The polls up to then, with the seconds after `up` each started: when the first article comes late, whether a poll
# failed first (a poll out of retries waits for the source's next one, a minute here) shows here.
polls=$(sql "SELECT string_agg(extract(epoch FROM \"startedAt\")::bigint - $UP || 's ' || \"sourceId\" || ' ' || status
  || coalesce(' (' || left(error, 120) || ')', ''), '; ' ORDER BY \"startedAt\") FROM \"Poll\"" 2>&1 || true)
ok "first article stored ${FIRST}s after up; polls so far: ${polls:-none}"

# Graceful stop of one worker while pages (which answer after 3 s) are being fetched.
victim=${workers[0]}
sleep 2
active=$(sql "SELECT count(*) FROM \"Article\" WHERE stage = 'listed'")
t=$(date +%s%N)
podman stop -t "$GRACE" "$victim" >/dev/null
took=$((($(date +%s%N) - t) / 1000000))
# When the process ended, not when `podman stop` returned: on a busy machine Podman's own clean-up after the exit
# (conmon, network) takes seconds, and is no part of the worker's shutdown.
IFS=' ' read -r code ended <<<"$(podman inspect -f '{{.State.ExitCode}} {{.State.FinishedAt.UnixNano}}' "$victim")"
exited=$(((ended - t) / 1000000))
logs=$(podman logs "$victim" 2>&1)
# On failure, the victim's last lines first: the teardown shows only the end of each container's log.
stop_failed() { echo "--- $victim, last lines:"; tail -n 15 <<<"$logs" | cut -c1-300; fail "$*"; }
grep -q 'SIGTERM: shutting down' <<<"$logs" || stop_failed "$victim: no SIGTERM line in its log (exit code $code)"
[ "$code" = 0 ] || stop_failed "$victim exited $code after SIGTERM (137: killed at the end of the grace period)"
[ "$exited" -lt $((GRACE * 1000)) ] || stop_failed "$victim took ${exited}ms to exit after SIGTERM"
finished=$(sed -n '/SIGTERM: shutting down/,$p' <<<"$logs" | grep -c '"outcome":"completed"' || true)
ok "stop $victim (SIGTERM, $active pages still to fetch): exited 0 ${exited}ms after SIGTERM (\`podman stop\` returned after ${took}ms; grace ${GRACE}s), finished $finished jobs after SIGTERM; its last line: $(tail -n1 <<<"$logs" | python3 -c 'import json,sys; print(json.loads(sys.stdin.read())["msg"])')"

# SIGKILL another worker in the middle of its jobs.
killed=${workers[1]}
sleep 1
redis() { podman exec "$(one redis)" redis-cli "$@"; }
in_flight=$(redis LRANGE silkwire:fetch-article:active 0 -1)
podman kill -s KILL "$killed" >/dev/null
ok "killed $killed (SIGKILL) with $(sql "SELECT count(*) FROM \"Article\" WHERE stage = 'listed'") pages still to fetch, $(wc -w <<<"$in_flight") fetch jobs active in all workers"

# Restart Redis (AOF) and Postgres under load.
# Should `podman restart` fail on its own account (a precaution: under set -e it would end the script without a
# line), stop and start the container as two steps, and say what restart said.
restart() {
  local c=$1 out
  out=$(podman restart -t 10 "$c" 2>&1 >/dev/null) && return
  say "  podman restart $c failed ($(tail -n1 <<<"$out" | cut -c1-200)); stop and start instead"
  podman stop -t 10 "$c" >/dev/null 2>&1 || true
  podman start "$c" >/dev/null || fail "$c: could not be started again after podman restart failed: $out"
}
restart "$(one redis)"
ok "restarted redis"
restart "$(one postgres)"
ok "restarted postgres"
podman start "$victim" "$killed" >/dev/null
ok "started $victim and $killed again"

# Everything arrives, exactly once, and is curated.
until_ok 150 "all $ARTICLES articles curated" at_least "$ARTICLES" "SELECT count(*) FROM \"Article\" WHERE stage = 'curated'"
ALL=$(($(date +%s) - UP))
counts=$(sql "SELECT count(*), count(DISTINCT \"canonicalKey\"), count(DISTINCT url), count(*) FILTER (WHERE \"extractStatus\" = 'ok'), count(*) FILTER (WHERE stage = 'failed') FROM \"Article\"")
IFS='|' read -r total keys urls extracted failed <<<"$counts"
[ "$total" = "$ARTICLES" ] && [ "$keys" = "$ARTICLES" ] && [ "$urls" = "$ARTICLES" ] || fail "articles: $total rows, $keys keys, $urls URLs; want $ARTICLES of each"
[ "$extracted" = "$ARTICLES" ] && [ "$failed" = 0 ] || fail "articles: $extracted extracted, $failed failed"
ok "all $ARTICLES articles stored exactly once ($total rows, $keys canonical keys, $urls URLs), extracted and curated ${ALL}s after up"
# Every service is back on its feet: web's connections to the restarted Redis and Postgres (Podman gives a
# restarted container a new address) answer again.
t=$(date +%s)
until_ok 120 "web /health after the restarts" curl -fsS "http://127.0.0.1:$WEB_PORT/health"
ok "web /health 200 again (waited $(($(date +%s) - t))s more after the articles were done)"
polls=$(sql "SELECT string_agg(status || ':' || n, ' ') FROM (SELECT status, count(*) n FROM \"Poll\" GROUP BY status) p")
failedjobs=$(curl -fsS "http://127.0.0.1:$WEB_PORT/health" | python3 -c 'import json,sys; q=json.load(sys.stdin)["queues"]; print(sum(c.get("failed", 0) for c in q.values()))')
[ "$failedjobs" = 0 ] || fail "$failedjobs failed jobs in the queues"
for w in "${workers[@]}"; do
  say "  $w: $(podman logs "$w" 2>&1 | grep -c '"outcome":"completed"' || true) jobs completed"
done
# The fetch jobs that were running anywhere when the worker was killed all completed afterwards.
for id in $in_flight; do
  [ -n "$(redis ZSCORE silkwire:fetch-article:completed "$id")" ] || fail "job $id, active at the kill, is not completed"
done
runs=$(for w in "${workers[@]}"; do podman logs "$w" 2>&1 | grep '"queue":"fetch-article"' | grep -o '"jobId":"[^"]*","sourceId[^}]*"outcome":"completed"' | cut -d'"' -f4; done | sort)
ok "no job lost: 0 failed jobs in the queues, polls $polls, all $(wc -w <<<"$in_flight") jobs active at the kill completed; $(wc -l <<<"$runs") fetch-article completions logged for $(uniq <<<"$runs" | wc -l) jobs"

# Health checks: Podman runs them only from systemd timers, so run each once by hand.
for c in "$(one postgres)" "$(one redis)" "$(one web)" "$(one scheduler)" "${workers[@]}"; do
  t=$(date +%s)
  until_ok 60 "health check of $c" podman healthcheck run "$c"
  [ $(($(date +%s) - t)) -lt 2 ] || say "  $c: healthy after $(($(date +%s) - t))s"
done
ok "health checks pass: postgres, redis, web (/health), scheduler and 3 workers (/metrics on METRICS_PORT)"

# Feeds: the workers build them into the shared volume, web serves them.
until_ok 60 "feed /feeds/all.xml with a fixture story" sh -c "curl -fsS http://127.0.0.1:$WEB_PORT/feeds/all.xml | grep -q 'deal with China worth'"
items=$(curl -fsS "http://127.0.0.1:$WEB_PORT/feeds/all.json" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["items"]))')
ok "feeds served: /feeds/all.xml and /feeds/all.json ($items stories)"

# A read-only ./config: `sources import` says what to do instead of failing with a stack trace.
scheduler=$(one scheduler)
printf '%s' '<?xml version="1.0"?><opml version="2.0"><body><outline type="rss" text="New" xmlUrl="https://new.example/feed.xml"/></body></opml>' |
  podman exec -i "$scheduler" sh -c 'cat > /tmp/new.opml'
set +e
message=$(podman exec "$scheduler" node src/cli/main.ts sources import /tmp/new.opml 2>&1)
code=$?
set -e
[ "$code" = 1 ] && grep -q 'EROFS' <<<"$message" && grep -q 'run the import on the host' <<<"$message" && ! grep -q '    at ' <<<"$message" ||
  fail "sources import on the read-only config: exit $code, $message"
podman exec "$scheduler" node src/cli/main.ts sources import /tmp/new.opml --out /tmp/sources.yaml >/dev/null
ok "sources import on read-only ./config: exit 1, \"${message:0:110}…\"; --out /tmp/sources.yaml works"

# Mailpit: its web UI answers on the published port.
until_ok 30 "mailpit web UI" curl -fsS "http://127.0.0.1:$MAILPIT_PORT/"
ok "mailpit web UI on port $MAILPIT_PORT"

say "PASSED: time to first article ${FIRST}s, all articles ${ALL}s after up, smoke $(($(date +%s) - STARTED))s before teardown"
