#!/usr/bin/env bash
# Makes sure the official XRechnung rules can run in the integration tests (tests/support/xrechnung-validator.ts):
# Java, Debian's Saxon-HE and xmllint, installed with apt-get when missing. The rules themselves are the workplace's
# validation artefacts beside the project (../shared/tools/xrechnung, or KONGRESS_XRECHNUNG_TOOLS).
set -uo pipefail
if command -v java >/dev/null 2>&1 && [ -f /usr/share/java/Saxon-HE.jar ] && command -v xmllint >/dev/null 2>&1; then
  echo "Using Saxon-HE and $(java -version 2>&1 | head -n 1)"; exit 0
fi
if command -v apt-get >/dev/null 2>&1; then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  echo "Installing Java, Saxon-HE and xmllint for the official XRechnung rules …"
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq libxml2-utils libsaxonhe-java default-jre-headless >/dev/null 2>&1 ||
    { $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq libxml2-utils libsaxonhe-java default-jre-headless >/dev/null; }
  [ -f /usr/share/java/Saxon-HE.jar ] && { echo "Installed Saxon-HE"; exit 0; }
fi
echo "Could not install Saxon-HE: the XRechnung test under the official rules is skipped (and fails under CI=true)." >&2
exit 0
