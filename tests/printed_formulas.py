"""Every formula the derivations print, as test cases for the readers of the printed math."""

import pytest
from xentsym.derivations import build, names


def derivation_formulas(*, rules: bool):
    """Every step and side condition of every derivation (with ``rules``, also each rule's
    identity), each a case named by where it stands; a module that does not build is a case
    of its own, so the rest still runs."""
    for name in names():
        try:
            derivations = build(name)
        except Exception as error:
            yield pytest.param(error, id=f"{name}.build")
            continue
        for m, derivation in enumerate(derivations):
            for number, step in enumerate(derivation.steps):
                yield pytest.param(step.expr, id=f"{name}[{m}].step{number}")
                for r, rule in enumerate(step.rules if rules else ()):
                    if rule.identity is not None:
                        yield pytest.param(rule.identity.lhs, id=f"{name}[{m}].step{number}.rule{r}.lhs")
                        yield pytest.param(rule.identity.rhs, id=f"{name}[{m}].step{number}.rule{r}.rhs")
            for number, condition in enumerate(derivation.given):
                for side, expr in zip(("lhs", "rhs"), condition, strict=True):
                    yield pytest.param(expr, id=f"{name}[{m}].given{number}.{side}")
