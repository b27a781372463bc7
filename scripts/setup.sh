#!/usr/bin/env bash
# Installs what Kinora needs on a Debian 12 machine: system packages (ffmpeg to make
# sample and test media, Chromium for the player tests, PostgreSQL's server binaries for
# the PostgreSQL adapters' contract suites, the AWS CLI as a client under test, Node.js/npm
# only to bootstrap) and the npm
# packages, which include Kinora's own Node.js 24 runtime (npm package `node`).
# Idempotent; run as root or with sudo available.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v ffmpeg >/dev/null || need+=(ffmpeg)
command -v chromium >/dev/null || need+=(chromium chromium-driver)
command -v npm >/dev/null || need+=(nodejs npm)
# The AWS CLI is one of the clients the tests drive Kinora with (test/integration/awsCli.test.ts).
[ -x /usr/bin/aws ] || need+=(awscli)
# Debian keeps the server binaries (initdb, pg_ctl) off PATH, in /usr/lib/postgresql/<major>/bin.
compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || need+=(postgresql)
if [ ${#need[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  # No service starts during the install: the tests start throwaway PostgreSQL clusters of
  # their own (test/support/startPostgres.ts). invoke-rc.d asks policy-rc.d; 101 = refused.
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' | $SUDO tee /usr/sbin/policy-rc.d >/dev/null
    $SUDO chmod +x /usr/sbin/policy-rc.d
    trap '$SUDO rm -f /usr/sbin/policy-rc.d' EXIT
  fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}"
fi

if [ ! -x node_modules/.bin/node ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi

# The web console (/console) is built once here, so every way of starting Kinora (npm start,
# npm run serve, npx kinora serve) serves it; it is rebuilt only when its sources change.
node_modules/.bin/node scripts/ensureConsoleBuilt.ts
