#!/usr/bin/env bash
# Installs Debian's chromium for the report test (test/integration/report-chromium.test.ts), which
# drives it with playwright-core. playwright-core never downloads a browser of its own, so this is
# the project's only way to get one. Idempotent: does nothing when /usr/bin/chromium exists.
set -euo pipefail

CHROMIUM=/usr/bin/chromium

if [ -x "$CHROMIUM" ]; then
  exit 0
fi

if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "setup-chromium: $CHROMIUM is missing and I can only install it as root with apt-get;" >&2
  echo "setup-chromium: install Debian's 'chromium' package by hand (apt-get install chromium)." >&2
  exit 1
fi

export DEBIAN_FRONTEND=noninteractive
echo "setup-chromium: installing Debian's chromium package (once)..." >&2
apt-get update -qq >/dev/null
# fonts-liberation is only a Recommends of chromium, but without a font every label renders as boxes.
apt-get install -y -qq --no-install-recommends chromium fonts-liberation >/dev/null

if [ ! -x "$CHROMIUM" ]; then
  echo "setup-chromium: apt-get finished but $CHROMIUM is still missing" >&2
  exit 1
fi
echo "setup-chromium: $("$CHROMIUM" --version 2>/dev/null || echo chromium installed)" >&2
