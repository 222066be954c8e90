"""The Hessian of softmax cross-entropy is diag(p) - p pᵀ, and it is positive semidefinite."""

import sympy as sp

from xentsym import identities
from xentsym.derive import Rule, chain, differentiate
from xentsym.functions import softmax
from xentsym.losses import Y, Z, class_sum
from xentsym.symbols import K, c, i, j

TITLE = "Softmax cross-entropy: Hessian and convexity"
SUMMARY = (
    r"Differentiating $\operatorname{softmax}(z)_j - y_j$ once more gives "
    r"$H_{ij} = (\delta_{ij} - \operatorname{softmax}(z)_i) \operatorname{softmax}(z)_j$, the matrix "
    r"$\operatorname{diag}(p) - p p^\top$ with $p = \operatorname{softmax}(z)$. Its quadratic form is a "
    "variance, hence never negative: the loss is convex in $z$."
)
LOSSES = ("categorical_crossentropy_from_logits",)
ASSUMPTIONS = (r"$K$ classes, $K$ symbolic", r"$i, j \in \{1, \dots, K\}$")


def build():
    entry = differentiate(
        softmax(Z, j, K) - Y[j],
        Z[i],
        title="Hessian entry $H_{ij}$",
        closed_form=softmax(Z, j, K) * (sp.KroneckerDelta(i, j) - softmax(Z, i, K)),
        assumptions=ASSUMPTIONS,
        conclusion=(
            r"As a matrix, $H = \operatorname{diag}(p) - p p^\top$ with $p = \operatorname{softmax}(z)$; "
            "it does not depend on the labels."
        ),
    )
    v = sp.IndexedBase("v", real=True)
    p = lambda index: softmax(Z, index, K)  # noqa: E731
    mean = class_sum(p(c) * v[c])
    quadratic = chain(
        r"The quadratic form $v^\top H v$ is a variance",
        sp.Sum(v[i] * entry.result * v[j], (j, 1, K), (i, 1, K)),
        [
            (
                class_sum(p(c) * v[c] ** 2) - mean**2,
                Rule("sifting, then factor out the sums", identities.SIFTING),
            ),
            (
                sp.Sum(p(i) * (v[i] - mean) ** 2, (i, 1, K)),
                Rule("expand the square; the probabilities sum to one", identities.SOFTMAX_TOTAL),
            ),
        ],
        assumptions=("$v$ is any real vector", *ASSUMPTIONS),
        conclusion=(
            "The last line is the variance of $v$ under the distribution $p$: a sum of squares with "
            r"positive weights, so $v^\top H v \ge 0$ for every $v$. $H$ is positive semidefinite and the "
            "loss is convex in $z$ (not strictly: adding the same constant to every logit changes nothing)."
        ),
    )
    return entry, quadratic
