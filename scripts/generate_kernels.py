"""Write xentsym/generated.py, the catalogue's kernels, from the catalogue.

Run as ``python scripts/generate_kernels.py`` after changing a loss, a stabilizing rule or
the code generator; tests/test_generated.py fails until the file is regenerated.
"""

from xentsym.catalogue import GENERATED_MODULE, generated_module

if __name__ == "__main__":
    GENERATED_MODULE.write_text(generated_module(), encoding="utf-8")
    print(f"wrote {GENERATED_MODULE}")
