#!/usr/bin/env bash
# Makes sure PostgreSQL server binaries (initdb, pg_ctl) are installed; prints their folder.
# The test suite starts its own throw-away server from them (see tests/pg_server.py).
set -euo pipefail
find_bindir() {
  for dir in /usr/lib/postgresql/*/bin; do
    if [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then echo "$dir"; fi
  done | sort -V | tail -n 1
}
bindir=$(find_bindir || true)
if [ -z "$bindir" ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
    echo "installing PostgreSQL server packages..." >&2
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
    bindir=$(find_bindir)
  else
    echo "PostgreSQL server binaries not found; install the 'postgresql' package" >&2
    exit 1
  fi
fi
echo "$bindir"
