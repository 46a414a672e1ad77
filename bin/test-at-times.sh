#!/usr/bin/env bash
# Runs the whole suite with the machine's clock set to several times of day (libfaketime, Debian's
# `faketime` package), to show no test depends on when it runs. Usage: bin/test-at-times.sh [HH:MM ...]
set -euo pipefail
cd "$(dirname "$0")/.."
command -v faketime >/dev/null || { echo "faketime is missing: apt-get install -y faketime" >&2; exit 1; }
day=$(date -u +%F)
status=0
for time in "${@:-00:30 07:10 23:59}"; do
  for t in $time; do
    echo "==> npm test at ${day} ${t}:00 UTC"
    if TZ=UTC faketime -f "@${day} ${t}:00" npx vitest run --reporter=dot --outputFile.json="test-results/at-${t/:/}.json"; then
      echo "==> ${t} UTC: passed"
    else
      echo "==> ${t} UTC: FAILED"
      status=1
    fi
  done
done
exit "$status"
