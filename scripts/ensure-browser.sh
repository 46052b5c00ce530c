#!/usr/bin/env bash
# Makes sure a Chromium for Playwright exists: KONGRESS_CHROMIUM if set, Debian's /usr/bin/chromium,
# or installs Debian's package (this machine reaches Debian's mirrors, not Playwright's browser downloads).
set -euo pipefail
if [ -n "${KONGRESS_CHROMIUM:-}" ]; then
  [ -x "$KONGRESS_CHROMIUM" ] || { echo "KONGRESS_CHROMIUM=$KONGRESS_CHROMIUM is not an executable" >&2; exit 1; }
  echo "Using $KONGRESS_CHROMIUM"; exit 0
fi
if [ -x /usr/bin/chromium ]; then echo "Using /usr/bin/chromium ($(/usr/bin/chromium --version 2>/dev/null || true))"; exit 0; fi
if command -v apt-get >/dev/null 2>&1; then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  echo "Installing Debian's chromium …"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
  [ -x /usr/bin/chromium ] && { echo "Installed $(/usr/bin/chromium --version)"; exit 0; }
fi
echo "No Chromium found. Install one (Debian: apt-get install chromium) or set KONGRESS_CHROMIUM to its path." >&2
exit 1
