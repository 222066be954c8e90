"""The ``xentsym`` command: derive, verify, codegen, article.

Formulas are taken as typed, also when they start with a minus sign; bad input ends in one
clear line and exit status 2, and no Python traceback ever reaches the user. The heavy
modules are imported by the command that needs them, so ``xentsym --help`` is quick.
"""

from __future__ import annotations

import argparse
import json
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
Show a derivation step by step: every step with the rule that justifies it, each proved
from the one before. NAME is a derivation of the catalogue (without it, they are listed);
a FORMULA is differentiated with respect to --wrt (or its one logit or probability), down
to a closed form in sigmoid, softplus and softmax, proved equal to the derivative.

The text format uses the notation sigma(z) as σ(z), ∂/∂z, Σ_{c=1}^K, δ_cj, softmax(z)_j;
json gives formula, wrt, steps (expression, rule), result and verdict.

exit status: 0 proved, 2 the input is not a formula, 3 a step could not be proved in
time (the derivation is shown, with the reason), 4 an internal error of xentsym.

examples:
  xentsym derive
  xentsym derive bce_logits
  xentsym derive softmax_gradient --format latex
  xentsym derive "-(y*log(sigmoid(z)) + (1-y)*log(1-sigmoid(z)))" --wrt z
  xentsym derive "-a*y*(1-sigmoid(z))**g*log(sigmoid(z))" --wrt z --hessian --format json
  xentsym derive "-Sum(y[c]*log(softmax(z, c, K)), (c, 1, K))" --wrt "z[j]" \\
                 --given "Sum(y[c], (c, 1, K)) = 1"
"""

CODEGEN_HELP = """\
Print NumPy code. NAME is a function of the catalogue (without it, they are listed); a
FORMULA (or a loss of the catalogue, such as binary_crossentropy_from_logits) becomes a
module that needs NumPy alone: value(...), with --wrt also grad(...), with --hessian also
hessian(...), the second derivative, taking its arguments in the --args order (default:
alphabetical), computed from the formula's stable form. What the stable form cannot make
safe is said on stderr and in the module's docstring.

examples:
  xentsym codegen
  xentsym codegen binary_crossentropy_from_logits_grad
  xentsym codegen "-w*y*log(sigmoid(z)) - (1-y)*log(1-sigmoid(z))" --wrt z --args y,z,w > bce.py
  xentsym codegen binary_crossentropy_from_logits --wrt z --hessian
"""

STABILIZE_HELP = """\
Rewrite a formula into a stable form with proved identities (log σ(z) = -softplus(-z),
1 - σ(z) = σ(-z), log softmax = log_softmax, ...), print it with the rewrites used and
what could not be made safe, and report the accuracy of the formula as written and of the
stable form against exact values, over logits from ±1e-8 to ±700 and probabilities into
both tails.

example:
  xentsym stabilize "-(y*log(sigmoid(z)) + (1-y)*log(1-sigmoid(z)))"
"""

ARTICLE_HELP = """\
Recompute the source article's examples: by hand, exactly, and as Keras computes them
(float32, clipped), beside the digits Keras printed.

example:
  xentsym article
"""


def _is_formula(args: argparse.Namespace, names: list[str]) -> bool:
    """Whether the target is a formula rather than one of ``names``: a known name is a formula
    only with --wrt, --given or --hessian, and a word that names nothing (``nope``) is a
    mistyped name, answered with the known names rather than as the formula ``nope``."""
    if args.target in names:
        return any(getattr(args, option, None) for option in ("wrt", "given", "hessian"))
    return not re.fullmatch(r"[\w./]*", args.target) or bool(args.wrt) or "(" in args.target


def _derive(args: argparse.Namespace) -> int:
    from . import derivations
    from .text import prose_text

    if args.target is None:
        for name in derivations.names():
            print(f"{name:22s} {prose_text(derivations.load(name).TITLE)}")
        return 0
    from .catalogue import CATALOGUE, Loss

    if args.target in CATALOGUE:
        loss = CATALOGUE[args.target]
    elif not _is_formula(args, derivations.names()):
        return _show(derivations.build(args.target), args.format, lambda: _catalogue_page(args.target))
    else:
        loss = Loss.from_formula(args.target, wrt=args.wrt, given=args.given, title=args.title)
    from .derive import BoundsError
    from .pages import checked_derivations, loss_page

    try:
        made = checked_derivations(loss, args.wrt, hessian=args.hessian, timeout=args.timeout)
    except BoundsError as error:
        print(f"undecided: {error}; a longer --timeout may finish it", file=sys.stderr)
        return EXIT_UNDECIDED
    code = _show(
        made, args.format, lambda: loss_page(loss, made), formula=args.target.strip(), wrt=loss.prediction
    )
    return code if all(d.verdict == "proved" for d in made) else EXIT_UNDECIDED


def _catalogue_page(name: str) -> str:
    from .pages import page_markdown

    return page_markdown(name)


def _show(made, form: str, page, formula: str = "", wrt=None) -> int:
    """Print derivations in ``form``: text, latex, markdown (a whole page) or json."""
    if form == "markdown":
        print(page())
    elif form == "json":
        from .pages import derivation_json

        found = [derivation_json(d, formula or d.title, wrt if wrt is not None else d.lhs) for d in made]
        print(json.dumps(found[0] if len(found) == 1 else found, indent=2, ensure_ascii=False))
    else:
        print("\n\n".join(d.to_latex() if form == "latex" else d.to_text() for d in made))
    return 0


def _verify(args: argparse.Namespace) -> int:
    from .verification import verify

    result = verify(args.lhs, args.rhs, given=args.given, timeout=args.timeout)
    print(result)
    if result.status != "refuted" and result.domains:
        print("  where " + "; ".join(d.replace(": ", " is a ", 1) for d in result.domains))
    return _exit_status(result.status)


def _codegen(args: argparse.Namespace) -> int:
    from .catalogue import CATALOGUE, Loss, kernel, kernel_names
    from .parsing import FormulaError

    if args.target is None:
        for name in kernel_names():
            print(f"{name:60s} {kernel(name).source.split(chr(34) * 3)[1].splitlines()[0]}")
        return 0
    named = args.target in kernel_names() and not (args.wrt or args.args or args.hessian)
    if named or not _is_formula(args, kernel_names()):
        print(kernel(args.target).source)
        return 0
    if args.target in CATALOGUE:
        loss = CATALOGUE[args.target]
    else:
        loss = Loss.from_formula(args.target, wrt=args.wrt or _any_variable(args.target))
    if args.hessian and args.wrt is None:
        raise FormulaError("--hessian needs --wrt VAR, the variable it is taken with respect to")
    code = _checked_exit(loss.stable_forms_checked(gradient=args.wrt is not None))
    if code == EXIT_REFUTED:
        return code
    module = loss.code(gradient=args.wrt is not None, hessian=args.hessian, arguments=_arguments(args.args))
    print(module, end="")
    _warn(loss.stabilized.hazards)
    return code


def _checked_exit(checks) -> int:
    """Report what is not proved of the stable forms, on stderr; the exit status they give."""
    for what, check in checks.items():
        if check.status == "refuted":
            print(
                f"xentsym: error: the {what} is not the formula's ({check}); no code written", file=sys.stderr
            )
        elif check.status != "proved":
            print(
                f"xentsym: warning: the {what} is not proved equal to the formula's: {check}", file=sys.stderr
            )
    codes = {_exit_status(check.status) for check in checks.values()}
    return EXIT_REFUTED if EXIT_REFUTED in codes else max(codes)  # any undecided: 3


def _exit_status(status: str) -> int:
    """The exit status of a verdict: proved 0, refuted 1, anything else (undecided) 3."""
    return {"proved": EXIT_PROVED, "refuted": EXIT_REFUTED}.get(status, EXIT_UNDECIDED)


def _any_variable(formula: str) -> str | None:
    """For code of the value alone, where no prediction is named: any variable will do."""
    from .catalogue import Loss
    from .parsing import FormulaError

    try:
        Loss.from_formula(formula)
    except FormulaError:
        from .parsing import parse
        from .symbols import free_symbols

        names = sorted(str(s) for s in free_symbols(parse(formula)))
        return names[0] if names else None
    return None


def _arguments(names: str | None) -> list[str] | None:
    """The names of ``--args`` ("y,z,w"), in order; the loss checks them."""
    return None if names is None else [n for n in names.split(",") if n.strip()]


def _warn(hazards) -> None:
    for hazard in hazards:
        print(f"xentsym: warning: not made safe: {hazard}", file=sys.stderr)


def _identity_text(identity) -> str:
    """lhs = rhs; where both print alike (xlogy(y, p) is y log(p)), what the right side computes."""
    from sympy import sstr

    from .text import to_text

    lhs, rhs = to_text(identity.lhs), to_text(identity.rhs)
    return f"{lhs} = {rhs}" if lhs != rhs else f"{lhs}, computed as {sstr(identity.rhs)}"


def _stabilize(args: argparse.Namespace) -> int:
    from .accuracy import report, table
    from .catalogue import Loss
    from .text import to_text

    stand_in = None if args.wrt else _any_variable(args.formula)
    loss = Loss.from_formula(args.formula, wrt=args.wrt or stand_in)
    made = loss.stabilized
    (check,) = loss.stable_forms_checked().values()
    print(f"stable form: {to_text(made.expr)}")
    print(f"  {check}")
    print("rewrites:" if made.rewrites else "rewrites: none")
    for rewrite in made.rewrites:
        print(f"  {rewrite.words}:  {_identity_text(rewrite.identity)}")
    print("not made safe: " + ("; ".join(made.hazards) if made.hazards else "nothing"))
    if args.accuracy:
        gradient = stand_in is None  # only for a named or evident prediction
        what = f", gradient with respect to {to_text(loss.prediction)}" if gradient else ""
        print(f"accuracy in float64 against exact values{what}:")
        print(table(report(loss, gradient=gradient)))
    _warn(made.hazards)
    return _exit_status(check.status)


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


def _command(commands, name: str, summary: str, description: str) -> argparse.ArgumentParser:
    """A subcommand whose help keeps the description's own lines (its examples)."""
    return commands.add_parser(
        name,
        help=summary,
        description=description,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        allow_abbrev=False,
    )


def _parser() -> argparse.ArgumentParser:
    parser = _ArgumentParser(
        prog="xentsym",
        description="Cross-entropy, symbolically: derivations, proofs, LaTeX and stable NumPy code.",
        allow_abbrev=False,
    )
    parser.add_argument("--version", action="version", version=f"xentsym {_version()}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    derive = _command(commands, "derive", "show a derivation step by step", DERIVE_HELP)
    derive.add_argument("target", nargs="?", metavar="NAME|FORMULA", help="bce_logits, or a loss")
    derive.add_argument("--wrt", metavar="VAR", help="the variable: z, p, or an element such as z[j]")
    derive.add_argument("--given", action="append", default=[], metavar="COND", help="a side condition")
    derive.add_argument("--hessian", action="store_true", help="the second derivative as well")
    derive.add_argument("--format", choices=("text", "latex", "markdown", "json"), default="text")
    derive.add_argument("--title", default="", help="a FORMULA's name on its page (default: the formula)")
    derive.add_argument(
        "--timeout", type=_seconds, default=120.0, help="seconds for each derivation (default 120)"
    )
    derive.set_defaults(run=_derive)

    check = _command(commands, "verify", "prove or refute an identity", VERIFY_HELP)
    check.add_argument("lhs", metavar="LHS")
    check.add_argument("rhs", metavar="RHS")
    check.add_argument("--given", action="append", default=[], metavar="COND", help="a side condition")
    check.add_argument(
        "--timeout", type=_seconds, default=30.0, help="seconds for the whole check (default 30)"
    )
    check.set_defaults(run=_verify)

    codegen = _command(commands, "codegen", "print the generated NumPy source of a function", CODEGEN_HELP)
    codegen.add_argument("target", nargs="?", metavar="NAME|FORMULA")
    codegen.add_argument("--wrt", metavar="VAR", help="also write grad(...), with respect to VAR")
    codegen.add_argument(
        "--hessian", action="store_true", help="also write hessian(...), the second derivative"
    )
    codegen.add_argument("--args", metavar="A,B,...", help="the arguments' order (default alphabetical)")
    codegen.set_defaults(run=_codegen)

    stabilize = _command(
        commands, "stabilize", "rewrite a formula into a stable form and report its accuracy", STABILIZE_HELP
    )
    stabilize.add_argument("formula", metavar="FORMULA")
    stabilize.add_argument("--wrt", metavar="VAR", help="the variable of the gradient (default: the logit)")
    stabilize.add_argument(
        "--no-accuracy", dest="accuracy", action="store_false", help="leave out the accuracy report"
    )
    stabilize.set_defaults(run=_stabilize)

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
