"""The build's own Sphinx extension: BOOK_HIDE_SOLUTIONS drops the solutions; MathJax is local."""

import os
import pathlib
import subprocess
import sys
import textwrap

import pytest

PAGE = textwrap.dedent("""\
    # Page

    $$ a = b $$

    ```{exercise}
    :label: ex-one

    What is one plus one?
    ```

    ```{solution} ex-one
    :class: dropdown

    THE-SOLUTION-TEXT is two.
    ```
    """)

EXT = pathlib.Path(__file__).resolve().parents[1] / "_ext"  # where _config.yml loads it from

CONF = textwrap.dedent(f"""\
    import sys
    sys.path.insert(0, {str(EXT)!r})
    extensions = ["myst_parser", "sphinx_exercise", "book_sphinx"]
    myst_enable_extensions = ["dollarmath", "colon_fence"]
    """)


def build(tmp_path, hide):
    src = tmp_path / "src"
    src.mkdir()
    (src / "conf.py").write_text(CONF)
    (src / "index.md").write_text(PAGE)
    env = {**os.environ, "BOOK_HIDE_SOLUTIONS": "1" if hide else "0"}
    done = subprocess.run([sys.executable, "-m", "sphinx", "-q", "-b", "html", str(src),
                           str(tmp_path / "out")], capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stderr
    return (tmp_path / "out" / "index.html").read_text(), tmp_path / "out"


@pytest.mark.parametrize("hide", [False, True])
def test_hide_solutions_flag(tmp_path, hide):
    html, _ = build(tmp_path, hide)
    assert "What is one plus one?" in html
    assert ("THE-SOLUTION-TEXT" in html) is (not hide)


def test_mathjax_is_served_from_the_book(tmp_path):
    html, out = build(tmp_path, False)
    assert 'src="_static/mathjax/tex-mml-chtml.js"' in html
    assert (out / "_static" / "mathjax" / "tex-mml-chtml.js").stat().st_size > 500_000
    assert (out / "_static" / "mathjax" / "output" / "chtml" / "fonts" / "woff-v2").is_dir()
    assert "cdn.jsdelivr" not in html


@pytest.mark.parametrize("where", ["the repository", "a folder of another name"])
def test_the_parallel_run_empties_only_a_jupyter_cache_folder(tmp_path, where):
    # The run empties its cache folder before filling it; a wrong path once emptied the whole
    # work tree. It must refuse any folder not named .jupyter_cache, and the source itself.
    sys.path.insert(0, str(EXT))
    try:
        import book_sphinx
    finally:
        sys.path.remove(str(EXT))
    src = tmp_path / ".jupyter_cache" if where == "the repository" else tmp_path / "src"
    src.mkdir()
    (src / "keep.txt").write_text("a file of the book")
    cache = src if where == "the repository" else tmp_path / "build"

    class Config:
        nb_execution_mode = "cache"
        nb_execution_cache_path = str(cache)
        nb_execution_timeout = 10

    class App:
        config = Config()
        srcdir = str(src)

    with pytest.raises(RuntimeError, match="must name a folder .jupyter_cache"):
        book_sphinx._execute_in_parallel(App())
    assert (src / "keep.txt").read_text() == "a file of the book"
