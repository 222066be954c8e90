"""Messages for a name that names nothing: the nearest known names first, then all of them."""

from __future__ import annotations

import difflib
from collections.abc import Sequence

__all__ = ["unknown"]


def unknown(kind: str, name: str, known: Sequence[str]) -> str:
    """``no derivation 'bce_logit' (did you mean 'bce_logits'?); known: ...``."""
    near = difflib.get_close_matches(name, known, n=2, cutoff=0.75)
    hint = f" (did you mean {' or '.join(repr(n) for n in near)}?)" if near else ""
    return f"no {kind} {name!r}{hint}; known: {', '.join(known)}"
