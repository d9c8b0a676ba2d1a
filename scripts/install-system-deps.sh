#!/usr/bin/env bash
# Installs the Debian packages the test suite drives for real: PostgreSQL (a throwaway server is
# started by the tests themselves), Chromium (the debug panel's browser tests), openssl (the
# independent HMAC in the signature tests) and wrk (the benchmark). Skips what is already there.
set -euo pipefail

missing=()
command -v openssl >/dev/null || missing+=(openssl)
command -v chromium >/dev/null || missing+=(chromium)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
command -v wrk >/dev/null || missing+=(wrk)

if [ ${#missing[@]} -eq 0 ]; then
  echo "System packages already installed."
  exit 0
fi

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "Installing: ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
