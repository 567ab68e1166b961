#!/usr/bin/env bash
# Installs what cos-transcribe needs on a fresh Debian machine with Node 20: the Debian packages the
# local cloud uses (offline recognizer, media decoding, synthetic speech, zip for bundles) and the
# npm packages from the lockfile. Safe to run twice: it installs only what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

debian_packages=(pocketsphinx pocketsphinx-en-us pocketsphinx-testdata ffmpeg espeak-ng sox zip)
missing=()
for pkg in "${debian_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo=''
  [ "$(id -u)" -eq 0 ] || sudo='sudo'
  echo "setup: installing Debian packages: ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

npm ci --no-audit --no-fund
