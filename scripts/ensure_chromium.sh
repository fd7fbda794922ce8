#!/usr/bin/env bash
# Makes sure Debian's Chromium and a Chinese font are installed (browser downloads are not
# reachable here, so the browser tests drive this one through Playwright); prints its path.
set -euo pipefail
if ! command -v chromium >/dev/null || ! fc-list :lang=zh 2>/dev/null | grep -q .; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
    echo "installing Chromium (Debian package)..." >&2
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-wqy-microhei >&2
  else
    echo "Chromium not found; install the 'chromium' package" >&2
    exit 1
  fi
fi
command -v chromium
