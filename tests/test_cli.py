"""The command line: exit codes, one-line errors, every subcommand."""

import re
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

    monkeypatch.setattr(sys.modules["xentsym.verify"], "verify", broken)
    code, _, err = run(capsys, "verify", "z", "z")
    assert code == 4 and "internal error" in err and "not at fault" in err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1


@pytest.mark.parametrize("command", ["derive", "codegen", "article"])
def test_every_command_shows_examples(command, capsys):
    with pytest.raises(SystemExit):
        main([command, "--help"])
    assert f"xentsym {command}" in capsys.readouterr().out.split("\nexample")[1]
