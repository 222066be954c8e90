"""A corpus of bad input to the ``xentsym`` command, and what each must get back.

The contract (README, ``xentsym verify --help``): input that is not a formula ends in exit
status 2 and one clear line on stderr, and no Python traceback ever reaches the user. Each
entry below is an argv, the exit status it must get and a fragment of that line. Injection
attempts, resource exhaustion, syntax errors, unknown names, wrong arities, Unicode, empty
formulas and bad options are all covered; the most dangerous are run again as real processes,
which must also finish within a minute.

argparse reports an option error with its usage line first and the error line last; for those
entries (``usage=True``) the usage line is accepted, and the error must still be one line.
"""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass

import pytest

from xentsym.cli import main

EXIT_PROVED, EXIT_REFUTED, EXIT_BAD_INPUT, EXIT_UNDECIDED = 0, 1, 2, 3
VERDICTS = {EXIT_PROVED: "proved", EXIT_REFUTED: "refuted", EXIT_UNDECIDED: "undecided"}


@dataclass(frozen=True)
class Bad:
    """An argv for ``xentsym``, the exit status it must get, and a fragment of the error line."""

    argv: tuple[str, ...]
    fragment: str
    code: int = EXIT_BAD_INPUT
    usage: bool = False  # an argparse error: a usage line comes before the error line


def lhs(formula: str, fragment: str) -> Bad:
    """``xentsym verify FORMULA z``: the formula on the left is what is wrong."""
    return Bad(("verify", formula, "z"), fragment)


def option(*argv: str, fragment: str) -> Bad:
    return Bad(argv, fragment, usage=True)


CORPUS = {
    # --- injection: nothing in a formula is executed -----------------------------------------
    "import and system": lhs(
        "__import__('os').system('echo injected')", "only known functions can be called"
    ),
    "attribute access": lhs("z.real", "attribute is not allowed"),
    "dunder attribute chain": lhs("z.__class__.__mro__[1].__subclasses__()", "only known functions"),
    "dunder name": lhs("__builtins__", "the name '__builtins__' is not allowed"),
    "private name": lhs("_x", "the name '_x' is not allowed"),
    "lambda": lhs("lambda: 0", "lambda is not allowed"),
    "called lambda": lhs("(lambda: 0)()", "only known functions can be called"),
    "list comprehension": lhs("[x for x in (1, 2)]", "is not allowed in a formula"),
    "generator": lhs("sum(x for x in (1, 2))", "'sum' is not a known function"),
    "eval": lhs("eval('1')", "'eval' is not a known function"),
    "exec": lhs("exec('import os')", "'exec' is not a known function"),
    "open": lhs("open('/etc/passwd')", "'open' is not a known function"),
    "getattr": lhs("getattr(z, 'real')", "'getattr' is not a known function"),
    "keyword argument": lhs("sigmoid(x=z)", "keyword arguments are not allowed"),
    "double-star keywords": lhs("sigmoid(**{'x': 1})", "keyword arguments are not allowed"),
    "starred argument": lhs("sigmoid(*[z])", "starred is not allowed"),
    "walrus": lhs("(y := 1)", "namedexpr is not allowed"),
    "f-string": lhs("f'{z}'", "joinedstr is not allowed"),
    "string constant": lhs("'text'", "the constant 'text' is not a number"),
    "conditional expression": lhs("z if z else 1", "ifexp is not allowed"),
    "statement after a semicolon": lhs("z; import os", "cannot parse"),
    # --- resource exhaustion: refused before anything is evaluated ---------------------------
    "tower 9**9**9": lhs("9**9**9", "the exponent 387420489 is too large"),
    "tower 2**2**2**2**2": lhs("2**2**2**2**2", "the exponent 65536 is too large"),
    "irrational power 10**64": lhs("sqrt(2)**(10**64)", "is too large (at most 10000)"),
    "symbolic power 10**5": lhs("x**(10**5)", "the exponent 100000 is too large"),
    "a power of 20000 digits": lhs("exp((10**100)**200)", "has more than 10000 digits"),
    "derivative order 10**9": lhs("diff(exp(2*z), (z, 10**9))", "derivatives of order above 6"),
    "derivative order 1000": lhs("diff(f, z, 1000)", "derivatives of order above 6"),
    "sum of 10**9 terms": lhs("Sum(z[c], (c, 1, 10**9))", "a Sum of more than 10000 terms"),
    "1999 nested minus signs": lhs("-" * 1999 + "z", "nests more than 100 levels deep"),
    "2000 minus signs": lhs("-" * 2000 + "z", "longer than 2000 characters"),
    "150 nested negations": lhs("-(" * 150 + "z" + ")" * 150, "nests more than 100 levels deep"),
    "300 nested parentheses": lhs("(" * 300 + "z" + ")" * 300, "too many nested parentheses"),
    "5000-character formula": lhs("+".join(["z"] * 2500), "longer than 2000 characters"),
    "decimal exponent 100000": lhs("1e100000", "too large or too small to write exactly"),
    "decimal exponent -100000": lhs("1e-100000", "too large or too small to write exactly"),
    "rational of 10**100000": lhs("Rational(1, 10**100000)", "the exponent 100000 is too large"),
    # --- syntax --------------------------------------------------------------------------------
    "unclosed call": lhs("exp(", "'(' was never closed"),
    "unmatched parenthesis": lhs("z)", "unmatched ')'"),
    "dangling operator": lhs("1 +", "cannot parse '1 +'"),
    "caret for power": lhs("x^2", "write powers with **"),
    "implicit product": lhs("2x", "write * (2*x, not 2x)"),
    "equation as a formula": lhs("a = b", "a formula has no '='"),
    "comparison": lhs("a == b", "compare is not allowed"),
    "floor division": lhs("x // 2", "'//' is not an operator of formulas"),
    "logical not": lhs("not x", "'not' is not an operator of formulas"),
    "newline inside": lhs("z\n+1", "cannot parse"),
    "null byte": lhs("z\x00", "cannot parse"),
    "division by zero": lhs("1/0", "is undefined (it evaluates to zoo)"),
    "log of zero": lhs("log(0)", "is undefined"),
    "complex literal": lhs("1j", "complex numbers are not supported"),
    # --- unknown names and wrong arity -----------------------------------------------------------
    "misspelt sigmoid": lhs("sigmod(z)", "did you mean 'sigmoid'?"),
    "unknown function": lhs("foo(z)", "'foo' is not a known function"),
    "sigmoid of two": lhs("sigmoid(z, 1)", "sigmoid takes exactly 1 argument (2 given)"),
    "softmax of one": lhs("softmax(z)", "softmax takes exactly 3 arguments (1 given)"),
    "logsumexp of one": lhs("logsumexp(z)", "logsumexp takes exactly 2 arguments"),
    "softmax of a number": lhs("softmax(2, j, K)", "the logits are the name of a family"),
    "delta with limits": lhs("KroneckerDelta(c, j, (1, K))", "KroneckerDelta takes two indices"),
    "log of nothing": lhs("log()", "log takes"),
    "function not called": lhs("sigmoid", "sigmoid is a function: call it"),
    "constant called": lhs("pi(2)", "pi is a constant, not a function"),
    "diff without variable": lhs("diff(z)", "diff(f, z) needs the variable z"),
    "diff by an expression": lhs("diff(z**2, 1 + z)", "not a variable"),
    "derivative of order 0": lhs("diff(z, z, 0)", "a whole number from 1 to 6"),
    "sum without limits": lhs("Sum(z[c])", "Sum needs limits"),
    "sum with short limits": lhs("Sum(z[c], (c, 1))", "a Sum's limits are written (c, 1, K)"),
    "fractional class index": lhs("z[1.5]", "needs one class index"),
    "rational of three": lhs("Rational(1, 2, 3)", "Rational"),
    # --- Unicode and emptiness ------------------------------------------------------------------
    "greek lambda": lhs("λ(z)", "'λ' is not a known function"),
    "superscript two": lhs("z²", "invalid character '²'"),
    "square root sign": lhs("√z", "invalid character '√'"),
    "zero-width space": lhs("z\u200b", "invalid non-printable character"),
    "empty": lhs("", "the formula is empty"),
    "spaces only": lhs("   ", "the formula is empty"),
    "tab and newline": lhs("\t\n", "the formula is empty"),
    # --- side conditions --------------------------------------------------------------------------
    "condition without '='": Bad(
        ("verify", "z", "1", "--given", "Sum(y[c], (c, 1, K))"), "is not an equation of the form 'lhs = rhs'"
    ),
    "condition with two '='": Bad(("verify", "z", "1", "--given", "a = b = c"), "is not an equation"),
    "condition that does not parse": Bad(("verify", "z", "1", "--given", "exp( = 1"), "was never closed"),
    # --- options ------------------------------------------------------------------------------------
    "timeout abc": option(
        "verify", "z", "z", "--timeout", "abc", fragment="'abc' is not a number of seconds"
    ),
    "timeout empty": option("verify", "z", "z", "--timeout", "", fragment="'' is not a number of seconds"),
    "timeout 0": option("verify", "z", "z", "--timeout", "0", fragment="positive number of seconds, not 0"),
    "timeout -1": option(
        "verify", "z", "z", "--timeout", "-1", fragment="positive number of seconds, not -1"
    ),
    "timeout=-1": option("verify", "z", "z", "--timeout=-1", fragment="positive number of seconds, not -1"),
    "timeout nan": option("verify", "z", "z", "--timeout", "nan", fragment="positive number of seconds"),
    "timeout inf": option("verify", "z", "z", "--timeout", "inf", fragment="positive number of seconds"),
    "timeout 1e400": option("verify", "z", "z", "--timeout", "1e400", fragment="positive number of seconds"),
    "timeout missing": option("verify", "z", "z", "--timeout", fragment="expected one argument"),
    "misspelt option": option(
        "verify", "z", "z", "--tmieout", "3", fragment="unrecognized arguments: --tmieout"
    ),
    "missing RHS": option("verify", "z", fragment="the following arguments are required: RHS"),
    "unknown command": option("frobnicate", fragment="invalid choice: 'frobnicate'"),
    "derive format pdf": option("derive", "bce_logits", "--format", "pdf", fragment="invalid choice: 'pdf'"),
    "derive extra argument": option(
        "derive", "bce_logits", "extra", fragment="unrecognized arguments: extra"
    ),
    "unknown short option": option("verify", "z", "z", "-v", fragment="unrecognized arguments: -v"),
    # --- derive and codegen --------------------------------------------------------------------------
    "unknown derivation": Bad(("derive", "nope"), "no derivation 'nope'; known: "),
    "derivation path": Bad(("derive", "../etc/passwd"), "no derivation '../etc/passwd'"),
    "derivation dunder": Bad(("derive", "__init__"), "no derivation '__init__'"),
    "empty derivation": Bad(("derive", ""), "no derivation ''"),
    "unknown kernel": Bad(("codegen", "nope"), "no generated function 'nope'; known: "),
    "kernel dunder": Bad(("codegen", "__import__"), "no generated function '__import__'"),
}

RUN_AS_A_PROCESS = [
    "import and system",
    "tower 9**9**9",
    "tower 2**2**2**2**2",
    "irrational power 10**64",
    "derivative order 10**9",
    "derivative order 1000",
    "sum of 10**9 terms",
    "2000 minus signs",
    "1999 nested minus signs",
    "300 nested parentheses",
    "5000-character formula",
    "decimal exponent 100000",
    "misspelt sigmoid",
    "timeout nan",
]


def _with_ids(cases: dict) -> list:
    """pytest params named by their keys."""
    return [pytest.param(case, id=name) for name, case in cases.items()]


def run_in_process(argv, capsys) -> tuple[int, str, str]:
    """main(argv)'s exit status, stdout and stderr."""
    try:
        code = main(list(argv))
    except SystemExit as stop:  # argparse exits on option errors
        code = stop.code
    out, err = capsys.readouterr()
    return code, out, err


def assert_one_clear_line(bad: Bad, code: int, out: str, err: str) -> None:
    assert "Traceback" not in out + err, err
    assert code == bad.code, (code, out, err)
    assert out == ""
    lines = err.splitlines()
    if bad.usage:  # "usage: ..." (wrapped on a narrow terminal), then the one error line
        assert lines[0].startswith("usage: xentsym"), err
        assert all(line.startswith(" ") for line in lines[1:-1]), err
    else:
        assert len(lines) == 1, err
    assert lines[-1].startswith("xentsym") and ": error: " in lines[-1], err
    assert bad.fragment in lines[-1], err


def test_the_corpus_holds_at_least_40_bad_inputs():
    assert len(CORPUS) >= 40


@pytest.mark.parametrize("bad", _with_ids(CORPUS))
def test_bad_input_gets_one_clear_line_and_its_exit_status(bad, capsys):
    """main() in-process: the status of the contract, one line that says what is wrong."""
    code, out, err = run_in_process(bad.argv, capsys)
    assert_one_clear_line(bad, code, out, err)


@pytest.mark.parametrize("bad", _with_ids({name: CORPUS[name] for name in RUN_AS_A_PROCESS}))
def test_bad_input_in_a_real_process_is_refused_in_time(bad):
    """The console command, not just main(): the same line and status, within a minute."""
    try:
        done = subprocess.run(
            [sys.executable, "-m", "xentsym", *bad.argv],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"xentsym {' '.join(bad.argv)[:80]} did not finish within 60 s")
    assert_one_clear_line(bad, done.returncode, done.stdout, done.stderr)


INJECTIONS = [
    "__import__('os').system('touch {marker}')",
    "__import__('pathlib').Path('{marker}').touch()",
    "open('{marker}', 'w')",
    "eval(\"open('{marker}', 'w')\")",
    "exec(\"open('{marker}', 'w')\")",
    "(lambda: __import__('os').system('touch {marker}'))()",
]


@pytest.mark.parametrize("template", INJECTIONS)
def test_injected_code_never_runs(template, tmp_path, capsys):
    """Refused with exit 2, and the file the code would have made does not exist."""
    marker = tmp_path / "injected"
    code, _, err = run_in_process(("verify", template.format(marker=marker), "z"), capsys)
    assert code == EXIT_BAD_INPUT and len(err.splitlines()) == 1
    done = subprocess.run(
        [sys.executable, "-m", "xentsym", "verify", "z", template.format(marker=marker)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == EXIT_BAD_INPUT and "Traceback" not in done.stderr
    assert not marker.exists()


# --- inputs that look bad but are formulas: a verdict, in time, without a traceback ----------------


@dataclass(frozen=True)
class Odd:
    """An argv that must get one of the exit statuses ``codes``, and never print ``absent``."""

    argv: tuple[str, ...]
    codes: frozenset[int]
    absent: str = ""


def odd(*argv: str, codes: set[int], absent: str = "") -> Odd:
    return Odd(argv, frozenset(codes), absent)


ACCEPTED = {
    "unicode minus": odd("verify", "−z", "-z", codes={EXIT_PROVED}),
    "multiplication sign": odd("verify", "2×z", "2*z", codes={EXIT_PROVED}),
    "leading minus": odd("verify", "-log(sigmoid(z))", "softplus(-z)", codes={EXIT_PROVED}),
    "power at the exponent limit": odd("verify", "(z + 1)**10000", "z", codes={EXIT_REFUTED}),
    "1999-digit integer": odd("verify", "1" * 1999, "z", codes={EXIT_REFUTED}),
    "sixty nested sigmoids": odd("verify", "sigmoid(" * 60 + "z" + ")" * 60, "z", codes={EXIT_REFUTED}),
    # √−1 has no real value: no verdict may claim anything about it.
    "square root of -1": odd("verify", "sqrt(-1)", "z", codes={EXIT_BAD_INPUT, EXIT_UNDECIDED}),
    "a sum at the term limit": odd(
        "verify", "Sum(z[c], (c, 1, 10000))", "0", "--timeout", "3", codes={EXIT_REFUTED, EXIT_UNDECIDED}
    ),
    # Values beyond any float, and beyond what the referee can enclose: a verdict, not exit 4.
    "four nested exponentials": odd(
        "verify", "exp(exp(exp(exp(10))))", "z", "--timeout", "5", codes={EXIT_REFUTED, EXIT_UNDECIDED}
    ),
    "exp of a googol": odd("verify", "exp(10**100)", "z", codes={EXIT_REFUTED}),
    "three nested exponentials": odd(
        "verify",
        "sigmoid(exp(exp(x)))",
        "sigmoid(exp(exp(x)))",
        "--timeout",
        "5",
        codes={EXIT_PROVED, EXIT_UNDECIDED},
    ),
    # With no time even to read "z", the answer is about time, never that z is too large.
    "a tiny timeout": odd(
        "verify",
        "z",
        "z",
        "--timeout",
        "1e-9",
        codes={EXIT_BAD_INPUT, EXIT_UNDECIDED},
        absent="the formula is too large",
    ),
    "a family on one side, a number on the other": odd(
        "verify", "z[1]", "z", codes={EXIT_REFUTED, EXIT_BAD_INPUT}
    ),
    "a family used bare in its own formula": odd("verify", "y[c] + y", "z", codes={EXIT_BAD_INPUT}),
}


def assert_a_verdict_or_a_clear_refusal(case: Odd, code: int, out: str, err: str) -> None:
    assert "Traceback" not in out + err
    assert code in case.codes, (code, out, err)
    assert not case.absent or case.absent not in out + err, out + err
    if code == EXIT_BAD_INPUT:
        assert out == "" and len(err.splitlines()) == 1 and err.startswith("xentsym: error: ")
    else:
        assert err == "" and out.startswith(VERDICTS[code] + ": ")


@pytest.mark.parametrize("case", _with_ids(ACCEPTED))
def test_input_that_is_a_formula_gets_a_verdict(case, capsys):
    """Odd but valid formulas get one of the expected answers: a verdict on stdout (first word
    proved, refuted or undecided) with nothing on stderr, or a clear one-line refusal."""
    assert_a_verdict_or_a_clear_refusal(case, *run_in_process(case.argv, capsys))


@pytest.mark.parametrize(
    "case", _with_ids({name: ACCEPTED[name] for name in ("four nested exponentials", "exp of a googol")})
)
def test_huge_values_get_a_verdict_from_a_real_process_in_time(case):
    """Values that no float holds: the console command answers within a minute, without exit 4."""
    done = subprocess.run(
        [sys.executable, "-m", "xentsym", *case.argv], capture_output=True, text=True, timeout=60, check=False
    )
    assert_a_verdict_or_a_clear_refusal(case, done.returncode, done.stdout, done.stderr)
