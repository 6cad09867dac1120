#!/usr/bin/python3
"""High-precision cross-check of ganstab's eigenvalues (run with Debian's /usr/bin/python3,
which has python3-mpmath).

For random Dirac-GAN cases (fixed seed) covering every loss x regularizer x update scheme,
run `ganstab analyze BASE --set ... --format json` and compare "field_eigenvalues" and
"eigenvalues" with an independent 50-digit computation in mpmath:

  J = [[0, -a], [a, -c]]   a = f'(0) (1/2 standard and nonsaturating, 1 wgan),
                           c = gamma (gp, and r1/r2, which reduce to it on the Dirac-GAN,
                               Mescheder et al. 2018, Sec. 4.1),
                               -2 f''(0) sigma^2 (noise; f''(0) = -1/4 standard and
                               nonsaturating, 0 wgan), 0 (none)
  conopt: J = J0 - gamma J0^T J0 with J0 = [[0, -a], [a, 0]] (w = v - gamma J^T v linearized
          at a stationary point, where the curvature term sum_k v_k dJ_k vanishes), formed
          here as a 50-digit matrix product
  operator: flow J; simgd I + hJ; ttur I + diag(hg, hd) J;
            altgd with Sg = I + h diag(1,0) J, Sd = I + h diag(0,1) J:
            gen-first Sd^nd Sg^ng, disc-first Sg^ng Sd^nd.

Every JSON eigenvalue must be within 1e-9 of its high-precision match (the acceptance
criterion: "ConOpt and the penalties agree with an independent high-precision computation of
eigenvalues to 1e-9 for random gamma and h"). The Jacobian is compared to J (1e-12), the
operator matrix to the exact one (1e-12 relative; it alone tells the altgd orders apart), and
where the high-precision margin from the stability boundary exceeds 1e-6 the verdict must agree.

The first 60 cases (standard/wgan x none/gp/noise) are drawn exactly as before the other
losses and regularizers existed; the others come from a second stream, so adding them changed
none of the earlier cases.

LQ-GAN (Nagarajan & Kolter 2017, Figure 3; model lq2d): 40 more cases from a third stream,
standard and wgan losses, regularizer nk with eta in [0, 3] (eq. (4)), every scheme with random
steps, run on cases/lq2d-fig3-gan-eta0.ini (no [critical] section). The 50-digit J at the
equilibrium (a, w2) = (1, 0) is built from the objective
  V(a, w2) = 1/2 int_{-1}^{1} [f(w2 x^2) + f(-w2 a^2 x^2)] dx,   v = (-dV/da, +dV/dw2),
as J = [[-V_aa, -V_aw2], [V_aw2, V_w2w2]], with V's second derivatives taken by mpmath.diff of
V (itself by mpmath.quad) and, independently, by mpmath.quad of the second-derivative integrands
written out from V (f' and f'' by mpmath.diff of f); the two must agree to 1e-40, and with the
paper's closed form [[0, 2f'(0)/3], [-2f'(0)/3, 2f''(0)/5]] (Sec. 3.3) too. The regularized J_eta
is J with the generator's row replaced by J_G. - 2 eta J_DG J_D. (eq. (4) linearized at a
stationary point: d/dx (v_G - 2 eta J_DG v_D) = J_G. - 2 eta J_DG J_D. when v_D = 0); operator and
comparisons as above.

Usage (repository root): GANSTAB=build/ganstab /usr/bin/python3 tests/check_highprec.py [-v]
Prints one line per failure (all with -v) and ends with `N passed, M failed`; exit 1 on failure.
"""
import itertools
import json
import os
import random
import subprocess
import sys
import tempfile

import mpmath
from mpmath import mp, mpf

mp.dps = 50

SEED = 20180710  # fixed: the same cases on every run
TOL_EIG = 1e-9  # acceptance criterion of the issue: |computed - exact| <= 1e-9
TOL_JAC = 1e-12  # the analytic Jacobian is exact up to rounding of a, c
TOL_OP = 1e-12  # operator entries, relative to max(1, max |entry|): a product of <= 10
               # 2x2 factors loses a few ulps per factor
VERDICT_MARGIN = 1e-6  # beyond this distance from the boundary the verdict is decided

GANSTAB = os.environ.get("GANSTAB", "build/ganstab")
VERBOSE = "-v" in sys.argv[1:]

LOSSES = ["standard", "wgan"]
REGULARIZERS = ["none", "gp", "noise"]
SCHEMES = ["flow", "simgd", "altgd-gen-first", "altgd-disc-first", "ttur"]
REPEAT = 2  # cases per (loss, regularizer, scheme): 2 * 3 * 5 * 2 = 60
# Added later, each combination not above: (3 * 6 - 2 * 3) * 5 * 2 = 120 more cases.
LOSSES_ALL = LOSSES + ["nonsaturating"]
REGULARIZERS_ALL = REGULARIZERS + ["r1", "r2", "conopt"]
GAMMA_REGULARIZERS = ("gp", "r1", "r2", "conopt")


def base_case(tmpdir):
    """cases/dirac-gp.ini without its [critical] section: the sweep it declares
    (param = regularizer.gamma) is validated on every run and is refused once --set changes
    regularizer.kind, which is not what this test is about."""
    out, skip = [], False
    with open("cases/dirac-gp.ini") as f:
        for line in f:
            s = line.strip()
            if s.startswith("["):
                skip = s.startswith("[critical]")
            if not skip:
                out.append(line)
    path = os.path.join(tmpdir, "dirac-base.ini")
    with open(path, "w") as f:
        f.writelines(out)
    return path


def draw_cases():
    rng = random.Random(SEED)
    cases = []
    combos = list(itertools.product(LOSSES, REGULARIZERS, SCHEMES, range(REPEAT)))
    first = len(combos)
    combos += [c for c in itertools.product(LOSSES_ALL, REGULARIZERS_ALL, SCHEMES, range(REPEAT))
               if c[0] not in LOSSES or c[1] not in REGULARIZERS]
    for i, (loss, reg, scheme, _) in enumerate(combos):
        if i == first:
            rng = random.Random(SEED + 1)  # the added cases: their own stream
        p = {"loss": loss, "reg": reg, "scheme": scheme}
        if reg in GAMMA_REGULARIZERS:
            p["gamma"] = rng.uniform(0, 3)
        if reg == "noise":
            p["sigma"] = rng.uniform(0, 3)
        if scheme in ("simgd",) or scheme.startswith("altgd"):
            p["h"] = rng.uniform(0, 2)
        if scheme.startswith("altgd"):
            p["ng"] = rng.randint(1, 5)
            p["nd"] = rng.randint(1, 5)
        if scheme == "ttur":
            p["hg"] = rng.uniform(0, 2)
            p["hd"] = rng.uniform(0, 2)
        for k in ("gamma", "sigma", "h", "hg", "hd"):
            if k in p and p[k] == 0.0:  # uniform() may return the endpoint; the domain is open
                p[k] = 0.5
        cases.append(p)
    return cases


def set_args(p):
    s = ["case.loss=" + p["loss"], "regularizer.kind=" + p["reg"]]
    if "gamma" in p:
        s.append("regularizer.gamma=%r" % p["gamma"])
    if "sigma" in p:
        s.append("regularizer.sigma=%r" % p["sigma"])
    scheme = p["scheme"]
    if scheme.startswith("altgd"):
        s += ["update.scheme=altgd", "update.order=" + scheme[len("altgd-"):],
              "update.h=%r" % p["h"], "update.ng=%d" % p["ng"], "update.nd=%d" % p["nd"]]
    else:
        s.append("update.scheme=" + scheme)
        if scheme == "simgd":
            s.append("update.h=%r" % p["h"])
        if scheme == "ttur":
            s += ["update.hg=%r" % p["hg"], "update.hd=%r" % p["hd"]]
    args = []
    for a in s:
        args += ["--set", a]
    return args


def operator(J, p):
    """The update operator acting on J (None for flow), as in the module docstring."""
    I = mpmath.eye(2)
    scheme = p["scheme"]
    if scheme == "flow":
        return None
    if scheme == "simgd":
        return I + mpf(p["h"]) * J
    if scheme == "ttur":
        return I + mpmath.diag([mpf(p["hg"]), mpf(p["hd"])]) * J
    h = mpf(p["h"])
    Sg = I + h * mpmath.diag([1, 0]) * J
    Sd = I + h * mpmath.diag([0, 1]) * J
    if scheme == "altgd-gen-first":
        return Sd ** p["nd"] * Sg ** p["ng"]
    return Sg ** p["ng"] * Sd ** p["nd"]


def exact(p):
    """50-digit J, operator (None for flow) and their eigenvalues."""
    # f(t) = -log(1 + e^-t) for standard and nonsaturating (the latter changes the generator's
    # row only from second order on, so J at the equilibrium is the standard one); f(t) = t wgan
    a = mpf(1) if p["loss"] == "wgan" else mpf(1) / 2
    fpp = mpf(0) if p["loss"] == "wgan" else -mpf(1) / 4
    if p["reg"] in ("gp", "r1", "r2"):
        c = mpf(p["gamma"])
    elif p["reg"] == "noise":
        c = -2 * fpp * mpf(p["sigma"]) ** 2
    else:
        c = mpf(0)
    J = mpmath.matrix([[0, -a], [a, -c]])
    if p["reg"] == "conopt":
        J0 = mpmath.matrix([[0, -a], [a, 0]])
        J = J0 - mpf(p["gamma"]) * (J0.T * J0)
    A = operator(J, p)
    field = list(mpmath.eig(J, left=False, right=False))
    op = field if A is None else list(mpmath.eig(A, left=False, right=False))
    return J, A, field, op


LQ_SEED = SEED + 2  # the LQ-GAN cases: their own stream
LQ_CASES = 40
LQ_LOSSES = ["standard", "wgan"]
LQ_BASE = "cases/lq2d-fig3-gan-eta0.ini"  # kind nk, eta 0, flow; no [critical] section
# The two 50-digit Hessians of V (mpmath.diff of the quadrature, quadrature of the derivatives)
# and the closed form: they agree to ~1e-50; 1e-40 leaves ten digits for mpmath.diff's steps.
TOL_HESS = mpf(10) ** -40


def lq_f(loss, t):
    """f(t) = -log(1 + e^-t) (standard), t (wgan)."""
    return t if loss == "wgan" else -mpmath.log1p(mpmath.exp(-t))


def lq_V(loss, a, w2):
    return mpmath.quad(lambda x: lq_f(loss, w2 * x ** 2) + lq_f(loss, -w2 * a ** 2 * x ** 2),
                       [-1, 1]) / 2


def lq_hessian_by_diff(loss):
    """(V_aa, V_aw2, V_w2w2) at (1, 0): mpmath.diff of the quadrature of V."""
    V = lambda a, w2: lq_V(loss, a, w2)
    return tuple(mpmath.diff(V, (1, 0), order) for order in ((2, 0), (1, 1), (0, 2)))


def lq_hessian_by_quad(loss):
    """(V_aa, V_aw2, V_w2w2) at (1, 0): quadrature of the second derivatives of the integrands,
    written out from V with u = -w2 a^2 z^2:
      d2/da2   f(u) = f''(u) (2 w2 a z^2)^2 - 2 w2 z^2 f'(u)
      d2/dadw2 f(u) = -2 a z^2 f'(u) + 2 w2 a^3 z^4 f''(u)
      d2/dw2^2 [f(w2 x^2) + f(u)] = x^4 f''(w2 x^2) + a^4 z^4 f''(u)."""
    a, w2 = mpf(1), mpf(0)
    d1 = lambda t: mpmath.diff(lambda s: lq_f(loss, s), t, 1)
    d2 = lambda t: mpmath.diff(lambda s: lq_f(loss, s), t, 2)
    E = lambda g: mpmath.quad(g, [-1, 1]) / 2
    u = lambda z: -w2 * a ** 2 * z ** 2
    vaa = E(lambda z: d2(u(z)) * (2 * w2 * a * z ** 2) ** 2 - 2 * w2 * z ** 2 * d1(u(z)))
    vaw = E(lambda z: -2 * a * z ** 2 * d1(u(z)) + 2 * w2 * a ** 3 * z ** 4 * d2(u(z)))
    vww = E(lambda x: x ** 4 * d2(w2 * x ** 2)) + E(lambda z: a ** 4 * z ** 4 * d2(u(z)))
    return vaa, vaw, vww


def lq_jacobians():
    """{loss: 50-digit J at (1, 0)}; raises if the three computations disagree."""
    out = {}
    for loss in LQ_LOSSES:
        h1, h2 = lq_hessian_by_diff(loss), lq_hessian_by_quad(loss)
        gap = max(abs(x - y) for x, y in zip(h1, h2))
        if gap > TOL_HESS:
            raise AssertionError("lq2d %s: Hessian of V by diff and by quad differ by %s"
                                 % (loss, mpmath.nstr(gap, 3)))
        vaa, vaw, vww = h1
        J = mpmath.matrix([[-vaa, -vaw], [vaw, vww]])
        fp = mpf(1) if loss == "wgan" else mpf(1) / 2  # f'(0), f''(0): Sec. 2 / Appendix E
        fpp = mpf(0) if loss == "wgan" else -mpf(1) / 4
        closed = mpmath.matrix([[0, 2 * fp / 3], [-2 * fp / 3, 2 * fpp / 5]])
        gap = max(abs(J[r, k] - closed[r, k]) for r in range(2) for k in range(2))
        if gap > TOL_HESS:
            raise AssertionError("lq2d %s: J from V differs from Sec. 3.3's closed form by %s"
                                 % (loss, mpmath.nstr(gap, 3)))
        out[loss] = J
    return out


def lq_draw_cases():
    rng = random.Random(LQ_SEED)
    cases = []
    for i in range(LQ_CASES):
        p = {"loss": LQ_LOSSES[i % 2], "reg": "nk", "scheme": SCHEMES[(i // 2) % len(SCHEMES)]}
        p["eta"] = 0.0 if i % 10 in (0, 1) else rng.uniform(0, 3)
        scheme = p["scheme"]
        if scheme == "simgd" or scheme.startswith("altgd"):
            p["h"] = rng.uniform(0, 3)
        if scheme.startswith("altgd"):
            p["ng"] = rng.randint(1, 4)
            p["nd"] = rng.randint(1, 4)
        if scheme == "ttur":
            p["hg"] = rng.uniform(0, 3)
            p["hd"] = rng.uniform(0, 3)
        for k in ("h", "hg", "hd"):
            if k in p and p[k] == 0.0:
                p[k] = 0.5
        cases.append(p)
    return cases


def lq_set_args(p):
    return set_args(p) + ["--set", "regularizer.eta=%r" % p["eta"]]


def lq_exact(p, jacobians):
    """50-digit J_eta, operator (None for flow) and their eigenvalues."""
    J0 = jacobians[p["loss"]]
    eta = mpf(p["eta"])
    J = J0.copy()
    for k in range(2):  # generator row (index 0): J_G. - 2 eta J_DG J_D., J_DG = J0[1, 0]
        J[0, k] = J0[0, k] - 2 * eta * J0[1, 0] * J0[1, k]
    A = operator(J, p)
    field = list(mpmath.eig(J, left=False, right=False))
    op = field if A is None else list(mpmath.eig(A, left=False, right=False))
    return J, A, field, op


def match_error(got, want):
    """Largest |got_i - want_pi(i)| over the best one-to-one matching (n is 2)."""
    if len(got) != len(want):
        return None
    best = None
    for perm in itertools.permutations(range(len(want))):
        err = max(abs(mpmath.mpc(g) - want[j]) for g, j in zip(got, perm))
        best = err if best is None or err < best else best
    return best


def json_eigs(lst):
    return [complex(e["re"], e["im"]) for e in lst]


def main():
    npass = nfail = 0
    worst = mpf(0)  # largest eigenvalue error seen, for the summary
    worst_lq = mpf(0)  # the same over the LQ-GAN cases

    def report(ok, desc, detail=""):
        nonlocal npass, nfail
        if ok:
            npass += 1
            if VERBOSE:
                print("ok - " + desc)
        else:
            nfail += 1
            print("not ok - " + desc + (": " + detail if detail else ""))

    with tempfile.TemporaryDirectory(prefix="ganstab-hp.") as tmpdir:
        base = base_case(tmpdir)
        runs = [(base, p, set_args(p), exact) for p in draw_cases()]
        try:
            jacobians = lq_jacobians()
        except AssertionError as e:
            report(False, "lq2d: the 50-digit J from V", str(e))
            jacobians = None
        if jacobians is not None:
            runs += [(LQ_BASE, p, lq_set_args(p), lambda q: lq_exact(q, jacobians))
                     for p in lq_draw_cases()]
        for i, (casefile, p, sets, exact_fn) in enumerate(runs):
            args = [GANSTAB, "analyze", casefile] + sets + ["--format", "json"]
            desc = "case %d %s" % (i, " ".join(args[2:-2]) if casefile == LQ_BASE
                                   else " ".join(args[3:-2]))
            proc = subprocess.run(args, capture_output=True, text=True)
            if proc.returncode != 0:
                report(False, desc, "exit %d: %s" % (proc.returncode, proc.stderr.strip()))
                continue
            try:
                d = json.loads(proc.stdout)
            except ValueError as e:
                report(False, desc, "JSON does not parse: %s" % e)
                continue
            J, A, field, op = exact_fn(p)

            jerr = max(abs(mpf(d["jacobian"][r][k]) - J[r, k]) for r in range(2) for k in range(2))
            report(jerr <= TOL_JAC, desc + " jacobian", "max |diff| = %s" % mpmath.nstr(jerr, 3))

            # The operator itself: the eigenvalues cannot tell gen-first from disc-first
            # (Sd^nd Sg^ng and Sg^ng Sd^nd are similar), the matrix can.
            if A is None:
                report(d["operator"] is None, desc + " operator is null for flow")
            else:
                scale = max(1, max(abs(A[r, k]) for r in range(2) for k in range(2)))
                try:
                    oerr = max(abs(mpf(d["operator"][r][k]) - A[r, k])
                               for r in range(2) for k in range(2))
                except (TypeError, IndexError, KeyError):
                    oerr = None
                report(oerr is not None and oerr <= TOL_OP * scale, desc + " operator",
                       "max |diff| = %s (scale %s)"
                       % (None if oerr is None else mpmath.nstr(oerr, 3), mpmath.nstr(scale, 3)))

            for name, want in (("field_eigenvalues", field), ("eigenvalues", op)):
                got = json_eigs(d[name])
                err = match_error(got, want)
                if err is not None and err > worst:
                    worst = err
                if err is not None and casefile == LQ_BASE and err > worst_lq:
                    worst_lq = err
                report(err is not None and err <= TOL_EIG, desc + " " + name,
                       "max |diff| = %s; got %s; exact %s"
                       % (None if err is None else mpmath.nstr(err, 3), got,
                          [mpmath.nstr(w, 17) for w in want]))

            if A is None:
                margin = max(mpmath.re(w) for w in op)
            else:
                margin = max(abs(w) for w in op) - 1
            if abs(margin) > VERDICT_MARGIN:
                want_v = "stable" if margin < 0 else "unstable"
                report(d["verdict"] == want_v, desc + " verdict",
                       "verdict %r, exact margin %s -> %s"
                       % (d["verdict"], mpmath.nstr(margin, 6), want_v))

    print("largest eigenvalue error: %s (limit %g); LQ-GAN cases: %s"
          % (mpmath.nstr(worst, 3), TOL_EIG, mpmath.nstr(worst_lq, 3)))
    print("%d passed, %d failed" % (npass, nfail))
    return 1 if nfail else 0


if __name__ == "__main__":
    sys.exit(main())
