#!/usr/bin/python3
"""High-precision cross-check of ganstab's optimizer schemes (issue 11), run with Debian's
/usr/bin/python3 (python3-mpmath).

(a) Operators. For random parameters (fixed seed) and every scheme of issue 11 -- extragradient
and optimistic (h_e given and h_e = h), heavy-ball momentum (simultaneous; alternating gen-first
and disc-first), complex momentum, SGA (plain and aligned), CGD, ConOpt, and lookahead over simgd,
altgd, ttur, extragradient, sga, cgd and conopt -- on the Dirac-GAN (standard and wgan losses,
regularizer none and gp with random gamma; cases/dirac-gp.ini without its [critical] section) and
on model lq2d (standard and wgan, regularizer nk with random eta; cases/lq2d-fig3-gan-eta0.ini),
ONE ACTUAL ITERATION of the optimizer is written here in mpmath (50 digits) as a map on the
augmented state, applied to the nonlinear field, and its Jacobian at the fixed point
  x* (memoryless schemes), (x*, x*) (optimistic, momentum), (x*, 0, 0) (complex momentum)
is taken by numerical differentiation (central differences with mpmath.diff's own step rule:
step 2^-(prec+10) evaluated at 2 (prec+20) bits, so truncation and rounding are both far below
1e-40; `jacobian` below, cross-checked against mpmath.diff entry by entry on two cases). No closed
form of an operator is used. Where an iteration needs J(x) away from the equilibrium (sga, cgd,
conopt, and sga's alignment rule) it is taken from the field by mpmath.diff, never from ganstab.

  fields (x = (generator..., discriminator...)):
    dirac  v = (-f'(theta psi) psi, f'(theta psi) theta - gamma psi)      (gamma = 0: none)
           f'(t) = 1/(1 + e^t) standard, 1 wgan; x* = (0, 0)
    lq2d   V(a, w2) = 1/2 int_{-1}^{1} [f(w2 x^2) + f(-w2 a^2 x^2)] dx = F(w2) + F(-w2 a^2),
           F(c) = int_0^1 f(c x^2) dx, v = (-dV/da, dV/dw2) = (2 a w2 F'(-w2 a^2),
           F'(w2) - a^2 F'(-w2 a^2)); nk (Nagarajan & Kolter 2017, eq. (4)):
           v_a <- v_a - 2 eta (dv_w2/da) v_w2; x* = (1, 0).
           F'(c) = int_0^1 x^2 f'(c x^2) dx by the series of f'(t) = 1/2 - sum_n (2^2n - 1)
           B_2n t^(2n-1)/(2n)! (|c| < pi), checked against mpmath.diff of check_highprec.py's
           objective lq_V (mpmath.quad) at random points to 1e-40 before use.
  iterations (h_e = h where not given):
    simgd x + h v(x);  ttur x + diag(hg, hd) v(x);  altgd ng generator sub-steps
    g += h v_g(x), nd discriminator sub-steps d += h v_d(x) (order gen-first/disc-first);
    extragradient y = x + h_e v(x), x + h v(y);
    optimistic (x, x_p) -> (x + (h + h_e) v(x) - h_e v(x_p), x);
    momentum (x, x_p) -> (x + h v(x) + beta (x - x_p), x); alternating: the first player
      g' = g + h v_g(g, d) + beta (g - g_p), then d' = d + h v_d(g', d) + beta (d - d_p)
      (disc-first: the other way round);
    complex-momentum (x, m_r, m_i): mu' = (beta + i beta_im) mu + v(x), x' = x + h Re mu';
    lookahead: k base steps x -> x_k, x + alpha (x_k - x);
    sga: xi = -v, H = -J(x), A = (H - H^T)/2, x - h (xi + lambda A^T xi); aligned: lambda ->
      sign(<xi, H^T xi><A^T xi, H^T xi>/n + 1/10) |lambda| (Balduzzi et al. 2018, Alg. 1);
    cgd: x + h (I - h J_off(x))^-1 v(x), J_off = J(x) with its diagonal blocks zeroed;
    conopt: x + h (v(x) - gamma J(x)^T v(x)).
Compared with `ganstab analyze BASE --set ... --format json`: "eigenvalues" (multisets, 1e-9),
"operator" (entries, 1e-9 relative to max(1, max |entry|)), and the verdict where the 50-digit
spectral radius is farther than 1e-6 from 1.

(b) Stability intervals in h of the unregularized Dirac-GAN (J = [[0, -a], [a, 0]], a = f'(0):
1/2 standard, 1 wgan). The closed forms (derivations in the comment above `interval` below)
are first verified in mpmath on the differentiated iteration (spectral radius
< 1 at h = end (1 - 1e-7) and at interior points, > 1 at end (1 + 1e-7) and beyond), then
`ganstab critical BASE --param update.h --from A --to B --format json` must report a stability
crossing within 1e-10 max(1, |end|) of every end in (A, B) (stable -> unstable), the one
crossing inside an unstable range (alternating momentum with beta outside (-1, 0]: unstable ->
unstable) and no other; lookahead over altgd touches rho = 1 at isolated h inside its interval
(no crossing; listed with -v if ganstab reports them). Finally `ganstab compare` over
[0.01, 6] must give every optimizer's stable segments as the closed-form set (1e-10).

Usage (repository root): GANSTAB=build/ganstab /usr/bin/python3 tests/check_optimizers.py [-v]
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

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from check_highprec import lq_V  # noqa: E402  (the LQ-GAN objective, by mpmath.quad)

mp.dps = 50

SEED = 20190401  # fixed: the same cases on every run
TOL_EIG = 1e-9  # acceptance criterion (a) of issue 11
TOL_OP = 1e-9  # operator entries, relative to max(1, max |entry|)
TOL_CRIT = 1e-10  # acceptance criterion (b): interval ends, relative to max(1, |end|)
VERDICT_MARGIN = 1e-6  # beyond this distance of the spectral radius from 1 the verdict is decided
TOL_SERIES = mpf(10) ** -40  # lq2d series field against mpmath.diff of the quadrature objective

GANSTAB = os.environ.get("GANSTAB", "build/ganstab")
VERBOSE = "-v" in sys.argv[1:]


# ---------------------------------------------------------------------------------------------
# Fields


def dirac_fprime(loss, t):
    return mpf(1) if loss == "wgan" else 1 / (1 + mpmath.exp(t))


def dirac_field(loss, gamma):
    """v(theta, psi) of the Dirac-GAN; gamma = 0 without the gradient penalty."""
    g = mpf(gamma)

    def v(x):
        theta, psi = x
        d = dirac_fprime(loss, theta * psi)
        return [-d * psi, d * theta - g * psi]

    return v


def lq_fprime_series(loss, c):
    """F'(c) = int_0^1 x^2 f'(c x^2) dx from the Taylor series of f'."""
    if loss == "wgan":
        return mpf(1) / 3
    if abs(c) > 1:
        raise ValueError("lq2d series used at |c| = %s > 1" % mpmath.nstr(abs(c), 5))
    total = mpf(1) / 6
    eps = mpf(2) ** (-mp.prec - 10)
    n, cpow, c2 = 1, c, c * c
    while True:
        term = ((4 ** n - 1) * mpmath.bernoulli(2 * n) * cpow
                / (mpmath.factorial(2 * n) * (4 * n + 1)))
        total -= term
        if abs(term) < eps * abs(total) or cpow == 0:
            return total
        n += 1
        cpow *= c2


def lq_fsecond_series(loss, c):
    """F''(c) = int_0^1 x^4 f''(c x^2) dx, the derivative of the series above."""
    if loss == "wgan":
        return mpf(0)
    if abs(c) > 1:
        raise ValueError("lq2d series used at |c| = %s > 1" % mpmath.nstr(abs(c), 5))
    total = mpf(0)
    eps = mpf(2) ** (-mp.prec - 10)
    n, cpow, c2 = 1, mpf(1), c * c
    while True:
        term = ((4 ** n - 1) * mpmath.bernoulli(2 * n) * (2 * n - 1) * cpow
                / (mpmath.factorial(2 * n) * (4 * n + 1)))
        total -= term
        if n > 1 and (abs(term) < eps * max(abs(total), 1) or cpow == 0):
            return total
        n += 1
        cpow *= c2


def lq2d_field(loss, eta):
    e = mpf(eta)

    def v(x):
        a, w2 = x
        c = -w2 * a * a
        fpc = lq_fprime_series(loss, c)
        va = 2 * a * w2 * fpc
        vw = lq_fprime_series(loss, w2) - a * a * fpc
        if e != 0:
            dvw_da = -2 * a * fpc + 2 * a ** 3 * w2 * lq_fsecond_series(loss, c)
            va = va - 2 * e * dvw_da * vw
        return [va, vw]

    return v


def lq_series_check(rng):
    """Largest |v_series - v_from_V| over random points near (1, 0), both losses, and of the
    nk correction's dv_w2/da against mpmath.diff of the series field."""
    worst = mpf(0)
    for loss in ("standard", "wgan"):
        for _ in range(3):
            a, w2 = mpf(1 + rng.uniform(-0.3, 0.3)), mpf(rng.uniform(-0.4, 0.4))
            va_ref = -mpmath.diff(lambda s: lq_V(loss, s, w2), a)
            vw_ref = mpmath.diff(lambda s: lq_V(loss, a, s), w2)
            va, vw = lq2d_field(loss, 0)([a, w2])
            worst = max(worst, abs(va - va_ref), abs(vw - vw_ref))
            eta = mpf(rng.uniform(0, 3))
            va_eta = lq2d_field(loss, eta)([a, w2])[0]
            dvw_da = mpmath.diff(lambda s: lq2d_field(loss, 0)([s, w2])[1], a)
            worst = max(worst, abs(va_eta - (va - 2 * eta * dvw_da * vw)))
    return worst


# ---------------------------------------------------------------------------------------------
# Numerical differentiation


def field_jacobian(v, x):
    """J(x)[i][j] = d v_i / d x_j by mpmath.diff (the field evaluated once per point)."""
    n = len(x)
    J = [[None] * n for _ in range(n)]
    for j in range(n):
        cache = {}

        def vj(t, j=j, cache=cache):
            if t not in cache:
                y = list(x)
                y[j] = t
                cache[t] = v(y)
            return cache[t]

        for i in range(n):
            J[i][j] = mpmath.diff(lambda t, i=i: vj(t)[i], x[j])
    return J


def jacobian(F, s):
    """The Jacobian of the map F at s (lists of mpf), column by column by central differences with
    mpmath.diff's step rule (mpmath/calculus/differentiation.py, hsteps: step 2^-(prec+10),
    evaluated at 2 (prec+20) bits), rounded to the working precision."""
    prec = mp.prec
    m = len(s)
    cols = []
    with mp.workprec(2 * (prec + 20)):
        step = mpf(2) ** (-prec - 10)
        for j in range(m):
            sp, sm = list(s), list(s)
            sp[j] += step
            sm[j] -= step
            fp, fm = F(sp), F(sm)
            cols.append([(u - w) / (2 * step) for u, w in zip(fp, fm)])
    return mpmath.matrix([[+cols[j][i] for j in range(m)] for i in range(m)])


# ---------------------------------------------------------------------------------------------
# One iteration of each scheme on the nonlinear field


def vec_add(x, y, c=1):
    return [a + c * b for a, b in zip(x, y)]


def matvec(M, x):
    return [sum(M[i][j] * x[j] for j in range(len(x))) for i in range(len(M))]


def transpose(M):
    return [list(r) for r in zip(*M)]


def memory(scheme):
    return {"optimistic": 2, "momentum": 2, "complex-momentum": 3}.get(scheme, 1)


def base_step(p, scheme, v, ng):
    """x -> x+ for a memoryless scheme with the keys in p."""
    h = mpf(p["h"]) if "h" in p else None

    if scheme == "simgd":
        return lambda x: vec_add(x, v(x), h)

    if scheme == "ttur":
        hg, hd = mpf(p["hg"]), mpf(p["hd"])

        def ttur(x):
            w = v(x)
            return [x[i] + (hg if i < ng else hd) * w[i] for i in range(len(x))]

        return ttur

    if scheme == "altgd":
        def sub(x, player):
            w = v(x)
            return [x[i] + h * w[i] if (i < ng) == (player == "g") else x[i]
                    for i in range(len(x))]

        seq = (["g"] * p["ng"] + ["d"] * p["nd"] if p["order"] == "gen-first"
               else ["d"] * p["nd"] + ["g"] * p["ng"])

        def altgd(x):
            for player in seq:
                x = sub(x, player)
            return x

        return altgd

    if scheme == "extragradient":
        he = mpf(p["he"]) if "he" in p else h
        return lambda x: vec_add(x, v(vec_add(x, v(x), he)), h)

    if scheme == "sga":
        lam = mpf(p["lambda"])
        aligned = p.get("variant") == "aligned"

        def sga(x):
            n = len(x)
            w = v(x)
            J = field_jacobian(v, x)
            xi = [-c for c in w]
            H = [[-J[i][j] for j in range(n)] for i in range(n)]
            A = [[(H[i][j] - H[j][i]) / 2 for j in range(n)] for i in range(n)]
            ATxi = matvec(transpose(A), xi)
            lam_eff = lam
            if aligned:
                gham = matvec(transpose(H), xi)
                dot = lambda u, z: sum(ui * zi for ui, zi in zip(u, z))
                sgn = mpmath.sign(dot(xi, gham) * dot(ATxi, gham) / n + mpf(1) / 10)
                lam_eff = sgn * abs(lam)
            return [x[i] - h * (xi[i] + lam_eff * ATxi[i]) for i in range(n)]

        return sga

    if scheme == "cgd":
        def cgd(x):
            n = len(x)
            w = v(x)
            J = field_jacobian(v, x)
            M = mpmath.matrix(n, n)
            for i in range(n):
                for j in range(n):
                    off = (i < ng) != (j < ng)
                    M[i, j] = (1 if i == j else 0) - (h * J[i][j] if off else 0)
            y = mpmath.lu_solve(M, mpmath.matrix(w))
            return [x[i] + h * y[i] for i in range(n)]

        return cgd

    if scheme == "conopt":
        g = mpf(p["gamma"])

        def conopt(x):
            w = v(x)
            J = field_jacobian(v, x)
            JTw = matvec(transpose(J), w)
            return [x[i] + h * (w[i] - g * JTw[i]) for i in range(len(x))]

        return conopt

    raise ValueError("no base step for scheme " + scheme)


def make_iteration(p, v, n, ng):
    """The map on the augmented state (a list of m n numbers) for the scheme p describes."""
    scheme = p["scheme"]
    if scheme == "optimistic":
        h = mpf(p["h"])
        he = mpf(p["he"]) if "he" in p else h

        def optimistic(s):
            x, xp = s[:n], s[n:]
            w, wp = v(x), v(xp)
            return [x[i] + (h + he) * w[i] - he * wp[i] for i in range(n)] + list(x)

        return optimistic

    if scheme == "momentum":
        h, beta = mpf(p["h"]), mpf(p["beta"])
        if p.get("variant", "simultaneous") == "simultaneous":
            def momentum(s):
                x, xp = s[:n], s[n:]
                w = v(x)
                return [x[i] + h * w[i] + beta * (x[i] - xp[i]) for i in range(n)] + list(x)

            return momentum
        first = range(ng) if p.get("order", "gen-first") == "gen-first" else range(ng, n)
        second = [i for i in range(n) if i not in first]

        def momentum_alt(s):
            x, xp = list(s[:n]), s[n:]
            new = list(x)
            w = v(x)
            for i in first:
                new[i] = x[i] + h * w[i] + beta * (x[i] - xp[i])
            mid = [new[i] if i in first else x[i] for i in range(n)]
            w2 = v(mid)
            for i in second:
                new[i] = x[i] + h * w2[i] + beta * (x[i] - xp[i])
            return new + x

        return momentum_alt

    if scheme == "complex-momentum":
        h, br, bi = mpf(p["h"]), mpf(p["beta"]), mpf(p["beta_im"])

        def cm(s):
            x, mr, mi = s[:n], s[n:2 * n], s[2 * n:]
            w = v(x)
            mr2 = [br * mr[i] - bi * mi[i] + w[i] for i in range(n)]
            mi2 = [bi * mr[i] + br * mi[i] for i in range(n)]
            return [x[i] + h * mr2[i] for i in range(n)] + mr2 + mi2

        return cm

    if scheme == "lookahead":
        step = base_step(p, p["base"], v, ng)
        alpha, k = mpf(p["alpha"]), p["k"]

        def lookahead(x):
            y = x
            for _ in range(k):
                y = step(y)
            return [x[i] + alpha * (y[i] - x[i]) for i in range(n)]

        return lookahead

    return base_step(p, scheme, v, ng)


def fixed_point(p, xstar):
    m = memory(p["scheme"])
    if m == 3:
        return list(xstar) + [mpf(0)] * (2 * len(xstar))
    return list(xstar) * m


def hp_operator(p, v, xstar, ng):
    """The 50-digit Jacobian of one iteration at its fixed point, and its eigenvalues."""
    F = make_iteration(p, v, len(xstar), ng)
    A = jacobian(F, fixed_point(p, xstar))
    return A, list(mpmath.eig(A, left=False, right=False))


# ---------------------------------------------------------------------------------------------
# (a) random cases against `ganstab analyze`

DIRAC_BASE_SRC = "cases/dirac-gp.ini"  # its [critical] section is dropped (see base_case)
LQ_BASE = "cases/lq2d-fig3-gan-eta0.ini"  # kind nk, eta 0, flow; no [critical] section
UNREG_BASE = "cases/dirac-unregularized.ini"  # flow, no [critical] section
REPEAT = 2
MODELS = [("dirac", "standard", "none"), ("dirac", "standard", "gp"), ("dirac", "wgan", "none"),
          ("dirac", "wgan", "gp"), ("lq2d", "standard", "nk"), ("lq2d", "wgan", "nk")]
LOOKAHEAD_BASES = ["simgd", "altgd", "ttur", "extragradient", "sga", "cgd", "conopt"]
SCHEMES = (["extragradient", "extragradient-he", "optimistic", "optimistic-he", "momentum",
            "momentum-alternating-gen-first", "momentum-alternating-disc-first",
            "complex-momentum", "sga", "sga-aligned", "cgd", "conopt"]
           + ["lookahead-" + b for b in LOOKAHEAD_BASES])


def base_case(tmpdir):
    """cases/dirac-gp.ini without its [critical] section: the sweep it declares
    (param = regularizer.gamma) is refused once --set changes regularizer.kind."""
    out, skip = [], False
    with open(DIRAC_BASE_SRC) as f:
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


def draw_scheme(rng, label):
    """Random update keys for one scheme label (the keys ganstab takes, as floats/ints/strings)."""
    u = lambda lo, hi: rng.uniform(lo, hi) or (lo + hi) / 2  # never exactly 0
    p = {}
    if label.startswith("lookahead-"):
        base = label[len("lookahead-"):]
        p.update(scheme="lookahead", base=base, alpha=u(0.05, 1), k=rng.randint(1, 4))
        p.update(draw_scheme(rng, base if base != "extragradient" or rng.random() < 0.5
                             else "extragradient-he"))
        p["scheme"] = "lookahead"
        if base == "sga" and rng.random() < 0.5:
            p["variant"] = "aligned"
        return p
    if label == "simgd":
        return {"scheme": "simgd", "h": u(0.05, 1.5)}
    if label == "altgd":
        return {"scheme": "altgd", "h": u(0.05, 1.5), "ng": rng.randint(1, 3),
                "nd": rng.randint(1, 3), "order": rng.choice(["gen-first", "disc-first"])}
    if label == "ttur":
        return {"scheme": "ttur", "hg": u(0.05, 1.5), "hd": u(0.05, 1.5)}
    if label.startswith("extragradient") or label.startswith("optimistic"):
        p.update(scheme=label.split("-")[0], h=u(0.05, 2))
        if label.endswith("-he"):
            p["he"] = u(0.05, 2)
        return p
    if label.startswith("momentum"):
        p.update(scheme="momentum", h=u(0.05, 2), beta=u(-1, 1))
        if "alternating" in label:
            p.update(variant="alternating", order=label[len("momentum-alternating-"):])
        return p
    if label == "complex-momentum":
        return {"scheme": label, "h": u(0.05, 2), "beta": u(-1, 1), "beta_im": u(-1, 1)}
    if label.startswith("sga"):
        p.update(scheme="sga", h=u(0.05, 2), **{"lambda": u(-2, 2)})
        if label == "sga-aligned":
            p["variant"] = "aligned"
        return p
    if label == "cgd":
        return {"scheme": "cgd", "h": u(0.05, 2)}
    if label == "conopt":
        return {"scheme": "conopt", "h": u(0.05, 2), "gamma": u(0, 3)}
    raise ValueError(label)


UPDATE_KEYS = ["scheme", "base", "k", "alpha", "h", "he", "hg", "hd", "ng", "nd", "order",
               "beta", "beta_im", "lambda", "gamma", "variant"]


def update_sets(p):
    out = []
    for key in UPDATE_KEYS:
        if key in p:
            val = p[key]
            out.append("update.%s=%s" % (key, repr(val) if isinstance(val, float) else val))
    return out


def draw_cases():
    rng = random.Random(SEED)
    cases = []
    for (model, loss, reg), label, _ in itertools.product(MODELS, SCHEMES, range(REPEAT)):
        c = {"model": model, "loss": loss, "reg": reg, "label": label,
             "update": draw_scheme(rng, label)}
        if reg == "gp":
            c["gamma"] = rng.uniform(0, 3) or 0.5
        if reg == "nk":
            c["eta"] = rng.uniform(0, 3) if rng.random() < 0.75 else 0.0
        cases.append(c)
    return cases


def case_args(c, dirac_base):
    if c["model"] == "dirac":
        sets = ["case.loss=" + c["loss"], "regularizer.kind=" + c["reg"]]
        if c["reg"] == "gp":
            sets.append("regularizer.gamma=%r" % c["gamma"])
        base = dirac_base
    else:
        sets = ["case.loss=" + c["loss"], "regularizer.eta=%r" % c["eta"]]
        base = LQ_BASE
    sets += update_sets(c["update"])
    args = []
    for s in sets:
        args += ["--set", s]
    return base, args


def case_field(c):
    if c["model"] == "dirac":
        return dirac_field(c["loss"], c.get("gamma", 0)), [mpf(0), mpf(0)], 1
    return lq2d_field(c["loss"], c["eta"]), [mpf(1), mpf(0)], 1


def match_error(got, want):
    """Largest |got_i - want_pi(i)| over the best one-to-one matching (m <= 6: all permutations
    of the candidates within reach, pruned greedily)."""
    if len(got) != len(want):
        return None
    best = [None]

    def rec(i, used, worst):
        if best[0] is not None and worst >= best[0]:
            return
        if i == len(got):
            best[0] = worst
            return
        order = sorted((abs(mpmath.mpc(got[i]) - w), j) for j, w in enumerate(want)
                       if j not in used)
        for d, j in order:
            rec(i + 1, used | {j}, max(worst, d))

    rec(0, frozenset(), mpf(0))
    return best[0]


def fmt_matrix(A):
    """A 50-digit matrix on one line, rows as lists (17 digits)."""
    return "[" + ", ".join("[" + ", ".join(mpmath.nstr(A[r, k], 17) for k in range(A.cols)) + "]"
                           for r in range(A.rows)) + "]"


def json_eigs(lst):
    return [complex(e["re"], e["im"]) for e in lst]


def run_json(args):
    proc = subprocess.run(args, capture_output=True, text=True)
    if proc.returncode != 0:
        return None, "exit %d: %s" % (proc.returncode, proc.stderr.strip())
    try:
        return json.loads(proc.stdout), None
    except ValueError as e:
        return None, "JSON does not parse: %s" % e


def check_operators(report, tmpdir):
    """Part (a). Returns the largest eigenvalue and operator errors seen."""
    dirac_base = base_case(tmpdir)
    worst_eig = worst_op = mpf(0)
    for i, c in enumerate(draw_cases()):
        base, sets = case_args(c, dirac_base)
        desc = "case %d %s %s" % (i, os.path.basename(base) if base == LQ_BASE else "dirac",
                                  " ".join(s for s in sets if s != "--set"))
        d, err = run_json([GANSTAB, "analyze", base] + sets + ["--format", "json"])
        if d is None:
            report(False, desc, err)
            continue
        v, xstar, ng = case_field(c)
        A, eigs = hp_operator(c["update"], v, xstar, ng)
        m = A.rows

        got_op = d.get("operator")
        scale = max(1, max(abs(A[r, k]) for r in range(m) for k in range(m)))
        try:
            oerr = max(abs(mpf(got_op[r][k]) - A[r, k]) for r in range(m) for k in range(m))
            if len(got_op) != m or any(len(row) != m for row in got_op):
                oerr = None
        except (TypeError, IndexError, KeyError):
            oerr = None
        if oerr is not None:
            worst_op = max(worst_op, oerr / scale)
        report(oerr is not None and oerr <= TOL_OP * scale, desc + " operator",
               "max |diff| = %s (scale %s); got %s; 50-digit %s"
               % (None if oerr is None else mpmath.nstr(oerr, 3), mpmath.nstr(scale, 3),
                  got_op, fmt_matrix(A)))

        got = json_eigs(d["eigenvalues"])
        eerr = match_error(got, eigs)
        if eerr is not None:
            worst_eig = max(worst_eig, eerr)
        report(eerr is not None and eerr <= TOL_EIG, desc + " eigenvalues",
               "max |diff| = %s; got %s; 50-digit %s"
               % (None if eerr is None else mpmath.nstr(eerr, 3), got,
                  [mpmath.nstr(w, 17) for w in eigs]))

        rho = max(abs(w) for w in eigs)
        if abs(rho - 1) > VERDICT_MARGIN:
            want_v = "stable" if rho < 1 else "unstable"
            report(d["verdict"] == want_v, desc + " verdict",
                   "verdict %r, 50-digit spectral radius %s -> %s"
                   % (d["verdict"], mpmath.nstr(rho, 12), want_v))
    return worst_eig, worst_op


# ---------------------------------------------------------------------------------------------
# (b) stability intervals in h of the unregularized Dirac-GAN: closed forms. `interval` returns
# the stable set as a list of (lo, hi) (hi = inf for unbounded) and the points inside it where
# the spectral radius only touches 1 ("touch"). x = a h throughout.
#
# Derivations. J = [[0, -a], [a, 0]]: J^T = -J, J^2 = -a^2 I, J^T J = a^2 I, J_off = J and
# (J - J^T)/2 = J, so every operator whose blocks are rational in J splits along J's
# eigenvectors: replace J by mu = i a (the conjugate mu = -i a gives conjugate roots). Schur-Cohn
# for a complex quadratic z^2 + p z + q: roots in the open unit disc iff |q| < 1 and
# |p - conj(p) q| < 1 - |q|^2.
#  simgd: |1 + i x| > 1, empty.
#  extragradient: 1 + h mu (1 + he mu) = 1 - a^2 h he + i x; |.|^2 - 1 = a^2 h (h (1 + a^2 he^2)
#    - 2 he): h < 2 he/(1 + a^2 he^2); he = h: x^2 (x^2 - 1) < 0, h < 1/a.
#  optimistic: z^2 - (1 + (h + he) mu) z + he mu; with s = a he, t = a h Schur-Cohn reads s < 1
#    and (1 - s^2 - t s)^2 + t^2 < (1 - s^2)^2, i.e. t < 2 s (1 - s^2)/(1 + s^2); he = h:
#    t < 1/sqrt(3).
#  momentum, simultaneous: z^2 - (1 + beta + h mu) z + beta; |p - beta conj(p)| =
#    (1 + beta) sqrt((1 - beta)^2 + x^2) < (1 + beta)(1 - beta) never holds: empty for all beta.
#  momentum, alternating (either order): the 4x4 operator's characteristic polynomial is
#    (z - 1)^2 (z - beta)^2 + x^2 z^3; on |z| = 1 it vanishes only for z = -1, x = 2|1 + beta|
#    (4 sin^2(w/2) (1 - beta e^{-iw})^2 = x^2 needs a real positive square); near x = 0 the
#    double root 1 moves to |z|^2 = 1 + 2 beta x^2/(1 - beta)^3: stable iff -1 < beta < 0 and
#    h < 2 (1 + beta)/a (Gidel et al. 2019: negative momentum with alternating updates).
#  complex-momentum: p(z) = (z - 1)(z - B)(z - conj B) - h mu z (z - beta), B = beta + i beta_im,
#    r^2 = |B|^2. On z = e^{iw}, h mu = G/|z - beta|^2, G = (1 - conj z)(z^2 - 2 beta z + r^2)
#    (conj z - beta), Re G = (1 - c)(2 (beta + r^2) c - (1 + beta + 2 beta^2 - r^2 + beta r^2)),
#    c = cos w; so the one crossing is at c* = (1 + beta + 2 beta^2 - r^2 + beta r^2)/
#    (2 (beta + r^2)), h_c = |Im G|/(a |z - beta|^2) with Im G = sin w (1 - beta + 2 beta^2
#    - r^2 (1 + beta) + 2 c (r^2 - beta)). Near h = 0 the root 1 moves to |z|^2 = 1 + x^2
#    (1 - beta)/Q^2 (4 (1 - beta)^2/Q - 3 + beta), Q = |1 - B|^2; as h -> inf one root goes to
#    infinity. Stable iff r < 1 and S = 4 (1 - beta)^2 - (3 - beta) Q < 0, for h < h_c.
#  sga: 1 + h mu (1 + lambda mu) = 1 - lambda a^2 h + i x: h < 2 lambda/(1 + lambda^2 a^2) for
#    lambda > 0, empty otherwise; aligned: |lambda| (the alignment sign is + near x*).
#  cgd: 1 + h mu/(1 - h mu) = 1/(1 - i x), modulus < 1 for every h.
#  conopt: 1 + h (mu - gamma a^2): h < 2 gamma/(1 + gamma^2 a^2).
#  lookahead: 1 - alpha + alpha b^k, b the base's multiplier; |1 - alpha + alpha w|^2 - 1 =
#    alpha (2 (1 - alpha)(Re w - 1) + alpha (|w|^2 - 1)). k = 1 is the base with step alpha h;
#    simgd k = 2: x^2 < (2 - 4 alpha)/alpha; k = 3: x^4 + 3 x^2 + 9 - 6/alpha < 0; any k: the
#    positive roots of (|1 - alpha + alpha b(h)^k|^2 - 1)/h (lookahead_poly_set). cgd: always.
#    altgd: B has det 1, trace 2 - y^2 (y = sqrt(ng nd) x): e^{+-i theta} for y < 2, touching
#    rho = 1 where k theta is a multiple of 2 pi (y = 2 sin(pi j/k)); for y > 2 real
#    z1 < -1 < 1/z1: k even unstable, k odd stable while |z1|^k < 2/alpha - 1, i.e.
#    y^2 < 2 + q + 1/q, q = (2/alpha - 1)^(1/k).

INF = mpmath.inf


def poly_mul(p, q):
    out = [mpf(0)] * (len(p) + len(q) - 1)
    for i, u in enumerate(p):
        for j, w in enumerate(q):
            out[i + j] += u * w
    return out


def lookahead_poly_set(b, alpha, k):
    """Stable set of |1 - alpha + alpha b(h)^k| < 1, b a polynomial in h (complex coefficients,
    lowest first): the sign pattern of P(h) = (|1 - alpha + alpha b^k|^2 - 1)/h between its
    positive real roots (mpmath.polyroots at 50 digits)."""
    q = [mpmath.mpc(1)]
    for _ in range(k):
        q = poly_mul(q, b)
    q = [alpha * c for c in q]
    q[0] += 1 - alpha
    P = poly_mul(q, [mpmath.conj(c) for c in q])
    P[0] -= 1
    P = [mpmath.re(c) for c in P]
    assert abs(P[0]) < mpf(10) ** -40
    P = P[1:]
    while abs(P[-1]) < mpf(10) ** -40:
        P.pop()
    roots = mpmath.polyroots(list(reversed(P)), maxsteps=500, extraprec=500)
    pos = sorted(mpmath.re(r) for r in roots
                 if abs(mpmath.im(r)) < mpf(10) ** -30 and mpmath.re(r) > 0)
    ev = lambda h: mpmath.polyval(list(reversed(P)), h)
    edges = [mpf(0)] + pos + [INF]
    out = []
    for lo, hi in zip(edges, edges[1:]):
        mid = (lo + hi) / 2 if hi != INF else lo + 1
        if ev(mid) < 0:
            if out and out[-1][1] == lo:  # a double root: touch, keep the interval whole
                out[-1] = (out[-1][0], hi)
            else:
                out.append((lo, hi))
    return out


def scalar_base(p, a):
    """The base's multiplier b(h) on the eigenvector of J with eigenvalue i a, as a polynomial in h
    (lowest coefficient first), for the bases whose operator is a polynomial in J."""
    I = mpmath.mpc(0, 1)
    s = p["base"]
    if s == "simgd":
        return [mpmath.mpc(1), I * a]
    if s == "extragradient":
        if "he" in p:  # 1 + h i a (1 + he i a)
            return [mpmath.mpc(1), I * a - mpf(p["he"]) * a * a]
        return [mpmath.mpc(1), I * a, mpmath.mpc(-a * a)]
    if s == "sga":  # (J - J^T)/2 = J: 1 + h i a (1 + lambda i a)
        lam = mpf(p["lambda"])
        if p.get("variant") == "aligned":
            lam = abs(lam)
        return [mpmath.mpc(1), I * a - lam * a * a]
    if s == "conopt":  # J^T J = a^2 I: 1 + h (i a - gamma a^2)
        return [mpmath.mpc(1), I * a - mpf(p["gamma"]) * a * a]
    return None


def interval(p, a):
    """(stable set, touch points, formula) of the unregularized Dirac-GAN with J's eigenvalues
    +-i a, for the update keys p (h free)."""
    a = mpf(a)
    s = p["scheme"]
    if s == "simgd":
        return [], [], "empty: |1 + i a h| > 1"
    if s == "extragradient":
        if "he" in p:
            he = mpf(p["he"])
            return [(0, 2 * he / (1 + a * a * he * he))], [], "0 < h < 2 he/(1 + a^2 he^2)"
        return [(0, 1 / a)], [], "0 < h < 1/a"
    if s == "optimistic":
        if "he" in p:
            he = mpf(p["he"])
            if a * he >= 1:
                return [], [], "empty: a he >= 1"
            return ([(0, 2 * he * (1 - a * a * he * he) / (1 + a * a * he * he))], [],
                    "0 < h < 2 he (1 - a^2 he^2)/(1 + a^2 he^2), a he < 1")
        return [(0, 1 / (mpmath.sqrt(3) * a))], [], "0 < h < 1/(sqrt(3) a)"
    if s == "momentum":
        beta = mpf(p["beta"])
        if p.get("variant") == "alternating":
            if -1 < beta < 0:
                return [(0, 2 * (1 + beta) / a)], [], "0 < h < 2 (1 + beta)/a, -1 < beta < 0"
            return [], [], "empty: beta not in (-1, 0)"
        return [], [], "empty for every beta"
    if s == "complex-momentum":
        br, bi = mpf(p["beta"]), mpf(p["beta_im"])
        r2 = br * br + bi * bi
        S = 4 * (1 - br) ** 2 - (3 - br) * ((1 - br) ** 2 + bi * bi)
        if r2 >= 1 or S >= 0:
            return [], [], "empty: |beta + i beta_im| >= 1 or S >= 0"
        c = (1 + br + 2 * br * br - r2 + br * r2) / (2 * (br + r2))
        hc = (mpmath.sqrt(1 - c * c) * abs(1 - br + 2 * br * br - r2 * (1 + br) + 2 * c * (r2 - br))
              / (a * (1 - 2 * br * c + br * br)))
        return [(0, hc)], [], "0 < h < h_c (unit-circle crossing at cos w = c*)"
    if s == "sga":
        lam = mpf(p["lambda"])
        if p.get("variant") == "aligned":
            lam = abs(lam)
        if lam <= 0:
            return [], [], "empty: lambda <= 0"
        return [(0, 2 * lam / (1 + lam * lam * a * a))], [], "0 < h < 2 lambda/(1 + lambda^2 a^2)"
    if s == "cgd":
        return [(0, INF)], [], "every h > 0: |1/(1 - i a h)| < 1"
    if s == "conopt":
        g = mpf(p["gamma"])
        return [(0, 2 * g / (1 + g * g * a * a))], [], "0 < h < 2 gamma/(1 + gamma^2 a^2)"
    if s == "lookahead":
        alpha, k, base = mpf(p["alpha"]), p["k"], p["base"]
        if base == "cgd":
            return [(0, INF)], [], "every h > 0: |1 - alpha + alpha b^k| <= 1 - alpha + alpha |b|^k"
        if base == "altgd":
            sq = mpmath.sqrt(p["ng"] * p["nd"]) * a
            touch = [2 * mpmath.sin(mpmath.pi * j / k) / sq for j in range(1, (k + 1) // 2)]
            if alpha == 1:
                return [], [], "empty: alpha = 1 is altgd (on the unit circle)"
            if k % 2 == 0:
                return [(0, 2 / sq)], touch, "0 < h < 2/(a sqrt(ng nd)), touches 2 sin(pi j/k)"
            q = (2 / alpha - 1) ** (mpf(1) / k)
            return ([(0, mpmath.sqrt(2 + q + 1 / q) / sq)], touch,
                    "0 < h < sqrt(2 + q + 1/q)/(a sqrt(ng nd)), q = (2/alpha - 1)^(1/k)")
        if base == "simgd" and k == 1:
            return [], [], "empty: |1 + i alpha a h| > 1"
        if base == "simgd" and k == 2:
            if alpha >= mpf(1) / 2:
                return [], [], "empty: alpha >= 1/2"
            return [(0, mpmath.sqrt((2 - 4 * alpha) / alpha) / a)], [], \
                "0 < h < sqrt((2 - 4 alpha)/alpha)/a, alpha < 1/2"
        if base == "simgd" and k == 3:
            if alpha >= mpf(2) / 3:
                return [], [], "empty: alpha >= 2/3"
            return ([(0, mpmath.sqrt((mpmath.sqrt(24 / alpha - 27) - 3) / 2) / a)], [],
                    "0 < h < sqrt((sqrt(24/alpha - 27) - 3)/2)/a, alpha < 2/3")
        if k == 1 and base in ("sga", "conopt") or (k == 1 and base == "extragradient"
                                                       and "he" in p):
            c = -mpmath.re(scalar_base(p, a)[1]) / (a * a)  # lambda, gamma or he
            if c <= 0:
                return [], [], "empty: c <= 0"
            return ([(0, 2 * c / (alpha * (1 + c * c * a * a)))], [],
                    "0 < h < 2 c/(alpha (1 + c^2 a^2)), c = lambda, gamma or he")
        if k == 1 and base == "extragradient":
            return [(0, mpmath.sqrt(2 / alpha - 1) / a)], [], "0 < h < sqrt(2/alpha - 1)/a"
        return (lookahead_poly_set(scalar_base(p, a), alpha, k), [],
                "roots of (|1 - alpha + alpha b(h)^k|^2 - 1)/h")
    raise ValueError(s)


def inner_crossings(p, a):
    """Unit-circle crossings inside the unstable set (the verdict stays unstable): alternating
    momentum with beta outside (-1, 0] has its one crossing, z = -1 at h = 2|1 + beta|/a, there
    (one of the two roots outside enters the disc). No other scheme above has one."""
    if p["scheme"] == "momentum" and p.get("variant") == "alternating":
        beta = mpf(p["beta"])
        if not -1 < beta <= 0 and beta != -1:
            return [2 * abs(1 + beta) / mpf(a)]
    return []


def rho_unreg(p, loss, h):
    """50-digit spectral radius of the differentiated iteration, unregularized Dirac-GAN, at h."""
    q = dict(p)
    q["h"] = h
    v = dirac_field(loss, 0)
    _, eigs = hp_operator(q, v, [mpf(0), mpf(0)], 1)
    return max(abs(w) for w in eigs)


def interval_samples(stable, touch, a, rng):
    """(h, expected stable?) pairs: just inside/outside every finite end (relative 1e-7), and
    random points inside every stable interval and every gap, up to 3 times the last end."""
    ends = [e for lo_hi in stable for e in lo_hi if e not in (0, INF)]
    top = 3 * max(ends) if ends else mpf(8) / a
    if stable and stable[-1][1] == INF:
        top = max(top, mpf(60) / a)
    pts = []
    for lo, hi in stable:
        for e, inside in ((lo, 1), (hi, -1)):
            if e in (0, INF):
                continue
            pts.append((e * (1 + inside * mpf(10) ** -7), True))
            pts.append((e * (1 - inside * mpf(10) ** -7), False))
    edges = [mpf(0)] + ends + [top]
    for lo, hi in zip(edges, edges[1:]):
        mid = (lo + hi) / 2
        want = any(l < mid < (h if h != INF else top + 1) for l, h in stable)
        for _ in range(4):
            hh = lo + (hi - lo) * mpf(rng.uniform(0.02, 0.98))
            if any(abs(hh - t) < mpf(10) ** -6 for t in touch):
                continue
            pts.append((hh, want))
    return pts


INTERVAL_SEED = SEED + 1


def draw_interval_cases():
    """Update keys (h free) for part (b), with the loss; every scheme and the branches of its
    closed form (stable interval, empty, unbounded)."""
    rng = random.Random(INTERVAL_SEED)
    u = lambda lo, hi: rng.uniform(lo, hi) or (lo + hi) / 2
    out = []
    for loss in ("standard", "wgan"):
        L = [{"scheme": "simgd"},
             {"scheme": "extragradient"},
             {"scheme": "extragradient", "he": u(0.1, 4)},
             {"scheme": "optimistic"},
             {"scheme": "optimistic", "he": u(0.1, 0.95) / (0.5 if loss == "standard" else 1)},
             {"scheme": "optimistic", "he": u(1.05, 2) / (0.5 if loss == "standard" else 1)},
             {"scheme": "momentum", "beta": u(-0.95, 0.95)},
             {"scheme": "momentum", "beta": u(-0.95, -0.05), "variant": "alternating",
              "order": "gen-first"},
             {"scheme": "momentum", "beta": u(-0.95, -0.05), "variant": "alternating",
              "order": "disc-first"},
             {"scheme": "momentum", "beta": u(0.05, 0.9), "variant": "alternating",
              "order": "gen-first"},
             {"scheme": "sga", "lambda": u(0.1, 3)},
             {"scheme": "sga", "lambda": u(-3, -0.1)},
             {"scheme": "sga", "lambda": u(-3, -0.1), "variant": "aligned"},
             {"scheme": "cgd"},
             {"scheme": "conopt", "gamma": u(0.1, 3)},
             {"scheme": "lookahead", "base": "simgd", "k": 1, "alpha": u(0.05, 1)},
             {"scheme": "lookahead", "base": "simgd", "k": 2, "alpha": u(0.05, 0.45)},
             {"scheme": "lookahead", "base": "simgd", "k": 2, "alpha": u(0.55, 1)},
             {"scheme": "lookahead", "base": "simgd", "k": 3, "alpha": u(0.05, 0.6)},
             {"scheme": "lookahead", "base": "simgd", "k": rng.randint(4, 6),
              "alpha": u(0.05, 0.7)},
             {"scheme": "lookahead", "base": "extragradient", "k": 1, "alpha": u(0.05, 1)},
             {"scheme": "lookahead", "base": "extragradient", "k": 2, "alpha": u(0.05, 1)},
             {"scheme": "lookahead", "base": "extragradient", "k": 2, "alpha": u(0.05, 1),
              "he": u(0.1, 3)},
             {"scheme": "lookahead", "base": "sga", "k": 1, "alpha": u(0.05, 1),
              "lambda": u(0.1, 3)},
             {"scheme": "lookahead", "base": "sga", "k": 3, "alpha": u(0.05, 1),
              "lambda": u(-3, -0.1), "variant": "aligned"},
             {"scheme": "lookahead", "base": "conopt", "k": 1, "alpha": u(0.05, 1),
              "gamma": u(0.1, 3)},
             {"scheme": "lookahead", "base": "conopt", "k": 2, "alpha": u(0.05, 1),
              "gamma": u(0.1, 3)},
             {"scheme": "lookahead", "base": "cgd", "k": rng.randint(1, 4), "alpha": u(0.05, 1)},
             {"scheme": "lookahead", "base": "altgd", "k": 1, "alpha": u(0.05, 0.95),
              "ng": rng.randint(1, 3), "nd": rng.randint(1, 3), "order": "gen-first"},
             {"scheme": "lookahead", "base": "altgd", "k": 3, "alpha": u(0.05, 0.95),
              "ng": rng.randint(1, 3), "nd": rng.randint(1, 3), "order": "disc-first"},
             {"scheme": "lookahead", "base": "altgd", "k": 2, "alpha": u(0.05, 0.95),
              "ng": 1, "nd": 1, "order": "gen-first"}]
        while True:  # complex momentum: a stable draw (|B| < 1, S < 0) and an empty one
            br, bi = u(-0.9, 0.9), u(-0.9, 0.9)
            S = 4 * (1 - br) ** 2 - (3 - br) * ((1 - br) ** 2 + bi * bi)
            if br * br + bi * bi < 0.9 and S < -0.1:
                break
        L.append({"scheme": "complex-momentum", "beta": br, "beta_im": bi})
        while True:
            br, bi = u(-0.9, 0.9), u(-0.9, 0.9)
            S = 4 * (1 - br) ** 2 - (3 - br) * ((1 - br) ** 2 + bi * bi)
            if br * br + bi * bi < 0.9 and S > 0.1:
                break
        L.append({"scheme": "complex-momentum", "beta": br, "beta_im": bi})
        L.append({"scheme": "complex-momentum", "beta": 0.0, "beta_im": u(0.6, 0.95)})
        out += [(loss, q) for q in L]
    return out


def check_intervals(report, rng):
    """Part (b): each closed form on the differentiated iteration, then against `critical`."""
    worst = mpf(0)
    for i, (loss, p) in enumerate(draw_interval_cases()):
        a = mpf(1) if loss == "wgan" else mpf(1) / 2
        stable, touch, formula = interval(p, a)
        sets = ["case.loss=" + loss] + update_sets(p)
        desc = "interval %d %s (%s; %s)" % (i, " ".join(sets), formula, ", ".join(
            "(%s, %s)" % (mpmath.nstr(lo, 12), mpmath.nstr(hi, 12)) for lo, hi in stable)
            or "empty")

        # the explicit lookahead formulas against the general polynomial form
        if p["scheme"] == "lookahead" and scalar_base(p, a) is not None and \
                not formula.startswith("roots"):
            gen = lookahead_poly_set(scalar_base(p, a), mpf(p["alpha"]), p["k"])
            ok = len(gen) == len(stable) and all(
                abs(g[0] - s[0]) < mpf(10) ** -40 and abs(g[1] - s[1]) < mpf(10) ** -40
                for g, s in zip(gen, stable))
            report(ok, desc + " closed form = polynomial roots", "polynomial gives %s" % gen)

        bad = []
        for h, want in interval_samples(stable, touch, a, rng):
            r = rho_unreg(p, loss, h)
            if (r < 1) != want:
                bad.append("h = %s: rho - 1 = %s, expected %s" % (
                    mpmath.nstr(h, 15), mpmath.nstr(r - 1, 5), "stable" if want else "unstable"))
        report(not bad, desc + " mpmath: stable exactly inside", "; ".join(bad[:4]))

        ends = [e for lo_hi in stable for e in lo_hi if e not in (0, INF)]
        lo = mpf(2) / 100 / a
        hi = 2 * max(ends) if ends else (mpf(60) / a if stable else mpf(8) / a)
        args = [GANSTAB, "critical", UNREG_BASE, "--param", "update.h", "--from",
                mpmath.nstr(lo, 17), "--to", mpmath.nstr(hi, 17)]
        for s in sets + ["update.h=%s" % mpmath.nstr((lo + hi) / 2, 17)]:  # required key
            args += ["--set", s]
        d, err = run_json(args + ["--format", "json"])
        if d is None:
            report(False, desc + " critical", err)
            continue
        found = [c for c in d.get("crossings", []) if c.get("kind") == "stability"]
        problems = []
        for e in ends:
            if not lo < e < hi:
                continue
            near = [c for c in found if abs(mpf(c["value"]) - e) <= TOL_CRIT * max(1, abs(e))]
            if not near:
                problems.append("end %s not found (stability crossings: %s)"
                                % (mpmath.nstr(e, 17), [c["value"] for c in found]))
                continue
            worst = max(worst, min(abs(mpf(c["value"]) - e) for c in near) / max(1, abs(e)))
            want = ("stable", "unstable") if any(e == s[1] for s in stable) else \
                ("unstable", "stable")
            c = near[0]
            if (c.get("before"), c.get("after")) != want:
                problems.append("at %s: %s -> %s, expected %s -> %s" % (
                    c["value"], c.get("before"), c.get("after"), want[0], want[1]))
        for e in inner_crossings(p, a):
            if not lo < e < hi:
                continue
            near = [c for c in found if abs(mpf(c["value"]) - e) <= TOL_CRIT * max(1, abs(e))]
            if not near:
                problems.append("inner crossing %s not found (stability crossings: %s)"
                                % (mpmath.nstr(e, 17), [c["value"] for c in found]))
                continue
            worst = max(worst, min(abs(mpf(c["value"]) - e) for c in near) / max(1, abs(e)))
            c = near[0]
            if (c.get("before"), c.get("after")) != ("unstable", "unstable"):
                problems.append("at %s: %s -> %s, expected unstable -> unstable" % (
                    c["value"], c.get("before"), c.get("after")))
        for c in found:
            val = mpf(c["value"])
            if any(abs(val - t) <= TOL_CRIT * max(1, abs(t)) for t in touch):
                if VERBOSE:
                    print("# %s: touch point %s reported as %s %s -> %s" % (
                        desc, c["value"], c.get("type"), c.get("before"), c.get("after")))
            elif not any(abs(val - e) <= TOL_CRIT * max(1, abs(e))
                         for e in ends + inner_crossings(p, a)):
                problems.append("stability crossing at %s (%s) is no end of the closed form"
                                % (c["value"], c.get("type")))
        if touch and VERBOSE:
            print("# %s: touch points %s; stability crossings %s" % (
                desc, [mpmath.nstr(t, 17) for t in touch],
                [(c["value"], c.get("type"), c.get("before"), c.get("after")) for c in found]))
        report(not problems, desc + " critical --from %s --to %s"
               % (mpmath.nstr(lo, 6), mpmath.nstr(hi, 6)), "; ".join(problems))
    return worst


def check_compare(report):
    """Part (b) once more through `ganstab compare` (one run per loss and batch of at most 32
    optimizers over a common range): each optimizer's stable segments must be the closed-form
    stable set clipped to the range, every end within 1e-10 max(1, |end|)."""
    worst = mpf(0)
    by_loss = {}
    for loss, p in draw_interval_cases():
        by_loss.setdefault(loss, []).append(p)
    for loss, plist in sorted(by_loss.items()):
        a = mpf(1) if loss == "wgan" else mpf(1) / 2
        lo, hi = mpf(1) / 100, mpf(6)
        for start in range(0, len(plist), 30):
            batch = plist[start:start + 30]
            specs = []
            for p in batch:
                specs.append(" ".join([p["scheme"]] + [
                    "%s=%s" % (k, repr(p[k]) if isinstance(p[k], float) else p[k])
                    for k in UPDATE_KEYS if k in p and k != "scheme"]))
            args = [GANSTAB, "compare", UNREG_BASE, "--set", "case.loss=" + loss, "--from",
                    mpmath.nstr(lo, 17), "--to", mpmath.nstr(hi, 17), "--format", "json"]
            for sp in specs:
                args += ["--optimizer", sp]
            d, err = run_json(args)
            if d is None:
                report(False, "compare %s optimizers %d.." % (loss, start), err)
                continue
            rows = d.get("optimizers", [])
            if len(rows) != len(batch):
                report(False, "compare %s optimizers %d..: %d rows for %d optimizers"
                       % (loss, start, len(rows), len(batch)))
                continue
            for p, sp, row in zip(batch, specs, rows):
                stable, touch, formula = interval(p, a)
                want = [(max(l, lo), min(h, hi)) for l, h in stable if max(l, lo) < min(h, hi)]
                got = []
                for seg in row.get("segments", []):
                    if seg["verdict"] != "stable":
                        continue
                    if got and got[-1][1] == seg["from"]:
                        got[-1] = (got[-1][0], seg["to"])
                    else:
                        got.append((seg["from"], seg["to"]))
                ok = len(got) == len(want)
                for (gl, gh), (wl, wh) in zip(got, want):
                    for g, w in ((gl, wl), (gh, wh)):
                        e = abs(mpf(g) - w) / max(1, abs(w))
                        worst = max(worst, e)
                        ok = ok and e <= TOL_CRIT
                report(ok, "compare %s `%s` (%s): stable %s" % (
                    loss, sp, formula, ", ".join("(%s, %s)" % (mpmath.nstr(l, 12),
                                                               mpmath.nstr(h, 12))
                                                 for l, h in want) or "none"),
                       "ganstab: %s" % got)
    return worst


def check_jacobian_helper(report):
    """`jacobian` against mpmath.diff, entry by entry, on two iterations (one with memory)."""
    for c in ({"model": "lq2d", "loss": "standard", "eta": 0.7,
               "update": {"scheme": "lookahead", "base": "cgd", "k": 2, "alpha": 0.6, "h": 0.8}},
              {"model": "dirac", "loss": "standard", "gamma": 0.4,
               "update": {"scheme": "complex-momentum", "h": 0.9, "beta": 0.3,
                          "beta_im": -0.6}}):
        v, xstar, ng = case_field(c)
        F = make_iteration(c["update"], v, len(xstar), ng)
        s0 = fixed_point(c["update"], xstar)
        A = jacobian(F, s0)
        gap = mpf(0)
        for i in range(A.rows):
            for j in range(A.cols):
                def g(t, i=i, j=j):
                    s = list(s0)
                    s[j] = t
                    return F(s)[i]
                gap = max(gap, abs(mpmath.diff(g, s0[j]) - A[i, j]))
        report(gap < mpf(10) ** -40, "jacobian() = mpmath.diff on %s %s" % (
            c["model"], c["update"]["scheme"]), "max |diff| = %s" % mpmath.nstr(gap, 3))


def main():
    npass = nfail = 0

    def report(ok, desc, detail=""):
        nonlocal npass, nfail
        if ok:
            npass += 1
            if VERBOSE:
                print("ok - " + desc)
        else:
            nfail += 1
            print("not ok - " + desc + (": " + detail if detail else ""))

    rng = random.Random(SEED + 2)
    gap = lq_series_check(rng)
    report(gap < TOL_SERIES, "lq2d series field = -grad of the quadrature objective lq_V",
           "max |diff| = %s" % mpmath.nstr(gap, 3))
    check_jacobian_helper(report)
    with tempfile.TemporaryDirectory(prefix="ganstab-opt.") as tmpdir:
        worst_eig, worst_op = check_operators(report, tmpdir)
    worst_crit = check_intervals(report, rng)
    worst_crit = max(worst_crit, check_compare(report))
    print("largest eigenvalue error: %s (limit %g); operator: %s (relative, limit %g); "
          "interval ends: %s (relative, limit %g)"
          % (mpmath.nstr(worst_eig, 3), TOL_EIG, mpmath.nstr(worst_op, 3), TOL_OP,
             mpmath.nstr(worst_crit, 3), TOL_CRIT))
    print("%d passed, %d failed" % (npass, nfail))
    return 1 if nfail else 0


if __name__ == "__main__":
    sys.exit(main())
