"""The command-line reference, from the argparse parser that ``xentsym`` itself runs.

Taking the help from the parser (rather than copying it) keeps the page and
``xentsym COMMAND --help`` the same text; the width is fixed so the page does not
depend on the terminal the site was built in.
"""

from __future__ import annotations

import argparse
import functools

from xentsym.cli import _parser

__all__ = ["WIDTH", "markdown"]

WIDTH = 88


def _commands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    """The subcommands' parsers, by name, in the order they were added."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def _help(parser: argparse.ArgumentParser) -> str:
    parser.formatter_class = functools.partial(parser.formatter_class, width=WIDTH)
    return parser.format_help().rstrip()


def _section(title: str, parser: argparse.ArgumentParser) -> str:
    return "\n".join([f"## `{title}`", "", "```text", _help(parser), "```", ""])


def markdown() -> str:
    """``xentsym --help``, then each command's ``--help``, as sections."""
    parser = _parser()
    parts = [_section(parser.prog, parser)]
    parts += [_section(command.prog, command) for command in _commands(parser).values()]
    return "\n".join(parts)
