#!/usr/bin/python3
"""Driver and reference side of bench/lq_scaling: numpy.linalg.eigvals on ganstab's Jacobians.

usage: /usr/bin/python3 bench/lq_scaling.py PROG [D...] [--out DIR] [--min-time S]
                                            [--min-reps N] [--min-reps-analyze N] [--tsv FILE]

For each d (default: PROG --default-dims) runs the C benchmark PROG (build/bench/lq_scaling) for
that d alone, which times analyze, the Jacobian assembly and the eigenvalue steps and writes
DIR/J_d<d>.bin and DIR/ev_d<d>.bin (formats in bench/lq_scaling.c); then, right after it (so
both sides see the same machine state), times numpy.linalg.eigvals on that J (median over
repetitions, the same rule as the C side) and checks that its eigenvalues agree with LAPACKE
dgeev's and with ganstab_eigen_compute's (dgeevx). Prints a Markdown table with a summary to
stdout; --tsv also writes the merged numbers as TSV. Exit status 1 if some eigenvalues disagree.

Only Debian packages: python3 and python3-numpy.
"""

import argparse
import csv
import statistics
import subprocess
import sys
import time

import numpy as np

# Eigenvalues agree when max_i |lambda_i - mu_i| <= AGREE_RTOL * max_i |lambda_i| after sorting.
# Both sides are backward stable (|E| ~ n eps |J|); J's eigenvalues here are semisimple and, but
# for the zero eigenvalues along the equilibrium manifold, separated, so they move by ~1e-13
# relative; 1e-8 leaves five orders of margin and still catches a wrong matrix or pairing.
AGREE_RTOL = 1e-8


def read_header_and_doubles(path):
    with open(path, "rb") as f:
        n = int(np.frombuffer(f.read(8), dtype="<u8")[0])
        data = np.frombuffer(f.read(), dtype="<f8")
    return n, data


def load_jacobian(path):
    n, data = read_header_and_doubles(path)
    if data.size != n * n:
        raise SystemExit(f"{path}: expected {n * n} doubles, got {data.size}")
    return data.reshape((n, n), order="F")


def load_eigenvalues(path, n):
    m, data = read_header_and_doubles(path)
    if m != n or data.size != 4 * n:
        raise SystemExit(f"{path}: expected n = {n} and {4 * n} doubles")
    pairs = data.reshape((2 * n, 2))
    z = pairs[:, 0] + 1j * pairs[:, 1]
    return z[:n], z[n:]  # dgeev, dgeevx


def time_median(fn, min_time, min_reps):
    times = []
    total = 0.0
    while len(times) < min_reps or total < min_time:
        t0 = time.perf_counter()
        fn()
        dt = time.perf_counter() - t0
        times.append(dt)
        total += dt
    return statistics.median(times), len(times)


def sorted_max_diff(a, b):
    """max |a_i - b_i| after sorting both by (re, im), and the scale max |a_i|.

    Sorting pairs eigenvalues correctly unless two distinct eigenvalues have real parts closer
    than the rounding error; then the pairing is retried by nearest neighbour (a bijection is
    not needed for the bound: every eigenvalue of each side must be near one of the other)."""
    sa, sb = np.sort_complex(a), np.sort_complex(b)
    diff = float(np.max(np.abs(sa - sb)))
    scale = float(np.max(np.abs(a)))
    if diff > AGREE_RTOL * scale:
        d = np.abs(a[:, None] - b[None, :])
        diff = float(max(d.min(axis=1).max(), d.min(axis=0).max()))
    return diff, scale


def loaded_lapack():
    """The BLAS/LAPACK shared objects this process has mapped (after numpy.linalg ran)."""
    libs = set()
    try:
        with open("/proc/self/maps") as f:
            for line in f:
                path = line.split()[-1] if len(line.split()) >= 6 else ""
                name = path.rsplit("/", 1)[-1]
                if any(k in name for k in ("blas", "lapack")):
                    libs.add(path)
    except OSError:
        pass
    return sorted(libs)


def fmt_s(t):
    return f"{t:.3g}"


def fd_cell(m):
    if m["t_fd_check"] != m["t_fd_check"]:  # nan: skipped
        return "skipped"
    return f"{fmt_s(m['t_fd_check'])} ({m['fd_check_pct']:.3g} %)"


def summarize(merged):
    """Bullet points computed from the table (so they stay true when it is regenerated)."""
    top = max(merged, key=lambda m: m["jacobian_pct"])
    verdict = "does not dominate" if top["jacobian_pct"] < 50.0 else "DOMINATES"
    print(f"- J assembly {verdict}: at most {top['jacobian_pct']:.3g} % of analyze "
          f"(d = {top['d']}).")
    fd = [m for m in merged if m["t_fd_check"] == m["t_fd_check"]]
    if fd:
        print("- The finite-difference check, where analyze runs it (d ≤ 3), takes "
              + ", ".join(f"{m['fd_check_pct']:.3g} % (d = {m['d']})" for m in fd)
              + " of analyze.")
    big = max(merged, key=lambda m: m["n"])
    print(f"- Largest case (d = {big['d']}, n = {big['n']}): analyze {fmt_s(big['t_analyze'])} s "
          f"= {big['t_analyze'] / big['t_eig_dgeevx']:.2f} × one dgeevx of J "
          f"(analyze runs two dgeevx, on J and on the transversal block, and one dgesvd).")
    ratio = [m["ratio_dgeev_numpy"] for m in merged]
    ratio_x = [m["ratio_dgeevx_numpy"] for m in merged]
    print(f"- dgeev / numpy eigvals: median {statistics.median(ratio):.2f} "
          f"(range {min(ratio):.2f}–{max(ratio):.2f}); dgeevx / numpy eigvals: median "
          f"{statistics.median(ratio_x):.2f} (range {min(ratio_x):.2f}–{max(ratio_x):.2f}).")
    if all(m["max_abs_diff_dgeev"] == 0.0 for m in merged):
        print("- dgeev and numpy.linalg.eigvals returned bit-identical eigenvalues for every d: "
              "numpy runs the same LAPACK dgeev (see the libraries below), so dgeev / numpy "
              "differs from 1 only by numpy's per-call overhead (a few µs, visible for "
              "n ≲ 50) and by this run's timing noise.")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("prog")
    ap.add_argument("dims", nargs="*", type=int)
    ap.add_argument("--out", default="bench/out")
    ap.add_argument("--min-time", type=float, default=0.2)
    ap.add_argument("--min-reps", type=int, default=5)
    ap.add_argument("--min-reps-analyze", type=int, default=3)
    ap.add_argument("--tsv")
    args = ap.parse_args()
    dims = args.dims or [int(x) for x in subprocess.run(
        [args.prog, "--default-dims"], check=True, capture_output=True, text=True).stdout.split()]

    merged = []
    ok = True
    for dim in dims:
        cmd = [args.prog, "--out", args.out, "--min-time", str(args.min_time), "--min-reps",
               str(args.min_reps), "--min-reps-analyze", str(args.min_reps_analyze), str(dim)]
        proc = subprocess.run(cmd, stdout=subprocess.PIPE, text=True)  # stderr passes through
        if proc.returncode != 0:
            print(f"lq_scaling.py: {' '.join(cmd)}: exit status {proc.returncode}",
                  file=sys.stderr)
            return 2
        out = proc.stdout
        print(out.rstrip("\n").split("\n")[-1], file=sys.stderr)
        row = next(csv.DictReader(out.splitlines(), delimiter="\t"))
        d, n = int(row["d"]), int(row["n"])
        J = load_jacobian(f"{args.out}/J_d{d}.bin")
        if J.shape != (n, n):
            raise SystemExit(f"J_d{d}.bin: n = {J.shape[0]}, the C side says {n}")
        ev_geev, ev_geevx = load_eigenvalues(f"{args.out}/ev_d{d}.bin", n)
        lam = np.linalg.eigvals(J)
        t_np, reps = time_median(lambda: np.linalg.eigvals(J), args.min_time, args.min_reps)
        diff_geev, scale = sorted_max_diff(ev_geev, lam)
        diff_geevx, _ = sorted_max_diff(ev_geevx, lam)
        agree = diff_geev <= AGREE_RTOL * scale and diff_geevx <= AGREE_RTOL * scale
        ok = ok and agree
        t_an, t_j = float(row["t_analyze"]), float(row["t_jacobian"])
        t_gx, t_g = float(row["t_eig_dgeevx"]), float(row["t_eig_dgeev"])
        t_fd = float(row["t_fd_check"])  # nan where analyze skips the check
        merged.append({
            "d": d, "n": n, "t_analyze": t_an, "t_jacobian": t_j,
            "jacobian_pct": 100.0 * t_j / t_an, "t_fd_check": t_fd,
            "fd_check_pct": 100.0 * t_fd / t_an, "t_eig_dgeevx": t_gx, "t_eig_dgeev": t_g,
            "t_numpy_eigvals": t_np, "ratio_dgeev_numpy": t_g / t_np,
            "ratio_dgeevx_numpy": t_gx / t_np, "max_abs_diff_dgeev": diff_geev,
            "max_abs_diff_dgeevx": diff_geevx, "max_abs_lambda": scale, "agree": agree,
            "reps_analyze": int(row["reps_analyze"]), "reps_numpy": reps,
            "verdict": row["verdict"],
        })
        print(f"lq_scaling.py: d = {d}: numpy eigvals {t_np:.3g} s ({reps} reps), "
              f"max |dlambda| dgeev {diff_geev:.2g}, dgeevx {diff_geevx:.2g} "
              f"(|lambda|max {scale:.3g}){'' if agree else '  DISAGREE'}", file=sys.stderr)

    if args.tsv:
        with open(args.tsv, "w", newline="") as f:
            w = csv.DictWriter(f, fieldnames=list(merged[0].keys()), delimiter="\t")
            w.writeheader()
            w.writerows(merged)

    print("| d | n | analyze s | J assembly s (% of analyze) | FD check s (% of analyze) "
          "| dgeevx s | dgeev s "
          "| numpy eigvals s | dgeev / numpy | dgeevx / numpy | max \\|Δλ\\| dgeev | "
          "max \\|Δλ\\| dgeevx | verdict |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|")
    for m in merged:
        print(f"| {m['d']} | {m['n']} | {fmt_s(m['t_analyze'])} | {fmt_s(m['t_jacobian'])} "
              f"({m['jacobian_pct']:.3g} %) | {fd_cell(m)} | {fmt_s(m['t_eig_dgeevx'])} "
              f"| {fmt_s(m['t_eig_dgeev'])} | {fmt_s(m['t_numpy_eigvals'])} "
              f"| {m['ratio_dgeev_numpy']:.2f} | {m['ratio_dgeevx_numpy']:.2f} "
              f"| {m['max_abs_diff_dgeev']:.1e} | {m['max_abs_diff_dgeevx']:.1e} "
              f"| {m['verdict']} |")
    print()
    summarize(merged)
    print()
    print(f"numpy {np.__version__}; numpy.linalg resolved BLAS/LAPACK: "
          + (", ".join(f"`{p}`" for p in loaded_lapack()) or "unknown"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
