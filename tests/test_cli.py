"""The command line: exit codes, one-line errors, every subcommand."""

import math
import re
import runpy
import subprocess
import sys

import pytest
from xentsym.derivations import names

from xentsym.cli import main
from xentsym.pages import page_markdown

BCE = "-(y*log(sigmoid(z)) + (1-y)*log(1-sigmoid(z)))"


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_verify_exit_codes(capsys):
    assert run(capsys, "verify", f"diff({BCE}, z)", "sigmoid(z) - y")[0] == 0
    code, out, _ = run(capsys, "verify", f"diff({BCE}, z)", "y - sigmoid(z)")
    assert code == 1 and out.startswith("refuted: at ")
    code, _, err = run(capsys, "verify", "exp(", "z")
    assert code == 2 and err.startswith("xentsym: error:") and len(err.strip().splitlines()) == 1


def test_verify_with_a_side_condition(capsys):
    ce = "diff(-Sum(y[c]*log(softmax(z, c, K)), (c, 1, K)), z[j])"
    assert run(capsys, "verify", ce, "softmax(z, j, K) - y[j]")[0] == 1
    given = "Sum(y[c], (c, 1, K)) = 1"
    assert run(capsys, "verify", ce, "softmax(z, j, K) - y[j]", "--given", given)[0] == 0


@pytest.mark.parametrize(
    "text", ["__import__('os').system('echo injected')", "z.__class__", "open('x')", "(lambda: 0)()"]
)
def test_injection_is_refused_with_exit_2(text, capsys):
    code, out, err = run(capsys, "verify", text, "z")
    assert code == 2 and "injected" not in out and "Traceback" not in err


def test_the_console_script_runs_and_exits_with_the_verdict():
    done = subprocess.run(
        [sys.executable, "-m", "xentsym.cli", "verify", "softplus(z) - softplus(-z)", "z"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    help_text = subprocess.run(
        [sys.executable, "-m", "xentsym.cli", "verify", "--help"], capture_output=True, text=True, check=True
    ).stdout
    assert "--given" in help_text and "exit status" in help_text


def test_derive_lists_and_renders_in_three_formats(capsys):
    code, out, _ = run(capsys, "derive")
    assert code == 0 and all(name in out for name in names())
    code, out, _ = run(capsys, "derive", "bce_logits")
    assert code == 0 and "sum rule" in out and "proved" in out
    code, out, _ = run(capsys, "derive", "softmax_gradient", "--format", "latex")
    assert code == 0 and "\\begin{align*}" in out
    code, out, _ = run(capsys, "derive", "bce_logits", "--format", "markdown")
    assert out.rstrip("\n") == page_markdown("bce_logits").rstrip("\n")
    code, _, err = run(capsys, "derive", "nope")
    assert code == 2 and "known:" in err


def test_codegen_and_article(capsys):
    code, out, _ = run(capsys, "codegen")
    assert code == 0 and "sparse_categorical_crossentropy_from_logits" in out
    code, out, _ = run(capsys, "codegen", "binary_crossentropy_from_logits")
    assert code == 0 and out.startswith("def binary_crossentropy_from_logits(y, z")
    code, out, _ = run(capsys, "article")
    assert code == 0 and "-ln(0.8)" in out and "0.22314353" in out


def test_help(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["--help"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    assert all(command in out for command in ("derive", "verify", "codegen", "article"))


# --- formulas as typed ---------------------------------------------------------------------


def test_formulas_may_start_with_a_minus(capsys):
    code, out, err = run(capsys, "verify", "-log(sigmoid(z))", "softplus(-z)")
    assert code == 0 and out.startswith("proved: "), err
    code, _, err = run(capsys, "verify", "-z", "-z", "--given", "-y = -1")
    assert code == 0, err


def test_the_verdict_names_the_domains(capsys):
    code, out, _ = run(capsys, "verify", "log(p*q)", "log(p) + log(q)")
    assert (
        code == 0
        and out.splitlines()[1] == "  where p is a probability in (0, 1); q is a probability in (0, 1)"
    )


def test_an_undecided_verdict_says_why(capsys):
    code, out, _ = run(capsys, "verify", "log(-exp(z))", "z")
    assert code == 3 and "no point could be compared" in out


def test_bare_command_prints_help_and_version(capsys):
    code, out, _ = run(capsys)
    assert code == 0 and "usage: xentsym" in out and "verify" in out
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    assert re.fullmatch(r"xentsym \d+\.\d+\.\d+\S*\n", capsys.readouterr().out)


@pytest.mark.parametrize("value", ["0", "-1", "nan", "inf", "abc"])
def test_timeout_must_be_a_positive_number(value, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["verify", "z", "z", "--timeout", value])
    assert exit_info.value.code == 2
    assert "--timeout" in capsys.readouterr().err


def test_python_dash_m(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "xentsym", "verify", "-log(sigmoid(z))", "softplus(-z)"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0 and done.stdout.startswith("proved"), done.stderr


def test_an_internal_failure_is_not_blamed_on_the_input(monkeypatch, capsys):
    def broken(*args, **kwargs):
        raise RuntimeError("something inside broke")

    monkeypatch.setattr(sys.modules["xentsym.verification"], "verify", broken)
    code, _, err = run(capsys, "verify", "z", "z")
    assert code == 4 and "internal error" in err and "not at fault" in err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1


@pytest.mark.parametrize("command", ["derive", "codegen", "article"])
def test_every_command_shows_examples(command, capsys):
    with pytest.raises(SystemExit):
        main([command, "--help"])
    assert f"xentsym {command}" in capsys.readouterr().out.split("\nexample")[1]


# --- your own loss ---------------------------------------------------------------------------

BCE_FORMULA = "-(y*log(sigmoid(z)) + (1-y)*log(1-sigmoid(z)))"
WEIGHTED = "-(w*y*log(sigmoid(z)) + (1-y)*log(1-sigmoid(z)))"


def test_a_formula_is_derived_step_by_step_to_a_readable_closed_form(capsys):
    code, out, _ = run(capsys, "derive", BCE_FORMULA, "--wrt", "z")
    lines = out.strip().splitlines()
    assert code == 0 and lines[-2].startswith("  = σ(z) - y") and lines[-1].startswith("  proved:")
    assert "∂/∂z" in out and "[derivative of sigmoid, chain rule]" in out and "where y is a number" in out


def test_json_is_a_form_for_programs(capsys):
    import json

    from xentsym.parsing import parse

    code, out, _ = run(capsys, "derive", BCE_FORMULA, "--format", "json")
    found = json.loads(out)
    assert code == 0 and found["verdict"] == "proved" and found["wrt"] == "z"
    assert {"expression", "rule"} <= set(found["steps"][1]) and found["steps"][1]["rule"] == "sum rule"
    assert parse(found["result"]) == parse("sigmoid(z) - y")


def test_the_hessian_and_side_conditions(capsys):
    code, out, _ = run(capsys, "derive", BCE_FORMULA, "--hessian")
    assert code == 0 and "Second derivative" in out and out.count("proved:") == 2
    ce = "-Sum(y[c]*log(softmax(z, c, K)), (c, 1, K))"
    code, out, _ = run(capsys, "derive", ce, "--wrt", "z[j]", "--given", "Sum(y[c], (c, 1, K)) = 1")
    assert code == 0 and "= softmax(z)_j - y_j    [algebra]" in out


def test_a_formula_gets_a_page_as_the_catalogue_does(capsys):
    code, out, _ = run(capsys, "derive", WEIGHTED, "--format", "markdown")
    assert code == 0 and out.startswith("# ") and "$$" in out and "## Generated NumPy code" in out
    assert "def grad(" in out and "**Proof:**" in out


def test_an_ambiguous_prediction_asks_for_wrt(capsys):
    code, _, err = run(capsys, "derive", "a*x + b")
    assert code == 2 and "--wrt" in err


def test_codegen_writes_a_module_that_runs_with_numpy_alone(capsys, tmp_path):
    code, out, _ = run(capsys, "codegen", WEIGHTED, "--wrt", "z", "--args", "y,z,w")
    assert (
        code == 0 and "import xentsym" not in out and "def value(y, z, w" in out and "def grad(y, z, w" in out
    )
    module = tmp_path / "weighted.py"
    module.write_text(out)
    script = f"import runpy; m = runpy.run_path({str(module)!r}); print(m['grad'](1.0, -40.0, 2.0))"
    done = subprocess.run([sys.executable, "-I", "-W", "error", "-c", script], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert float(done.stdout) == pytest.approx(-2.0, rel=1e-15)  # -w y σ(-z) at z = -40
    code, out, _ = run(capsys, "codegen", "a*x + b")
    assert code == 0 and "def value(a, b, x" in out and "def grad" not in out


def test_codegen_arguments_must_all_be_named(capsys):
    code, _, err = run(capsys, "codegen", WEIGHTED, "--wrt", "z", "--args", "y,z")
    assert code == 2 and "arguments must name each of w, y, z once" in err


def test_stabilize_shows_the_stable_form_its_identities_and_its_accuracy(capsys):
    code, out, _ = run(capsys, "stabilize", WEIGHTED)
    assert code == 0 and out.startswith("stable form: w y softplus(- z) + (1 - y) softplus(z)")
    assert "log(σ(u)) = - softplus(- u)" in out and "not made safe: nothing" in out
    stable = next(line for line in out.splitlines() if line.strip().startswith("value, stable"))
    assert "0 of" in stable and "0 inf/NaN/0" in stable


def test_what_cannot_be_made_safe_is_said(capsys):
    code, out, err = run(capsys, "stabilize", "exp(x) + log(1 + exp(x))", "--no-accuracy")
    assert code == 0 and "exp(x) overflows" in out and "warning: not made safe" in err


def test_codegen_hessian_for_a_formula_and_for_a_catalogue_loss(capsys, tmp_path):
    code, out, _ = run(capsys, "codegen", WEIGHTED, "--wrt", "z", "--hessian")
    assert code == 0 and "def grad(w, y, z" in out and "def hessian(w, y, z" in out
    module = runpy.run_path(str(_written(tmp_path / "weighted.py", out)))
    assert module["hessian"](2.0, 1.0, 40.0) == pytest.approx(2.0 * math.exp(-40.0), rel=1e-12)
    code, out, _ = run(capsys, "codegen", "binary_crossentropy_from_logits", "--wrt", "z", "--hessian")
    assert code == 0 and "def hessian(y, z" in out


def test_codegen_hessian_needs_wrt_and_a_scalar_prediction(capsys):
    code, _, err = run(capsys, "codegen", WEIGHTED, "--hessian")
    assert code == 2 and "--hessian needs --wrt" in err
    code, _, err = run(
        capsys, "codegen", "categorical_crossentropy_from_logits", "--wrt", "z[j]", "--hessian"
    )
    assert code == 2 and "class vector" in err


def test_a_mistyped_name_is_answered_with_the_known_names(capsys):
    code, _, err = run(capsys, "derive", "bce_logit")
    assert code == 2 and "no derivation 'bce_logit' (did you mean 'bce_logits'?" in err
    assert "; known: bce_probabilities, bce_logits," in err
    code, _, err = run(capsys, "codegen", "binary_crossentropy_grd")
    assert code == 2 and "'binary_crossentropy_grd' (did you mean 'binary_crossentropy_grad'" in err
    code, _, err = run(capsys, "derive", "nothing_like_it")
    assert code == 2 and "'nothing_like_it'; known: " in err and "did you mean" not in err


def _written(path, text):
    path.write_text(text)
    return path


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["derive", "diff(z**3, z)", "--wrt", "z"], "holds a derivative"),
        (["derive", "-log(sigmoid(z))", "--wrt", "q"], "q does not occur in the formula"),
        (["codegen", "-1e400*y*log(sigmoid(z))", "--wrt", "z"], "beyond the float range"),
        (["stabilize", "-log(sigmoid(z))", "--wrt", "w"], "w does not occur in the formula"),
        (
            ["derive", "-Sum(y[c]*log(softmax(z, c, K)), (c, 1, K))", "--wrt", "z[c]"],
            "c is the formula's summation index",
        ),
    ],
)
def test_what_cannot_be_derived_is_a_usage_error(capsys, argv, message):
    code, _, err = run(capsys, *argv)
    assert code == 2 and message in err, err


def test_a_derivation_past_its_timeout_is_undecided(capsys):
    code, out, err = run(capsys, "derive", "Abs(z - y)", "--wrt", "z", "--hessian", "--timeout", "0.5")
    assert code == 3 and "undecided" in err and "--timeout" in err and out == ""


def test_a_prediction_that_is_a_label_is_one_argument(capsys, tmp_path):
    """With y the variable of the gradient, y is not written twice into the signature."""
    code, out, _ = run(capsys, "codegen", "y*softplus(z) - y**2", "--wrt", "y")
    assert code == 0 and "def grad(y, z, axis=-1)" in out
    module = tmp_path / "m.py"
    module.write_text(out)
    assert runpy.run_path(str(module))["grad"](0.25, 0.0) == pytest.approx(math.log(2) - 0.5, rel=1e-15)


def test_hyperbolic_functions_print_and_read_back(capsys):
    """The second derivative of tanh(z)² is written with cosh, in text as in LaTeX, and proved."""
    code, out, err = run(capsys, "derive", "tanh(z)**2 - y", "--wrt", "z", "--hessian")
    assert code == 0, err
    assert "cosh(z)" in out and out.count("proved") == 2


@pytest.mark.parametrize(
    ("formula", "wrt"),
    [
        ("-log(y*p + (1-y)*(1-p))", "p"),  # a numerator that starts with a derivative
        ("log(sigmoid(z) + sigmoid(-z))", "z"),
        ("z**(y**2)", "z"),  # a power of a power: z^(y²)
        ("Abs(z - y)", "z"),  # sign(y - z)
        ("α*log(σ(z))", "z"),  # Greek letters typed as they are printed
        ("-Sum(y[c]*log(softmax(z, c, K)), (c, 1, 3))", "z[j]"),  # a number as a sum's limit
    ],
)
def test_derivations_print_in_a_form_that_reads_back(capsys, formula, wrt):
    """Every step's text and LaTeX are read back and compared with what was proved; these
    once could not be, and stopped with an internal error."""
    code, out, err = run(capsys, "derive", formula, "--wrt", wrt)
    assert code == 0 and "proved:" in out, err


def test_stabilize_proves_its_stable_form(capsys):
    code, out, _ = run(capsys, "stabilize", "log(exp(z)/(1+exp(z)))", "--no-accuracy")
    lines = out.splitlines()
    assert code == 0 and lines[0] == "stable form: - softplus(- z)" and lines[1].startswith("  proved:")


def test_code_arguments_may_be_typed_in_greek(capsys):
    code, out, err = run(capsys, "codegen", "α*softplus(z) + ε", "--wrt", "z", "--args", "α,ε,z")
    assert code == 0 and "def grad(alpha, epsilon, z, axis=-1)" in out, err
