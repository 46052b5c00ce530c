#!/usr/bin/env bash
# Prints the URL of a PostgreSQL server for the second integration run, starting the machine's own cluster when
# it is installed but stopped (Debian's pg_ctlcluster). Prints nothing, with the reason on stderr, when there is
# none: the suite then runs on SQLite only and says so. KONGRESS_POSTGRES_URL=off turns the PostgreSQL run off.
set -uo pipefail
cd "$(dirname "$0")/.."

if url=$(node scripts/postgres-server.mjs 2>/tmp/kongress-postgres-why); then echo "$url"; exit 0; fi
if [ "${KONGRESS_POSTGRES_URL:-}" != "off" ] && [ -z "${KONGRESS_POSTGRES_URL:-}" ] && command -v pg_ctlcluster >/dev/null && [ -d /etc/postgresql ]; then
  for version in $(ls /etc/postgresql); do
    echo "Starting the PostgreSQL $version cluster …" >&2
    pg_ctlcluster --skip-systemctl-redirect "$version" main start >&2 || true
  done
  for _ in $(seq 1 20); do
    if url=$(node scripts/postgres-server.mjs 2>/tmp/kongress-postgres-why); then echo "$url"; exit 0; fi
    sleep 1
  done
fi
echo "No PostgreSQL server for the second run: $(cat /tmp/kongress-postgres-why)" >&2
exit 1
