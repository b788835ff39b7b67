#!/bin/bash
# One run of a checkout of hkclose, for comparing two versions side by side with farm-bench:
#
#   bench/run_version.sh CHECKOUT FOLDER day        # `hkclose report 2025-11-20` on the sample week
#   bench/run_version.sh CHECKOUT FOLDER ten-years  # `hkclose backfill` of 2015..2024, simulated
#
#   farm-bench -n 5 --vs 'bench/run_version.sh ../before /tmp/before day' -- bench/run_version.sh . /tmp/now day
#
# The checkout's own code runs (PYTHONPATH), with this virtualenv's packages, on a warehouse in
# FOLDER with its own SQLite instance (the checkout's warehouse/dagster/dagster.yaml). `day` builds
# the sample week in FOLDER first when FOLDER holds no warehouse (farm-bench's warm-up run);
# `ten-years` starts from an empty FOLDER every time. The run's output goes to FOLDER/run.log.
# docs/performance.md holds the figures.
set -euo pipefail
checkout=$(cd "$1" && pwd)
folder=$2
hkclose="$(cd "$(dirname "$0")/.." && pwd)/.venv/bin/hkclose"
if [ "$3" = ten-years ]; then rm -rf "$folder"; fi
mkdir -p "$folder/dagster"
cp "$checkout/warehouse/dagster/dagster.yaml" "$folder/dagster/"
export PYTHONPATH=$checkout HKCLOSE_WAREHOUSE=$folder/hkclose.duckdb DAGSTER_HOME=$folder/dagster
cd "$checkout"
# The checkout's dbt manifest, as its Makefile would prepare it.
[ -f dbt_project/target/manifest.json ] ||
  "$(dirname "$hkclose")/dagster-dbt" project prepare-and-package --file pipelines/defs/resources.py > /dev/null
case $3 in
  day)
    export HKCLOSE_SOURCE=sample
    [ -f "$folder/hkclose.duckdb" ] || "$hkclose" backfill 2025-11-17 2025-11-21 >> "$folder/run.log" 2>&1
    exec "$hkclose" report 2025-11-20 >> "$folder/run.log" 2>&1 ;;
  ten-years)
    export HKCLOSE_SOURCE=simulated
    exec "$hkclose" backfill 2015-01-02 2024-12-31 > "$folder/run.log" 2>&1 ;;
  *) echo "usage: $0 CHECKOUT FOLDER day|ten-years" >&2; exit 2 ;;
esac
