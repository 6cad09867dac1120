#!/usr/bin/python3
"""High-precision cross-check of model matrix (a Jacobian J read from a file), run with Debian's
/usr/bin/python3 (python3-numpy, python3-mpmath).

(a) Operators. For random J (n = 2 ... 12, entries N(0, 1/n), fixed seed) and a random
generator_dim in 1..n-1, every memoryless scheme -- flow, simgd, ttur, altgd (random ng, nd in
1..3, gen-first and disc-first), extragradient (h_e given and h_e = h) -- and the regularizers
model matrix allows (conopt, nk, both under simgd) is written here in mpmath (50 digits) as ONE
ITERATION of the update rule on the field v(x) = J x:
    simgd x + h v(x);  ttur x + diag(hg, hd) v(x);
    altgd ng sub-steps g += h v_g(g, d), then nd sub-steps d += h v_d(g, d) (disc-first: the
      other way round);
    extragradient y = x + h_e v(x), x + h v(y);
    conopt w(x) = v(x) - gamma grad(1/2 |v|^2) = v - gamma J^T v, then simgd on w;
    nk the generator's field v_g - eta grad_g |v_d|^2 = v_g - 2 eta J_dg^T v_d, then simgd.
The map is linear, so the operator's column k is the iteration applied to the basis vector e_k
(no formula of ganstab's operators is used); flow's operator is J itself. Its eigenvalues
(mpmath.eig) are matched as a multiset with those of `ganstab analyze CASE --format json`
(agreement to 1e-9 relative to max(1, |lambda|)), and its entries with "operator" (1e-9 relative
to max(1, max |entry|)).

(b) Formats. The same J as CSV, as .npy in C order and in Fortran order gives the same JSON but
for parameters["model.jacobian"].

(c) Bad matrix files: every one gets exit status 2, an error naming the file (and the line, for
CSV), and no output file at the -o path.

Usage (repository root): GANSTAB=build/ganstab /usr/bin/python3 tests/check_matrix.py [-v]
Prints one line per failure (all with -v) and ends with `N passed, M failed`; exit 1 on failure.
"""
import json
import os
import random
import subprocess
import sys
import tempfile

import mpmath
import numpy as np
from mpmath import mp, mpf

mp.dps = 50
GANSTAB = os.environ.get("GANSTAB", "build/ganstab")
VERBOSE = "-v" in sys.argv[1:]
SEED = 20240611
TOL_EIG = 1e-9
TOL_OP = 1e-9


def field(J, x):
    return J * x


def step(c, J, x):
    """One iteration of the case's update rule on v(x) = J x, from its definition."""
    n, ng = J.rows, c["ng"]
    u = c["update"]

    def v(y):
        w = field(J, y)
        if c["reg"] == "conopt":  # v - gamma J^T v
            w = w - c["gamma"] * (J.T * w)
        elif c["reg"] == "nk":  # v_g - 2 eta J_dg^T v_d
            Jdg = J[ng:n, 0:ng]
            vd = w[ng:n, 0]
            g = Jdg.T * vd
            for i in range(ng):
                w[i] -= 2 * c["eta"] * g[i]
        return w

    s = u["scheme"]
    if s == "simgd":
        return x + u["h"] * v(x)
    if s == "ttur":
        w = v(x)
        y = x.copy()
        for i in range(n):
            y[i] += (u["hg"] if i < ng else u["hd"]) * w[i]
        return y
    if s == "altgd":
        y = x.copy()
        blocks = [(range(0, ng), u["ng"]), (range(ng, n), u["nd"])]
        if u["order"] == "disc-first":
            blocks.reverse()
        for idx, count in blocks:
            for _ in range(count):
                w = v(y)
                for i in idx:
                    y[i] += u["h"] * w[i]
        return y
    if s == "extragradient":
        he = u.get("he", u["h"])
        y = x + he * v(x)
        return x + u["h"] * v(y)
    raise ValueError(s)


def operator(c, J):
    n = J.rows
    if c["update"]["scheme"] == "flow":
        return J.copy()
    A = mp.matrix(n, n)
    for k in range(n):
        e = mp.matrix(n, 1)
        e[k] = 1
        col = step(c, J, e)
        for i in range(n):
            A[i, k] = col[i]
    return A


def match(got, want):
    """Largest relative distance of a greedy nearest-pair matching of two multisets."""
    want = list(want)
    worst = mpf(0)
    for g in sorted(got, key=lambda z: (-abs(z), z.imag)):
        k = min(range(len(want)), key=lambda j: abs(want[j] - g))
        worst = max(worst, abs(want[k] - g) / max(1, abs(want[k])))
        want.pop(k)
    return worst


def run(args):
    return subprocess.run([GANSTAB] + args, capture_output=True, text=True)


def write_case(path, c, jacobian):
    lines = ["[case]", "title = random J", "model = matrix", "[model]",
             "jacobian = " + jacobian, "generator_dim = %d" % c["ng"]]
    if c["reg"] != "none":
        lines += ["[regularizer]", "kind = " + c["reg"]]
        lines += ["gamma = %r" % c["gamma"]] if c["reg"] == "conopt" else ["eta = %r" % c["eta"]]
    lines.append("[update]")
    for k, val in c["update"].items():
        lines.append("%s = %s" % (k, val if isinstance(val, str) else repr(val)))
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")


def write_csv(path, J):
    with open(path, "w") as f:
        for row in J:
            f.write(", ".join(repr(float(x)) for x in row) + "\n")


def cases(rng, n):
    ng = rng.randint(1, n - 1)
    h = lambda: round(rng.uniform(0.05, 0.6), 6)
    base = {"ng": ng, "reg": "none"}
    out = [dict(base, update={"scheme": "flow"}),
           dict(base, update={"scheme": "simgd", "h": h()}),
           dict(base, update={"scheme": "ttur", "hg": h(), "hd": h()}),
           dict(base, update={"scheme": "extragradient", "h": h()}),
           dict(base, update={"scheme": "extragradient", "h": h(), "he": h()}),
           dict(base, reg="conopt", gamma=round(rng.uniform(0.1, 1), 6),
                update={"scheme": "simgd", "h": h()}),
           dict(base, reg="nk", eta=round(rng.uniform(0.1, 1), 6),
                update={"scheme": "simgd", "h": h()})]
    for order in ("gen-first", "disc-first"):
        out.append(dict(base, update={"scheme": "altgd", "h": h(), "ng": rng.randint(1, 3),
                                      "nd": rng.randint(1, 3), "order": order}))
    return out


def check_operators(report, tmp):
    rng = random.Random(SEED)
    nrng = np.random.default_rng(SEED)
    worst_eig = worst_op = mpf(0)
    for n in range(2, 13):
        Jn = nrng.normal(0.0, 1.0 / np.sqrt(n), (n, n))
        csv = os.path.join(tmp, "J%d.csv" % n)
        write_csv(csv, Jn)
        J = mp.matrix([[mpf(float(x)) for x in row] for row in Jn])
        for c in cases(rng, n):
            ini = os.path.join(tmp, "c.ini")
            write_case(ini, c, os.path.basename(csv))
            desc = "n = %d, generator_dim = %d, %s, regularizer %s" % (
                n, c["ng"], " ".join("%s=%s" % kv for kv in c["update"].items()), c["reg"])
            p = run(["analyze", ini, "--format", "json"])
            if p.returncode != 0:
                report(False, desc, "exit %d: %s" % (p.returncode, p.stderr.strip()))
                continue
            d = json.loads(p.stdout)
            A = operator(c, J)
            ev = mpmath.eig(A, left=False, right=False)
            got = [mpmath.mpc(e["re"], e["im"]) for e in d["eigenvalues"]]
            e_err = match(got, ev) if len(got) == n else mpf("inf")
            worst_eig = max(worst_eig, e_err)
            o_err = mpf(0)
            if d["operator"] is not None:
                scale = max(1, max(abs(A[i, j]) for i in range(n) for j in range(n)))
                o_err = max(abs(mpf(d["operator"][i][j]) - A[i, j])
                            for i in range(n) for j in range(n)) / scale
            elif c["update"]["scheme"] != "flow":
                o_err = mpf("inf")
            worst_op = max(worst_op, o_err)
            report(e_err <= TOL_EIG and o_err <= TOL_OP, desc,
                   "eigenvalue error %s, operator error %s" % (mpmath.nstr(e_err, 3),
                                                              mpmath.nstr(o_err, 3)))
    return worst_eig, worst_op


def check_formats(report, tmp):
    nrng = np.random.default_rng(SEED + 1)
    n = 5
    Jn = nrng.normal(0.0, 1.0, (n, n))
    write_csv(os.path.join(tmp, "F.csv"), Jn)
    np.save(os.path.join(tmp, "FC.npy"), np.ascontiguousarray(Jn))
    np.save(os.path.join(tmp, "FF.npy"), np.asfortranarray(Jn))
    with open(os.path.join(tmp, "FF.npy"), "rb") as f:
        report(b"'fortran_order': True" in f.read(128), "np.save writes a Fortran-order file")
    c = {"ng": 2, "reg": "none", "update": {"scheme": "altgd", "h": 0.3, "ng": 2, "nd": 1,
                                             "order": "gen-first"}}
    ini = os.path.join(tmp, "formats.ini")
    write_case(ini, c, "F.csv")
    outs = {}
    for name in ("F.csv", "FC.npy", "FF.npy"):
        p = run(["analyze", ini, "--set", "model.jacobian=" + name, "--format", "json"])
        if p.returncode != 0:
            report(False, "analyze with %s" % name, p.stderr.strip())
            return
        d = json.loads(p.stdout)
        report(d["parameters"].get("model.jacobian") == name,
               "%s: parameters name the matrix file" % name, repr(d["parameters"]))
        d["parameters"]["model.jacobian"] = "*"
        outs[name] = json.dumps(d, sort_keys=True)
    for name in ("FC.npy", "FF.npy"):
        report(outs[name] == outs["F.csv"], "%s gives the JSON of F.csv but for the file name"
               % name)


def check_bad(report, tmp):
    bad = os.path.join(tmp, "bad")
    os.mkdir(bad)

    def text(name, s):
        with open(os.path.join(bad, name), "w") as f:
            f.write(s)

    def npy(name, a, cut=0, patch=None):
        path = os.path.join(bad, name)
        np.save(path, a)
        with open(path, "rb") as f:
            data = f.read()
        if patch:
            data = data.replace(*patch)
        with open(path, "wb") as f:
            f.write(data[:len(data) - cut])

    text("ragged.csv", "1,2,3\n4,5\n6,7,8\n")
    text("word.csv", "1 2\n3 x\n")
    text("nan.csv", "1 nan\n3 4\n")
    text("inf.csv", "1 2\n3 inf\n")
    text("rect.csv", "1 2 3\n4 5 6\n")
    text("empty.csv", "")
    text("long.csv", "1 " * 600000 + "\n")
    npy("f4.npy", np.eye(3, dtype=np.float32))
    npy("rect.npy", np.ones((2, 3)))
    npy("vec.npy", np.ones(4))
    npy("short.npy", np.eye(3), cut=8)
    npy("be.npy", np.eye(3).astype(">f8"))
    npy("magic.npy", np.eye(3), patch=(b"\x93NUMPY", b"\x93NUMPX"))
    npy("nan.npy", np.array([[1.0, np.nan], [0.0, 1.0]]))
    npy("huge.npy", np.eye(2), patch=(b"(2, 2)", b"(30000, 30000)"))
    files = [("ragged.csv", ":2"), ("word.csv", ":2"), ("nan.csv", ":1"), ("inf.csv", ":2"),
             ("rect.csv", ":2"), ("empty.csv", ":1"), ("long.csv", ":1"), ("missing.csv", ""),
             ("f4.npy", ""), ("rect.npy", ""), ("vec.npy", ""), ("short.npy", ""),
             ("be.npy", ""), ("magic.npy", ""), ("nan.npy", ""), ("huge.npy", "")]
    c = {"ng": 1, "reg": "none", "update": {"scheme": "simgd", "h": 0.1}}
    ini = os.path.join(bad, "case.ini")
    write_case(ini, c, "ragged.csv")
    for k, (name, line) in enumerate(files):
        for command in ("analyze", "critical"):
            out = os.path.join(tmp, "out-%d-%s" % (k, command))
            args = [command, ini, "--set", "model.jacobian=" + name, "-o", out]
            if command == "critical":
                args += ["--param", "update.h", "--from", "0.1", "--to", "1"]
            p = run(args)
            where = "ganstab: %s%s: " % (os.path.join(bad, name), line)
            report(p.returncode == 2 and where in p.stderr and not os.path.exists(out)
                   and p.stdout == "",
                   "%s with %s: exit 2, '%s', no output file" % (command, name, where.strip()),
                   "exit %d, stderr %r, output exists: %s" % (p.returncode, p.stderr.strip(),
                                                             os.path.exists(out)))


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

    with tempfile.TemporaryDirectory(prefix="ganstab-matrix.") as tmp:
        worst_eig, worst_op = check_operators(report, tmp)
        check_formats(report, tmp)
        check_bad(report, tmp)
    print("largest eigenvalue error: %s (relative, limit %g); operator: %s (relative, limit %g)"
          % (mpmath.nstr(worst_eig, 3), TOL_EIG, mpmath.nstr(worst_op, 3), TOL_OP))
    print("%d passed, %d failed" % (npass, nfail))
    return 1 if nfail else 0


if __name__ == "__main__":
    sys.exit(main())
