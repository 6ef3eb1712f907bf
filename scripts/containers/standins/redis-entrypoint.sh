#!/bin/bash
# As the official redis image: runs redis-server as the redis user in /data, and without a config file or an
# explicit --protected-mode it turns protected mode off (other containers connect over the network).
set -euo pipefail
if [ "${1:-}" = redis-server ]; then
  chown -R redis:redis /data
  case " $* " in *" --protected-mode "*) ;; *) set -- "$@" --protected-mode no ;; esac
  exec setpriv --reuid=redis --regid=redis --init-groups "$@"
fi
exec "$@"
