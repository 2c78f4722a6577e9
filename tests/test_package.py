"""The helpers package as Colab installs it: a regular wheel built from the repository,
not the editable install of a local clone. Everything the chapters import must be in it."""

import pathlib
import shutil
import subprocess
import sys
import zipfile

ROOT = pathlib.Path(__file__).resolve().parents[1]


def test_the_wheel_holds_every_module_and_data_file(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    shutil.copy(ROOT / "pyproject.toml", src)
    shutil.copytree(ROOT / "helpers", src / "helpers",
                    ignore=shutil.ignore_patterns("__pycache__"))
    done = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
         "-w", str(tmp_path / "dist"), str(src)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-2000:]
    (wheel,) = (tmp_path / "dist").glob("*.whl")
    inside = set(zipfile.ZipFile(wheel).namelist())
    wanted = {p.relative_to(ROOT).as_posix() for p in (ROOT / "helpers").rglob("*")
              if p.is_file() and "__pycache__" not in p.parts}
    assert wanted - inside == set()


def test_the_python_version_is_said_the_same_everywhere():
    """pyproject.toml, the README, the teacher's guide and Binder's runtime name one Python."""
    import re
    import tomllib

    root = pathlib.Path(__file__).resolve().parent.parent
    wanted = tomllib.loads((root / "pyproject.toml").read_text())["project"]["requires-python"]
    assert re.fullmatch(r">=3\.\d+", wanted), wanted
    version = wanted[2:]
    for doc in ("README.md", "book/teachers.md"):
        said = re.findall(r"Python (3\.\d+) or newer", (root / doc).read_text())
        assert said and set(said) == {version}, (doc, said, wanted)
    assert (root / "binder" / "runtime.txt").read_text().strip() == f"python-{version}"
