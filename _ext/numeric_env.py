"""The numeric environment of every run of the book's notebooks whose outputs are compared.

numpy and OpenBLAS choose their vector code by the processor they start on, and code for a
wider register adds in another order: on a machine with AVX-512, chapter 4's float32
gradient-check table and chapter 5's run of the post's loop at lr = 10 (a loop that never
settles, so a last-bit difference grows) printed other numbers than the notebooks store,
which were made on a machine without it. So the notebooks' kernels are asked for the AVX2
code that every x86-64 machine of the last ten years has: numpy's AVX-512 paths are switched
off and OpenBLAS uses its Haswell kernels. Applied by the book build (_ext/book_sphinx.py),
tools/execute_notebooks.py and the tests (tests/conftest.py), before any kernel starts; a
value already set is kept. Elsewhere (ARM, or a reader's own Jupyter) nothing is changed:
the numbers may then differ in their last digits, and the notebooks' asserts still hold.
"""

import os
import platform

NUMERIC_ENV = {
    "NPY_DISABLE_CPU_FEATURES": "X86_V4 AVX512_ICL AVX512_SPR",
    "OPENBLAS_CORETYPE": "Haswell",
}


def apply(environ=os.environ):
    """Set NUMERIC_ENV in ``environ`` on x86-64, keeping any value already there."""
    if platform.machine().lower() in ("x86_64", "amd64"):
        for name, value in NUMERIC_ENV.items():
            environ.setdefault(name, value)
