"""helpers/plots.py: the digit mosaic puts every digit in its cell, and bad images are refused."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from conftest import assert_clear_error  # noqa: E402
from helpers import plots  # noqa: E402


def test_every_digit_lands_in_its_cell_with_white_around_it():
    images = np.random.default_rng(0).random((7, 64)) * 0.9 + 0.1  # no pixel is white
    mosaic = plots.digit_mosaic(images, 3, cell_w=10, cell_h=13)
    assert mosaic.shape == (3 * 13, 3 * 10)
    ink = np.zeros(mosaic.shape, dtype=bool)
    for i, image in enumerate(images):
        r, c = divmod(i, 3)
        cell = mosaic[r * 13 : r * 13 + 8 + 1, c * 10 : c * 10 + 8 + 1]
        np.testing.assert_array_equal(cell[1:, 1:], image.reshape(8, 8))
        ink[r * 13 + 1 : r * 13 + 9, c * 10 + 1 : c * 10 + 9] = True
    assert np.all(mosaic[~ink] == 0.0)  # gaps, caption rows and the two empty cells


def test_plot_digits_refuses_images_of_the_wrong_shape():
    fig, ax = plt.subplots()
    assert_clear_error(lambda: plots.plot_digits(ax, np.zeros((3, 63))),
                       ["images", "(n, 64)", "(3, 63)"])
    assert_clear_error(lambda: plots.plot_digits(ax, np.zeros((3, 64)), captions=["a"]),
                       ["captions", "one entry per image (3)", "1"])
    plt.close(fig)
