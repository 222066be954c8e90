"""Jupyter: ``%load_ext xentsym`` gives the cell magic ``%%xentsym``, whose cell is a block
(see `xentsym.blocks`) shown as a derivation, identity or generated module, with its
math for the notebook to typeset::

    %%xentsym
    verify: softplus(z) - softplus(-z) = z

A block that is not proved is shown with its verdict and also warns.
"""

from __future__ import annotations

import warnings

from .blocks import Rendered, parse_block, render

__all__ = ["load_ipython_extension", "xentsym_cell"]


def xentsym_cell(line: str, cell: str) -> Rendered:
    """The cell magic: the cell's block, rendered (it displays as Markdown)."""
    if line.strip():
        raise ValueError(f"%%xentsym takes no options on its line ({line.strip()!r}): write them in the cell")
    shown = render(parse_block(cell))
    if not shown.proved:
        warnings.warn(f"the xentsym block is not proved: {shown.problem}", stacklevel=2)
    return shown


def load_ipython_extension(ipython) -> None:
    """Register ``%%xentsym`` (``%load_ext xentsym`` calls this)."""
    ipython.register_magic_function(xentsym_cell, magic_kind="cell", magic_name="xentsym")
