"""The ``xentsym`` command: derive, verify, codegen, article.

Formulas are taken as typed, also when they start with a minus sign; bad input ends in one
clear line and exit status 2, and no Python traceback ever reaches the user. The heavy
modules are imported by the command that needs them, so ``xentsym --help`` is quick.
"""

from __future__ import annotations

import argparse
import math
import os
import re
import sys
from collections.abc import Sequence
from importlib.metadata import PackageNotFoundError, version

__all__ = ["main"]

EXIT_PROVED, EXIT_REFUTED, EXIT_BAD_INPUT, EXIT_UNDECIDED, EXIT_INTERNAL = 0, 1, 2, 3, 4

VERIFY_HELP = """\
Decide whether LHS = RHS for all values of the free symbols.

Formulas use SymPy's vocabulary (diff, log, exp, sqrt, Sum, KroneckerDelta, ...)
plus sigmoid, softplus, logsumexp(z, K), softmax(z, j, K), log_softmax(z, j, K),
xlogy, xlog1py. Unknown names are symbols; y[c] is an element of the family y.
Domains follow the names: p, q are probabilities in (0, 1); y, s are in [0, 1];
i, j, k, c are class indices in 1..K; K, N are numbers of classes; anything
else is real. Nothing in a formula is executed as Python.

Side conditions: --given "Sum(y[c], (c, 1, K)) = 1" (repeatable).

A proof counts only when the numeric referee, which evaluates both sides in
interval arithmetic at points chosen independently of the proof, agrees at
every point it compared; see "How a proof is checked" in the documentation.

exit status: 0 proved, 1 refuted (a counterexample is printed),
             2 the input is not a formula, 3 undecided (not proved, not refuted:
             the reason is printed), 4 an internal error of xentsym.

examples:
  xentsym verify "diff(-(y*log(sigmoid(z)) + (1-y)*log(1-sigmoid(z))), z)" "sigmoid(z) - y"
  xentsym verify "-log(sigmoid(z))" "softplus(-z)"
  xentsym verify "diff(-Sum(y[c]*log(softmax(z, c, K)), (c, 1, K)), z[j])" \\
                 "softmax(z, j, K) - y[j]" --given "Sum(y[c], (c, 1, K)) = 1"
"""


DERIVE_HELP = """\
Show a derivation of derivations/ with every step and the rule that justifies it,
each step proved from the one before. Without NAME, list the derivations.

examples:
  xentsym derive
  xentsym derive bce_logits
  xentsym derive softmax_gradient --format latex
"""

CODEGEN_HELP = """\
Print the NumPy source generated from the symbolic catalogue. Without NAME, list
the generated functions.

examples:
  xentsym codegen
  xentsym codegen binary_crossentropy_from_logits_grad
"""

ARTICLE_HELP = """\
Recompute the source article's examples: by hand, exactly, and as Keras computes
them (float32, clipped), beside the digits Keras printed.

example:
  xentsym article
"""


def _derive(args: argparse.Namespace) -> int:
    from . import derivations
    from .pages import page_markdown

    if args.name is None:
        for name in derivations.names():
            print(f"{name:22s} {derivations.load(name).TITLE}")
        return 0
    if args.format == "markdown":
        print(page_markdown(args.name))
        return 0
    for derivation in derivations.build(args.name):
        print(derivation.to_latex() if args.format == "latex" else derivation.to_text())
        print()
    return 0


def _verify(args: argparse.Namespace) -> int:
    from .verify import verify

    result = verify(args.lhs, args.rhs, given=args.given, timeout=args.timeout)
    print(result)
    if result.status != "refuted" and result.domains:
        print("  where " + "; ".join(d.replace(": ", " is a ", 1) for d in result.domains))
    return {"proved": EXIT_PROVED, "refuted": EXIT_REFUTED}.get(result.status, EXIT_UNDECIDED)


def _codegen(args: argparse.Namespace) -> int:
    from .generated import KERNELS, kernel

    if args.name is None:
        for name, spec in KERNELS.items():
            print(f"{name:50s} {spec.doc}")
        return 0
    print(kernel(args.name).source)
    return 0


def _article(args: argparse.Namespace) -> int:
    from .article import render

    print(render())
    return 0


def _seconds(text: str) -> float:
    """A positive, finite number of seconds (argparse's type for --timeout)."""
    text = text.strip()  # a leading space shields a value such as -1 from argparse
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds") from None
    if not 0 < value < math.inf:
        raise argparse.ArgumentTypeError(f"the timeout must be a positive number of seconds, not {text}")
    return value


def _version() -> str:
    try:
        return version("xentsym")
    except PackageNotFoundError:
        return "unknown"


class _ArgumentParser(argparse.ArgumentParser):
    def error(self, message: str):
        """argparse's message, without the space that shields a formula such as -z (see _as_typed)."""
        super().error(message.replace("  -", " -").replace("' -", "'-"))


def _parser() -> argparse.ArgumentParser:
    parser = _ArgumentParser(
        prog="xentsym",
        description="Cross-entropy, symbolically: derivations, proofs, LaTeX and stable NumPy code.",
        allow_abbrev=False,
    )
    parser.add_argument("--version", action="version", version=f"xentsym {_version()}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    derive = commands.add_parser(
        "derive",
        help="show a derivation step by step",
        description=DERIVE_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        allow_abbrev=False,
    )
    derive.add_argument("name", nargs="?", metavar="NAME", help="e.g. bce_logits, softmax_gradient")
    derive.add_argument("--format", choices=("text", "latex", "markdown"), default="text")
    derive.set_defaults(run=_derive)

    check = commands.add_parser(
        "verify",
        help="prove or refute an identity",
        description=VERIFY_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        allow_abbrev=False,
    )
    check.add_argument("lhs", metavar="LHS")
    check.add_argument("rhs", metavar="RHS")
    check.add_argument("--given", action="append", default=[], metavar="COND", help="a side condition")
    check.add_argument(
        "--timeout", type=_seconds, default=30.0, help="seconds for the whole check (default 30)"
    )
    check.set_defaults(run=_verify)

    codegen = commands.add_parser(
        "codegen",
        help="print the generated NumPy source of a function",
        description=CODEGEN_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        allow_abbrev=False,
    )
    codegen.add_argument("name", nargs="?", metavar="NAME")
    codegen.set_defaults(run=_codegen)

    article = commands.add_parser(
        "article",
        help="recompute the article's examples (by hand, exact, Keras-compatible)",
        description=ARTICLE_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    article.set_defaults(run=_article)
    return parser


def _options(parser: argparse.ArgumentParser) -> set[str]:
    """Every option string of the parser and its subcommands."""
    found = set(parser._option_string_actions)
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                found |= _options(sub)
    return found


def _as_typed(argv: Sequence[str], options: set[str]) -> list[str]:
    """``argv`` with every formula that starts with a minus sign shielded from argparse.

    argparse takes ``-log(p)`` for an option; a leading space makes it a plain argument, and
    the formula parser ignores the space. An argument is an option only if it is one of the
    parser's options (also as ``--option=value``) or looks like a long option (``--tmieout``,
    which argparse then reports as unknown).
    """
    shielded = []
    for arg in argv:
        is_option = (
            arg in options or arg.split("=", 1)[0] in options or re.fullmatch(r"--[A-Za-z][\w-]*", arg)
        )
        shielded.append(" " + arg if arg.startswith("-") and arg != "--" and not is_option else arg)
    return shielded


def _bad_input(error: BaseException) -> bool:
    """Whether ``error`` is about what the user typed rather than a fault of xentsym."""
    from .parsing import FormulaError

    return isinstance(error, (FormulaError, KeyError))


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    parser = _parser()
    argv = sys.argv[1:] if argv is None else list(argv)
    args = parser.parse_args(_as_typed(argv, _options(parser)))
    if args.command is None:
        parser.print_help()
        return 0
    try:
        return args.run(args)
    except BrokenPipeError:  # output piped into a reader that stopped early, such as head
        sys.stdout = open(os.devnull, "w")  # silences the flush at exit
        return 0
    except KeyboardInterrupt:
        return 130
    except Exception as error:
        if _bad_input(error):
            message = error.args[0] if isinstance(error, KeyError) and error.args else error
            print(f"xentsym: error: {message}", file=sys.stderr)
            return EXIT_BAD_INPUT
        print(
            f"xentsym: internal error ({type(error).__name__}: {error}); your input is not at fault,"
            " please report this",
            file=sys.stderr,
        )
        return EXIT_INTERNAL


if __name__ == "__main__":
    sys.exit(main())
