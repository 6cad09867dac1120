#!/usr/bin/python3
"""Benchmark gmm_heatmap: ganstab's first-order GMM-GAN heatmap (Li et al. 2018, Figure 2)
against a straightforward vectorized NumPy implementation of the same dynamics.

usage: gmm_heatmap.py BENCH_BINARY --out DIR [--grid G] [--inits K] [--iters T]
                      [--check-steps N] [--min-time S] [--tsv FILE]

1. Same trajectories: BENCH_BINARY trajectories writes the first-order runs of ganstab_gmm_step
   from the heatmap's starts (every start of every cell of a small grid, N steps); NumPy runs the
   same starts for N steps; every state of every step must agree to 1e-9 (else exit 1).
2. Timing, same slice: the G x G grid of generator starts on [-1, 1]^2, K discriminator starts
   each, T steps of size 0.3, mu* = (-0.5, 0.5). ganstab (ganstab_gmm_heatmap_run: the
   lane-parallel kernel, OpenMP) with 1 and 2 threads; NumPy vectorized over all G^2 K runs at
   once (one array operation per term and step, masks for collapsed intervals, no early exit).
3. Throughput limits: evaluations per second of glibc exp / erfc and of the kernel's own exp
   (BENCH_BINARY throughput), and of numpy.exp on a 4096-vector.
Writes a Markdown table to stdout.

The NumPy dynamics (Li et al. eqs. (9)-(11) with gmm.h's rules: D = sum of the interval
indicators, weights 1/2, a collapsed interval r <= l contributes nothing), for open interval j
with endpoints e = l_j (o = -1), r_j (o = +1) and means m:
    dL/de   = o/2 sum_k [phi(e - mu*_k) - phi(e - mu_k)]
    dL/dmu_k = 1/2 sum_j [phi(r_j - mu_k) - phi(l_j - mu_k)]
    mu <- mu - h dL/dmu,   (l, r) <- (l, r) + h dL/d(l, r).
"""
import argparse
import struct
import subprocess
import sys
import time

import numpy as np

MU_STAR = (-0.5, 0.5)
STEP = 0.3
INV_SQRT_2PI = 0.39894228040143267794
TOL = 1e-9


def phi(t):
    return INV_SQRT_2PI * np.exp(-0.5 * t * t)


def step(x):
    """One first-order step of all runs; x has shape (6, R): mu1, mu2, l1, r1, l2, r2."""
    g = np.zeros_like(x)
    for j in (0, 1):
        il, ir = 2 + 2 * j, 3 + 2 * j
        open_j = x[ir] > x[il]
        for ie, o in ((il, -1.0), (ir, 1.0)):
            e = x[ie]
            for k in (0, 1):
                real = phi(e - MU_STAR[k])
                fake = phi(e - x[k])
                g[ie] += np.where(open_j, 0.5 * o * (real - fake), 0.0)
                g[k] += np.where(open_j, 0.5 * o * fake, 0.0)
    x[0:2] -= STEP * g[0:2]
    x[2:6] += STEP * g[2:6]


def read_trajectories(path):
    with open(path, "rb") as f:
        runs, steps = struct.unpack("<QQ", f.read(16))
        data = np.frombuffer(f.read(), dtype="<f8")
    if data.size != runs * (steps + 1) * 6:
        sys.exit(f"gmm_heatmap.py: {path}: expected {runs * (steps + 1) * 6} doubles, "
                 f"got {data.size}")
    return data.reshape(runs, steps + 1, 6), runs, steps


def check_trajectories(binary, out, grid, inits, steps):
    path = f"{out}/gmm_trajectories.bin"
    subprocess.run([binary, "trajectories", "--out", path, "--grid", str(grid), "--inits",
                    str(inits), "--steps", str(steps)], check=True)
    traj, runs, steps = read_trajectories(path)
    x = np.ascontiguousarray(traj[:, 0, :].T)  # the shared starts, (6, runs)
    worst = 0.0
    for t in range(1, steps + 1):
        step(x)
        worst = max(worst, float(np.max(np.abs(x.T - traj[:, t, :]))))
    return runs, steps, worst


def time_numpy(grid, inits, iters, min_time):
    """The same slice: the heatmap's grid of generator starts and its starts per cell, drawn here
    from NumPy's generator (the start values do not change the cost of a fixed-length run)."""
    rng = np.random.default_rng(1)
    axis = np.linspace(-1.0, 1.0, grid)
    runs = grid * grid * inits
    times = []
    total = 0.0
    while total < min_time or len(times) < 1:
        x = np.empty((6, runs))
        x[0] = np.repeat(axis, grid * inits)
        x[1] = np.tile(np.repeat(axis, inits), grid)
        for j in (0, 1):
            left = rng.uniform(-3.0, 3.0, runs)
            x[2 + 2 * j] = left
            x[3 + 2 * j] = left + 3.0 * (1.0 - rng.uniform(0.0, 1.0, runs))
        t0 = time.perf_counter()
        for _ in range(iters):
            step(x)
        times.append(time.perf_counter() - t0)
        total += times[-1]
    return float(np.median(times)), runs * iters


def numpy_exp_rate(min_time):
    a = -0.5 * np.linspace(0.0, 6.0, 4096) ** 2
    b = np.empty_like(a)
    reps, t0 = 0, time.perf_counter()
    while time.perf_counter() - t0 < min_time:
        np.exp(a, out=b)
        reps += 1
    return reps * a.size / (time.perf_counter() - t0)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("binary")
    ap.add_argument("--out", required=True)
    ap.add_argument("--grid", type=int, default=9)
    ap.add_argument("--inits", type=int, default=120)
    ap.add_argument("--iters", type=int, default=3000)
    ap.add_argument("--check-grid", type=int, default=5)
    ap.add_argument("--check-inits", type=int, default=16)
    ap.add_argument("--check-steps", type=int, default=200)
    ap.add_argument("--min-time", type=float, default=0.5)
    ap.add_argument("--tsv")
    a = ap.parse_args()

    runs_chk, steps_chk, worst = check_trajectories(a.binary, a.out, a.check_grid, a.check_inits,
                                                    a.check_steps)
    print(f"trajectories: {runs_chk} runs x {steps_chk} steps, max |ganstab - numpy| = "
          f"{worst:.2e}", file=sys.stderr)

    rates = {}
    out = subprocess.run([a.binary, "throughput", "--min-time", str(a.min_time)], check=True,
                         capture_output=True, text=True).stdout
    for line in out.strip().splitlines():
        name, value = line.split("\t")
        rates[name] = float(value)
    rates["numpy exp"] = numpy_exp_rate(a.min_time)

    c = {}
    for threads in (1, 2):
        out = subprocess.run([a.binary, "time", "--grid", str(a.grid), "--inits", str(a.inits),
                              "--iters", str(a.iters), "--threads", str(threads), "--min-time",
                              str(a.min_time)], check=True, capture_output=True,
                             text=True).stdout.split("\t")
        c[threads] = (float(out[0]), int(out[1]), int(out[2]), int(out[3]))
        print(f"ganstab, {threads} thread(s): {c[threads][0]:.3f} s", file=sys.stderr)
    t_np, steps_np = time_numpy(a.grid, a.inits, a.iters, a.min_time)
    print(f"numpy: {t_np:.3f} s", file=sys.stderr)

    requested = c[1][2]
    assert requested == steps_np
    kexp = rates["kernel exp"]
    rows = []
    for name, secs, steps, threads in (("numpy (1 core)", t_np, steps_np, 1),
                                       ("ganstab, 1 thread", c[1][0], c[1][1], 1),
                                       ("ganstab, 2 threads", c[2][0], c[2][1], 2)):
        sps = steps / secs
        limit = kexp * threads / 16.0
        rows.append((name, secs, steps, sps, t_np / secs, sps / limit))
    print(f"**Same trajectories:** {runs_chk} runs (every start of a {a.check_grid} × "
          f"{a.check_grid} grid, {a.check_inits} starts per cell) × {steps_chk} steps: "
          f"max |ganstab − NumPy| over all states = {worst:.1e} (required ≤ {TOL:g}).\n")
    print(f"**Slice:** {a.grid} × {a.grid} generator starts, {a.inits} discriminator starts "
          f"each, {a.iters} steps: {requested:,} run-steps requested; ganstab computed "
          f"{c[1][1]:,} lane-steps (batches of 8 runs stop when all 8 are frozen); "
          f"successes {c[1][3]} (1 thread) = {c[2][3]} (2 threads).\n")
    print("| implementation | seconds | steps computed | steps/s | speed-up vs NumPy "
          "| share of the exp limit |")
    print("|---|---:|---:|---:|---:|---:|")
    for name, secs, steps, sps, ratio, share in rows:
        print(f"| {name} | {secs:.3g} | {steps:,} | {sps:.3g} | {ratio:.1f}× | {share:.0%} |")
    print()
    print("Exp limit: 16 exp per step (4 endpoints × 4 means, gmm.h) at the kernel exp's rate "
          "below, times the threads; *speed-up* is NumPy's time over ganstab's for the same "
          "slice.\n")
    print("| transcendental (1 core) | evaluations/s | steps/s it allows (16 per step) |")
    print("|---|---:|---:|")
    for name in ("kernel exp", "glibc exp", "glibc erfc", "numpy exp"):
        print(f"| {name} | {rates[name]:.3g} | {rates[name] / 16:.3g} |")
    if a.tsv:
        with open(a.tsv, "w") as f:
            for name, secs, steps, sps, ratio, share in rows:
                f.write(f"{name}\t{secs}\t{steps}\t{sps}\t{ratio}\t{share}\n")
    if worst > TOL or c[1][3] != c[2][3]:
        print("gmm_heatmap.py: FAILED: trajectories differ or thread counts disagree",
              file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
