#!/bin/sh
# Stands in for Prisma's native engines, which this project never uses. Prisma's CLI looks for them at
# start and would try to download them; pointing it here stops that, and a command that really reaches
# for a native engine fails loudly instead of silently doing nothing.
echo "native Prisma engines are not used by this project" >&2
exit 1
