#!/usr/bin/env bash
# Debian packages the project needs beyond Python: WeasyPrint's Pango, fonts,
# poppler (PDF to PNG in tests) and Chromium for the browser tests. Installed
# only when missing, so a machine that has them pays nothing.
set -euo pipefail
need=()
ldconfig -p | grep -q libpango-1.0 || need+=(libpango-1.0-0 libpangoft2-1.0-0)
fc-list 2>/dev/null | grep -qi dejavu || need+=(fonts-dejavu-core)
command -v pdftoppm >/dev/null || need+=(poppler-utils)
command -v chromium >/dev/null || need+=(chromium)
command -v msgfmt >/dev/null || need+=(gettext)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" != "0" ]; then
    echo "missing Debian packages: ${need[*]} (run as root: apt-get install -y ${need[*]})" >&2
    exit 0
  fi
  echo "installing Debian packages: ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
