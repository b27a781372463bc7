#!/usr/bin/env bash
# Installs what Kinora needs on a Debian 12 machine: system packages (ffmpeg to make
# sample and test media, Chromium for the player tests, Node.js/npm only to bootstrap)
# and the npm packages, which include Kinora's own Node.js 24 runtime (npm package `node`).
# Idempotent; run as root or with sudo available.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v ffmpeg >/dev/null || need+=(ffmpeg)
command -v chromium >/dev/null || need+=(chromium chromium-driver)
command -v npm >/dev/null || need+=(nodejs npm)
if [ ${#need[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}"
fi

if [ ! -x node_modules/.bin/node ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
