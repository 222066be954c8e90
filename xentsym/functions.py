"""The named functions that every loss is built from.

Each is a `sympy.Function` that carries everything about itself:

* its derivative, in terms of itself (``fdiff``), so derivations stay short;
* its definition in ``exp``/``log`` (``rewrite(exp)``), which proofs reduce to;
* how it looks in LaTeX (``_latex``);
* how to compute it stably (``_numpycode``), a call into `xentsym.kernels`.

The class-axis functions (``logsumexp``, ``softmax``, ``log_softmax``) take an
`sympy.IndexedBase` of logits and a number of classes ``K`` that may be
symbolic; their derivatives with respect to an element ``z[i]`` are written
with `sympy.KroneckerDelta`, as on paper.
"""

from __future__ import annotations

import sympy as sp
from sympy.core.function import ArgumentIndexError

__all__ = [
    "NAMED_FUNCTIONS",
    "log_softmax",
    "logsumexp",
    "sigmoid",
    "softmax",
    "softplus",
    "xdivy",
    "xlog1py",
    "xlogy",
]


def _kernel_call(printer, name: str, *args: str) -> str:
    return f"{printer._module_format('xentsym.kernels.' + name)}({', '.join(args)})"


def _wrap(printer, expr: sp.Basic) -> str:
    """LaTeX of a factor set before others: bracketed when it is a sum, carries a sign, or holds
    a sum or a derivative (whose operand would otherwise run on into the next factor)."""
    text = printer._print(expr)
    if expr.is_Add or expr.could_extract_minus_sign() or expr.has(sp.Sum, sp.Derivative):
        return rf"\left({text}\right)"
    return text


def _powered(text: str, exp: str | None) -> str:
    """``text``, or ``(text)^exp`` when the printer asks for a power of it."""
    return text if exp is None else rf"\left({text}\right)^{{{exp}}}"


def _logits(printer, f: sp.Function) -> str:
    """The logits as a name, z, or where the class count is a number, written out: z_1, z_2."""
    classes = f.classes
    if classes.is_Integer and 1 <= classes <= 9:
        return ", ".join(printer._print(f.logits[n]) for n in range(1, int(classes) + 1))
    return printer._print(f.logits)


class sigmoid(sp.Function):
    r"""The logistic function $\sigma(x) = \dfrac{1}{1 + e^{-x}}$, with $\sigma' = \sigma (1 - \sigma)$.

    Framework names:
        ``keras.activations.sigmoid``, ``torch.sigmoid``, ``jax.nn.sigmoid``, ``tf.math.sigmoid``,
        ``scipy.special.expit``.

    Examples:
        >>> from xentsym import sigmoid
        >>> from xentsym.symbols import z
        >>> sigmoid(z).diff(z)
        (1 - sigmoid(z))*sigmoid(z)
        >>> sigmoid(0)
        1/2
    """

    nargs = 1

    @classmethod
    def eval(cls, x):
        if x.is_zero:
            return sp.S.Half

    def fdiff(self, argindex=1):
        r"""$\sigma'(x) = \sigma(x)\,(1 - \sigma(x))$, in terms of $\sigma$ itself: SymPy's hook for the
        derivative with respect to argument ``argindex``.

        Examples:
            >>> from xentsym import sigmoid
            >>> from xentsym.symbols import z
            >>> sigmoid(z).fdiff()
            (1 - sigmoid(z))*sigmoid(z)
        """
        if argindex != 1:
            raise ArgumentIndexError(self, argindex)
        return self * (1 - self)

    def _eval_rewrite_as_exp(self, x, **kwargs):
        return 1 / (1 + sp.exp(-x))

    def _eval_is_real(self):
        return self.args[0].is_real or None

    def _eval_is_positive(self):
        return self.args[0].is_real or None

    def _latex(self, printer, exp=None):
        return _powered(rf"\sigma\left({printer._print(self.args[0])}\right)", exp)

    def _numpycode(self, printer):
        return _kernel_call(printer, "sigmoid", printer._print(self.args[0]))


class softplus(sp.Function):
    r"""$\operatorname{softplus}(x) = \log(1 + e^{x})$, the smooth ReLU; its derivative is $\sigma(x)$.

    Framework names:
        ``keras.activations.softplus``, ``torch.nn.functional.softplus``, ``jax.nn.softplus``,
        ``tf.math.softplus``, ``numpy.logaddexp(0, x)``.

    Examples:
        >>> from xentsym import softplus
        >>> from xentsym.symbols import z
        >>> softplus(z).diff(z)
        sigmoid(z)
    """

    nargs = 1

    @classmethod
    def eval(cls, x):
        if x.is_zero:
            return sp.log(2)

    def fdiff(self, argindex=1):
        r"""$\operatorname{softplus}'(x) = \sigma(x)$: SymPy's hook for the derivative with respect to
        argument ``argindex``.

        Examples:
            >>> from xentsym import softplus
            >>> from xentsym.symbols import z
            >>> softplus(z).fdiff()
            sigmoid(z)
        """
        if argindex != 1:
            raise ArgumentIndexError(self, argindex)
        return sigmoid(self.args[0])

    def _eval_rewrite_as_exp(self, x, **kwargs):
        return sp.log(1 + sp.exp(x))

    def _eval_is_real(self):
        return self.args[0].is_real or None

    def _eval_is_positive(self):
        return self.args[0].is_real or None

    def _latex(self, printer, exp=None):
        return _powered(rf"\operatorname{{softplus}}\left({printer._print(self.args[0])}\right)", exp)

    def _numpycode(self, printer):
        return _kernel_call(printer, "softplus", printer._print(self.args[0]))


class xdivy(sp.Function):
    r"""$x / y$, taken as $0$ where $x = 0$ (so a zero label times an infinite slope is $0$).

    Framework names:
        ``tf.math.xdivy``.

    Examples:
        >>> from xentsym.functions import xdivy
        >>> from xentsym.symbols import y, z
        >>> xdivy(y, z).rewrite("exp")
        y/z
    """

    nargs = 2

    def fdiff(self, argindex=1):
        r"""$\partial / \partial x = 1 / y$ and $\partial / \partial y = -x / y^2$, again $0$ where $x = 0$:
        SymPy's hook for the derivative with respect to argument ``argindex``.

        Examples:
            >>> from xentsym.functions import xdivy
            >>> from xentsym.symbols import y, z
            >>> xdivy(y, z).fdiff(2)
            -xdivy(y, z**2)
        """
        x, y = self.args
        if argindex == 1:
            return 1 / y
        if argindex == 2:
            return -xdivy(x, y**2)
        raise ArgumentIndexError(self, argindex)

    def _eval_rewrite_as_exp(self, x, y, **kwargs):
        return x / y

    def _latex(self, printer, exp=None):
        x, y = self.args
        return _powered(rf"\frac{{{printer._print(x)}}}{{{printer._print(y)}}}", exp)

    def _numpycode(self, printer):
        return _kernel_call(printer, "xdivy", *map(printer._print, self.args))


class xlogy(sp.Function):
    r"""$x \log y$, taken as $0$ where $x = 0$ (the convention $0 \log 0 = 0$).

    Framework names:
        ``scipy.special.xlogy``, ``torch.xlogy``, ``jax.scipy.special.xlogy``, ``tf.math.xlogy``.

    Examples:
        >>> from xentsym.functions import xlogy
        >>> from xentsym.symbols import y, z
        >>> xlogy(y, z).diff(z)
        xdivy(y, z)
    """

    nargs = 2

    def fdiff(self, argindex=1):
        r"""$\partial / \partial x = \log y$ and $\partial / \partial y = x / y$, again $0$ where $x = 0$:
        SymPy's hook for the derivative with respect to argument ``argindex``.

        Examples:
            >>> from xentsym.functions import xlogy
            >>> from xentsym.symbols import y, z
            >>> xlogy(y, z).fdiff(1)
            log(z)
        """
        x, y = self.args
        if argindex == 1:
            return sp.log(y)
        if argindex == 2:
            return xdivy(x, y)
        raise ArgumentIndexError(self, argindex)

    def _eval_rewrite_as_exp(self, x, y, **kwargs):
        return x * sp.log(y)

    def _latex(self, printer, exp=None):
        x, y = self.args
        return _powered(rf"{_wrap(printer, x)} \log\left({printer._print(y)}\right)", exp)

    def _numpycode(self, printer):
        return _kernel_call(printer, "xlogy", *map(printer._print, self.args))


class xlog1py(sp.Function):
    r"""$x \log(1 + y)$, taken as $0$ where $x = 0$; accurate for tiny $y$ (through ``log1p``).

    Framework names:
        ``scipy.special.xlog1py``, ``jax.scipy.special.xlog1py``, ``tf.math.xlog1py``.

    Examples:
        >>> from xentsym.functions import xlog1py
        >>> from xentsym.symbols import y, z
        >>> xlog1py(y, z).diff(z)
        xdivy(y, z + 1)
    """

    nargs = 2

    def fdiff(self, argindex=1):
        r"""$\partial / \partial x = \log(1 + y)$ and $\partial / \partial y = x / (1 + y)$, again $0$ where
        $x = 0$: SymPy's hook for the derivative with respect to argument ``argindex``.

        Examples:
            >>> from xentsym.functions import xlog1py
            >>> from xentsym.symbols import y, z
            >>> xlog1py(y, z).fdiff(2)
            xdivy(y, z + 1)
        """
        x, y = self.args
        if argindex == 1:
            return sp.log(1 + y)
        if argindex == 2:
            return xdivy(x, 1 + y)
        raise ArgumentIndexError(self, argindex)

    def _eval_rewrite_as_exp(self, x, y, **kwargs):
        return x * sp.log(1 + y)

    def _latex(self, printer, exp=None):
        x, y = self.args
        one_plus = printer._print(sp.Add(1, y, evaluate=False))
        return _powered(rf"{_wrap(printer, x)} \log\left({one_plus}\right)", exp)

    def _numpycode(self, printer):
        return _kernel_call(printer, "xlog1py", *map(printer._print, self.args))


class _ClassAxisFunction(sp.Function):
    """A function of a whole logit vector ``z`` (an IndexedBase) of ``K`` classes."""

    @classmethod
    def eval(cls, logits, *rest):
        if not isinstance(logits, sp.IndexedBase):
            raise TypeError(f"{cls.__name__}: the logits must be an indexed family such as z, not {logits}")

    @property
    def logits(self) -> sp.IndexedBase:
        """The vector of logits $z$, an indexed family."""
        return self.args[0]

    @property
    def classes(self) -> sp.Expr:
        """The number of classes $K$, a number or a symbol."""
        return self.args[-1]

    def _eval_derivative(self, s):
        if isinstance(s, sp.Indexed) and s.base == self.logits:
            return self.partial(s.indices[0])
        return sp.S.Zero

    def _sum_exp(self, shift: sp.Expr = sp.S.Zero) -> sp.Sum:
        c = sp.Dummy("c", integer=True)
        return sp.Sum(sp.exp(self.logits[c] - shift), (c, 1, self.classes))

    def partial(self, i: sp.Expr) -> sp.Expr:
        r"""The derivative with respect to one logit, $\partial f / \partial z_i$."""
        raise NotImplementedError


class logsumexp(_ClassAxisFunction):
    r"""$\operatorname{logsumexp}(z) = \log \sum_{c=1}^{K} e^{z_c}$, the log-partition function;
    $\partial / \partial z_i$ is $\operatorname{softmax}(z)_i$.

    Framework names:
        ``torch.logsumexp``, ``jax.nn.logsumexp``, ``tf.math.reduce_logsumexp``,
        ``scipy.special.logsumexp``.

    Examples:
        >>> from xentsym import logsumexp
        >>> from xentsym.losses import Z
        >>> from xentsym.symbols import K, j
        >>> logsumexp(Z, K).diff(Z[j])
        softmax(z, j, K)
    """

    nargs = 2

    def partial(self, i):
        r"""The derivative with respect to one logit,
        $\partial \operatorname{logsumexp}(z) / \partial z_i = \operatorname{softmax}(z)_i$.

        Examples:
            >>> from xentsym import logsumexp
            >>> from xentsym.losses import Z
            >>> from xentsym.symbols import K, i, j
            >>> logsumexp(Z, K).partial(i)
            softmax(z, i, K)
        """
        return softmax(self.logits, i, self.classes)

    def _eval_rewrite_as_exp(self, z, K, **kwargs):
        return sp.log(self._sum_exp())

    def _latex(self, printer, exp=None):
        return _powered(rf"\operatorname{{logsumexp}}\left({_logits(printer, self)}\right)", exp)

    def _numpycode(self, printer):
        return printer.class_axis_call("logsumexp", self.logits)


class softmax(_ClassAxisFunction):
    r"""$\operatorname{softmax}(z)_j = e^{z_j} / \sum_{c=1}^{K} e^{z_c}$, the $j$-th class probability;
    $\partial / \partial z_i$ is $\operatorname{softmax}(z)_j (\delta_{ij} - \operatorname{softmax}(z)_i)$.

    Framework names:
        ``keras.activations.softmax``, ``torch.softmax``, ``jax.nn.softmax``, ``tf.nn.softmax``.

    Examples:
        >>> from xentsym import softmax
        >>> from xentsym.losses import Z
        >>> from xentsym.symbols import K, j
        >>> softmax(Z, j, K).rewrite("exp")
        exp(z[j])/Sum(exp(z[_c]), (_c, 1, K))
    """

    nargs = 3

    @property
    def index(self) -> sp.Expr:
        r"""The class $j$ of $\operatorname{softmax}(z)_j$.

        Examples:
            >>> from xentsym import softmax
            >>> from xentsym.losses import Z
            >>> from xentsym.symbols import K, j
            >>> softmax(Z, j, K).index
            j
        """
        return self.args[1]

    def partial(self, i):
        r"""The derivative with respect to one logit,
        $\partial \operatorname{softmax}(z)_j / \partial z_i
        = \operatorname{softmax}(z)_j\,(\delta_{ij} - \operatorname{softmax}(z)_i)$.

        Examples:
            >>> from xentsym import softmax
            >>> from xentsym.losses import Z
            >>> from xentsym.symbols import K, i, j
            >>> softmax(Z, j, K).partial(i)
            (KroneckerDelta(i, j) - softmax(z, i, K))*softmax(z, j, K)
        """
        return self * (sp.KroneckerDelta(i, self.index) - softmax(self.logits, i, self.classes))

    def _eval_rewrite_as_exp(self, z, j, K, **kwargs):
        return sp.exp(z[j]) / self._sum_exp()

    def _eval_is_positive(self):
        return True

    def _latex(self, printer, exp=None):
        z, j = _logits(printer, self), printer._print(self.index)
        return _powered(rf"\operatorname{{softmax}}\left({z}\right)_{{{j}}}", exp)

    def _numpycode(self, printer):
        return printer.class_axis_call("softmax", self.logits)


class log_softmax(_ClassAxisFunction):
    r"""$\log \operatorname{softmax}(z)_j = z_j - \operatorname{logsumexp}(z)$, computed without
    cancellation; $\partial / \partial z_i$ is $\delta_{ij} - \operatorname{softmax}(z)_i$.

    Framework names:
        ``keras.activations.log_softmax``, ``torch.log_softmax``, ``jax.nn.log_softmax``,
        ``tf.nn.log_softmax``.

    Examples:
        >>> from xentsym import log_softmax
        >>> from xentsym.losses import Z
        >>> from xentsym.symbols import K, c, j
        >>> log_softmax(Z, j, K).diff(Z[c])
        KroneckerDelta(c, j) - softmax(z, c, K)
    """

    nargs = 3

    @property
    def index(self) -> sp.Expr:
        r"""The class $j$ of $\log \operatorname{softmax}(z)_j$.

        Examples:
            >>> from xentsym import log_softmax
            >>> from xentsym.losses import Z
            >>> from xentsym.symbols import K, j
            >>> log_softmax(Z, j, K).index
            j
        """
        return self.args[1]

    def partial(self, i):
        r"""The derivative with respect to one logit,
        $\partial \log \operatorname{softmax}(z)_j / \partial z_i
        = \delta_{ij} - \operatorname{softmax}(z)_i$.

        Examples:
            >>> from xentsym import log_softmax
            >>> from xentsym.losses import Z
            >>> from xentsym.symbols import K, i, j
            >>> log_softmax(Z, j, K).partial(i)
            KroneckerDelta(i, j) - softmax(z, i, K)
        """
        return sp.KroneckerDelta(i, self.index) - softmax(self.logits, i, self.classes)

    def _eval_rewrite_as_exp(self, z, j, K, **kwargs):
        return z[j] - sp.log(self._sum_exp())

    def _eval_is_real(self):
        return True

    def _latex(self, printer, exp=None):
        z, j = _logits(printer, self), printer._print(self.index)
        return _powered(rf"\log \operatorname{{softmax}}\left({z}\right)_{{{j}}}", exp)

    def _numpycode(self, printer):
        return printer.class_axis_call("log_softmax", self.logits)


NAMED_FUNCTIONS: dict[str, type[sp.Function]] = {
    f.__name__: f for f in (sigmoid, softplus, xlogy, xlog1py, xdivy, logsumexp, softmax, log_softmax)
}
"""Each named function by its name, as formulas spell it (``sigmoid``, ``softmax``, ...)."""
