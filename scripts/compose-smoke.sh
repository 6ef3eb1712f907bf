#!/usr/bin/env bash
# End-to-end check of docker-compose.yml that needs no internet: brings the stack up under its own project name
# with a throw-away config whose one source is a small feed served inside the compose network, waits until the
# feed's articles are stored in Postgres, prints what it found, and takes the stack down again (volumes too).
#
#   scripts/compose-smoke.sh                 # uses `docker compose`, else podman-compose
#   COMPOSE=podman-compose scripts/compose-smoke.sh
#   SMOKE_KEEP=1 scripts/compose-smoke.sh    # leave the stack running to look around
#
# Exit 0 when every article arrived, 1 otherwise (with the services' logs).
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -z "${COMPOSE:-}" ]; then
  if docker compose version >/dev/null 2>&1; then COMPOSE="docker compose"
  elif command -v podman-compose >/dev/null 2>&1; then COMPOSE=podman-compose
  else echo "compose-smoke: neither 'docker compose' nor podman-compose found" >&2; exit 1; fi
fi
case "$COMPOSE" in podman*) ENGINE=podman ;; *) ENGINE=docker ;; esac
PROJECT=${SMOKE_PROJECT:-silkwire-smoke}
TIMEOUT=${SMOKE_TIMEOUT:-240}
WORK=$(mktemp -d)
chmod 755 "$WORK"
compose() { $COMPOSE -p "$PROJECT" -f docker-compose.yml -f "$WORK/smoke.yml" "$@"; }
say() { printf '%s compose-smoke: %s\n' "$(date -u +%H:%M:%S)" "$*"; }

# --- the site: an RSS feed whose items carry only teasers, so each article page is fetched and extracted too
mkdir -p "$WORK/site" "$WORK/config"
articles=(
  "kazakhstan-china-rail|Kazakhstan and China open second rail crossing at Khorgos|Astana and Beijing opened a second freight line through the Khorgos gateway on Tuesday, doubling the capacity of the busiest land crossing between China and Central Asia."
  "uzbekistan-xinjiang-trade|Uzbek exporters look to Xinjiang as trade with China grows|Tashkent traders say shipments to Urumqi have risen by a third this year as Uzbekistan and China cut customs checks under a new agreement."
  "kyrgyzstan-sco-summit|Kyrgyzstan prepares for Shanghai Cooperation Organisation meeting|Bishkek will host foreign ministers of the Shanghai Cooperation Organisation next month, with China's Wang Yi expected to discuss the China–Kyrgyzstan–Uzbekistan railway."
)
{
  echo '<?xml version="1.0" encoding="utf-8"?>'
  echo '<rss version="2.0"><channel><title>Smoke Wire</title><link>http://feeds:8080/</link><description>compose smoke test</description>'
  for i in "${!articles[@]}"; do
    IFS='|' read -r slug title lead <<<"${articles[$i]}"
    echo "<item><title>$title</title><link>http://feeds:8080/news/$slug.html</link><guid>smoke-$slug</guid>"
    echo "<pubDate>$(date -u -R -d "-$((i + 1)) hours")</pubDate><description>${lead%%,*}…</description></item>"
    {
      echo "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>$title</title>"
      echo "<meta property=\"og:title\" content=\"$title\"><meta property=\"og:site_name\" content=\"Smoke Wire\"></head><body>"
      echo "<header><nav><a href=\"/\">Home</a> <a href=\"/world\">World</a></nav></header><main><article><h1>$title</h1>"
      echo "<time datetime=\"$(date -u -Iseconds -d "-$((i + 1)) hours")\">today</time><p>$lead</p>"
      for n in 1 2 3 4; do
        echo "<p>Paragraph $n. Officials in Kazakhstan, Uzbekistan and Kyrgyzstan said cooperation with China on transport, energy and trade would continue to expand, and that the Belt and Road projects agreed last year were on schedule despite rising costs along the corridor.</p>"
      done
      echo "</article></main><footer>© Smoke Wire</footer></body></html>"
    } >"$WORK/site/$slug.html"
  done
  echo '</channel></rss>'
} >"$WORK/site/feed.xml"

cat >"$WORK/site/serve.mjs" <<'EOF'
import { createServer } from "node:http";
import { readFile } from "node:fs/promises";
import path from "node:path";
const types = { ".xml": "application/rss+xml; charset=utf-8", ".html": "text/html; charset=utf-8" };
createServer(async (req, res) => {
  const name = path.basename(new URL(req.url, "http://x").pathname);
  try {
    const body = await readFile(path.join("/site", name));
    res.writeHead(200, { "content-type": types[path.extname(name)] ?? "application/octet-stream" }).end(body);
  } catch {
    res.writeHead(404).end("not found");
  }
  console.log(`${req.method} ${req.url} ${res.statusCode}`);
}).listen(8080, () => console.log("serving /site on :8080"));
EOF

cat >"$WORK/config/sources.yaml" <<'EOF'
# The feed is served inside the compose network, at a private address.
allowPrivateNetworks: true
sources:
  - id: smoke-wire
    name: Smoke Wire
    url: http://feeds:8080/feed.xml
    type: feed
    every: 1m
    language: en
    fullText: true
EOF
chmod -R a+rX "$WORK"

# --- the override: a `feeds` service from the project's own image (it has Node), and the config above
cat >"$WORK/smoke.yml" <<EOF
services:
  feeds:
    build: .
    entrypoint: ["node", "/site/serve.mjs"]
    volumes:
      - $WORK/site:/site:ro
  silkwire:
    environment:
      SILKWIRE_CONFIG_DIR: /smoke-config
    volumes:
      - $WORK/config:/smoke-config:ro
  worker:
    environment:
      SILKWIRE_CONFIG_DIR: /smoke-config
    volumes:
      - $WORK/config:/smoke-config:ro
EOF

cleanup() {
  status=$?
  if [ "$status" != 0 ]; then
    for s in silkwire worker feeds postgres; do
      echo "--- logs: $s"
      id=$(container "$s" 2>/dev/null || true)
      if [ -n "$id" ]; then $ENGINE logs --tail 40 "$id" 2>&1 || true; fi
    done
  fi
  if [ -n "${SMOKE_KEEP:-}" ]; then say "left running: $COMPOSE -p $PROJECT ... (files in $WORK)"; exit "$status"; fi
  compose down -v >/dev/null 2>&1 || true
  rm -rf "$WORK"
  exit "$status"
}
trap cleanup EXIT

container() {
  $ENGINE ps -aq --filter "label=com.docker.compose.project=$PROJECT" --filter "label=com.docker.compose.service=$1" | head -n1
}
sql() { $ENGINE exec "$(container postgres)" psql -U postgres -d silkwire -At -v ON_ERROR_STOP=1 -c "$1"; }

say "build (project $PROJECT, $COMPOSE)"
started=$(date +%s)
compose build >"$WORK/build.log" 2>&1 || { tail -40 "$WORK/build.log"; exit 1; }
say "built in $(($(date +%s) - started))s; up"
started=$(date +%s)
compose up -d >"$WORK/up.log" 2>&1 || { tail -40 "$WORK/up.log"; exit 1; }

want=${#articles[@]}
while :; do
  got=$(sql "SELECT count(*) FROM \"Article\" WHERE \"sourceId\" = 'smoke-wire' AND \"text\" IS NOT NULL" 2>/dev/null || echo 0)
  [ "$got" -ge "$want" ] && break
  if [ $(($(date +%s) - started)) -ge "$TIMEOUT" ]; then say "FAIL: $got of $want articles after ${TIMEOUT}s"; exit 1; fi
  sleep 3
done
say "all $want articles stored $(($(date +%s) - started))s after up"

echo "--- migrations";  sql 'SELECT migration_name, finished_at IS NOT NULL AS applied FROM _prisma_migrations'
echo "--- polls";       sql "SELECT status, \"httpStatus\", \"itemsSeen\", \"newItems\" FROM \"Poll\" WHERE \"sourceId\" = 'smoke-wire' ORDER BY \"startedAt\""
echo "--- articles";    sql "SELECT \"extractStatus\", length(\"text\"), relevant, array_to_string(countries, ','), title FROM \"Article\" WHERE \"sourceId\" = 'smoke-wire' ORDER BY title"
for s in silkwire worker; do
  echo "--- $s"
  $ENGINE inspect -f '{{.State.Status}} restarts={{.RestartCount}}' "$(container "$s")"
done
say "OK"
