#!/bin/sh
# What `make test` needs from the system besides Python, Node and make: Debian's Chromium (browser
# tests; CHROMIUM_PATH points elsewhere), Java (the HTML validator) and DejaVu fonts (social
# cards, screenshots). Installs what is missing with apt-get as root, or with sudo where it is
# available; otherwise stops with one line naming the command to run.
set -eu
chromium="${CHROMIUM_PATH:-/usr/bin/chromium}"
need=""
[ -x "$chromium" ] || need="$need chromium"
command -v java >/dev/null 2>&1 || need="$need default-jre-headless"
[ -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || need="$need fonts-dejavu-core"
[ -z "$need" ] && exit 0
if ! command -v apt-get >/dev/null 2>&1; then
  echo "make test needs:$need (no apt-get here: install them, or set CHROMIUM_PATH to a Chromium binary)" >&2
  exit 1
fi
if [ "$(id -u)" = 0 ]; then
  sudo=""
elif command -v sudo >/dev/null 2>&1; then
  sudo="sudo"
else
  echo "make test needs:$need; run: sudo apt-get install -y --no-install-recommends$need" >&2
  exit 1
fi
echo "installing$need with ${sudo:+sudo }apt-get" >&2
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
# shellcheck disable=SC2086 # word splitting of the package list is intended
$sudo apt-get install -y -qq --no-install-recommends $need >/dev/null
