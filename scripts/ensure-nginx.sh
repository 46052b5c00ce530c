#!/usr/bin/env bash
# Makes sure Debian's nginx is there for the test of the scale-out setup behind the proxy
# (tests/e2e/instances-behind-proxy.spec.ts): installs nginx-light when apt-get can. It is never started as a
# service here: the test runs its own nginx from .tmp/. Without it that test is skipped, saying so.
set -uo pipefail
if [ -x /usr/sbin/nginx ] || [ -x /usr/bin/nginx ]; then echo "Using $(/usr/sbin/nginx -v 2>&1 || true)"; exit 0; fi
if command -v apt-get >/dev/null 2>&1; then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  echo "Installing Debian's nginx-light …"
  # policy-rc.d keeps the package from starting a system nginx on port 80.
  DEBIAN_FRONTEND=noninteractive RUNLEVEL=1 $SUDO apt-get install -y -qq nginx-light >/dev/null 2>&1 ||
    { $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive RUNLEVEL=1 $SUDO apt-get install -y -qq nginx-light >/dev/null; }
  if [ -x /usr/sbin/nginx ]; then echo "Installed $(/usr/sbin/nginx -v 2>&1)"; exit 0; fi
fi
echo "No nginx (Debian: apt-get install nginx-light): the test behind the proxy is skipped." >&2
exit 0
