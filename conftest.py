"""pytest, wherever it is pointed (tests/, book/ or one notebook): the notebooks' kernels, which
nbval starts, get the numeric environment of the stored outputs (_ext/numeric_env.py)."""

import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent / "_ext"))
import numeric_env  # noqa: E402

numeric_env.apply()
