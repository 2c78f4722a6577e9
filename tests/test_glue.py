"""helpers.glue writes exactly what myst-nb's glue writes."""

from unittest import mock

import pytest
from myst_nb import glue as myst_glue

from helpers.glue import glue


@pytest.mark.parametrize("value,display", [(0.25, False), ("below 1e-9", False), (3, True)])
def test_same_output_as_myst_nb(value, display):
    with mock.patch("helpers.glue.ipy_display") as ours, \
            mock.patch("myst_nb.ext.glue.ipy_display") as theirs:
        glue("key", value, display=display)
        myst_glue("key", value, display=display)
    assert ours.call_args == theirs.call_args
    assert ours.call_count == theirs.call_count == 1


def test_bad_name():
    with pytest.raises(ValueError, match="name must be a non-empty string"):
        glue("", 1)
