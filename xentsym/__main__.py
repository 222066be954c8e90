"""``python -m xentsym``: the same as the ``xentsym`` command."""

import sys

from .cli import main

sys.exit(main())
