#!/usr/bin/env bash
# The formula game against the built-in one (issue item 7): `ganstab compare` on the Dirac-GAN
# with ConOpt written as a payoff (model expr) and on the same built-in game (model dirac), run
# alternately on the same machine; prints each median wall time and their ratio, and fails when
# the formula game takes more than MAX_RATIO (default 3) times as long.
#   bash bench/compare_expr.sh [RUNS]     RUNS: runs of each (default 5)
# Environment: BUILD (build directory, default build), MAX_RATIO.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
RUNS=${1:-5}
MAX_RATIO=${MAX_RATIO:-3}
EXPR=cases/expr-dirac-conopt.ini
BUILTIN=cases/table1-07-conopt.ini
[ -x "$BUILD/ganstab" ] || make --no-print-directory BUILD="$BUILD" all >&2

seconds() { # wall time of one `ganstab compare CASE`, in seconds
    local t0 t1
    t0=$(date +%s%N)
    "$BUILD/ganstab" compare "$1" >/dev/null
    t1=$(date +%s%N)
    awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.4f\n", (b - a) / 1e9 }'
}
median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

expr_times=() builtin_times=()
for _ in $(seq "$RUNS"); do
    expr_times+=("$(seconds "$EXPR")")
    builtin_times+=("$(seconds "$BUILTIN")")
done
te=$(printf '%s\n' "${expr_times[@]}" | median)
tb=$(printf '%s\n' "${builtin_times[@]}" | median)
ratio=$(awk -v a="$te" -v b="$tb" 'BEGIN { printf "%.2f", a / b }')
echo "compare $EXPR (model expr): ${te} s (median of $RUNS)"
echo "compare $BUILTIN (model dirac): ${tb} s (median of $RUNS)"
echo "ratio: ${ratio} (at most ${MAX_RATIO})"
awk -v r="$ratio" -v m="$MAX_RATIO" 'BEGIN { exit !(r <= m) }'
