"""The ``xentsym`` command: derive, verify, codegen, article."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from . import derivations
from .article import render
from .generated import KERNELS, kernel
from .pages import page_markdown
from .parsing import FormulaError
from .verify import verify

__all__ = ["main"]

EXIT_PROVED, EXIT_REFUTED, EXIT_BAD_INPUT, EXIT_UNDECIDED = 0, 1, 2, 3

VERIFY_HELP = """\
Decide whether LHS = RHS for all values of the free symbols.

Formulas use SymPy's vocabulary (diff, log, exp, sqrt, Sum, KroneckerDelta, ...)
plus sigmoid, softplus, logsumexp(z, K), softmax(z, j, K), log_softmax(z, j, K),
xlogy, xlog1py. Unknown names are symbols; y[c] is an element of the family y.
Domains follow the names: p, q are probabilities in (0, 1); y, s are in [0, 1];
i, j, k, c are class indices in 1..K; K, N are numbers of classes; anything
else is real. Nothing in a formula is executed as Python.

Side conditions: --given "Sum(y[c], (c, 1, K)) = 1" (repeatable).

exit status: 0 proved, 1 refuted (a counterexample is printed),
             2 the input is not a formula, 3 undecided (equal at every sampled
             point, but not proved in time).

examples:
  xentsym verify "diff(-(y*log(sigmoid(z)) + (1-y)*log(1-sigmoid(z))), z)" "sigmoid(z) - y"
  xentsym verify "diff(-Sum(y[c]*log(softmax(z, c, K)), (c, 1, K)), z[j])" \\
                 "softmax(z, j, K) - y[j]" --given "Sum(y[c], (c, 1, K)) = 1"
"""


def _derive(args: argparse.Namespace) -> int:
    if args.name is None:
        for name in derivations.names():
            print(f"{name:22s} {derivations.load(name).TITLE}")
        return 0
    module = derivations.load(args.name)
    if args.format == "markdown":
        print(page_markdown(module))
        return 0
    for derivation in module.build():
        print(derivation.to_latex() if args.format == "latex" else derivation.to_text())
        print()
    return 0


def _verify(args: argparse.Namespace) -> int:
    result = verify(args.lhs, args.rhs, given=args.given, timeout=args.timeout)
    print(result)
    return {"proved": EXIT_PROVED, "refuted": EXIT_REFUTED}.get(result.status, EXIT_UNDECIDED)


def _codegen(args: argparse.Namespace) -> int:
    if args.name is None:
        for name, spec in KERNELS.items():
            print(f"{name:50s} {spec.doc}")
        return 0
    print(kernel(args.name).source)
    return 0


def _article(args: argparse.Namespace) -> int:
    print(render())
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="xentsym",
        description="Cross-entropy, symbolically: derivations, proofs, LaTeX and stable NumPy code.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    derive = commands.add_parser(
        "derive",
        help="show a derivation step by step",
        description="Show a derivation from derivations/ with every step and its rule; "
        "without NAME, list them.",
    )
    derive.add_argument("name", nargs="?", metavar="NAME", help="e.g. bce_logits, softmax_gradient")
    derive.add_argument("--format", choices=("text", "latex", "markdown"), default="text")
    derive.set_defaults(run=_derive)

    check = commands.add_parser(
        "verify",
        help="prove or refute an identity",
        description=VERIFY_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    check.add_argument("lhs", metavar="LHS")
    check.add_argument("rhs", metavar="RHS")
    check.add_argument("--given", action="append", default=[], metavar="COND", help="a side condition")
    check.add_argument("--timeout", type=float, default=30.0, help="seconds (default 30)")
    check.set_defaults(run=_verify)

    codegen = commands.add_parser(
        "codegen",
        help="print the generated NumPy source of a function",
        description="Print the NumPy source generated from the symbolic catalogue; without NAME, list.",
    )
    codegen.add_argument("name", nargs="?", metavar="NAME")
    codegen.set_defaults(run=_codegen)

    article = commands.add_parser(
        "article", help="recompute the article's examples (by hand, exact, Keras-compatible)"
    )
    article.set_defaults(run=_article)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except (FormulaError, KeyError, TypeError, ValueError) as error:
        message = error.args[0] if isinstance(error, KeyError) and error.args else error
        print(f"xentsym: error: {message}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except BrokenPipeError:  # output piped into a reader that stopped early, such as head
        sys.stdout = open(os.devnull, "w")  # silences the flush at exit
        return 0


if __name__ == "__main__":
    sys.exit(main())
