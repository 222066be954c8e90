"""The examples in the command line's help are true: each one runs and succeeds."""

from __future__ import annotations

import argparse
import re
import shlex

import pytest

from xentsym.cli import _parser, main


def _commands() -> dict[str, argparse.ArgumentParser]:
    subparsers = next(a for a in _parser()._actions if isinstance(a, argparse._SubParsersAction))
    return dict(subparsers.choices)


def _examples(help_text: str) -> list[list[str]]:
    """The command lines under the help's "example(s):" heading, continuation lines joined and
    a trailing redirection (``> bce.py``) left out."""
    section = re.split(r"^examples?:\n", help_text, flags=re.M)[1]
    joined = re.sub(r"\\\n\s*", " ", section)
    lines = [line.strip() for line in joined.splitlines() if line.startswith("  xentsym ")]
    return [shlex.split(line.split(" > ")[0])[1:] for line in lines]


EXAMPLES = [example for name, parser in _commands().items() for example in _examples(parser.format_help())]


def test_every_command_has_examples_that_are_found():
    shown = {argv[0] for argv in EXAMPLES}
    assert shown == set(_commands())
    assert ["codegen", "-w*y*log(sigmoid(z)) - (1-y)*log(1-sigmoid(z))", "--wrt", "z", "--args", "y,z,w"] in (
        EXAMPLES
    )


@pytest.mark.parametrize("argv", EXAMPLES, ids=" ".join)
def test_an_example_of_the_help_succeeds(argv: list[str], capsys):
    code = main(argv)
    out, err = capsys.readouterr()
    assert code == 0, f"xentsym {shlex.join(argv)} exited {code}: {err}"
    assert out.strip()
