#!/usr/bin/env bash
# Installs Debian's Chromium for the e2e suite (test/e2e), only when /usr/bin/chromium is missing.
# Idempotent; safe to run on every CI job. Never lets any npm package download a browser of its own
# (playwright-core drives this binary through executablePath).
set -euo pipefail

if [ -x /usr/bin/chromium ]; then
  echo "chromium already installed: $(/usr/bin/chromium --version 2>/dev/null || echo '?')"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive

for attempt in 1 2 3; do
  if $SUDO apt-get update -qq; then break; fi
  echo "apt-get update failed (attempt $attempt); retrying in 5 s" >&2
  sleep 5
done
# Recommends are kept on purpose: they bring the fonts and libraries the screenshots were validated with.
$SUDO apt-get install -y -qq chromium fonts-liberation fonts-dejavu-core

/usr/bin/chromium --version 2>/dev/null
