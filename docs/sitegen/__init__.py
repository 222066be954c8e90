"""What the docs build generates from xentsym itself, used by ``docs/hooks.py``.

* :mod:`.derivation_pages`: a page per module of ``derivations/``, proved at build time;
* :mod:`.article`: the article's examples, recomputed;
* :mod:`.cli`: the command-line reference, from the argparse parser;
* :mod:`.proofs`: the lemmas, domains and limits that "How a proof is checked" states.

The xentsym MkDocs plugin (:mod:`xentsym.mkdocs_plugin`) renders the derivation pages' blocks
and typesets every formula with KaTeX, so the site needs no network.
"""
