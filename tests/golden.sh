#!/usr/bin/env bash
# Golden test of the committed reports (DESIGN.md, "Claims and reports"): regenerate every
# report from cases/*.ini into a scratch directory, require two generations to be
# byte-identical (no timestamps, machine names or last-bit noise), and diff them against the
# committed reports/ directory.
#
# Usage (from the repository root): GANSTAB=build/ganstab bash tests/golden.sh [REPORTS_DIR]
# REPORTS_DIR defaults to reports/. Exits 0 if everything matches, 1 on a mismatch,
# 2 if the test cannot run. To accept intended changes: make reports, review git diff reports/.
set -u

GANSTAB=${GANSTAB:-build/ganstab}
# The committed reports/ come from OpenBLAS's Haswell (AVX2) kernels (Makefile, BLAS_PIN): pin
# them on every AVX2 host so that the last bits LAPACK's results depend on match.
if [ -z "${OPENBLAS_CORETYPE:-}" ] && grep -qw avx2 /proc/cpuinfo 2>/dev/null; then
    export OPENBLAS_CORETYPE=Haswell
fi
golden=${1:-reports}
if [ ! -x "$GANSTAB" ]; then
    echo "golden: $GANSTAB is not an executable (build it with 'make all')" >&2
    exit 2
fi
shopt -s nullglob
cases=(cases/*.ini)
if [ ${#cases[@]} -eq 0 ]; then
    echo "golden: no cases/*.ini (run me from the repository root)" >&2
    exit 2
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/ganstab-golden.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
export LC_ALL=C

# The second generation leaves out the cases with a [heatmap] section (the full Figure 2 of
# Li et al. takes about two minutes on 2 cores); their output is still compared with the
# committed reports below, and tests/test_gmm_heatmap.c and the CLI tests check that heatmaps
# do not depend on the thread count.
light=()
for f in "${cases[@]}"; do
    grep -q '^\[heatmap\]' "$f" || light+=("$f")
done

status=0
for run in 1 2; do
    if [ "$run" = 1 ]; then set -- "${cases[@]}"; else set -- "${light[@]}"; fi
    if ! "$GANSTAB" report "$@" -o "$tmp/reports$run" 2>"$tmp/stderr$run"; then
        echo "golden: FAIL: '$GANSTAB report cases/*.ini -o DIR' failed (run $run):" >&2
        cat "$tmp/stderr$run" >&2
        exit 1
    fi
done

# Files only in the first generation (the [heatmap] cases) are not compared here; index.md lists
# every case given, so it differs between the generations by design (both are compared with
# the committed reports below).
diff -ru -x index.md "$tmp/reports1" "$tmp/reports2" | grep -v "^Only in $tmp/reports1" |
    sed "s|$tmp/||g" >"$tmp/diff12"
if [ -s "$tmp/diff12" ]; then
    echo "golden: FAIL: two generations of the reports differ (output is not deterministic):"
    cat "$tmp/diff12"
    status=1
else
    echo "golden: ok - two generations of the reports are byte-identical"
fi

if [ ! -d "$golden" ]; then
    echo "golden: FAIL: no committed reports directory '$golden' (generate it with 'make reports')"
    exit 1
fi
if diff -r "$golden" "$tmp/reports1" >/dev/null; then
    echo "golden: ok - regenerated reports match $golden/ ($(find "$tmp/reports1" -type f | wc -l) files)"
else
    echo "golden: FAIL: regenerated reports differ from the committed $golden/"
    echo "golden: (if the change is intended, run 'make reports' and review 'git diff $golden/')"
    diff -ru "$golden" "$tmp/reports1" | sed "s|$tmp/reports1|regenerated|g"
    status=1
fi
exit $status
