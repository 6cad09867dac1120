#!/usr/bin/env bash
# Runs the benchmarks and writes bench/RESULTS.md (`make bench` calls this).
#   bash bench/run.sh [D...]     D: data dimensions for lq_scaling (default: its built-in list)
# Environment: BUILD (build directory, default build), LQ_SCALING_DIMS (same as D...),
# BENCH_MIN_TIME / BENCH_MIN_REPS / BENCH_MIN_REPS_ANALYZE (per-measurement minimums: 0.2 s,
# 5 runs, 3 runs of the whole analyze).
# Intermediate files (the Jacobians, eigenvalues, TSVs) go to bench/out/ (not committed).
set -euo pipefail
cd "$(dirname "$0")/.."

BUILD=${BUILD:-build}
PY=/usr/bin/python3 # Debian's python3 with python3-numpy, not a pyenv one earlier in PATH
MIN_TIME=${BENCH_MIN_TIME:-0.2}
MIN_REPS=${BENCH_MIN_REPS:-5}
MIN_REPS_ANALYZE=${BENCH_MIN_REPS_ANALYZE:-3}
if [ $# -gt 0 ]; then
    DIMS="$*"
else
    DIMS=${LQ_SCALING_DIMS:-}
fi
OUT=bench/out
mkdir -p "$OUT"

make --no-print-directory BUILD="$BUILD" all "$BUILD/bench/lq_scaling" "$BUILD/bench/gmm_heatmap"

start=$(date +%s)
echo "== lq_scaling: C (analyze, J assembly, dgeevx, dgeev), then numpy eigvals, per d" >&2
status=0
# shellcheck disable=SC2086
"$PY" bench/lq_scaling.py "$BUILD/bench/lq_scaling" $DIMS --out "$OUT" --min-time "$MIN_TIME" \
    --min-reps "$MIN_REPS" --min-reps-analyze "$MIN_REPS_ANALYZE" --tsv "$OUT/lq_scaling.tsv" \
    >"$OUT/lq_scaling_table.md" || status=$?
echo "== gmm_heatmap: same trajectories as NumPy, then ganstab (1, 2 threads) vs NumPy" >&2
"$PY" bench/gmm_heatmap.py "$BUILD/bench/gmm_heatmap" --out "$OUT" --min-time "$MIN_TIME" \
    --tsv "$OUT/gmm_heatmap.tsv" >"$OUT/gmm_heatmap_table.md" || status=$?
echo "== compare_expr: compare on a formula game vs the same built-in game" >&2
bash bench/compare_expr.sh >"$OUT/compare_expr.txt" || status=$?
elapsed=$(($(date +%s) - start))

# The machine, for the record.
cpu=$(lscpu | sed -n 's/^Model name: *//p' | head -n 1)
family=$(lscpu | sed -n 's/^CPU family: *//p' | head -n 1)
model=$(lscpu | sed -n 's/^Model: *//p' | head -n 1)
sockets=$(lscpu | sed -n 's/^Socket(s): *//p' | head -n 1)
cores=$(lscpu | sed -n 's/^Core(s) per socket: *//p' | head -n 1)
threads=$(lscpu | sed -n 's/^Thread(s) per core: *//p' | head -n 1)
mem_kib=$(sed -n 's/^MemTotal: *\([0-9]*\) kB/\1/p' /proc/meminfo)
mem_gib=$(awk -v k="$mem_kib" 'BEGIN { printf "%.1f", k / 1048576 }')
openblas=$(dpkg-query -W -f='${binary:Package} ${Version}\n' 'libopenblas0*' 2>/dev/null |
    awk 'NF == 2' | paste -sd ';' - | sed 's/;/; /g')
numpy=$("$PY" -c 'import numpy; print(numpy.__version__)')
os=$(sed -n 's/^PRETTY_NAME="\(.*\)"$/\1/p' /etc/os-release)
cc_version=$(${CC:-cc} --version | head -n 1)
if [ -n "$DIMS" ]; then cmd="make bench LQ_SCALING_DIMS=\"$DIMS\""; else cmd="make bench"; fi

tmp=$(mktemp bench/RESULTS.md.XXXXXX)
{
    cat <<EOF
# Benchmark results

Written by \`bench/run.sh\`. Reproduce with \`$cmd\` (installs missing Debian packages,
builds, runs every benchmark, rewrites this file). Timings are medians of repeated runs (each
measurement at least ${MIN_TIME} s in total and at least ${MIN_REPS} runs, the whole \`analyze\`
at least ${MIN_REPS_ANALYZE} runs), measured with \`clock_gettime(CLOCK_MONOTONIC)\` in C and
\`time.perf_counter\` in Python. Ratios compare runs of the same invocation on the same
machine, the C and the numpy measurements of each d one right after the other. Absolute times
on a shared virtual machine vary between runs by tens of percent; compare ratios and shares.

## Machine

- CPU: $cpu (family $family, model $model); ${sockets} socket(s) × ${cores} core(s) × ${threads} thread(s); \`nproc\` = $(nproc)
- Memory: ${mem_gib} GiB (MemTotal)
- OS: $os; compiler: $cc_version (\`-O2\`)
- OpenBLAS: ${openblas}; \`OPENBLAS_NUM_THREADS\` = ${OPENBLAS_NUM_THREADS:-unset (all cores)}
- numpy: $numpy (Debian \`python3-numpy\`, \`/usr/bin/python3\`)
- Run: $(date -u '+%Y-%m-%d %H:%M UTC'), ${elapsed} s for all benchmarks

## lq_scaling: \`analyze\` time vs dimension (model \`lq\`)

The d-dimensional LQ-GAN with \`cov = random 1\`, \`mean = 0\`, loss \`standard\`, gradient flow
(\`bench/lq_scaling.c\`, built against \`build/libganstab.a\`). The state has
n = d² + d + d(d+1)/2 + d + 1 ≈ 1.5 d² components. Columns:

- **analyze**: the whole \`ganstab_analyze\` (J, its dgeevx spectrum, the finite-difference
  check where the model has a field near x*, the null-space SVD (dgesvd), and the dgeevx
  spectrum of the transversal block CᵀJC of size n − d(d−1)/2).
- **J assembly**: \`ganstab_game_init\` + equilibrium + \`ganstab_game_field\` with J (the
  Isserlis closed form), and its share of analyze.
- **FD check**: the central-difference Jacobian analyze computes as a cross-check
  (\`ganstab_jacobian_fd\`); only for d ≤ 3, where the field away from the equilibrium is
  available by a 10^d-point quadrature; skipped by analyze for larger d.
- **dgeevx**: \`ganstab_eigen_compute\` on J — LAPACKE \`dgeevx\` with balancing, left and right
  eigenvectors and reciprocal condition numbers (the error bounds of the verdict).
- **dgeev**: LAPACKE \`dgeev\` without eigenvectors on a copy of J: plain eigenvalues.
- **numpy eigvals**: \`numpy.linalg.eigvals\` on the same J (\`bench/lq_scaling.py\`; it calls
  \`dgeev\` without eigenvectors, so *dgeev / numpy* compares like with like, while
  *dgeevx / numpy* is the price of the condition numbers).
- **max |Δλ|**: largest difference between numpy's eigenvalues and dgeev's, dgeevx's (sorted;
  must be ≤ 1e-8 · max|λ|, else the run fails).

A shorter list of dimensions: \`bash bench/run.sh 2 5 10 20\` (or \`make bench
LQ_SCALING_DIMS="2 5 10 20"\`); the C program alone: \`build/bench/lq_scaling --help\`.

EOF
    cat "$OUT/lq_scaling_table.md"
    cat <<EOF

## gmm_heatmap: first-order GMM-GAN heatmap vs NumPy (Li et al. 2018, Figure 2)

The first-order dynamics of the GMM-GAN heatmap (\`bench/gmm_heatmap.c\` on
\`build/libganstab.a\`: \`ganstab_gmm_heatmap_run\`, i.e. the lane-parallel kernel with OpenMP)
against a straightforward NumPy implementation of the same dynamics (\`bench/gmm_heatmap.py\`:
vectorized over all runs of the slice at once, one array operation per term and step, masks
for collapsed intervals, no early exit). First the two must give the same trajectories from
the heatmap's own starts (every state of every step within 1e-9, else the run fails); then both
run the same slice of Figure 2. *steps computed* counts run-steps: ganstab advances 8 runs
together and stops a batch only when all 8 have both intervals collapsed, so it computes
slightly fewer than requested. *share of the exp limit*: steps/s × 16 exp per step over the
kernel exp's measured rate × threads — how close the loop runs to the machine's \`exp\`
throughput (the remaining work per step is the 16 arguments, the sums and the update).

EOF
    cat "$OUT/gmm_heatmap_table.md"
    cat <<EOF

## compare_expr: a formula game against the same built-in game (issue item 7)

\`ganstab compare\` (12 optimizers: crossing searches in h, verdicts, optimal h) on the
Dirac-GAN with ConOpt written as a payoff formula (\`cases/expr-dirac-conopt.ini\`, model
\`expr\`) and on the built-in Dirac-GAN with ConOpt (\`cases/table1-07-conopt.ini\`), run
alternately, median wall time of 5 runs each (\`bench/compare_expr.sh\`; it fails above a
ratio of 3). The formula game is built (parsed and differentiated by libmatheval) once per
comparison and re-evaluated at every h; before the study contexts it was rebuilt at every point
(about 62 s here).

\`\`\`
EOF
    cat "$OUT/compare_expr.txt"
    echo '```'
} >"$tmp"
if [ "$status" -ne 0 ]; then
    # A failed run (eigenvalues disagree, a program failed) does not replace the recorded one.
    mv "$tmp" "$OUT/RESULTS.failed.md"
    echo "bench/run.sh: FAILED (status $status); see $OUT/RESULTS.failed.md" >&2
    exit "$status"
fi
mv "$tmp" bench/RESULTS.md
echo "bench/run.sh: wrote bench/RESULTS.md (${elapsed} s)" >&2
