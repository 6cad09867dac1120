#!/usr/bin/env bash
# Command-line tests of ganstab against the contract in DESIGN.md ("Command-line contract"):
# exit codes, `ganstab: WHERE: message` errors naming the key and value, atomic output files,
# the JSON fields of `analyze` and `critical`, and the critical values of the Dirac-GAN cases.
#
# Usage (from the repository root): GANSTAB=build/ganstab bash tests/cli/run.sh
# Prints one `ok - …` / `not ok - …` line per check and ends with `N passed, M failed`;
# exits 1 if any check failed.
set -u

GANSTAB=${GANSTAB:-build/ganstab}
PY=/usr/bin/python3
case "$GANSTAB" in
/*) ;;
*) GANSTAB="$PWD/$GANSTAB" ;;
esac
if [ ! -x "$GANSTAB" ]; then
    echo "tests/cli/run.sh: $GANSTAB is not an executable (build it with 'make all')" >&2
    exit 2
fi
if [ ! -d cases ] || [ ! -d tests/cli ]; then
    echo "tests/cli/run.sh: run me from the repository root" >&2
    exit 2
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/ganstab-cli.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
export LC_ALL=C

npass=0
nfail=0
ok() {
    npass=$((npass + 1))
    echo "ok - $1"
}
# not_ok DESCRIPTION [DETAIL...]: details are printed as `#` comment lines.
not_ok() {
    nfail=$((nfail + 1))
    echo "not ok - $1"
    shift
    local d
    for d in "$@"; do
        printf '%s\n' "$d" | sed 's/^/#   /'
    done
}
# check DESCRIPTION PROBLEM...: ok if no problem strings were collected.
check() {
    local desc=$1
    shift
    if [ $# -eq 0 ]; then ok "$desc"; else not_ok "$desc" "$@"; fi
}

# Run ganstab with the given arguments; stdout, stderr and status in $tmp/stdout, $tmp/stderr, $rc.
rc=0
run() {
    "$GANSTAB" "$@" >"$tmp/stdout" 2>"$tmp/stderr"
    rc=$?
}
show_stderr() { head -c 600 "$tmp/stderr"; }

# ---------------------------------------------------------------------------------------------
# Python helpers (Debian's /usr/bin/python3: json and mpmath).

cat >"$tmp/check_analyze.py" <<'EOF'
# check_analyze.py FILE.json CASEPATH: the analyze JSON has every DESIGN.md field, well typed.
import json, math, sys
path, casepath = sys.argv[1], sys.argv[2]
problems = []
try:
    with open(path) as f:
        d = json.load(f)
except Exception as e:
    print("JSON does not parse: %s" % e)
    sys.exit(1)
fields = ["ganstab", "case", "parameters", "equilibrium", "jacobian", "jacobian_check",
          "field_eigenvalues", "operator", "eigenvalues", "spectral_abscissa",
          "spectral_radius", "verdict", "claims"]
for k in fields:
    if k not in d:
        problems.append("missing field %r" % k)
if problems:
    print("; ".join(problems))
    sys.exit(1)
def num(x):
    return isinstance(x, (int, float)) and not isinstance(x, bool) and math.isfinite(x)
def matrix(m, n):
    return isinstance(m, list) and len(m) == n and all(
        isinstance(r, list) and len(r) == n and all(num(v) for v in r) for r in m)
if not isinstance(d["ganstab"], str) or not d["ganstab"]:
    problems.append("ganstab is not a version string")
if not isinstance(d["case"], dict) or d["case"].get("file") != casepath \
        or not isinstance(d["case"].get("title"), str):
    problems.append("case is not {file: %r, title: ...}: %r" % (casepath, d["case"]))
p = d["parameters"]
if not isinstance(p, dict) \
        or p.get("case.model") not in ("dirac", "lq2d", "lq", "gmm", "expr", "matrix") \
        or "update.scheme" not in p:
    problems.append("parameters lacks case.model = dirac|lq2d|lq|gmm|expr|matrix / update.scheme: "
                    "%r" % p)
eq = d["equilibrium"]
if not isinstance(eq, dict) or not isinstance(eq.get("point"), list) or not num(eq.get("residual")):
    problems.append("equilibrium is not {point: [...], residual: number}")
# state dimension: 2 for dirac and lq2d, d^2 + d + d(d+1)/2 + d + 1 for lq
n = len(eq["point"]) if isinstance(eq, dict) and isinstance(eq.get("point"), list) else 2
if p.get("case.model") in ("dirac", "lq2d") and n != 2:
    problems.append("equilibrium point has %d entries, expected 2" % n)
if not matrix(d["jacobian"], n):
    problems.append("jacobian is not a %dx%d matrix of numbers" % (n, n))
md, nsd = d.get("manifold_dim"), d.get("null_space_dim")
if not isinstance(md, int) or not isinstance(nsd, int) or md < 0 or nsd < 0:
    problems.append("manifold_dim / null_space_dim are not counts: %r, %r" % (md, nsd))
    md = 0
jc = d["jacobian_check"]
# At a kink of the field (WGAN-GP/DRAGAN at psi = 0: equilibrium.differentiable false) the
# analytic J is one-sided and central differences straddle a jump; the check cannot pass there.
smooth = not isinstance(eq, dict) or eq.get("differentiable", True) is not False
skipped = isinstance(jc, dict) and jc.get("method") == "skipped" \
    and isinstance(jc.get("reason"), str) and jc["reason"] != ""
if not skipped and (not isinstance(jc, dict) or jc.get("method") != "central-difference"
                    or not num(jc.get("max_abs_diff")) or (smooth and jc["max_abs_diff"] > 1e-6)):
    problems.append("jacobian_check is not a passing central-difference check: %r" % jc)
def eiglist(lst, full, count=None):
    if not isinstance(lst, list) or len(lst) != (n if count is None else count):
        return False
    for e in lst:
        if not isinstance(e, dict) or not num(e.get("re")) or not num(e.get("im")):
            return False
        if full and (not num(e.get("abs")) or not num(e.get("error_bound"))
                     or abs(e["abs"] - math.hypot(e["re"], e["im"])) > 1e-12 * max(1, e["abs"])
                     or e["error_bound"] < 0):
            return False
    return True
if not eiglist(d["field_eigenvalues"], False):
    problems.append("field_eigenvalues is not %d {re, im}" % n)
if not eiglist(d["eigenvalues"], True):
    problems.append("eigenvalues is not %d {re, im, abs, error_bound} with abs = |lambda|" % n)
# with an equilibrium manifold the verdict is decided on the transversal spectrum
deciding = "eigenvalues"
if md > 0:
    deciding = "transversal_eigenvalues"
    if not eiglist(d.get("transversal_eigenvalues"), True, n - md) \
            or not eiglist(d.get("transversal_field_eigenvalues"), False, n - md):
        problems.append("manifold_dim %d > 0 but no %d transversal eigenvalues" % (md, n - md))
flow = p.get("update.scheme") == "flow"
if flow:
    if d["operator"] is not None or d["spectral_radius"] is not None:
        problems.append("flow: operator and spectral_radius must be null")
else:
    if not matrix(d["operator"], n):
        problems.append("map: operator is not a %dx%d matrix" % (n, n))
    if not num(d["spectral_radius"]):
        problems.append("map: spectral_radius is not a number")
    elif eiglist(d[deciding], True, len(d[deciding])) and \
            abs(d["spectral_radius"] - max(e["abs"] for e in d[deciding])) > 1e-12:
        problems.append("spectral_radius != max |eigenvalue|")
if not num(d["spectral_abscissa"]):
    problems.append("spectral_abscissa is not a number")
if d["verdict"] not in ("stable", "unstable", "marginal", "not-stationary"):
    problems.append("verdict %r is not one of stable|unstable|marginal|not-stationary" % d["verdict"])
cl = d["claims"]
if not isinstance(cl, list):
    problems.append("claims is not a list")
else:
    for c in cl:
        if not isinstance(c, dict) or not isinstance(c.get("id"), str) \
                or not isinstance(c.get("statement"), str) or not isinstance(c.get("agrees"), bool):
            problems.append("claim without id/statement/agrees: %r" % (c,))
            break
if problems:
    print("; ".join(problems))
    sys.exit(1)
EOF

cat >"$tmp/check_eigs.py" <<'EOF'
# check_eigs.py FILE.json RE IM...: "eigenvalues" equal the given (re, im) pairs up to 1e-12.
import json, sys
d = json.load(open(sys.argv[1]))
want = [complex(float(sys.argv[i]), float(sys.argv[i + 1])) for i in range(2, len(sys.argv), 2)]
got = [complex(e["re"], e["im"]) for e in d["eigenvalues"]]
if len(got) != len(want):
    print("got %d eigenvalues, want %d" % (len(got), len(want))); sys.exit(1)
for w in want:
    best = min(got, key=lambda g: abs(g - w))
    if abs(best - w) > 1e-12:
        print("want %r, got %r" % (want, got)); sys.exit(1)
    got.remove(best)
EOF

cat >"$tmp/check_crossing.py" <<'EOF'
# check_crossing.py FILE.json PARAM FROM TO MODE VALUE KIND TYPE BEFORE AFTER
# MODE only: exactly one crossing, the given one.
# MODE stability: exactly one crossing of kind "stability", the given one (oscillation
# crossings may accompany it). MODE oscillation: likewise for kind "oscillation".
import json, math, sys
path, param, lo, hi, mode, value, kind, typ, before, after = sys.argv[1:11]
lo, hi = float(lo), float(hi)
value = eval(value, {"sqrt": math.sqrt})
try:
    d = json.load(open(path))
except Exception as e:
    print("JSON does not parse: %s" % e); sys.exit(1)
problems = []
if d.get("param") != param:
    problems.append("param %r, want %r" % (d.get("param"), param))
if d.get("from") != lo or d.get("to") != hi:
    problems.append("from/to %r/%r, want %r/%r" % (d.get("from"), d.get("to"), lo, hi))
cr = d.get("crossings")
if not isinstance(cr, list):
    print("crossings is not a list"); sys.exit(1)
sel = cr if mode == "only" else [c for c in cr if c.get("kind") == mode]
if len(sel) != 1:
    problems.append("want exactly one %scrossing, got %d: %s"
                    % ("" if mode == "only" else mode + " ", len(sel), json.dumps(cr)))
else:
    c = sel[0]
    v = c.get("value")
    if not isinstance(v, (int, float)) or abs(v - value) > 1e-10:
        problems.append("value %r, want %.17g (|diff| <= 1e-10)" % (v, value))
    for k, w in (("kind", kind), ("type", typ), ("before", before), ("after", after)):
        if c.get(k) != w:
            problems.append("%s %r, want %r" % (k, c.get(k), w))
    b = c.get("bracket")
    if not (isinstance(b, list) and len(b) == 2 and isinstance(v, (int, float))
            and b[0] <= v <= b[1] and b[1] - b[0] <= 1e-12 * max(1.0, abs(v)) * (1 + 1e-9)):
        problems.append("bracket %r does not hold value %r or is wider than 1e-12*max(1,|v|)"
                        % (b, v))
for c in cr:
    if c.get("kind") not in ("stability", "oscillation"):
        problems.append("crossing kind %r" % c.get("kind"))
    # closed interval; a crossing exactly at an end point may sit within its bracket of it
    if not (lo - 1e-12 * max(1, abs(lo)) <= c.get("value", float("nan")) <= hi + 1e-12 * max(1, abs(hi))):
        problems.append("crossing %r outside [from, to]" % c.get("value"))
if problems:
    print("; ".join(problems)); sys.exit(1)
EOF

# ---------------------------------------------------------------------------------------------
# 1. Bad input: exit 2, `ganstab: WHERE: message` naming the key/value, no output file.

mkdir -p "$tmp/o"
printf 'not a directory\n' >"$tmp/file"
# Case files generated here: a 199-character line is accepted, a 200-character one is not.
long_case() { # long_case PATH TITLE_LENGTH (the title line is 8 + TITLE_LENGTH characters)
    {
        printf '[case]\ntitle = %s\nmodel = dirac\n' "$(head -c "$2" /dev/zero | tr '\0' x)"
        printf '[regularizer]\nkind = gp\ngamma = 0.5\n[update]\nscheme = flow\n'
    } >"$1"
}
long_case "$tmp/line199.ini" 191
long_case "$tmp/line200.ini" 192
# A case file that cannot be read.
cp cases/dirac-gp.ini "$tmp/unreadable.ini"
chmod 000 "$tmp/unreadable.ini"

# snapshot PATH: type, names and contents of PATH (a file or a directory tree).
snapshot() {
    if [ -d "$1" ]; then
        (cd "$1" && find . -print0 | LC_ALL=C sort -z | xargs -0 -r sha256sum 2>&1)
    else
        echo file
        sha256sum <"$1"
    fi
}

B=tests/cli
nrow=0
# row DESCRIPTION EXIT 'SUBSTRING|SUBSTRING…' ARGS…
# Appends `-o $tmp/o/out-N` unless ARGS already has -o (the row is then about that path) or the
# row is called as `noout=1 row …` (where an extra -o would change what is tested).
# Checks: the exit status, every substring in stderr, a `ganstab: ` error line, nothing on
# stdout, and that no file exists at the -o path (nor any file under it, for a directory) or,
# if the path existed before, that it is unchanged.
row() {
    local desc=$1 want=$2 subs=$3
    shift 3
    nrow=$((nrow + 1))
    local args=("$@") out="" i has_o=0
    for ((i = 0; i < ${#args[@]}; i++)); do
        if [ "${args[i]}" = "-o" ]; then
            has_o=1
            out=${args[i + 1]:-}
        fi
    done
    if [ "${noout:-0}" = 1 ]; then
        out="$tmp/o/out-$nrow" # no -o may be appended; just make sure nothing appears
    elif [ $has_o -eq 0 ]; then
        out="$tmp/o/out-$nrow"
        args+=(-o "$out")
    fi
    # An -o path that exists beforehand (a file or directory the row is about) must be left
    # exactly as it was; any other -o path must not exist afterwards.
    local before=""
    if [ -n "$out" ] && [ -e "$out" ]; then
        before=$(snapshot "$out")
    fi
    run "${args[@]}"
    local problems=() s
    [ "$rc" -eq "$want" ] || problems+=("exit status $rc, want $want")
    IFS='|' read -r -a sublist <<<"$subs"
    for s in "${sublist[@]}"; do
        grep -qF -- "$s" "$tmp/stderr" || problems+=("stderr lacks '$s'")
    done
    grep -q '^ganstab: ' "$tmp/stderr" || problems+=("no 'ganstab: ' error line on stderr")
    [ -s "$tmp/stdout" ] && problems+=("stdout is not empty: $(head -c 200 "$tmp/stdout")")
    if [ -n "$before" ]; then
        [ "$(snapshot "$out")" = "$before" ] || problems+=("the existing $out was changed")
    elif [ -n "$out" ] && [ -e "$out" ]; then
        if [ -d "$out" ] && [ -z "$(find "$out" -mindepth 1 -print -quit)" ]; then
            : # an empty output directory of `report`: no files
        else
            problems+=("output path $out exists after the failed run: $(find "$out" | head -5 | tr '\n' ' ')")
        fi
    fi
    [ ${#problems[@]} -eq 0 ] || problems+=("command: ganstab ${args[*]}" "stderr: $(show_stderr)")
    check "bad input $nrow: $desc (exit $want, stderr names '$subs')" "${problems[@]}"
}

# --- the case file itself
row "missing case file" 2 "$tmp/nonexistent.ini" analyze "$tmp/nonexistent.ini"
row "a directory as case file" 2 "ganstab: tests/cli" analyze tests/cli
if [ ! -r "$tmp/unreadable.ini" ]; then # root reads it anyway
    row "an unreadable case file" 2 "unreadable.ini" analyze "$tmp/unreadable.ini"
fi
row "unknown section at its line" 2 "$B/bad-section.ini:10:|optimizer" analyze $B/bad-section.ini
row "unknown key" 2 "$B/bad-key.ini:14:|step" analyze $B/bad-key.ini
row "unknown [model] key" 2 "$B/bad-model-key.ini:16:|width" analyze $B/bad-model-key.ini
row "duplicate key (line of the second one)" 2 "$B/bad-dup.ini:15:|'h'" analyze $B/bad-dup.ini
row "syntax error line" 2 "$B/bad-syntax.ini:6:" analyze $B/bad-syntax.ini
row "key before any section" 2 "$B/bad-before-section.ini:1:" analyze $B/bad-before-section.ini
row "h = abc" 2 "$B/bad-h-abc.ini:13:|'h'|abc" analyze $B/bad-h-abc.ini
row "h = 1e999 (overflows)" 2 "$B/bad-h-huge.ini:13:|'h'|1e999" analyze $B/bad-h-huge.ini
row "h = nan" 2 "$B/bad-h-nan.ini:13:|'h'|nan" analyze $B/bad-h-nan.ini
row "h = inf" 2 "$B/bad-h-inf.ini:13:|'h'|inf" analyze $B/bad-h-inf.ini
row "h = 0 (h > 0 required)" 2 "$B/bad-h-zero.ini:13:|'h'|'0'" analyze $B/bad-h-zero.ini
row "h = -0.1" 2 "$B/bad-h-neg.ini:13:|'h'|-0.1" analyze $B/bad-h-neg.ini
row "h = 0.1x (trailing garbage)" 2 "$B/bad-h-trailing.ini:13:|'h'|0.1x" analyze $B/bad-h-trailing.ini
row "h with an empty value" 2 "$B/bad-h-empty.ini:13:|'h'" analyze $B/bad-h-empty.ini
row "sigma = -1" 2 "$B/bad-sigma-neg.ini:9:|sigma|-1" analyze $B/bad-sigma-neg.ini
row "gamma = -1" 2 "$B/bad-gamma-neg.ini:9:|gamma|-1" analyze $B/bad-gamma-neg.ini
row "ng = 0" 2 "$B/bad-ng-zero.ini:14:|'ng'|'0'" analyze $B/bad-ng-zero.ini
row "ng = 2.5" 2 "$B/bad-ng-frac.ini:14:|'ng'|2.5" analyze $B/bad-ng-frac.ini
row "missing model" 2 "$B/bad-no-model.ini|case.model" analyze $B/bad-no-model.ini
row "unknown model" 2 "$B/bad-model-unknown.ini:4:|model|dcgan" analyze $B/bad-model-unknown.ini
row "model gmm without model.mu_star" 2 "$B/bad-model-gmm.ini:4:|model.mu_star|gmm" analyze $B/bad-model-gmm.ini
row "model gmm with a gradient penalty" 2 "$B/bad-gmm-gp.ini:11:|gp|indicator" analyze $B/bad-gmm-gp.ini
row "model gmm: disc with l > r" 2 "--set model.disc|l <= r" analyze $B/bad-gmm-gp.ini --set regularizer.kind=none --set "model.disc=1, 0, 0, 1"
row "model gmm: mu_star with 3 numbers" 2 "--set model.mu_star|2 numbers" analyze $B/bad-gmm-gp.ini --set regularizer.kind=none --set "model.mu_star=1, 2, 3"
row "model gmm: case.loss wgan" 2 "--set case.loss|own payoff" analyze $B/bad-gmm-gp.ini --set regularizer.kind=none --set case.loss=wgan
row "scheme optimal on model dirac" 2 "--set update.scheme|gmm only" analyze cases/dirac-gp.ini --set update.scheme=optimal --set update.h=0.1
row "update.unroll without scheme unrolled" 2 "--set update.unroll|unrolled" analyze $B/bad-gmm-gp.ini --set regularizer.kind=none --set update.unroll=3
row "model.mu_star on model dirac" 2 "--set model.mu_star|model gmm" analyze cases/dirac-gp.ini --set "model.mu_star=0, 1"
G=cases/gmm-fig3-collapse.ini
row "[simulate] expect with an unknown behaviour" 2 "--set simulate.expect|diverges" analyze $G --set simulate.expect=diverges
row "[simulate] steps 0" 2 "--set simulate.steps|steps" analyze $G --set simulate.steps=0
row "[simulate] t_end on a discrete scheme" 2 "--set simulate.t_end|flow" analyze $G --set simulate.t_end=5
row "[simulate] init with 3 numbers for 6 states" 2 "simulate.init|6 values" analyze $G --set "simulate.init=1, 2, 3"
row "[simulate] scheme optimal on model dirac" 2 "--set simulate.scheme|gmm only" analyze cases/dirac-gp.ini --set simulate.scheme=optimal --set simulate.steps=10
row "[simulate] expect on model dirac" 2 "--set simulate.expect|gmm only" analyze cases/dirac-gp.ini --set simulate.steps=10 --set simulate.t_end=1 --set simulate.expect=converges
row "[placements] on model dirac" 2 "--set placements.l1|gmm only" analyze cases/dirac-gp.ini --set "placements.l1=0 1 3" --set "placements.l2=0 1 3"
row "[placements] without l2" 2 "placements.l2" analyze $G --set "placements.l1=0 1 3"
row "[heatmap] on model dirac" 2 "--set heatmap.grid|gmm only" analyze cases/dirac-gp.ini --set heatmap.grid=5
row "[heatmap] grid 1" 2 "heatmap.grid|'grid'|2..1001|'1'" analyze $G --set heatmap.grid=1
row "[heatmap] grid 2.5" 2 "'grid'|'2.5'" analyze $G --set heatmap.grid=2.5
row "[heatmap] inits 0" 2 "'inits'|'0'" analyze $G --set heatmap.inits=0
row "[heatmap] iters -3" 2 "'iters'|'-3'" analyze $G --set heatmap.iters=-3
row "[heatmap] seed -1" 2 "'seed'|'-1'" analyze $G --set heatmap.seed=-1
row "[heatmap] seed 2^64" 2 "'seed'|18446744073709551616" analyze $G --set heatmap.seed=18446744073709551616
row "[heatmap] step 0" 2 "'step'|positive" analyze $G --set heatmap.step=0
row "[heatmap] unknown dynamics" 2 "'dynamics'|'sgd'" analyze $G --set "heatmap.dynamics=first-order, sgd"
row "[heatmap] empty dynamics" 2 "'dynamics'" analyze $G --set "heatmap.dynamics= , "
row "[heatmap] unknown key" 2 "'steps'|[heatmap]" analyze $G --set heatmap.steps=5
row "update.unroll without unrolled scheme or heatmap" 2 "'unroll'" analyze $G --set update.unroll=3
row "analyze with scheme optimal (no operator)" 2 "optimal|simulate" analyze $G --set update.scheme=optimal
row "unknown scheme" 2 "$B/bad-scheme.ini:12:|scheme|adam" analyze $B/bad-scheme.ini
row "unknown altgd order" 2 "$B/bad-order.ini:14:|order|sideways" analyze $B/bad-order.ini
row "kind = gp without gamma" 2 "$B/bad-gp-no-gamma.ini:8:|regularizer.gamma" analyze $B/bad-gp-no-gamma.ini
row "simgd without h" 2 "$B/bad-simgd-no-h.ini:12:|update.h" analyze $B/bad-simgd-no-h.ini
row "ttur without hd" 2 "$B/bad-ttur-no-hd.ini:12:|update.hd" analyze $B/bad-ttur-no-hd.ini
row "[critical] with to < from" 2 "$B/bad-critical-to.ini:18:|'to'" analyze $B/bad-critical-to.ini
row "a line longer than 199 characters" 2 "$B/bad-long-line.ini:3:|199" analyze $B/bad-long-line.ini
row "a 200-character line" 2 "line200.ini:2:" analyze "$tmp/line200.ini"
# --- --set
row "--set without =" 2 "--set|update.h0.5" analyze cases/dirac-gp-simgd.ini --set update.h0.5
row "--set without a section" 2 "--set|h=0.5" analyze cases/dirac-gp-simgd.ini --set h=0.5
row "--set unknown key" 2 "--set update.step|step" analyze cases/dirac-gp-simgd.ini --set update.step=1
row "--set unknown section" 2 "--set optimizer.h|optimizer" analyze cases/dirac-gp-simgd.ini --set optimizer.h=1
row "--set update.h=abc" 2 "--set update.h|abc" analyze cases/dirac-gp-simgd.ini --set update.h=abc
row "--set update.h=-1" 2 "--set update.h|-1" analyze cases/dirac-gp-simgd.ini --set update.h=-1
row "--set update.h=1e999" 2 "--set update.h|1e999" analyze cases/dirac-gp-simgd.ini --set update.h=1e999
row "--set update.h= (empty)" 2 "--set update.h" analyze cases/dirac-gp-simgd.ini --set update.h=
row "--set case.model=gmm without its model keys" 2 "--set case.model|model.mu_star" analyze cases/dirac-gp.ini --set case.model=gmm
row "--set regularizer.kind=gp without gamma" 2 "gamma" analyze cases/dirac-simgd.ini --set regularizer.kind=gp
noout=1 row "--set update.scheme=flow while [critical] sweeps update.h (line 17)" 2 "cases/dirac-gp-simgd.ini:17:|update.h" analyze cases/dirac-gp-simgd.ini --set update.scheme=flow
noout=1 row "--set without its value argument" 2 "--set" analyze cases/dirac-gp.ini --set
# --- options
row "--format xml" 2 "--format|xml" analyze cases/dirac-gp.ini --format xml
row "--format given twice" 2 "--format" analyze cases/dirac-gp.ini --format json --format md
row "--tol -1" 2 "--tol|-1" analyze cases/dirac-gp.ini --tol -1
row "--tol abc" 2 "--tol|abc" analyze cases/dirac-gp.ini --tol abc
row "--tol nan" 2 "--tol|nan" analyze cases/dirac-gp.ini --tol nan
row "unknown option" 2 "--frobnicate" analyze cases/dirac-gp.ini --frobnicate
row "analyze without a case file" 2 "ganstab: " analyze
row "analyze with two case files" 2 "ganstab: " analyze cases/dirac-gp.ini cases/dirac-noise.ini
noout=1 row "no command" 2 "Usage"
row "unknown command" 2 "frobnicate" frobnicate cases/dirac-gp.ini
row "-o without its argument" 2 "-o" analyze cases/dirac-gp.ini -o
mkdir -p "$tmp/o/existing-dir"
row "-o an existing directory" 2 "$tmp/o/existing-dir" analyze cases/dirac-gp.ini -o "$tmp/o/existing-dir"
row "-o into a nonexistent directory" 2 "$tmp/nodir/out" analyze cases/dirac-gp.ini -o "$tmp/nodir/out"
row "-o under a regular file" 2 "$tmp/file/out" analyze cases/dirac-gp.ini -o "$tmp/file/out"
# --- critical
C=(critical cases/dirac-gp.ini)
row "critical with unknown --param" 2 "--param|update.eta" "${C[@]}" --param update.eta --from 0 --to 1
row "critical --param that is not numeric" 2 "--param|update.scheme" "${C[@]}" --param update.scheme --from 0 --to 1
row "critical --param with no effect (sigma on a gp case)" 2 "regularizer.sigma|no effect" "${C[@]}" --param regularizer.sigma --from 0 --to 1
row "critical --from 3 --to 1" 2 "--from|--to" "${C[@]}" --param regularizer.gamma --from 3 --to 1
row "critical --from 1 --to 1" 2 "--from|--to" "${C[@]}" --param regularizer.gamma --from 1 --to 1
row "critical --from abc" 2 "--from|abc" "${C[@]}" --param regularizer.gamma --from abc --to 1
row "critical --to inf" 2 "--to|inf" "${C[@]}" --param regularizer.gamma --from 0 --to inf
row "critical --from 0 for update.h (h > 0)" 2 "--from|update.h|0" critical cases/dirac-gp-simgd.ini --param update.h --from 0 --to 4
row "critical --from -1 for regularizer.gamma (gamma >= 0)" 2 "regularizer.gamma|-1" "${C[@]}" --param regularizer.gamma --from -1 --to 1
row "critical without --param" 2 "--param" "${C[@]}" --from 0 --to 4
row "critical without --to" 2 "--to" "${C[@]}" --param regularizer.gamma --from 0
row "critical --scan 5 (below the minimum)" 2 "--scan|5" "${C[@]}" --param regularizer.gamma --from 0 --to 4 --scan 5
row "critical --scan 2.5" 2 "--scan|2.5" "${C[@]}" --param regularizer.gamma --from 0 --to 4 --scan 2.5
row "critical --param given twice" 2 "--param" "${C[@]}" --param regularizer.gamma --param regularizer.gamma --from 0 --to 4
row "critical with a bad --set" 2 "--set update.h|abc" critical cases/dirac-gp-simgd.ini --param update.h --from 0.1 --to 4 --set update.h=abc
row "critical -o under a regular file" 2 "$tmp/file/out" "${C[@]}" --param regularizer.gamma --from 0 --to 4 -o "$tmp/file/out"
# --- regularizers: WGAN-GP's sweep, g0, clip, a planned kind
row "critical on a WGAN-GP case: the equilibrium is not stationary" 2 "not stationary|regularizer.gamma" critical cases/dirac-gp.ini --set regularizer.kind=wgan-gp --param regularizer.gamma --from 0.1 --to 2
row "critical --param update.h on a DRAGAN simgd case" 2 "not stationary" critical cases/dirac-gp-simgd.ini --set regularizer.kind=dragan --param update.h --from 0.01 --to 4
row "--set regularizer.g0=0 (g0 > 0 required)" 2 "--set regularizer.g0|'g0'|positive|'0'" analyze cases/dirac-gp.ini --set regularizer.kind=wgan-gp --set regularizer.g0=0
row "--set regularizer.g0=-1" 2 "--set regularizer.g0|-1" analyze cases/dirac-gp.ini --set regularizer.kind=dragan --set regularizer.g0=-1
row "--set regularizer.clip=-1 (clip > 0 required)" 2 "--set regularizer.clip|'clip'|-1" analyze cases/dirac-gp.ini --set regularizer.clip=-1
row "--set regularizer.kind=nk without eta" 2 "regularizer.eta|nk" analyze cases/dirac-gp.ini --set regularizer.kind=nk
row "--set case.loss=hinge" 2 "--set case.loss|'hinge'" analyze cases/dirac-gp.ini --set case.loss=hinge
# --- model expr: formulas located at their line and column; numerical failures exit 3
row "expr: an unknown name in the payoff" 2 "$B/bad-expr-unknown-name.ini:8:|key 'payoff'|unknown name 'thetaa' at column 7" analyze $B/bad-expr-unknown-name.ini
row "expr: a syntax error in the field" 2 "$B/bad-expr-syntax.ini:7:|formula 2 (of state 'y')|syntax error at column 12|expected ')'" analyze $B/bad-expr-syntax.ini
row "expr: division by zero at the equilibrium: exit 3" 3 "$B/bad-expr-divzero.ini:7:|division by zero at column 5|(x, y) = (0, 0)" analyze $B/bad-expr-divzero.ini
row "expr: an equilibrium formula that is not real: exit 3" 3 "$B/bad-expr-equilibrium-nan.ini:8:|sqrt(-0.5) is not a real number at column 1" analyze $B/bad-expr-equilibrium-nan.ini
row "expr: a gradient penalty on a payoff" 2 "$B/bad-expr-gp.ini:6:|regularizer gp|none, conopt and nk" analyze $B/bad-expr-gp.ini
E=cases/expr-lorenz.ini
row "expr: --set params.NAME the case does not declare" 2 "--set params.rho|unknown parameter 'rho'|sigma, beta, r" analyze $E --set params.rho=28
row "expr: --set params.r=abc" 2 "--set params.r|expected a number|abc" analyze $E --set params.r=abc
row "expr: --set params.r=inf" 2 "--set params.r|inf" analyze $E --set params.r=inf
row "expr: --set params on a built-in model" 2 "--set params.gamma|declares none" analyze cases/dirac-gp.ini --set params.gamma=1
row "expr: two field formulas for three states" 2 "--set model.field|2 formulas for 3 state variables|' ;'" analyze $E --set "model.field=sigma*(y - x); x*(r - z) - y"
row "expr: an empty formula in a list" 2 "--set model.field|formula 2 (of state 'y')|empty formula" analyze $E --set "model.field=sigma*(y - x);; x*y - beta*z"
row "expr: '**' for a power" 2 "--set model.field|'**' is not an operator" analyze $E --set "model.field=sigma*(y - x); x**2 - y; x*y - beta*z"
row "expr: a reserved state name" 2 "--set model.state|'pi' at column 4 is reserved" analyze $E --set "model.state=x, pi, z"
row "expr: model.dynamics=chaos" 2 "--set model.dynamics|chaos" analyze $E --set model.dynamics=chaos
row "expr: dynamics map on a payoff" 2 "key 'dynamics'|payoff|field" analyze cases/expr-dirac-conopt.ini --set model.dynamics=map
row "expr: model.nodes=0" 2 "--set model.nodes|1..64|'0'" analyze cases/expr-lq2d-nk.ini --set model.nodes=0
row "expr: model.nodes without data" 2 "--set model.nodes|data" analyze $E --set model.nodes=8
row "expr: an unknown distribution" 2 "--set model.data|unknown distribution 'beta'" analyze cases/expr-lq2d-nk.ini --set "model.data=x ~ beta(1, 2); z ~ uniform(-1, 1)"
row "expr: uniform(1, -1)" 2 "--set model.data|A < B" analyze cases/expr-lq2d-nk.ini --set "model.data=x ~ uniform(1, -1); z ~ uniform(-1, 1)"
row "expr: equilibrium and guess both" 2 "--set model.guess|not both" analyze $E --set "model.guess=1, 1, 1"
row "expr: a guess of 1 value for 2 states" 2 "key 'guess'|1 value for 2 state variables" analyze cases/expr-saddle-node.ini --set "model.state=x, y" --set "model.field=r + x; -y"
row "expr: case.loss does not apply" 2 "--set case.loss|formulas" analyze cases/expr-dirac-conopt.ini --set case.loss=wgan
row "expr: instance noise on a payoff" 2 "--set regularizer.kind|regularizer noise" analyze cases/expr-dirac-conopt.ini --set regularizer.kind=noise --set regularizer.sigma=1
row "expr: nk on a field over state" 2 "--set regularizer.kind|no players" analyze $E --set regularizer.kind=nk --set regularizer.eta=1
row "expr: altgd on a field over state" 2 "--set update.scheme|altgd|no players" analyze $E --set update.scheme=altgd --set update.h=0.1
row "expr: an [update] key on a map" 2 "--set update.h|own update rule" analyze cases/expr-logistic.ini --set update.h=0.1
row "expr: critical.expect without a type" 2 "--set critical.expect|'TYPE: VALUE'" analyze $E --set "critical.expect=24.7"
row "expr: critical.expect with an unknown type" 2 "--set critical.expect|unknown crossing type 'pitchfork'" analyze $E --set "critical.expect=pitchfork: 1"
row "expr: critical.expect in the swept parameter" 2 "--set critical.expect|uses 'r'" analyze $E --set "critical.expect=hopf: r"
row "expr: critical --param params.NAME not declared" 2 "--param|params.rho" critical $E --param params.rho --from 2 --to 30
row "expr: critical --param update.h on a map" 2 "--param|update.h|map" critical cases/expr-logistic.ini --param update.h --from 0.1 --to 1
row "expr: critical.param = params.NAME not declared" 2 "--set critical.param|params.rho" analyze $E --set critical.param=params.rho
row "expr: simulate --init with 2 numbers for 3 states" 2 "--init|3 values|x,y,z" simulate $E --steps 3 --t-end 1 --init 1,2
# --- simulate
S=(simulate cases/dirac-simgd.ini)
F=(simulate cases/dirac-unregularized.ini)
row "simulate --steps 0" 2 "--steps|'0'" "${S[@]}" --steps 0
row "simulate --steps abc" 2 "--steps|abc" "${S[@]}" --steps abc
row "simulate --steps -5" 2 "--steps|-5" "${S[@]}" --steps -5
row "simulate --steps 100000001 (above the maximum)" 2 "--steps|100000001" "${S[@]}" --steps 100000001
row "simulate without --steps" 2 "--steps|required" "${S[@]}"
row "simulate --init 1 (dirac has two components)" 2 "--init|2 values|theta,psi|got 1" "${S[@]}" --steps 3 --init 1
row "simulate --init 1,nan" 2 "--init|1,nan" "${S[@]}" --steps 3 --init 1,nan
row "simulate --init 1,,2 (an empty item)" 2 "--init|1,,2" "${S[@]}" --steps 3 --init 1,,2
row "simulate --init 1,abc" 2 "--init|1,abc" "${S[@]}" --steps 3 --init 1,abc
row "simulate flow without --t-end" 2 "--t-end|required|flow" "${F[@]}" --steps 3
row "simulate --t-end 0" 2 "--t-end|'0'" "${F[@]}" --steps 3 --t-end 0
row "simulate --t-end inf" 2 "--t-end|inf" "${F[@]}" --steps 3 --t-end inf
row "simulate --t-end with a discrete scheme" 2 "--t-end|flow only|simgd" "${S[@]}" --steps 3 --t-end 1
row "simulate --rtol -1" 2 "--rtol|-1" "${F[@]}" --steps 3 --t-end 1 --rtol -1
row "simulate --rtol 0 --atol 0" 2 "--rtol|both be 0" "${F[@]}" --steps 3 --t-end 1 --rtol 0 --atol 0
row "simulate --format xml" 2 "--format|xml" "${S[@]}" --steps 3 --format xml
row "simulate --format md (csv or json only)" 2 "--format|'md'" "${S[@]}" --steps 3 --format md
row "simulate --tol (an analyze option)" 2 "unknown option|--tol" "${S[@]}" --steps 3 --tol 1e-6
row "simulate with a bad --set" 2 "--set update.h|abc" "${S[@]}" --steps 3 --set update.h=abc
row "simulate a bad case file" 2 "$B/bad-h-abc.ini:13:" simulate $B/bad-h-abc.ini --steps 3
row "simulate diverging to overflow (wgan simgd, h = 10): exit 3" 3 "cases/dirac-wgan-simgd.ini: simulate|step 154|diverged" simulate cases/dirac-wgan-simgd.ini --steps 1000 --set update.h=10
row "simulate -o under a regular file" 2 "$tmp/file/out" "${S[@]}" --steps 3 -o "$tmp/file/out"
# --- heatmap
H=(heatmap cases/gmm-fig1a-converges.ini --dynamics first-order --grid 3 --inits 2 --iters 5)
row "heatmap without --dynamics" 2 "--dynamics|required" heatmap cases/gmm-fig1a-converges.ini --grid 3
row "heatmap --dynamics simgd" 2 "--dynamics|simgd" heatmap cases/gmm-fig1a-converges.ini --dynamics simgd
row "heatmap --grid 1" 2 "--grid|'1'" heatmap cases/gmm-fig1a-converges.ini --dynamics optimal --grid 1
row "heatmap --grid 1002" 2 "--grid|1002" heatmap cases/gmm-fig1a-converges.ini --dynamics optimal --grid 1002
row "heatmap --grid abc" 2 "--grid|abc" heatmap cases/gmm-fig1a-converges.ini --dynamics optimal --grid abc
row "heatmap --inits 0" 2 "--inits|'0'" heatmap cases/gmm-fig1a-converges.ini --dynamics optimal --inits 0
row "heatmap --iters -3" 2 "--iters|-3" heatmap cases/gmm-fig1a-converges.ini --dynamics optimal --iters -3
row "heatmap --step 0" 2 "--step|'0'" heatmap cases/gmm-fig1a-converges.ini --dynamics optimal --step 0
row "heatmap --step nan" 2 "--step|nan" heatmap cases/gmm-fig1a-converges.ini --dynamics optimal --step nan
row "heatmap --seed -1" 2 "--seed|-1" heatmap cases/gmm-fig1a-converges.ini --dynamics optimal --seed -1
row "heatmap --seed 18446744073709551616 (2^64)" 2 "--seed|18446744073709551616" heatmap cases/gmm-fig1a-converges.ini --dynamics optimal --seed 18446744073709551616
row "heatmap --threads 1025" 2 "--threads|1025" heatmap cases/gmm-fig1a-converges.ini --dynamics optimal --threads 1025
row "heatmap --threads 1.5" 2 "--threads|1.5" heatmap cases/gmm-fig1a-converges.ini --dynamics optimal --threads 1.5
row "heatmap --format xml" 2 "--format|xml" heatmap cases/gmm-fig1a-converges.ini --dynamics optimal --format xml
row "heatmap --quiet=1 (takes no value)" 2 "--quiet|no value" heatmap cases/gmm-fig1a-converges.ini --dynamics optimal --quiet=1
row "heatmap --grid twice" 2 "--grid|more than once" heatmap cases/gmm-fig1a-converges.ini --dynamics optimal --grid 3 --grid 4
row "heatmap --steps (a simulate option)" 2 "unknown option|--steps" heatmap cases/gmm-fig1a-converges.ini --dynamics optimal --steps 3
row "heatmap on model dirac" 2 "cases/dirac-gp.ini|model gmm|dirac" heatmap cases/dirac-gp.ini --dynamics optimal
row "heatmap with a bad --set" 2 "--set update.unroll|abc" heatmap cases/gmm-fig1a-converges.ini --dynamics unrolled --set update.unroll=abc
row "heatmap a bad case file" 2 "$B/bad-h-abc.ini:13:" heatmap $B/bad-h-abc.ini --dynamics optimal
row "heatmap -o under a regular file" 2 "$tmp/file/out" "${H[@]}" -o "$tmp/file/out"
# --- optimizers of games (issue 11): [update] keys and `compare`
D=cases/dirac-unregularized.ini
row "momentum without beta" 2 "update.beta|momentum" analyze $D --set update.scheme=momentum --set update.h=0.1
row "complex-momentum without beta_im" 2 "update.beta_im" analyze $D --set update.scheme=complex-momentum --set update.h=0.1 --set update.beta=0.5
row "lookahead without base" 2 "update.base|lookahead" analyze $D --set update.scheme=lookahead --set update.h=0.1
row "lookahead alpha 1.5" 2 "--set update.alpha|(0, 1]|'1.5'" analyze $D --set update.scheme=lookahead --set update.alpha=1.5
row "lookahead over momentum" 2 "--set update.base|'momentum'" analyze $D --set update.scheme=lookahead --set update.base=momentum
row "lookahead k = 0" 2 "--set update.k|'0'" analyze $D --set update.scheme=lookahead --set update.k=0
row "sga without lambda" 2 "update.lambda|sga" analyze $D --set update.scheme=sga --set update.h=0.1
row "conopt step without gamma" 2 "update.gamma|conopt" analyze $D --set update.scheme=conopt --set update.h=0.1
row "beta with simgd" 2 "--set update.beta|does not apply|simgd" analyze $D --set update.scheme=simgd --set update.h=0.1 --set update.beta=0.5
row "variant aligned with momentum" 2 "'variant'|simultaneous or alternating" analyze $D --set update.scheme=momentum --set update.h=0.1 --set update.beta=0.5 --set update.variant=aligned
row "he = abc" 2 "--set update.he|'abc'" analyze $D --set update.scheme=extragradient --set update.h=0.1 --set update.he=abc
row "critical over alpha beyond 1" 2 "--to|(0, 1]" critical $D --set update.scheme=lookahead --set update.base=simgd --set update.h=1 --param update.alpha --from 0.1 --to 1.5
row "critical over update.k (an integer)" 2 "update.k" critical $D --set update.scheme=lookahead --set update.base=simgd --set update.h=0.1 --param update.k --from 1 --to 5
row "compare --from 0" 2 "--from" compare $D --from 0 --to 1
row "compare with --from only" 2 "--from|both" compare $D --from 0.1
row "compare an optimizer that sets h" 2 "optimizer 1|'h'" compare $D --optimizer "simgd h=0.1"
row "compare ttur (no single h)" 2 "ttur|single step size" compare $D --optimizer ttur
row "compare an unknown scheme" 2 "optimizer 1|'adam'" compare $D --optimizer adam
row "compare a bad key value" 2 "optimizer 2|'beta'|'x'" compare $D --optimizer extragradient --optimizer "momentum beta=x"
row "compare KEY without =" 2 "KEY=VALUE|'beta'" compare $D --optimizer "momentum beta"
row "compare --format csv" 2 "--format|csv" compare $D --format csv
row "[compare] optimizer with a bad key" 2 "--set compare.optimizer|'nope'" analyze $D --set "compare.optimizer=sga nope=1"
row "[compare] from >= to" 2 "compare.to|from < to" analyze $D --set compare.from=2 --set compare.to=1
row "compare -o under a regular file" 2 "$tmp/file/out" compare $D -o "$tmp/file/out"

# --- sweep, map, optimize (parameter studies)
SW=(sweep cases/dirac-gp-simgd.ini)
row "sweep without --steps" 2 "--steps" "${SW[@]}" --param update.h --from 0.1 --to 2
row "sweep without --param" 2 "--param" "${SW[@]}" --from 0.1 --to 2 --steps 4
row "sweep --steps 0" 2 "--steps|'0'" "${SW[@]}" --param update.h --from 0.1 --to 2 --steps 0
row "sweep --steps 1000001 (above the sweep maximum)" 2 "--steps|1000000" "${SW[@]}" --param update.h --from 0.1 --to 2 --steps 1000001
row "sweep --from 0 for update.h (h > 0)" 2 "--from|update.h" "${SW[@]}" --param update.h --from 0 --to 2 --steps 4
row "sweep --from 2 --to 1" 2 "--from|--to" "${SW[@]}" --param update.h --from 2 --to 1 --steps 4
row "sweep --param with no effect" 2 "--param|regularizer.sigma|no effect" "${SW[@]}" --param regularizer.sigma --from 0 --to 1 --steps 4
row "sweep of update.nd on a simgd case" 2 "--param|update.nd|not altgd" "${SW[@]}" --param update.nd --from 1 --to 4 --steps 3
row "sweep of update.nd with a fractional step" 2 "--steps|integer|multiple of 2" sweep cases/dirac-altgd.ini --param update.nd --from 1 --to 4 --steps 2
row "sweep --threads 1025" 2 "--threads|1025" "${SW[@]}" --param update.h --from 0.1 --to 2 --steps 4 --threads 1025
row "sweep --format xml" 2 "--format|xml" "${SW[@]}" --param update.h --from 0.1 --to 2 --steps 4 --format xml
row "sweep --scan 9" 2 "--scan|9" "${SW[@]}" --param update.h --from 0.1 --to 2 --steps 4 --scan 9
row "sweep with a bad --set" 2 "--set update.h|abc" "${SW[@]}" --param update.h --from 0.1 --to 2 --steps 4 --set update.h=abc
row "sweep -o under a regular file" 2 "$tmp/file/out" "${SW[@]}" --param update.h --from 0.1 --to 2 --steps 4 -o "$tmp/file/out"
MP=(map cases/dirac-gp-simgd.ini)
row "map without --y" 2 "--y" "${MP[@]}" --x regularizer.gamma 0 3 5
noout=1 row "map --x with three words" 2 "--x|four" "${MP[@]}" --x regularizer.gamma 0 3
row "map --x=... (four words, no '=')" 2 "--x|no '='" "${MP[@]}" --x=regularizer.gamma --y update.h 0.1 2 5
row "map --x COUNT 1" 2 "--x|COUNT|'1'" "${MP[@]}" --x regularizer.gamma 0 3 1 --y update.h 0.1 2 5
row "map --x COUNT 1002" 2 "--x|1002" "${MP[@]}" --x regularizer.gamma 0 3 1002 --y update.h 0.1 2 5
row "map --x FROM abc" 2 "--x|FROM|abc" "${MP[@]}" --x regularizer.gamma abc 3 5 --y update.h 0.1 2 5
row "map --x FROM > TO" 2 "--x|FROM must be less" "${MP[@]}" --x regularizer.gamma 3 0 5 --y update.h 0.1 2 5
row "map --x unknown parameter" 2 "--x|update.eta" "${MP[@]}" --x update.eta 0 3 5 --y update.h 0.1 2 5
row "map --y the same parameter" 2 "--y|update.h|--x" "${MP[@]}" --x update.h 0.1 3 5 --y update.h 0.1 2 5
row "map --y outside the domain (h = 0)" 2 "--y|update.h|positive" "${MP[@]}" --x regularizer.gamma 0 3 5 --y update.h 0 2 5
row "map --y integer axis with a fractional step" 2 "--y|update.nd|multiple of 3" map cases/dirac-altgd.ini --x update.h 0.1 3 5 --y update.nd 1 6 4
row "map --x given twice" 2 "--x|more than once" "${MP[@]}" --x regularizer.gamma 0 3 5 --x regularizer.gamma 0 3 5 --y update.h 0.1 2 5
row "map --steps (a sweep option)" 2 "unknown option|--steps" "${MP[@]}" --x regularizer.gamma 0 3 5 --y update.h 0.1 2 5 --steps 3
row "map -o under a regular file" 2 "$tmp/file/out" "${MP[@]}" --x regularizer.gamma 0 3 5 --y update.h 0.1 2 5 -o "$tmp/file/out"
OP=(optimize cases/dirac-gp-simgd.ini)
row "optimize without --param" 2 "--param" "${OP[@]}"
row "optimize with --from only" 2 "--from|both" "${OP[@]}" --param update.h --from 0.1
row "optimize --from -1 for update.h" 2 "--from|update.h" "${OP[@]}" --param update.h --from -1 --to 2
row "optimize a zero gamma without a range" 2 "--param|regularizer.gamma|no scale" "${OP[@]}" --param regularizer.gamma --set regularizer.gamma=0
row "optimize where x* is nowhere stationary (WGAN-GP)" 2 "not stationary" optimize cases/dirac-gp.ini --set regularizer.kind=wgan-gp --param regularizer.gamma --from 0.5 --to 2
row "optimize --format csv (md or json only)" 2 "--format|csv" "${OP[@]}" --param update.h --format csv
row "optimize -o under a regular file" 2 "$tmp/file/out" "${OP[@]}" --param update.h -o "$tmp/file/out"
row "critical --param update.nd (an integer)" 2 "--param|integer|sweep" critical cases/dirac-altgd.ini --param update.nd --from 1 --to 5
row "[map] x with three words" 2 "--set map.x|PARAM FROM TO COUNT" analyze cases/dirac-gp-simgd.ini --set "map.x=update.h 0 1"
row "[map] without y" 2 "cases/dirac-gp-simgd.ini|map.y" analyze cases/dirac-gp-simgd.ini --set "map.x=update.h 0.1 1 3"
row "[sweep] steps 0" 2 "--set sweep.steps|'0'" analyze cases/dirac-gp-simgd.ini --set sweep.steps=0
row "[sweep] of a parameter without effect" 2 "--set sweep.param|regularizer.sigma|no effect" analyze cases/dirac-gp-simgd.ini --set sweep.param=regularizer.sigma --set sweep.from=0 --set sweep.to=1 --set sweep.steps=3
row "[optimize] with only from" 2 "--set optimize.from|both" analyze cases/dirac-gp-simgd.ini --set optimize.param=update.h --set optimize.from=0.5
row "[optimize] scan 5" 2 "--set optimize.scan|'5'" analyze cases/dirac-gp-simgd.ini --set optimize.scan=5
# --- plot
P=(plot cases/dirac-gp.ini)
row "plot without --kind" 2 "--kind|required" "${P[@]}"
row "plot --kind pie" 2 "--kind|'pie'" "${P[@]}" --kind pie
row "plot --kind twice" 2 "--kind|more than once" "${P[@]}" --kind eigen --kind phase
row "plot --format (not an option of plot)" 2 "unknown option|--format" "${P[@]}" --kind eigen --format md
row "plot --kind phase on a six-dimensional state" 2 "cases/gmm-fig1a-converges.ini|two-dimensional|model gmm" plot cases/gmm-fig1a-converges.ini --kind phase
row "plot --kind density on model dirac" 2 "cases/dirac-gp.ini|density|model gmm" "${P[@]}" --kind density
row "plot --kind eigen where nothing is stationary" 2 "cases/gmm-fig3-collapse.ini|not stationary" plot cases/gmm-fig3-collapse.ini --kind eigen
row "plot --kind locus without a parameter or [critical]" 2 "cases/dirac-simgd.ini|--param" plot cases/dirac-simgd.ini --kind locus
row "plot --kind locus --param without --from" 2 "missing --from" "${P[@]}" --kind locus --param regularizer.gamma --to 2
row "plot --kind locus --from >= --to" 2 "--from|--to" "${P[@]}" --kind locus --param regularizer.gamma --from 2 --to 1
row "plot --kind locus --param unknown" 2 "--param|regularizer.etta" "${P[@]}" --kind locus --param regularizer.etta --from 0 --to 1
row "plot --kind locus --from outside the domain" 2 "--from|regularizer.gamma|-1" "${P[@]}" --kind locus --param regularizer.gamma --from -1 --to 1
row "plot --kind locus --scan 5" 2 "--scan|'5'" "${P[@]}" --kind locus --scan 5
row "plot --param with --kind phase" 2 "--param|does not apply to --kind phase" "${P[@]}" --kind phase --param regularizer.gamma --from 0 --to 1
row "plot --steps with --kind eigen" 2 "--steps|does not apply to --kind eigen" "${P[@]}" --kind eigen --steps 10
row "plot --dynamics with --kind trajectory" 2 "--dynamics|does not apply" "${P[@]}" --kind trajectory --dynamics optimal
row "plot --tol with --kind phase" 2 "--tol|does not apply" "${P[@]}" --kind phase --tol 1e-6
row "plot --t-end on a discrete scheme" 2 "--t-end|flow only" plot cases/dirac-simgd.ini --kind trajectory --t-end 5
row "plot --steps 0" 2 "--steps|'0'" "${P[@]}" --kind trajectory --steps 0
row "plot --init with one number for a two-dimensional state" 2 "--init" "${P[@]}" --kind phase --init 1
row "plot --init abc" 2 "--init|abc" "${P[@]}" --kind phase --init abc
row "plot --kind heatmap without --dynamics" 2 "--dynamics|required" plot cases/gmm-fig1a-converges.ini --kind heatmap
row "plot --kind heatmap on model dirac" 2 "cases/dirac-gp.ini|model gmm" "${P[@]}" --kind heatmap --dynamics optimal
row "plot --kind heatmap --grid 1" 2 "--grid|'1'" plot cases/gmm-fig1a-converges.ini --kind heatmap --dynamics optimal --grid 1
row "plot --share bad" 2 "--share|'best'" plot cases/gmm-fig1a-converges.ini --kind heatmap --dynamics optimal --share best
row "plot --kind map without a [map] section" 2 "cases/dirac-gp.ini|--kind map|[map] section" "${P[@]}" --kind map
row "plot --kind map with a one-point map.x" 2 "--set map.x|2..1001|'regularizer.gamma 0 3 1'" plot cases/dirac-gp-simgd-region.ini --kind map --set "map.x=regularizer.gamma 0 3 1"
row "plot --dynamics with --kind map" 2 "--dynamics|does not apply to --kind map" plot cases/dirac-gp-simgd-region.ini --kind map --dynamics optimal
row "plot --steps with --kind map" 2 "--steps|does not apply to --kind map" plot cases/dirac-gp-simgd-region.ini --kind map --steps 10
row "plot --share with --kind eigen" 2 "--share|does not apply" "${P[@]}" --kind eigen --share success
row "plot --set plot.window with XMIN > XMAX" 2 "--set plot.window|XMIN < XMAX" "${P[@]}" --kind phase --set plot.window=1,0,0,1
row "plot --set plot.window with three numbers" 2 "--set plot.window|'0 1 2'" "${P[@]}" --kind phase --set "plot.window=0 1 2"
row "plot --set plot.axes naming one axis twice" 2 "--set plot.axes|two different" "${P[@]}" --kind phase --set plot.axes=theta,theta
row "plot --set plot.axes not a state of the model" 2 "--set plot.axes|'w2'|model dirac" "${P[@]}" --kind phase --set plot.axes=w2,theta
row "plot --set plot.axes on a six-dimensional state" 2 "--set plot.axes|two-dimensional" plot cases/gmm-fig1a-converges.ini --kind trajectory --set plot.axes=mu1,mu2
row "plot --set plot.figure empty" 2 "--set plot.figure|empty" "${P[@]}" --kind eigen --set plot.figure=
row "plot a bad case file" 2 "$B/bad-h-abc.ini:13:" plot $B/bad-h-abc.ini --kind eigen
row "plot -o under a regular file" 2 "$tmp/file/out" "${P[@]}" --kind eigen -o "$tmp/file/out"
row "plot diverging run (wgan simgd, h = 10): exit 3" 3 "simulate|diverged" plot cases/dirac-wgan-simgd.ini --kind trajectory --set update.h=10 --steps 1000
# --- report
row "report with a bad case among good ones: no files" 2 "$B/bad-h-abc.ini:13:" report cases/dirac-gp.ini $B/bad-h-abc.ini cases/dirac-simgd.ini -o "$tmp/o/rep-bad"
row "report with a missing case among good ones: no files" 2 "$tmp/nonexistent.ini" report cases/dirac-gp.ini "$tmp/nonexistent.ini" -o "$tmp/o/rep-missing"
row "report -o an existing regular file" 2 "$tmp/file" report cases/dirac-gp.ini -o "$tmp/file"
row "report with two cases of the same report name" 2 "dirac-gp" report cases/dirac-gp.ini cases/dirac-gp.ini -o "$tmp/o/rep-dup"
row "report into a path under a regular file" 2 "$tmp/file/rep" report cases/dirac-gp.ini -o "$tmp/file/rep"
# `report` without -o (no -o may be appended for this one).
run report cases/dirac-gp.ini
p=()
[ "$rc" -eq 2 ] || p+=("exit status $rc, want 2")
grep -q '^ganstab: ' "$tmp/stderr" || p+=("no 'ganstab: ' error line: $(show_stderr)")
check "report without -o exits 2" "${p[@]}"

# No temporary files of the atomic writer may remain after the failed runs.
left=$(find "$tmp/o" -mindepth 1 ! -type d -print)
check "failed runs leave no files (temporaries included) in the output directory" \
    ${left:+"left behind: $left"}

# An existing output file keeps its content after a failing run (no truncation).
keep="$tmp/keep.txt"
printf 'precious content\n' >"$keep"
failing=(
    "analyze $B/bad-h-abc.ini"
    "analyze cases/dirac-gp-simgd.ini --set update.h=-1"
    "analyze cases/dirac-gp.ini --format xml"
    "critical cases/dirac-gp.ini --param regularizer.sigma --from 0 --to 1"
    "critical cases/dirac-gp.ini --param regularizer.gamma --from 3 --to 1"
)
for f in "${failing[@]}"; do
    # shellcheck disable=SC2086
    run $f -o "$keep"
    p=()
    [ "$rc" -eq 2 ] || p+=("exit status $rc, want 2")
    [ "$(cat "$keep")" = "precious content" ] || p+=("content now: $(head -c 200 "$keep")")
    check "an existing -o file keeps its content after a failing run: $f" "${p[@]}"
done
left=$(find "$tmp" -maxdepth 1 -name '*keep*' ! -name keep.txt -print)
check "no temporary file remains next to the kept output file" ${left:+"left behind: $left"}

# A failing report leaves an existing output directory exactly as it was.
mkdir -p "$tmp/rep-existing"
printf 'old index\n' >"$tmp/rep-existing/index.md"
run report cases/dirac-gp.ini cases/dirac-simgd.ini $B/bad-dup.ini -o "$tmp/rep-existing"
p=()
[ "$rc" -eq 2 ] || p+=("exit status $rc, want 2")
[ "$(cat "$tmp/rep-existing/index.md")" = "old index" ] || p+=("index.md was changed")
n=$(find "$tmp/rep-existing" -mindepth 1 | wc -l)
[ "$n" -eq 1 ] || p+=("directory now holds: $(find "$tmp/rep-existing" -mindepth 1 | tr '\n' ' ')")
check "a failing report leaves an existing output directory untouched" "${p[@]}"

# Numerical failure: an operator that overflows (altgd, h = 1e160: 1 - (h/2)^2 = -inf) is exit 3.
run analyze cases/dirac-altgd.ini --set update.h=1e160 -o "$tmp/o/numeric"
p=()
[ "$rc" -eq 3 ] || p+=("exit status $rc, want 3")
grep -q '^ganstab: ' "$tmp/stderr" || p+=("no 'ganstab: ' error line on stderr")
[ -e "$tmp/o/numeric" ] && p+=("output file written")
[ ${#p[@]} -eq 0 ] || p+=("stderr: $(show_stderr)")
check "non-finite operator (altgd h = 1e160) exits 3 and writes nothing" "${p[@]}"

# The same failure inside `report`: exit 3, no files, and the error names the failing case.
sed 's/^h *= *0.5$/h = 1e160/' cases/dirac-altgd.ini >"$tmp/overflow.ini"
run report cases/dirac-gp.ini "$tmp/overflow.ini" cases/dirac-simgd.ini -o "$tmp/o/rep-numeric"
p=()
[ "$rc" -eq 3 ] || p+=("exit status $rc, want 3")
[ -e "$tmp/o/rep-numeric" ] && [ -n "$(find "$tmp/o/rep-numeric" -type f)" ] && p+=("files written")
grep -qF "overflow.ini" "$tmp/stderr" || p+=("stderr does not name the failing case overflow.ini")
[ ${#p[@]} -eq 0 ] || p+=("stderr: $(show_stderr)")
check "report with a numerically failing case exits 3, writes nothing, names the case" "${p[@]}"

# An unwritable stdout is a failure too (exit 2), not a silent success.
if [ -w /dev/full ]; then
    "$GANSTAB" analyze cases/dirac-gp.ini >/dev/full 2>"$tmp/stderr"
    rc=$?
    p=()
    [ "$rc" -eq 2 ] || p+=("exit status $rc, want 2")
    grep -q '^ganstab: ' "$tmp/stderr" || p+=("no 'ganstab: ' error line on stderr")
    check "analyze with stdout on /dev/full exits 2 with an error" "${p[@]}"
fi

# Exit 1: the analysis finishes but a checked claim disagrees. A tolerance of 10 makes every
# eigenvalue "within the tolerance of the boundary" (verdict marginal) while Lemma 3.3
# predicts stable.
run analyze cases/dirac-gp.ini --tol 10 --check --format json
p=()
[ "$rc" -eq 1 ] || p+=("exit status $rc, want 1")
grep -qF 'mescheder2018:lemma-3.3' "$tmp/stderr" || p+=("stderr does not name the claim: $(show_stderr)")
v=$($PY -c 'import json,sys; print(json.load(open(sys.argv[1]))["verdict"])' "$tmp/stdout" 2>&1)
[ "$v" = "marginal" ] || p+=("stdout verdict '$v', want the full JSON with verdict marginal")
check "analyze --tol 10 --check: a disagreeing claim exits 1, the output is still written" "${p[@]}"
run analyze cases/dirac-gp.ini --tol 10
p=()
[ "$rc" -eq 0 ] || p+=("exit status $rc")
check "analyze --tol 10 without --check exits 0" "${p[@]}"

# ---------------------------------------------------------------------------------------------
# 2. Success: every case, both formats, --check, -o, --set, --help/--version.

for f in cases/*.ini; do
    name=$(basename "$f" .ini)
    run analyze "$f"
    cp "$tmp/stdout" "$tmp/$name.md"
    p=()
    [ "$rc" -eq 0 ] || p+=("exit status $rc: $(show_stderr)")
    [ -s "$tmp/stdout" ] || p+=("empty output")
    [ -s "$tmp/stderr" ] && p+=("stderr not empty: $(show_stderr)")
    check "analyze $f (markdown) exits 0" "${p[@]}"

    run analyze "$f" --format json
    cp "$tmp/stdout" "$tmp/$name.json"
    p=()
    [ "$rc" -eq 0 ] || p+=("exit status $rc: $(show_stderr)")
    [ -s "$tmp/stderr" ] && p+=("stderr not empty: $(show_stderr)")
    msg=$($PY "$tmp/check_analyze.py" "$tmp/$name.json" "$f" 2>&1) || p+=("$msg")
    check "analyze $f --format json exits 0 with every DESIGN.md field" "${p[@]}"

    run analyze "$f" --check
    p=()
    [ "$rc" -eq 0 ] || p+=("exit status $rc: $(show_stderr)")
    cmp -s "$tmp/stdout" "$tmp/$name.md" || p+=("--check changed the markdown output")
    check "analyze $f --check exits 0 (every claim agrees)" "${p[@]}"

    p=()
    for fmt in md json; do
        out="$tmp/o/$name.$fmt"
        printf 'old content that must be replaced\n' >"$out" # an existing file is replaced whole
        run analyze "$f" --format $fmt -o "$out"
        [ "$rc" -eq 0 ] || p+=("$fmt: exit status $rc: $(show_stderr)")
        [ -s "$tmp/stdout" ] && p+=("$fmt: stdout not empty with -o")
        cmp -s "$out" "$tmp/$name.$fmt" || p+=("$fmt: -o file differs from stdout")
    done
    check "analyze $f -o FILE writes the same bytes as stdout (md, json)" "${p[@]}"
    rm -f "$tmp/o/$name.md" "$tmp/o/$name.json"
done

# --format=VALUE spelling and determinism.
run analyze cases/dirac-gp-simgd.ini --format=json
p=()
[ "$rc" -eq 0 ] || p+=("exit status $rc: $(show_stderr)")
cmp -s "$tmp/stdout" "$tmp/dirac-gp-simgd.json" || p+=("output differs from --format json")
check "--format=json is the same as --format json (and output is deterministic)" "${p[@]}"

left=$(find "$tmp/o" -mindepth 1 ! -type d -print)
check "successful -o runs leave no temporary files" ${left:+"left behind: $left"}

# An -o file is an ordinary file: the umask decides its mode (not mkstemp's 0600).
(
    umask 022
    "$GANSTAB" analyze cases/dirac-gp.ini -o "$tmp/o/mode.md" 2>/dev/null
)
m=$(stat -c %a "$tmp/o/mode.md" 2>/dev/null)
p=()
[ "$m" = 644 ] || p+=("mode '$m'")
check "an -o file gets mode 644 under umask 022" "${p[@]}"
rm -f "$tmp/o/mode.md"

# CRLF line endings read like LF ones.
sed 's/$/\r/' cases/dirac-gp.ini >"$tmp/crlf.ini"
run analyze "$tmp/crlf.ini" --format json
p=()
[ "$rc" -eq 0 ] || p+=("exit status $rc: $(show_stderr)")
msg=$($PY - "$tmp/stdout" "$tmp/dirac-gp.json" <<'EOF' 2>&1
import json, sys
a, b = (json.load(open(f)) for f in sys.argv[1:3])
for k in ("parameters", "jacobian", "eigenvalues", "verdict"):
    assert a[k] == b[k], "%s differs: %r vs %r" % (k, a[k], b[k])
assert a["case"]["title"] == b["case"]["title"], "title differs (a trailing CR?)"
EOF
) || p+=("$msg")
check "a case file with CRLF line endings gives the same analysis" "${p[@]}"

# A 199-character line is accepted.
run analyze "$tmp/line199.ini"
p=()
[ "$rc" -eq 0 ] || p+=("exit status $rc: $(show_stderr)")
check "a 199-character line is accepted" "${p[@]}"

# --set overrides take effect.
run analyze cases/dirac-gp.ini --set regularizer.gamma=0.7 --format json
cp "$tmp/stdout" "$tmp/set.json"
p=()
[ "$rc" -eq 0 ] || p+=("exit status $rc: $(show_stderr)")
msg=$($PY "$tmp/check_eigs.py" "$tmp/set.json" -0.35 0.35707142142714249 -0.35 -0.35707142142714249 2>&1) || p+=("$msg")
check "--set regularizer.gamma=0.7: eigenvalues -0.35 +- sqrt(0.25-0.1225) i" "${p[@]}"

run analyze cases/dirac-gp.ini --set regularizer.gamma=0.1 --set regularizer.gamma=0.7 --format json
p=()
[ "$rc" -eq 0 ] || p+=("exit status $rc: $(show_stderr)")
cmp -s "$tmp/stdout" "$tmp/set.json" || p+=("output differs from a single --set regularizer.gamma=0.7")
check "--set: the last assignment of a key wins" "${p[@]}"

run analyze cases/dirac-gp.ini --set regularizer.gamma=0.7 --format json -o "$tmp/o/set.json"
p=()
[ "$rc" -eq 0 ] || p+=("exit status $rc: $(show_stderr)")
$PY -c 'import json,sys; assert json.load(open(sys.argv[1]))["parameters"]["regularizer.gamma"] == 0.7' \
    "$tmp/o/set.json" 2>/dev/null || p+=("parameters do not show regularizer.gamma = 0.7")
check "--set value appears in the JSON parameters" "${p[@]}"

run analyze cases/dirac-simgd.ini --set update.scheme=flow --format json
p=()
[ "$rc" -eq 0 ] || p+=("exit status $rc: $(show_stderr)")
msg=$($PY - "$tmp/stdout" <<'EOF' 2>&1
import json, sys
d = json.load(open(sys.argv[1]))
assert d["operator"] is None and d["spectral_radius"] is None, "operator/spectral_radius not null"
assert d["parameters"]["update.scheme"] == "flow", d["parameters"]
assert "update.h" not in d["parameters"], "update.h listed although it has no effect for flow"
EOF
) || p+=("$msg")
check "--set update.scheme=flow turns a simgd case into a flow (operator null)" "${p[@]}"

run analyze cases/dirac-gp-simgd.ini --set update.h=3 --format json
p=()
[ "$rc" -eq 0 ] || p+=("exit status $rc: $(show_stderr)")
v=$($PY -c 'import json,sys; print(json.load(open(sys.argv[1]))["verdict"])' "$tmp/stdout" 2>&1)
[ "$v" = "unstable" ] || p+=("verdict '$v', want unstable (|1 + 3 lambda|^2 = 1.75)")
check "--set update.h=3 makes gp+simgd unstable (h > gamma/f'(0)^2 = 2)" "${p[@]}"

run analyze cases/dirac-gp.ini --tol 1e-6
p=()
[ "$rc" -eq 0 ] || p+=("exit status $rc: $(show_stderr)")
check "--tol 1e-6 is accepted" "${p[@]}"

# --help and --version: exit 0, stdout, nothing on stderr.
version=$($PY -c 'import json,sys; print(json.load(open(sys.argv[1]))["ganstab"])' "$tmp/dirac-gp.json" 2>/dev/null)
for args in "--help" "--version" "analyze --help" "critical --help" "report --help" \
    "simulate --help" "sweep --help" "map --help" "optimize --help" "compare --help"; do
    # shellcheck disable=SC2086
    run $args
    p=()
    [ "$rc" -eq 0 ] || p+=("exit status $rc")
    [ -s "$tmp/stdout" ] || p+=("nothing on stdout")
    [ -s "$tmp/stderr" ] && p+=("stderr not empty: $(show_stderr)")
    if [ "$args" = "--version" ] && [ -n "$version" ]; then
        grep -qF "$version" "$tmp/stdout" || p+=("--version does not show $version (the JSON 'ganstab' field)")
    fi
    if [ "$args" != "--version" ]; then
        grep -qi 'usage' "$tmp/stdout" || p+=("no usage text")
    fi
    check "ganstab $args exits 0 and writes to stdout" "${p[@]}"
done

# ---------------------------------------------------------------------------------------------
# 3. Critical values (JSON of `critical`).

# crit DESCRIPTION CASE PARAM FROM TO MODE VALUE KIND TYPE BEFORE AFTER
crit() {
    local desc=$1 casef=$2 param=$3 from=$4 to=$5
    shift 5
    run critical "$casef" --param "$param" --from "$from" --to "$to" --format json
    local p=()
    [ "$rc" -eq 0 ] || p+=("exit status $rc: $(show_stderr)")
    local msg
    msg=$($PY "$tmp/check_crossing.py" "$tmp/stdout" "$param" "$from" "$to" "$@" 2>&1) || p+=("$msg")
    check "critical $casef --param $param on [$from, $to]: $desc" "${p[@]}"
}
crit "one oscillation crossing at gamma = 1, complex-to-real, stable -> stable" \
    cases/dirac-gp.ini regularizer.gamma 0 4 oscillation 1 oscillation complex-to-real stable stable
crit "gamma = 0, the end of its domain, is a Hopf crossing, marginal -> stable" \
    cases/dirac-gp.ini regularizer.gamma 0 4 stability 0 stability hopf marginal stable
crit "one crossing at gamma = 1 when the range starts inside the domain" \
    cases/dirac-gp.ini regularizer.gamma 0.1 4 only 1 oscillation complex-to-real stable stable
crit "one oscillation crossing at sigma = sqrt(2), complex-to-real" \
    cases/dirac-noise.ini regularizer.sigma 0 4 oscillation 'sqrt(2)' oscillation complex-to-real stable stable
crit "sigma = 0 is a Hopf crossing, marginal -> stable" \
    cases/dirac-noise.ini regularizer.sigma 0 4 stability 0 stability hopf marginal stable
crit "neimark-sacker at h = 2, stable -> unstable" \
    cases/dirac-gp-simgd.ini update.h 0.01 4 only 2 stability neimark-sacker stable unstable
crit "flip at h = 4, marginal -> unstable" \
    cases/dirac-altgd.ini update.h 0.01 6 stability 4 stability flip marginal unstable
crit "flip at h = 4/(1/2 + sqrt(1/4 + 1)), stable -> unstable" \
    cases/dirac-gp-altgd.ini update.h 0.01 6 stability '4/(0.5+sqrt(0.25+1))' stability flip stable unstable
crit "flip at h = 2/(1 + sqrt(3/4)), stable -> unstable" \
    cases/dirac-gp-simgd-strong.ini update.h 0.01 4 stability '2/(1+sqrt(0.75))' stability flip stable unstable
crit "a crossing exactly at the upper end point is listed (closed interval)" \
    cases/dirac-gp-simgd.ini update.h 0.01 2 only 2 stability neimark-sacker stable unstable
crit "a crossing exactly at the lower end point is listed (closed interval)" \
    cases/dirac-gp-simgd.ini update.h 2 4 only 2 stability neimark-sacker stable unstable
crit "gamma_crit = 1 at the upper end point" \
    cases/dirac-gp.ini regularizer.gamma 0 1 oscillation 1 oscillation complex-to-real stable stable
crit "gamma_crit = 1 at the lower end point" \
    cases/dirac-gp.ini regularizer.gamma 1 4 only 1 oscillation complex-to-real stable stable
crit "WGAN: one oscillation crossing at gamma = 2|f'(0)| = 2" \
    cases/dirac-wgan-gp.ini regularizer.gamma 0 5 oscillation 2 oscillation complex-to-real stable stable

run critical cases/dirac-gp.ini --param regularizer.gamma --from 0 --to 4 --format json
cp "$tmp/stdout" "$tmp/crit.json"
run critical cases/dirac-gp.ini --param regularizer.gamma --from 0 --to 4 --format json -o "$tmp/o/crit.json"
p=()
[ "$rc" -eq 0 ] || p+=("exit status $rc: $(show_stderr)")
cmp -s "$tmp/o/crit.json" "$tmp/crit.json" || p+=("-o file differs from stdout")
check "critical -o FILE writes the same bytes as stdout" "${p[@]}"

run critical cases/dirac-gp.ini --param regularizer.gamma --from 0 --to 4
p=()
[ "$rc" -eq 0 ] || p+=("exit status $rc: $(show_stderr)")
[ -s "$tmp/stdout" ] || p+=("empty output")
check "critical (markdown, the default format) exits 0" "${p[@]}"

run critical cases/dirac-gp-simgd.ini --param update.h --from 0.01 --to 4 --set regularizer.gamma=0.25 --format json
p=()
[ "$rc" -eq 0 ] || p+=("exit status $rc: $(show_stderr)")
msg=$($PY "$tmp/check_crossing.py" "$tmp/stdout" update.h 0.01 4 stability 1 stability \
    neimark-sacker stable unstable 2>&1) || p+=("$msg")
check "critical with --set regularizer.gamma=0.25: the simgd bound moves to h = gamma/f'(0)^2 = 1" "${p[@]}"

# ---------------------------------------------------------------------------------------------
# 3b. Regularizers and losses added later: R1, R2, ConOpt, DRAGAN, WGAN-GP, non-saturating.

cat >"$tmp/check_kind.py" <<'EOF'
# check_kind.py FILE.json VERDICT CLAIM RESIDUAL: the verdict; CLAIM applies and agrees, and so
# does every other claim; the residual (within 1e-15 relative); for not-stationary an empty
# "stationary_points" (no point where the field is differentiable is stationary) and
# equilibrium.differentiable false, otherwise no stationary points listed and differentiable true.
import json, sys
path, verdict, claim, residual = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4])
try:
    d = json.load(open(path))
except Exception as e:
    print("JSON does not parse: %s" % e); sys.exit(1)
problems = []
if d.get("verdict") != verdict:
    problems.append("verdict %r, want %r" % (d.get("verdict"), verdict))
ids = {c["id"]: c["agrees"] for c in d.get("claims", [])}
if ids.get(claim) is not True:
    problems.append("claim %s: %r (claims %r)" % (claim, ids.get(claim), ids))
elif not all(ids.values()):
    problems.append("a claim disagrees: %r" % ids)
eq = d.get("equilibrium", {})
if abs(eq.get("residual", -1) - residual) > 1e-15 * max(1, residual):
    problems.append("residual %r, want %r" % (eq.get("residual"), residual))
sp = d.get("stationary_points")
if verdict == "not-stationary":
    if sp != []:
        pts = [p.get("point") for p in sp] if isinstance(sp, list) else sp
        problems.append('"stationary_points" holds %s, want []' % json.dumps(pts)[:300])
    if eq.get("differentiable") is not False:
        problems.append("equilibrium.differentiable %r, want false" % eq.get("differentiable"))
else:
    if sp not in (None, []):
        problems.append('"stationary_points" is %s at a stationary equilibrium' % json.dumps(sp)[:200])
    if eq.get("differentiable", True) is not True:
        problems.append("equilibrium.differentiable %r, want true" % eq.get("differentiable"))
if problems:
    print("; ".join(problems)); sys.exit(1)
EOF

# kind_row DESCRIPTION VERDICT CLAIM RESIDUAL ARGS...: `analyze ARGS --format json --check` exits
# 0 with nothing on stderr, and check_kind.py holds.
kind_row() {
    local desc=$1 verdict=$2 claim=$3 residual=$4
    shift 4
    run analyze "$@" --format json --check
    p=()
    [ "$rc" -eq 0 ] || p+=("exit status $rc: $(show_stderr)")
    [ -s "$tmp/stderr" ] && p+=("stderr not empty: $(show_stderr)")
    msg=$($PY "$tmp/check_kind.py" "$tmp/stdout" "$verdict" "$claim" "$residual" 2>&1) || p+=("$msg")
    check "$desc" "${p[@]}"
}
G=(cases/dirac-gp.ini --set regularizer.gamma=0.5)
kind_row "--set regularizer.kind=r1: Lemma 3.3 applies, stable" \
    stable mescheder2018:lemma-3.3 0 "${G[@]}" --set regularizer.kind=r1
kind_row "--set regularizer.kind=r2 (wgan loss): Lemma 3.3 applies, stable" \
    stable mescheder2018:lemma-3.3 0 "${G[@]}" --set regularizer.kind=r2 --set case.loss=wgan
kind_row "--set regularizer.kind=conopt: derived:conopt applies, stable" \
    stable derived:conopt 0 "${G[@]}" --set regularizer.kind=conopt
kind_row "ConOpt simgd, h = 0.9 < 2 gamma/(1 + gamma^2/4) = 16/17: stable" \
    stable derived:conopt 0 cases/dirac-gp-simgd.ini --set regularizer.kind=conopt --set update.h=0.9
kind_row "ConOpt simgd, h = 1 > 16/17: unstable" \
    unstable derived:conopt 0 cases/dirac-gp-simgd.ini --set regularizer.kind=conopt --set update.h=1
kind_row "--set case.loss=nonsaturating: Lemma 2.2 applies, marginal" \
    marginal mescheder2018:lemma-2.2 0 cases/dirac-unregularized.ini --set case.loss=nonsaturating
kind_row "--set regularizer.kind=wgan-gp: not-stationary, residual gamma g0 = 0.5, no stationary points" \
    not-stationary mescheder2018:wgan-gp-not-stationary 0.5 "${G[@]}" --set regularizer.kind=wgan-gp
kind_row "WGAN-GP, wgan loss, gamma 1.7, g0 0.8: residual 1.36, no stationary points" \
    not-stationary mescheder2018:wgan-gp-not-stationary 1.36 cases/dirac-gp.ini --set case.loss=wgan \
    --set regularizer.kind=wgan-gp --set regularizer.gamma=1.7 --set regularizer.g0=0.8
kind_row "--set regularizer.kind=dragan, g0 = 2: residual 1, no stationary points" \
    not-stationary mescheder2018:wgan-gp-not-stationary 1 "${G[@]}" --set regularizer.kind=dragan --set regularizer.g0=2
kind_row "DRAGAN, nonsaturating loss, gamma 0.3, g0 0.8: residual 0.24, no stationary points" \
    not-stationary mescheder2018:wgan-gp-not-stationary 0.24 cases/dirac-gp.ini --set case.loss=nonsaturating \
    --set regularizer.kind=dragan --set regularizer.gamma=0.3 --set regularizer.g0=0.8

# The markdown report of a not-stationary case is written too (exit 0).
run analyze "${G[@]}" --set regularizer.kind=wgan-gp
p=()
[ "$rc" -eq 0 ] || p+=("exit status $rc: $(show_stderr)")
grep -qF "not-stationary" "$tmp/stdout" || p+=("the markdown does not state the verdict not-stationary")
check "analyze a WGAN-GP case (markdown) exits 0 and states not-stationary" "${p[@]}"

# ConOpt's simgd step-size limit from `critical`: 2 gamma/(1 + gamma^2 f'(0)^2) = 16/17.
run critical cases/dirac-gp-simgd.ini --set regularizer.kind=conopt --param update.h --from 0.01 --to 4 --format json --check
p=()
[ "$rc" -eq 0 ] || p+=("exit status $rc: $(show_stderr)")
msg=$($PY "$tmp/check_crossing.py" "$tmp/stdout" update.h 0.01 4 only 16/17 stability \
    neimark-sacker stable unstable 2>&1) || p+=("$msg")
check "critical update.h on ConOpt simgd (gamma 0.5): one crossing at 16/17, neimark-sacker" "${p[@]}"

# ---------------------------------------------------------------------------------------------
# 3b'. The LQ-GAN (model lq2d) and the Nagarajan-Kolter regularizer (kind nk).

cat >"$tmp/check_lq2d.py" <<'EOF'
# check_lq2d.py FILE.json LOSS ETA VERDICT: the analyze JSON of an LQ-GAN flow case with kind nk
# (Nagarajan & Kolter 2017, Sec. 3.3-3.4): parameters, equilibrium (1, 0) with residual
# <= 1e-10, J = J_eta = [[-2 eta J_DG^2, -J_DG (1 + 2 eta J_DD)], [J_DG, J_DD]] with
# J_DG = -2f'(0)/3, J_DD = 2f''(0)/5 (to 1e-12), the field eigenvalues the roots of
# z^2 - tr z + det (to 1e-12), the verdict, the Jacobian claim present and every claim agreeing.
import json, math, sys
path, loss, eta, verdict = sys.argv[1], sys.argv[2], float(sys.argv[3]), sys.argv[4]
try:
    d = json.load(open(path))
except Exception as e:
    print("JSON does not parse: %s" % e); sys.exit(1)
problems = []
fp, fpp = (1.0, 0.0) if loss == "wgan" else (0.5, -0.25)
jdg, jdd = -2 * fp / 3, 2 * fpp / 5
want_j = [[-2 * eta * jdg * jdg, -jdg * (1 + 2 * eta * jdd)], [jdg, jdd]]
p = d.get("parameters", {})
for k, w in (("case.model", "lq2d"), ("case.loss", loss), ("regularizer.kind", "nk"),
             ("regularizer.eta", eta), ("update.scheme", "flow")):
    if p.get(k) != w:
        problems.append("parameters[%r] = %r, want %r" % (k, p.get(k), w))
eq = d.get("equilibrium", {})
if eq.get("point") != [1, 0] or not (eq.get("residual", 1) <= 1e-10):
    problems.append("equilibrium %r, want point [1, 0] and residual <= 1e-10" % eq)
J = d.get("jacobian")
try:
    err = max(abs(J[i][k] - want_j[i][k]) for i in range(2) for k in range(2))
except Exception:
    err = float("inf")
if not err <= 1e-12:
    problems.append("jacobian %r, want %r" % (J, want_j))
if not d.get("jacobian_check", {}).get("agrees"):
    problems.append("jacobian_check does not agree: %r" % d.get("jacobian_check"))
tr, det = want_j[0][0] + want_j[1][1], jdg * jdg
disc = tr * tr / 4 - det
want_ev = ([complex(tr / 2 + math.sqrt(disc)), complex(tr / 2 - math.sqrt(disc))] if disc >= 0
           else [complex(tr / 2, math.sqrt(-disc)), complex(tr / 2, -math.sqrt(-disc))])
got = [complex(e["re"], e["im"]) for e in d.get("field_eigenvalues", [])]
if len(got) != 2 or any(min(abs(g - w) for g in got) > 1e-12 for w in want_ev):
    problems.append("field_eigenvalues %r, want %r" % (got, want_ev))
if d.get("verdict") != verdict:
    problems.append("verdict %r, want %r" % (d.get("verdict"), verdict))
claims = {c["id"]: c for c in d.get("claims", [])}
if "nagarajan2017:jacobian" not in claims:
    problems.append("no nagarajan2017:jacobian claim: %r" % list(claims))
bad = [k for k, c in claims.items() if c.get("agrees") is not True]
if bad:
    problems.append("claims disagree: %r" % bad)
if problems:
    print("; ".join(problems)); sys.exit(1)
EOF

# lq_row DESCRIPTION LOSS ETA VERDICT ARGS...: `analyze ARGS --format json --check` exits 0 with
# nothing on stderr and check_lq2d.py holds.
lq_row() {
    local desc=$1 loss=$2 eta=$3 verdict=$4
    shift 4
    run analyze "$@" --format json --check
    p=()
    [ "$rc" -eq 0 ] || p+=("exit status $rc: $(show_stderr)")
    [ -s "$tmp/stderr" ] && p+=("stderr not empty: $(show_stderr)")
    msg=$($PY "$tmp/check_lq2d.py" "$tmp/stdout" "$loss" "$eta" "$verdict" 2>&1) || p+=("$msg")
    check "$desc" "${p[@]}"
}
lq_row "lq2d standard, eta 0: J = [[0, 1/3], [-1/3, -1/10]], stable, claims agree" \
    standard 0 stable cases/lq2d-fig3-gan-eta0.ini
lq_row "lq2d wgan, eta 0: J = [[0, 2/3], [-2/3, 0]], eigenvalues +-2i/3, marginal" \
    wgan 0 marginal cases/lq2d-fig3-wgan-eta0.ini
lq_row "lq2d standard, --set regularizer.eta=0.5: J_eta, stable" \
    standard 0.5 stable cases/lq2d-fig3-gan-eta0.ini --set regularizer.eta=0.5
lq_row "lq2d wgan, --set regularizer.eta=2.2 (past the node at 1.5): real eigenvalues, stable" \
    wgan 2.2 stable cases/lq2d-fig3-wgan-eta0.ini --set regularizer.eta=2.2

# Theorem 3.1's bound is printed with the claim and attained (margin ~0) for the standard loss.
run analyze cases/lq2d-fig3-gan-eta0.ini --format json
p=()
[ "$rc" -eq 0 ] || p+=("exit status $rc: $(show_stderr)")
msg=$($PY -c '
import json, sys
d = json.load(open(sys.argv[1]))
c = {x["id"]: x for x in d["claims"]}.get("nagarajan2017:theorem-3.1")
b = (c or {}).get("predicted_re_bound")
if not isinstance(b, dict) or abs(b.get("complex", 1) + 0.05) > 1e-15 \
        or abs(b.get("real", 1) + 10 / 109) > 1e-15 or abs(b.get("margin", 1)) > 1e-15 \
        or c.get("agrees") is not True:
    print("theorem-3.1: %r" % c); sys.exit(1)
' "$tmp/stdout" 2>&1) || p+=("$msg")
check "lq2d standard: theorem-3.1 bound (real -10/109, complex -1/20) attained, margin ~0" "${p[@]}"

crit "lq2d standard: one crossing at eta = 2.55, complex-to-real, stable -> stable" \
    cases/lq2d-fig3-gan-eta0.5.ini regularizer.eta 0 4 only 2.55 oscillation complex-to-real stable stable
crit "lq2d wgan: one oscillation crossing at eta = 1.5, complex-to-real, stable -> stable" \
    cases/lq2d-fig3-wgan-eta0.5.ini regularizer.eta 0 4 oscillation 1.5 oscillation complex-to-real stable stable
crit "lq2d wgan: eta = 0 (+-2i/3, marginal) is a Hopf crossing at the end of eta's domain" \
    cases/lq2d-fig3-wgan-eta0.5.ini regularizer.eta 0 4 stability 0 stability hopf marginal stable
crit "lq2d simgd, eta 0.5: neimark-sacker at h = -tr/det = 1.9" \
    cases/lq2d-gan-simgd.ini update.h 0.01 10 only 1.9 stability neimark-sacker stable unstable

run critical cases/lq2d-fig3-gan-eta0.ini --param regularizer.eta --from 0 --to 4 --format json --check
p=()
[ "$rc" -eq 0 ] || p+=("exit status $rc: $(show_stderr)")
msg=$($PY -c '
import json, sys
d = json.load(open(sys.argv[1]))
c = d.get("claims", [])
if len(c) != 1 or c[0].get("id") != "nagarajan2017:jacobian" or c[0].get("agrees") is not True \
        or abs(c[0].get("predicted", 0) - 2.55) > 1e-12:
    print("claims %r" % c); sys.exit(1)
' "$tmp/stdout" 2>&1) || p+=("$msg")
check "critical --param regularizer.eta --check on a kind-nk case: the claim predicts 2.55 and agrees" "${p[@]}"

row "--set case.model=lq2d --set regularizer.kind=wgan-gp: refused, naming lq2d" 2 "lq2d|wgan-gp" \
    analyze cases/dirac-gp.ini --set case.model=lq2d --set regularizer.kind=wgan-gp
row "--set case.model=lq2d --set regularizer.kind=dragan: refused, naming lq2d" 2 "lq2d" \
    analyze cases/dirac-gp.ini --set case.model=lq2d --set regularizer.kind=dragan
row "critical --param regularizer.eta on a case with kind none" 2 "regularizer.eta|no effect" \
    critical cases/lq2d-wgan-altgd.ini --param regularizer.eta --from 0 --to 4
row "critical --param regularizer.eta --from -1 (eta >= 0)" 2 "regularizer.eta|-1" \
    critical cases/lq2d-fig3-gan-eta0.ini --param regularizer.eta --from -1 --to 4
row "--set regularizer.eta=-0.5" 2 "--set regularizer.eta|-0.5" \
    analyze cases/lq2d-fig3-gan-eta0.ini --set regularizer.eta=-0.5
row "--set regularizer.eta=nan" 2 "--set regularizer.eta|nan" \
    analyze cases/lq2d-fig3-gan-eta0.ini --set regularizer.eta=nan

# ---------------------------------------------------------------------------------------------
# 3b''. Model expr: critical values of classic systems against their closed forms, continuation,
# maps, and simulations of formulas.

crit "Brusselator: Hopf at b = 1 + a^2 = 2" \
    cases/expr-brusselator.ini params.b 1 3.5 only 2 stability hopf stable unstable
crit "Lorenz C+: Hopf at r = s(s + b + 3)/(s - b - 1) = 470/19" \
    cases/expr-lorenz.ini params.r 2 30 only 470/19 stability hopf stable unstable
crit "Lorenz origin: pitchfork (an eigenvalue through 0) at r = 1" \
    cases/expr-lorenz-origin.ini params.r 0 2 only 1 stability fold stable unstable
crit "x' = r + x - x^3/3 from a guess: the branch ends in a fold at r = 2/3" \
    cases/expr-saddle-node.ini params.r -1 1 only 2/3 stability fold stable not-stationary
crit "logistic map: fold of the fixed point at r = 1" \
    cases/expr-logistic.ini params.r 0.5 2 only 1 stability fold unstable stable
crit "logistic map: flip at r = 3" \
    cases/expr-logistic.ini params.r 2 3.5 only 3 stability flip stable unstable
crit "Henon map: flip at a = 3(1 - b)^2/4" \
    cases/expr-henon.ini params.a 0.1 1 only '3*0.7**2/4' stability flip stable unstable
crit "delayed logistic map: Neimark-Sacker at r = 2" \
    cases/expr-delayed-logistic.ini params.r 1.5 2.5 only 2 stability neimark-sacker stable unstable
crit "LQ-GAN as formulas, nk: the spiral turns into a node at eta = 2.55" \
    cases/expr-lq2d-nk.ini regularizer.eta 0 4 only 2.55 oscillation complex-to-real stable stable
crit "Dirac-GAN as formulas, ConOpt with simgd: Neimark-Sacker at gamma = (1 - sqrt(1 - h^2/4))/(h/4)" \
    cases/expr-dirac-conopt.ini regularizer.gamma 0.01 4 only '(1-sqrt(1-0.0025))/0.025' stability neimark-sacker unstable stable
run critical cases/expr-brusselator.ini --param params.b --from 0.5 --to 6 --set params.a=2 --format json
p=()
[ "$rc" -eq 0 ] || p+=("exit status $rc: $(show_stderr)")
msg=$($PY "$tmp/check_crossing.py" "$tmp/stdout" params.b 0.5 6 stability 5 stability hopf stable \
    unstable 2>&1) || p+=("$msg")
msg=$($PY - "$tmp/stdout" <<'PYEOF' 2>&1
import json, sys
c = [x for x in json.load(open(sys.argv[1]))["crossings"] if x["kind"] == "oscillation"]
assert len(c) == 1 and c[0]["type"] == "real-to-complex" and abs(c[0]["value"] - 1) < 1e-10, c
PYEOF
) || p+=("$msg")
check "critical expr-brusselator --set params.a=2: the pair turns complex at b = (a-1)^2 = 1, Hopf at 1 + a^2 = 5" "${p[@]}"

# --set params.NAME moves the model: Lorenz beyond its Hopf point is unstable.
run analyze cases/expr-lorenz.ini --set params.r=28 --format json
p=()
[ "$rc" -eq 0 ] || p+=("exit status $rc: $(show_stderr)")
msg=$($PY - "$tmp/stdout" <<'PYEOF' 2>&1
import json, math, sys
d = json.load(open(sys.argv[1]))
assert d["verdict"] == "unstable", d["verdict"]
assert d["parameters"]["params.r"] == 28
x = d["equilibrium"]["point"]
q = math.sqrt(8 / 3 * 27)
assert max(abs(x[0] - q), abs(x[1] - q), abs(x[2] - 27)) < 1e-12, x
f = d["formulas"]
assert f["kind"] == "field" and f["jacobian"][1][0] == "r - z", f["jacobian"]
assert f["hyperdual_check"]["max_abs_diff"] < 1e-12
PYEOF
) || p+=("$msg")
check "analyze expr-lorenz --set params.r=28: unstable at C+ = (sqrt(b(r-1)), sqrt(b(r-1)), r-1); formulas in JSON" "${p[@]}"

# A map is iterated: simulate the logistic map and recompute x_{k+1} = r x_k (1 - x_k).
run simulate cases/expr-logistic.ini --steps 5 --init 0.2 --set params.r=3.7
p=()
[ "$rc" -eq 0 ] || p+=("exit status $rc: $(show_stderr)")
msg=$($PY - "$tmp/stdout" <<'PYEOF' 2>&1
import sys
rows = open(sys.argv[1]).read().split()
assert rows[0] == "step,t,x,distance,energy", rows[0]
xs = [float(r.split(",")[2]) for r in rows[1:]]
assert len(xs) == 6 and xs[0] == 0.2
for a, b in zip(xs, xs[1:]):
    assert abs(b - 3.7 * a * (1 - a)) <= 1e-15, (a, b)
PYEOF
) || p+=("$msg")
check "simulate expr-logistic (a map): x+ = r x (1 - x) step by step" "${p[@]}"

# ---------------------------------------------------------------------------------------------
# 3c. simulate: CSV and JSON trajectories.

cat >"$tmp/check_sim.py" <<'EOF2'
# check_sim.py FILE FORMAT STEPS SCHEME DT X0 X1 [ENERGY]: a simulate output of STEPS + 1 points
# with steps 0..STEPS, t = step * DT (flow: DT = t_end / steps), the start (X0, X1), distance =
# |x| and energy = |x|^2 (the Dirac equilibrium is 0); ENERGY: energy conserved to 1e-9 relative.
import csv, json, math, sys
path, fmt, steps, scheme, dt, x0, x1 = sys.argv[1:8]
steps, dt, x0, x1 = int(steps), float(dt), float(x0), float(x1)
conserved = len(sys.argv) > 8
problems = []
try:
    if fmt == "csv":
        with open(path) as f:
            rows = list(csv.reader(f))
        if rows[0] != ["step", "t", "theta", "psi", "distance", "energy"]:
            problems.append("header %r" % rows[0])
        pts = [{"step": int(r[0]), "t": float(r[1]), "x": [float(r[2]), float(r[3])],
                "distance": float(r[4]), "energy": float(r[5])} for r in rows[1:]]
        if any("-0" == v for r in rows[1:] for v in r):
            problems.append("a -0 in the CSV")
    else:
        d = json.load(open(path))
        for k in ("ganstab", "case", "parameters", "scheme", "state_names", "points"):
            if k not in d:
                problems.append("missing field %r" % k)
        if d.get("scheme") != scheme or d.get("parameters", {}).get("update.scheme") != scheme:
            problems.append("scheme %r / parameters %r, want %r" % (d.get("scheme"), d.get("parameters"), scheme))
        if d.get("state_names") != ["theta", "psi"]:
            problems.append("state_names %r" % d.get("state_names"))
        if not isinstance(d.get("case"), dict) or "file" not in d["case"] or "title" not in d["case"]:
            problems.append("case is not {file, title}")
        pts = d.get("points", [])
except Exception as e:
    print("output does not parse: %s" % e); sys.exit(1)
if len(pts) != steps + 1:
    problems.append("%d points, want %d" % (len(pts), steps + 1))
for k, p in enumerate(pts):
    th, ps = p["x"]
    if p["step"] != k or abs(p["t"] - k * dt) > 1e-12 * max(1, k * dt):
        problems.append("point %d: step %r t %r, want %d, %r" % (k, p["step"], p["t"], k, k * dt)); break
    if abs(p["distance"] - math.hypot(th, ps)) > 1e-15 * max(1, p["distance"]) \
            or abs(p["energy"] - (th * th + ps * ps)) > 1e-15 * max(1, p["energy"]):
        problems.append("point %d: distance/energy inconsistent with x" % k); break
    if conserved and abs(p["energy"] / pts[0]["energy"] - 1) > 1e-9:
        problems.append("point %d: energy %r drifts from %r" % (k, p["energy"], pts[0]["energy"])); break
if pts and pts[0]["x"] != [x0, x1]:
    problems.append("start %r, want %r" % (pts[0]["x"], [x0, x1]))
if problems:
    print("; ".join(problems)); sys.exit(1)
EOF2

# sim DESCRIPTION FORMAT STEPS SCHEME DT X0 X1 ENERGY -- ARGS...: `simulate ARGS` exits 0, nothing on
# stderr, and check_sim.py holds (ENERGY: "conserved" or "-").
sim() {
    local desc=$1 fmt=$2 steps=$3 scheme=$4 dt=$5 x0=$6 x1=$7 energy=$8
    shift 9
    run simulate "$@"
    p=()
    [ "$rc" -eq 0 ] || p+=("exit status $rc: $(show_stderr)")
    [ -s "$tmp/stderr" ] && p+=("stderr not empty: $(show_stderr)")
    local extra=()
    [ "$energy" = conserved ] && extra=(conserved)
    msg=$($PY "$tmp/check_sim.py" "$tmp/stdout" "$fmt" "$steps" "$scheme" "$dt" "$x0" "$x1" "${extra[@]}" 2>&1) || p+=("$msg")
    check "simulate $desc" "${p[@]}"
}
sim "flow, CSV: header, 5 rows on [0, 2], theta^2 + psi^2 conserved (Lemma 2.3)" csv 4 flow 0.5 1 1 conserved -- \
    cases/dirac-unregularized.ini --steps 4 --t-end 2
sim "flow, JSON, --init 0.3,-2" json 10 flow 0.5 0.3 -2 conserved -- \
    cases/dirac-unregularized.ini --steps 10 --t-end 5 --init 0.3,-2 --format json
sim "simgd, CSV: t = step h" csv 20 simgd 0.1 1 1 - -- cases/dirac-simgd.ini --steps 20
sim "altgd, JSON, --set update.h=0.5" json 7 altgd 0.5 0.25 0.5 - -- \
    cases/dirac-altgd.ini --steps 7 --set update.h=0.5 --init 0.25,0.5 --format json
sim "ttur, CSV: t counts updates" csv 5 ttur 1 1 1 - -- cases/dirac-ttur.ini --steps 5
sim "--init=-0,0 prints 0, not -0" csv 2 simgd 0.1 0 0 - -- cases/dirac-simgd.ini --steps 2 --init=-0,0

# Lemma 2.4 from the CLI: simgd increases the distance at every step.
run simulate cases/dirac-simgd.ini --steps 200 --init 0.5,-0.2
p=()
[ "$rc" -eq 0 ] || p+=("exit status $rc: $(show_stderr)")
bad=$(awk -F, 'NR > 2 && $5 <= prev { print NR - 2; exit } NR > 1 { prev = $5 }' "$tmp/stdout")
[ -z "$bad" ] || p+=("the distance does not increase at step $bad")
check "simulate simgd (Lemma 2.4): the distance increases at every step" "${p[@]}"

run simulate cases/dirac-gp-simgd.ini --steps 50 --format json
cp "$tmp/stdout" "$tmp/sim.json"
run simulate cases/dirac-gp-simgd.ini --steps 50 --format json -o "$tmp/o/sim.json"
p=()
[ "$rc" -eq 0 ] || p+=("exit status $rc: $(show_stderr)")
[ -s "$tmp/stdout" ] && p+=("stdout not empty with -o")
cmp -s "$tmp/o/sim.json" "$tmp/sim.json" || p+=("-o file differs from stdout")
check "simulate -o FILE writes the same bytes as stdout" "${p[@]}"
rm -f "$tmp/o/sim.json"

# ---------------------------------------------------------------------------------------------
# heatmap: CSV shape, identical output for 1 and 2 threads, JSON and Markdown, no progress
# output when stderr is not a terminal.
HM=(heatmap cases/gmm-fig1a-converges.ini --dynamics first-order --grid 5 --inits 8 --iters 200)
run "${HM[@]}" --threads 1 -o "$tmp/hm1.csv"
p=()
[ "$rc" -eq 0 ] || p+=("exit status $rc: $(show_stderr)")
[ -s "$tmp/stderr" ] && p+=("stderr not empty: $(show_stderr)")
[ "$(head -n 1 "$tmp/hm1.csv" 2>/dev/null)" = "mu1,mu2,success,disc_collapse,mode_collapse" ] ||
    p+=("bad header: $(head -n 1 "$tmp/hm1.csv" 2>/dev/null)")
[ "$(wc -l <"$tmp/hm1.csv" 2>/dev/null)" -eq 26 ] || p+=("not 1 + 25 lines")
bad=$(awk -F, 'NR > 1 && (NF != 5 || $3 < 0 || $3 > 1 || $4 < 0 || $4 > 1 || $5 < 0 || $5 > 1)' "$tmp/hm1.csv" 2>/dev/null)
[ -z "$bad" ] || p+=("rows out of shape or range: $bad")
grep -qx -- '-1,-1,.*' "$tmp/hm1.csv" || p+=("no row for (-1, -1)")
run "${HM[@]}" --threads 2 -o "$tmp/hm2.csv"
[ "$rc" -eq 0 ] || p+=("--threads 2: exit status $rc: $(show_stderr)")
cmp -s "$tmp/hm1.csv" "$tmp/hm2.csv" || p+=("--threads 1 and --threads 2 differ")
check "heatmap: CSV of 25 cells, shares in [0, 1], identical for --threads 1 and 2, quiet stderr" "${p[@]}"

run heatmap cases/gmm-fig1a-converges.ini --dynamics unrolled --grid 3 --inits 2 --iters 20 --format json
p=()
[ "$rc" -eq 0 ] || p+=("exit status $rc: $(show_stderr)")
$PY - "$tmp/stdout" <<'PYEOF' || p+=("JSON check failed")
import json, sys
d = json.load(open(sys.argv[1]))
assert d["dynamics"] == "unrolled" and d["grid"] == 3 and d["inits"] == 2 and d["iters"] == 20
assert d["mu"] == [-1, 0, 1] and d["unroll"] == 5 and d["seed"] == 1 and d["tv_success"] == 0.1
for t in ("success", "disc_collapse", "mode_collapse"):
    assert len(d[t]) == 3 and all(len(r) == 3 and all(0 <= v <= 1 for v in r) for r in d[t])
PYEOF
check "heatmap --format json: parameters and three 3x3 tables" "${p[@]}"

run heatmap cases/gmm-fig1a-converges.ini --dynamics optimal --grid 3 --inits 2 --iters 20 --format md
p=()
[ "$rc" -eq 0 ] || p+=("exit status $rc: $(show_stderr)")
for s in "# GMM-GAN heatmap" "| dynamics | optimal |" "## Success share" "## Mode-collapse share"; do
    grep -qF -- "$s" "$tmp/stdout" || p+=("no '$s'")
done
check "heatmap --format md: parameter table and the tables" "${p[@]}"

# Parameter studies: thread-count identity (byte-identical CSV and JSON), shapes, closed forms.
M=(map cases/dirac-gp-simgd.ini --x regularizer.gamma 0 3 13 --y update.h 0.25 6 24)
run "${M[@]}" --threads 1 -o "$tmp/map1.csv"
p=()
[ "$rc" -eq 0 ] || p+=("exit status $rc: $(show_stderr)")
run "${M[@]}" --threads 2 -o "$tmp/map2.csv"
[ "$rc" -eq 0 ] || p+=("--threads 2: exit status $rc: $(show_stderr)")
cmp -s "$tmp/map1.csv" "$tmp/map2.csv" || p+=("--threads 1 and --threads 2 differ (csv)")
run "${M[@]}" --threads 1 --format json -o "$tmp/map1.json"
run "${M[@]}" --threads 2 --format json -o "$tmp/map2.json"
cmp -s "$tmp/map1.json" "$tmp/map2.json" || p+=("--threads 1 and --threads 2 differ (json)")
[ "$(head -n 1 "$tmp/map1.csv")" = "record,x,y,verdict,residual,spectral_radius,rate,kind,type,before,after,along,curve" ] ||
    p+=("bad header: $(head -n 1 "$tmp/map1.csv")")
[ "$(grep -c '^cell,' "$tmp/map1.csv")" -eq 312 ] || p+=("not 13 x 24 = 312 cell rows")
$PY - "$tmp/map1.json" <<'PYEOF' || p+=("map JSON check failed")
import json, math, sys
d = json.load(open(sys.argv[1]))
a = 0.5
assert d["x"]["param"] == "regularizer.gamma" and d["y"]["count"] == 24 and len(d["verdict"]) == 24
n = 0
for b in d["boundary"]:
    if b["kind"] != "stability":
        continue
    g, h = b["x"], b["y"]
    if b["along"] == "x":  # gamma located at fixed h: h a^2 (Neimark-Sacker) or 2/h + h a^2/2 (flip)
        want = {"neimark-sacker": h * a * a, "flip": 2 / h + h * a * a / 2}[b["type"]]
        got = g
    else:  # h located at fixed gamma
        if g < 2 * a:
            want = g / a ** 2
        else:
            s = math.sqrt(g * g / 4 - a * a)
            want = min((2 / (g / 2 + s), 2 / (g / 2 - s) if s > 0 else 4), key=lambda v: abs(v - h))
        got = h
    assert abs(got - want) <= 1e-10 * max(1, abs(want)), (b, want)
    n += 1
assert n > 40, n
assert all(c["agrees"] for c in d["claims"]) and len(d["claims"]) == 2
assert any(c["kind"] == "stability" for c in d["curves"])
PYEOF
check "map: --threads 1 and 2 byte-identical (CSV, JSON), 13 x 24 cells, boundary = closed forms to 1e-10" "${p[@]}"

run sweep cases/dirac-altgd.ini --param update.nd --from 1 --to 9 --steps 4 --threads 2
p=()
[ "$rc" -eq 0 ] || p+=("exit status $rc: $(show_stderr)")
[ "$(grep -c '^point,' "$tmp/stdout")" -eq 5 ] || p+=("not 5 point rows")
grep -q '^point,3,marginal,' "$tmp/stdout" || p+=("no marginal row for nd = 3")
grep -q '^crossing,' "$tmp/stdout" && p+=("crossings listed for an integer parameter")
check "sweep of the integer update.nd: 5 rows 1, 3, 5, 7, 9, no crossings" "${p[@]}"

run sweep cases/dirac-gp-simgd.ini --param update.h --from 0.5 --to 3 --steps 5 --format json
p=()
[ "$rc" -eq 0 ] || p+=("exit status $rc: $(show_stderr)")
$PY - "$tmp/stdout" <<'PYEOF' || p+=("sweep JSON check failed")
import json, math, sys
d = json.load(open(sys.argv[1]))
assert [p["value"] for p in d["points"]] == [0.5, 1, 1.5, 2, 2.5, 3]
for p in d["points"]:
    h = p["value"]  # |1 + h lambda|^2 = 1 - h gamma + h^2 a^2 with gamma = a = 1/2
    assert abs(p["spectral_radius"] - math.sqrt(1 - h / 2 + h * h / 4)) < 1e-15
    assert abs(p["rate"] + math.log(p["spectral_radius"])) < 1e-15
assert [c["type"] for c in d["crossings"]] == ["neimark-sacker"] and abs(d["crossings"][0]["value"] - 2) < 1e-12
assert d["claims"][0]["agrees"]
PYEOF
check "sweep --format json: rho = sqrt(1 - h gamma + h^2 f'(0)^2), rate -log rho, the crossing at h = 2" "${p[@]}"

# compare: the exact stable sets of the unregularized Dirac-GAN (f'(0) = 1/2), as JSON
run compare cases/dirac-unregularized.ini --format json --check --optimizer simgd \
    --optimizer extragradient --optimizer optimistic --optimizer cgd --optimizer "conopt gamma=2" \
    --optimizer "momentum beta=-0.5 variant=alternating" --optimizer altgd
p=()
[ "$rc" -eq 0 ] || p+=("exit status $rc: $(show_stderr)")
$PY - "$tmp/stdout" <<'PYEOF' || p+=("compare JSON check failed")
import json, math, sys
d = json.load(open(sys.argv[1]))
o = {r["optimizer"]: r for r in d["optimizers"]}
def stable(r):
    return [(s["from"], s["to"]) for s in r["segments"] if s["verdict"] == "stable"]
assert stable(o["simgd"]) == [] and o["simgd"]["best"] is None
assert abs(stable(o["extragradient"])[0][1] - 2) < 1e-10            # h < 1/a
assert abs(stable(o["optimistic"])[0][1] - 2 / math.sqrt(3)) < 1e-10  # h < 1/(sqrt(3) a)
assert o["optimistic"]["operator_dim"] == 4
assert stable(o["cgd"]) == [(0.001, 4)]
assert abs(stable(o["conopt gamma=2"])[0][1] - 2 * 2 / (1 + 4 * 0.25)) < 1e-10
assert stable(o["altgd"]) == [] and stable(o["momentum beta=-0.5 variant=alternating"])[0][0] == 0.001
assert all(c["agrees"] for c in d["claims"]) and len(d["claims"]) == 8, d["claims"]
PYEOF
check "compare --format json: exact stable sets of simgd, EG, OG, CGD, ConOpt; negative momentum helps altgd" "${p[@]}"

# every optimizer runs in analyze, critical and simulate on the Dirac-GAN with GP
p=()
for spec in "extragradient" "optimistic" "momentum --set update.beta=-0.3" \
    "momentum --set update.beta=0.3 --set update.variant=alternating" \
    "complex-momentum --set update.beta=0.5 --set update.beta_im=0.3" \
    "lookahead --set update.base=extragradient" "sga --set update.lambda=0.5" \
    "sga --set update.lambda=-0.5 --set update.variant=aligned" "cgd" "conopt --set update.gamma=0.5"; do
    # shellcheck disable=SC2086
    set -- $spec
    sch=$1
    shift
    "$GANSTAB" analyze cases/dirac-gp.ini --set update.scheme=$sch --set update.h=0.2 "$@" --format json >"$tmp/a.json" 2>"$tmp/stderr" || p+=("analyze $spec: $(show_stderr)")
    "$GANSTAB" critical cases/dirac-gp.ini --set update.scheme=$sch --set update.h=0.2 "$@" --param update.h --from 0.01 --to 3 >/dev/null 2>"$tmp/stderr" || p+=("critical $spec: $(show_stderr)")
    "$GANSTAB" simulate cases/dirac-gp.ini --set update.scheme=$sch --set update.h=0.2 "$@" --steps 2000 --format json >"$tmp/s.json" 2>"$tmp/stderr" || p+=("simulate $spec: $(show_stderr)")
    $PY - "$tmp/a.json" "$tmp/s.json" <<'PYEOF' || p+=("$spec: stable analysis but the simulation does not converge")
import json, sys
a = json.load(open(sys.argv[1])); s = json.load(open(sys.argv[2]))
d = [p["distance"] for p in s["points"]] if "points" in s else s["distance"]
assert a["verdict"] != "stable" or d[-1] < 1e-3 * d[0], (a["verdict"], d[0], d[-1])
PYEOF
done
check "every optimizer: analyze, critical and simulate run; stable verdicts converge in simulation" "${p[@]}"

run optimize cases/dirac-gp-simgd.ini --param update.h --from 0.01 --to 8 --format json --check
p=()
[ "$rc" -eq 0 ] || p+=("exit status $rc: $(show_stderr)")
$PY - "$tmp/stdout" <<'PYEOF' || p+=("optimize JSON check failed")
import json, math, sys
d = json.load(open(sys.argv[1]))
# gamma = 1/2 < 2|f'(0)|: h* = gamma/(2 f'(0)^2) = 1, rho* = sqrt(1 - gamma^2/(4 f'(0)^2)) = sqrt(3)/2
assert abs(d["argmin"] - 1) < 1e-10, d["argmin"]
assert abs(d["value"] - math.sqrt(3) / 2) < 1e-12 and d["kind"] == "smooth" and d["verdict"] == "stable"
assert d["claims"][0]["id"] == "derived:simgd-optimal-h" and d["claims"][0]["agrees"]
PYEOF
check "optimize: h* = 1 and rho* = sqrt(3)/2 for gamma = 1/2 (closed form), the claim agrees" "${p[@]}"

run optimize cases/dirac-gp-simgd.ini --param regularizer.gamma --from 0.01 --to 4 --set update.h=1 --format json
p=()
[ "$rc" -eq 0 ] || p+=("exit status $rc: $(show_stderr)")
$PY - "$tmp/stdout" <<'PYEOF' || p+=("optimize JSON check failed")
import json, sys
d = json.load(open(sys.argv[1]))
assert abs(d["argmin"] - 1) < 1e-10 and abs(d["value"] - 0.5) < 1e-9 and d["kind"] == "kink", d
PYEOF
check "optimize over gamma at h = 1: gamma* = 2|f'(0)| = 1 (a kink), rho* = 1/2" "${p[@]}"

run critical cases/dirac-gp.ini --set regularizer.kind=wgan-gp --param regularizer.gamma --from 0 --to 2 --format json
p=()
[ "$rc" -eq 0 ] || p+=("exit status $rc: $(show_stderr)")
$PY - "$tmp/stdout" <<'PYEOF' || p+=("JSON check failed")
import json, sys
d = json.load(open(sys.argv[1]))
(lo, hi), = d["not_stationary"]
assert abs(lo - 1e-10) < 1e-12 and hi == 2, d["not_stationary"]
PYEOF
check "critical over a range where x* stops being stationary: the gap (1e-10, 2] is listed" "${p[@]}"
# ---------------------------------------------------------------------------------------------
# plot: every kind writes a well-formed SVG (Python's XML parser) that rsvg-convert renders to a
# PNG, nothing on stderr, the same bytes on every run and on stdout as with -o.
command -v rsvg-convert >/dev/null 2>&1 || not_ok "plot: rsvg-convert (Debian librsvg2-bin) is not installed"
cat >"$tmp/check_svg.py" <<'PYEOF'
# check_svg.py FILE.svg KIND: an SVG document with drawn paths and text (the axis labels).
import sys, xml.etree.ElementTree as ET
path, kind = sys.argv[1], sys.argv[2]
root = ET.parse(path).getroot()
ns = "{http://www.w3.org/2000/svg}"
assert root.tag == ns + "svg", root.tag
w, h = float(root.get("width").rstrip("pt")), float(root.get("height").rstrip("pt"))
assert 100 <= w <= 2000 and 100 <= h <= 2000, (w, h)
paths = root.findall(".//" + ns + "path") + root.findall(".//" + ns + "polyline")
texts = ["".join(t.itertext()) for t in root.iter(ns + "text")]
assert len(paths) >= 10, "only %d paths" % len(paths)
want = {"eigen": "Re λ", "locus": "Re λ", "phase": "θ (generator parameter)",
        "trajectory": "time t", "density": "sample t", "heatmap": "μ̂₁",
        "map": "γ (regularizer.gamma)"}[kind]
assert any(want in t for t in texts), "no text %r in %r" % (want, texts[:8])
PYEOF
plot_kind_case() {
    case $1 in
    eigen | phase | trajectory) echo "cases/dirac-gp.ini" ;;
    locus) echo "cases/dirac-noise.ini" ;;
    density) echo "cases/gmm-fig3-collapse.ini --steps 300" ;;
    heatmap) echo "cases/gmm-fig1a-converges.ini --dynamics first-order --grid 4 --inits 3 --iters 50" ;;
    map) echo "cases/dirac-gp-simgd-region.ini" ;;
    esac
}
for kind in eigen locus phase trajectory density heatmap map; do
    read -r -a args <<<"$(plot_kind_case "$kind")"
    run plot "${args[@]}" --kind "$kind" -o "$tmp/o/$kind.svg"
    p=()
    [ "$rc" -eq 0 ] || p+=("exit status $rc: $(show_stderr)")
    [ -s "$tmp/stderr" ] && p+=("stderr not empty: $(show_stderr)")
    [ -s "$tmp/stdout" ] && p+=("stdout not empty with -o")
    $PY "$tmp/check_svg.py" "$tmp/o/$kind.svg" "$kind" >"$tmp/py.out" 2>&1 || p+=("SVG check: $(tail -n 3 "$tmp/py.out")")
    rsvg-convert "$tmp/o/$kind.svg" -o "$tmp/o/$kind.png" 2>"$tmp/rsvg.err" || p+=("rsvg-convert failed: $(head -c 300 "$tmp/rsvg.err")")
    [ -s "$tmp/rsvg.err" ] && p+=("rsvg-convert warned: $(head -c 300 "$tmp/rsvg.err")")
    [ "$(head -c 8 "$tmp/o/$kind.png" 2>/dev/null | od -An -c | tr -d ' ')" = '211PNG\r\n032\n' ] || p+=("$kind.png is not a PNG")
    run plot "${args[@]}" --kind "$kind"
    cmp -s "$tmp/stdout" "$tmp/o/$kind.svg" || p+=("stdout differs from the -o file (or the bytes changed between runs)")
    check "plot --kind $kind: valid SVG, rendered to PNG by rsvg-convert, deterministic" "${p[@]}"
    rm -f "$tmp/o/$kind.svg" "$tmp/o/$kind.png"
done

# ---------------------------------------------------------------------------------------------
# 3e. Model matrix: a Jacobian from a CSV or .npy file (README, "Model matrix").

M=tests/cli/matrix-example.ini
MN=tests/cli/matrix-noplayers.ini
for f in $M $MN; do
    run analyze "$f" --format json
    cp "$tmp/stdout" "$tmp/matrix.json"
    p=()
    [ "$rc" -eq 0 ] || p+=("exit status $rc: $(show_stderr)")
    [ -s "$tmp/stderr" ] && p+=("stderr not empty: $(show_stderr)")
    msg=$($PY "$tmp/check_analyze.py" "$tmp/matrix.json" "$f" 2>&1) || p+=("$msg")
    $PY - "$tmp/matrix.json" >"$tmp/py.out" 2>&1 <<'EOF' || p+=("$(cat "$tmp/py.out")")
import json, sys
d = json.load(open(sys.argv[1]))
p = d["parameters"]
assert p["case.model"] == "matrix" and p["model.jacobian"] == "matrix-example.csv", p
assert "case.loss" not in p, p
assert d["jacobian"][0] == [0, 0, -1, 0.5] and d["jacobian"][3] == [-0.5, 1, 0, -0.3], d["jacobian"]
assert d["equilibrium"]["point"] == [0, 0, 0, 0], d["equilibrium"]
assert d["verdict"] == ("stable" if p["update.scheme"] == "altgd" else "unstable"), d["verdict"]
EOF
    check "model matrix: analyze $f --format json (J from the CSV, x* = 0, the verdict)" "${p[@]}"
done
run analyze $M
p=()
[ "$rc" -eq 0 ] || p+=("exit status $rc: $(show_stderr)")
for s in '| `case.model` | matrix |' '| `model.jacobian` | matrix-example.csv |' \
    '| `model.generator_dim` | 2 |' '| **x4** | -0.5 | 1 | 0 | -0.3 |' '**stable**'; do
    grep -qF -- "$s" "$tmp/stdout" || p+=("markdown lacks '$s'")
done
check "model matrix: analyze $M (markdown: parameters, J, verdict)" "${p[@]}"
# the same J as .npy (C and Fortran order) gives the same JSON but for the file name
$PY -c "import numpy as np, sys; J = np.loadtxt(sys.argv[1], delimiter=','); np.save(sys.argv[2] + '/J-c.npy', J); np.save(sys.argv[2] + '/J-f.npy', np.asfortranarray(J)); np.save(sys.argv[2] + '/J-f4.npy', J.astype(np.float32))" \
    tests/cli/matrix-example.csv "$tmp/o" 2>"$tmp/py.out"
p=()
"$GANSTAB" analyze $M --format json | sed 's/"matrix-example.csv"/"J"/' >"$tmp/m-csv.json"
for o in c f; do
    [ -s "$tmp/o/J-$o.npy" ] || p+=("numpy did not write J-$o.npy: $(cat "$tmp/py.out")")
    "$GANSTAB" analyze $M --set "model.jacobian=$tmp/o/J-$o.npy" --format json |
        sed "s|\"$tmp/o/J-$o.npy\"|\"J\"|" >"$tmp/m-$o.json"
    cmp -s "$tmp/m-csv.json" "$tmp/m-$o.json" || p+=("J-$o.npy: JSON differs from the CSV's")
done
check "model matrix: the same J as .npy (C and Fortran order): the CSV's JSON but for the file" "${p[@]}"
run critical $MN --param update.h --from 0.01 --to 3 --format json
p=()
[ "$rc" -eq 0 ] || p+=("exit status $rc: $(show_stderr)")
grep -q '"crossings"' "$tmp/stdout" || p+=("no crossings in the JSON")
check "model matrix: critical --param update.h" "${p[@]}"
run compare $M --optimizer altgd --optimizer cgd --from 0.01 --to 2
p=()
[ "$rc" -eq 0 ] || p+=("exit status $rc: $(show_stderr)")
check "model matrix: compare altgd and cgd (players from generator_dim)" "${p[@]}"
row "model matrix: ragged rows at their line" 2 "tests/cli/bad-matrix-ragged.csv:3:|row 3 has 2 numbers" analyze $M --set model.jacobian=bad-matrix-ragged.csv
row "model matrix: NaN at its line" 2 "tests/cli/bad-matrix-nan.csv:2:|'NaN' is not a finite number" analyze $M --set model.jacobian=bad-matrix-nan.csv
row "model matrix: a missing file" 2 "tests/cli/missing.csv|cannot open" analyze $M --set model.jacobian=missing.csv
row "model matrix: a float32 .npy" 2 "$tmp/o/J-f4.npy|'<f4' is not float64" analyze $M --set "model.jacobian=$tmp/o/J-f4.npy"
row "model matrix: a bad file fails critical before any output" 2 "bad-matrix-nan.csv:2:" critical $MN --set model.jacobian=bad-matrix-nan.csv --param update.h --from 0.1 --to 1
row "model matrix: generator_dim = n" 2 "--set model.generator_dim|1..3|got 4" analyze $M --set model.generator_dim=4
row "model matrix: generator_dim = 0" 2 "--set model.generator_dim|'0'" analyze $M --set model.generator_dim=0
row "model matrix: altgd without generator_dim" 2 "--set update.scheme|altgd|model.generator_dim" analyze $MN --set update.scheme=altgd
row "model matrix: ttur without generator_dim" 2 "--set update.scheme|ttur|model.generator_dim" analyze $MN --set update.scheme=ttur --set update.hg=0.1 --set update.hd=0.1
row "model matrix: cgd without generator_dim" 2 "--set update.scheme|cgd|model.generator_dim" analyze $MN --set update.scheme=cgd
row "model matrix: nk without generator_dim" 2 "--set regularizer.kind|nk|model.generator_dim" analyze $MN --set regularizer.kind=nk --set regularizer.eta=1
row "model matrix: a gradient penalty" 2 "--set regularizer.kind|r1|none, conopt and nk" analyze $M --set regularizer.kind=r1 --set regularizer.gamma=1
row "model matrix: instance noise" 2 "--set regularizer.kind|noise" analyze $M --set regularizer.kind=noise --set regularizer.sigma=1
row "model matrix: case.loss" 2 "--set case.loss|wgan" analyze $M --set case.loss=wgan
row "model matrix: without model.jacobian" 2 "model.jacobian|case.model = matrix" analyze cases/dirac-gp.ini --set case.model=matrix
row "model matrix: model.jacobian on model dirac" 2 "--set model.jacobian|model matrix" analyze cases/dirac-gp.ini --set model.jacobian=J.csv
row "model matrix: a [simulate] section" 2 "--set simulate.steps|[simulate]|nonlinear field" analyze $M --set simulate.steps=10
row "model matrix: simulate refused" 2 "$M|no nonlinear field" simulate $M --steps 10

# 4. report

# Every case but those with a [heatmap] section (the full Figure 2 takes minutes; the golden
# test regenerates it, and a small [heatmap] report is tested below).
light=()
for f in cases/*.ini; do
    grep -q '^\[heatmap\]' "$f" || light+=("$f")
done
run report "${light[@]}" -o "$tmp/o/reports"
p=()
[ "$rc" -eq 0 ] || p+=("exit status $rc: $(show_stderr)")
[ -s "$tmp/o/reports/index.md" ] || p+=("no index.md")
for f in "${light[@]}"; do
    name=$(basename "$f" .ini)
    [ -s "$tmp/o/reports/$name.md" ] || p+=("no $name.md")
    grep -qF "$name" "$tmp/o/reports/index.md" 2>/dev/null || p+=("index.md does not list $name")
done
# every figure a report or the index links to exists, and every SVG written is linked
for svg in $(grep -ohE '\(([a-z0-9.-]+\.svg)\)' "$tmp/o/reports"/*.md | tr -d '()' | sort -u); do
    [ -s "$tmp/o/reports/$svg" ] || p+=("linked figure $svg missing")
done
for svg in "$tmp/o/reports"/*.svg; do
    grep -qF "($(basename "$svg"))" "$tmp/o/reports"/*.md || p+=("$(basename "$svg") is not linked")
done
[ -s "$tmp/o/reports/dirac-gp-eigen.svg" ] || p+=("no dirac-gp-eigen.svg")
# every case with a [map] section: its map drawn and embedded in the map's section, before the
# boundary table; the same bytes as `ganstab plot --kind map`
for f in $(grep -l '^\[map\]' cases/*.ini); do
    name=$(basename "$f" .ini)
    awk '/^## Stability map/{s=1} s&&/^### Boundary$/{exit} s' "$tmp/o/reports/$name.md" 2>/dev/null |
        grep -qF "]($name-map.svg)" || p+=("$name.md: no map figure in its stability map section")
    "$GANSTAB" plot "$f" --kind map 2>/dev/null | cmp -s - "$tmp/o/reports/$name-map.svg" ||
        p+=("$name-map.svg differs from 'ganstab plot $f --kind map'")
done
grep -qF '![' "$tmp/o/reports/dirac-gp.md" || p+=("dirac-gp.md embeds no figure")
grep -qF '## Figures of the papers' "$tmp/o/reports/index.md" || p+=("index.md has no list of the papers' figures")
check "report cases/*.ini -o DIR writes DIR/<case>.md for every case, its figures, and DIR/index.md" "${p[@]}"

# A small Figure 2: report with a [heatmap] section writes the Markdown (summary, findings,
# success tables) and the CSV of every cell of every dynamics; --check passes when the findings
# hold, and the CSV does not depend on the thread count (OMP_NUM_THREADS).
sed -e 's/^grid .*/grid = 5/' -e 's/^inits .*/inits = 16/' -e 's/^iters .*/iters = 600/' \
    cases/gmm-fig2.ini >"$tmp/fig2-small.ini"
run report --check "$tmp/fig2-small.ini" -o "$tmp/o/fig2"
p=()
[ "$rc" -eq 0 ] || p+=("exit status $rc: $(show_stderr)")
for s in "## Success heatmaps (Li et al. 2018, Figure 2)" "### The paper's findings, checked" \
    "### Success share: first-order dynamics" "### Success share: unrolled dynamics" \
    "### Success share: optimal dynamics" "(fig2-small.csv)"; do
    grep -qF -- "$s" "$tmp/o/fig2/fig2-small.md" 2>/dev/null || p+=("no '$s' in the report")
done
[ "$(grep -c '| yes |' "$tmp/o/fig2/fig2-small.md" 2>/dev/null)" = 3 ] || p+=("not 3 findings that hold")
[ "$(head -n 1 "$tmp/o/fig2/fig2-small.csv" 2>/dev/null)" = \
    "dynamics,mu1,mu2,success,disc_collapse,mode_collapse,tv_below" ] || p+=("CSV header")
[ "$(wc -l <"$tmp/o/fig2/fig2-small.csv" 2>/dev/null)" = 76 ] || p+=("CSV: not 1 + 3 x 25 rows")
OMP_NUM_THREADS=1 "$GANSTAB" report "$tmp/fig2-small.ini" -o "$tmp/o/fig2-1" 2>/dev/null
cmp -s "$tmp/o/fig2/fig2-small.csv" "$tmp/o/fig2-1/fig2-small.csv" || p+=("CSV differs with 1 thread")
cmp -s "$tmp/o/fig2/fig2-small.md" "$tmp/o/fig2-1/fig2-small.md" || p+=("report differs with 1 thread")
check "report of a [heatmap] case: findings, success tables, CSV; same with 1 thread" "${p[@]}"

# Its figures: one heatmap per dynamics, drawn from the computed maps, each embedded in its
# dynamics' section and linked from the index's list of the papers' figures; the same bytes as
# `ganstab plot --kind heatmap` computing that heatmap again with the section's settings.
p=()
for d in first-order unrolled optimal; do
    svg="fig2-small-heatmap-$d.svg"
    [ -s "$tmp/o/fig2/$svg" ] || p+=("no $svg")
    awk -v h="### Success share: $d dynamics" '$0==h{s=1;next} s&&/^##/{exit} s' \
        "$tmp/o/fig2/fig2-small.md" 2>/dev/null | grep -qF "]($svg)" || p+=("$svg not in its section")
    grep -qF "[heatmap $d]($svg)" "$tmp/o/fig2/index.md" 2>/dev/null || p+=("index.md does not link $svg")
    "$GANSTAB" plot "$tmp/fig2-small.ini" --kind heatmap --dynamics "$d" --grid 5 --inits 16 \
        --iters 600 --quiet 2>/dev/null | cmp -s - "$tmp/o/fig2/$svg" ||
        p+=("$svg differs from 'ganstab plot --kind heatmap --dynamics $d'")
    $PY "$tmp/check_svg.py" "$tmp/o/fig2/$svg" heatmap >"$tmp/py.out" 2>&1 || p+=("$svg: $(tail -n 1 "$tmp/py.out")")
done
grep -qF "| Li et al. 2018, Figure 2: " "$tmp/o/fig2/index.md" 2>/dev/null || p+=("index.md lists no Li et al. Figure 2")
check "report of a [heatmap] case: the three heatmaps drawn, embedded, indexed, as plot draws them" "${p[@]}"

echo "$npass passed, $nfail failed"
[ "$nfail" -eq 0 ]
