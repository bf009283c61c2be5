#!/usr/bin/env bash
# Installs the Debian packages a purpose needs, when they are missing and we may (root + apt-get).
#   run:   Pango and fonts for WeasyPrint PDFs
#   test:  run + chromium (Playwright drives /usr/bin/chromium) + poppler-utils (PDF to PNG)
#   bench: run + wrk (HTTP load generator)
set -euo pipefail
purpose=${1:-run}
want=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core)
case "$purpose" in
  test) want+=(chromium poppler-utils) ;;
  bench) want+=(wrk) ;;
esac
missing=()
for pkg in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null; then
  echo "Paket sistem belum terpasang: ${missing[*]} (pasang dengan apt-get sebagai root)." >&2
  exit 0
fi
echo "Memasang paket sistem: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
