#!/usr/bin/env bash
# The output README.md shows for examples/library.c ("Library: games and Jacobians without a case
# file") is what the program prints: run it and diff with the README's block.
# Usage: bash tests/readme_example.sh BUILD/examples/library
set -u
prog=${1:?usage: readme_example.sh PROGRAM}
# the committed output comes from OpenBLAS's Haswell kernels on AVX2 hosts, as reports/ (Makefile)
if [ -z "${OPENBLAS_CORETYPE:-}" ] && grep -qw avx2 /proc/cpuinfo 2>/dev/null; then
    export OPENBLAS_CORETYPE=Haswell
fi
expected=$(awk '/^## Library: games and Jacobians without a case file/ {s = 1}
                s && /^printing$/ {p = 1; next}
                p && /^```$/ {if (in_block) exit; in_block = 1; next}
                p && in_block {print}' README.md)
if [ -z "$expected" ]; then
    echo "readme_example: no output block in README.md" >&2
    exit 2
fi
actual=$("$prog") || { echo "readme_example: $prog failed" >&2; exit 1; }
if [ "$actual" != "$expected" ]; then
    echo "readme_example: FAIL: README.md's output of $prog differs:" >&2
    diff <(echo "$expected") <(echo "$actual") >&2
    exit 1
fi
echo "readme_example: README.md shows what $prog prints"
