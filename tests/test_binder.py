"""Binder's environment, made from exactly Binder's files, runs every notebook; and the
teacher's local lab, made by the recipe in book/teachers.md word for word, works.

Slow (each makes a fresh virtual environment), so each runs once per pytest session. pip
takes its packages from its cache when it can.
"""

import json
import os
import pathlib
import re
import shutil
import subprocess
import sys
import venv

import pytest

from conftest import _skip_or_fail

ROOT = pathlib.Path(__file__).resolve().parent.parent
BINDER = ROOT / "binder"
RUN_ALL = """
import json, pathlib, sys
import nbformat
from nbclient import NotebookClient
failed = {}
for path in sorted(pathlib.Path("book").glob("*.ipynb")):
    nb = nbformat.read(path, as_version=4)
    try:
        NotebookClient(nb, timeout=300, kernel_name="python3",
                       resources={"metadata": {"path": str(path.parent)}}).execute()
    except Exception as err:
        failed[path.name] = f"{type(err).__name__}: {str(err)[-300:]}"
print(json.dumps(failed))
"""


def test_binder_files_pin_python_and_exclude_build_tools():
    assert (BINDER / "runtime.txt").read_text().strip() == "python-3.11"
    reqs = (BINDER / "requirements.txt").read_text()
    lines = [l.split("#")[0].strip() for l in reqs.splitlines()]
    pins = [l for l in lines if l and not l.startswith("-")]
    assert pins and all("==" in l for l in pins), pins
    for tool in ("jupyter-book", "playwright", "nbval", "pytest", "sphinx"):
        assert not any(l.lower().startswith(tool) for l in pins), tool


def _env(env_dir):
    """This process's environment with the Binder venv first on PATH and no other venv."""
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH")}
    env["PATH"] = f"{env_dir / 'bin'}:/usr/bin:/bin"
    return env


@pytest.fixture(scope="session")
def binder_env(tmp_path_factory):
    env_dir = tmp_path_factory.mktemp("binder") / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    for cmd in ([str(python), "-m", "pip", "install", "-q", "-r", str(BINDER / "requirements.txt")],
                ["bash", str(BINDER / "postBuild")]):
        done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, env=_env(env_dir))
        assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    return python


def test_every_notebook_runs_in_binders_environment(binder_env):
    done = subprocess.run([str(binder_env), "-c", RUN_ALL], cwd=ROOT, capture_output=True,
                          text=True, env=_env(binder_env.parent.parent))
    assert done.returncode == 0, done.stderr[-3000:]
    failed = json.loads(done.stdout.strip().splitlines()[-1])
    assert failed == {}, failed
    # nothing of the build's toolchain leaked in
    check = subprocess.run([str(binder_env), "-c", "import jupyter_book"], capture_output=True)
    assert check.returncode != 0


# The teacher's local lab: book/teachers.md's recipe, run in a fresh clone from a shell
# with no virtual environment active, so the system python3 (and python) come first on PATH.

GUIDE = ROOT / "book" / "teachers.md"
LAB = ".venv/bin/jupyter lab"
CHAPTER = "book/01_no_hidden_layer.ipynb"
RUN_CHAPTER = """
import json, sys
import nbformat
from nbclient import NotebookClient
nb = nbformat.read(sys.argv[1], as_version=4)
nb.cells.append(nbformat.v4.new_code_cell(
    "import json, sys, helpers; print(json.dumps([sys.prefix, helpers.__file__]))"))
NotebookClient(nb, timeout=600, kernel_name="python3",
               resources={"metadata": {"path": "book"}}).execute()
print(nb.cells[-1].outputs[-1]["text"].strip())
"""


def local_recipe(guide=GUIDE):
    """The bash block of the guide's local-lab paragraph, all but its last line, which must be
    the one that starts JupyterLab."""
    found = re.search(r"^\*\*Local\b.*?^```bash\n(.*?)^```", guide.read_text(), re.S | re.M)
    assert found, "book/teachers.md has no bash block in its **Local** paragraph"
    lines = found.group(1).rstrip("\n").split("\n")
    assert lines[-1] == LAB, lines
    return "\n".join(lines[:-1]) + "\n"


def _teachers_shell():
    """This process's environment as a teacher's terminal has it: PATH as it is, less the
    folder of any activated virtual environment, so the system python3 stays first; no
    VIRTUAL_ENV, no PYTHONPATH."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME")}
    env["PATH"] = os.pathsep.join(
        d for d in env.get("PATH", "").split(os.pathsep)
        if d and not (pathlib.Path(d).parent / "pyvenv.cfg").exists())
    return env


def _clone(dest):
    """A fresh `git clone` of this repository, with the work tree's uncommitted changes on top
    (what a teacher clones once they are committed). Nothing ignored comes along: no .venv/,
    no *.egg-info, no _build/."""
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        _skip_or_fail("the teacher's lab test clones the repository: it needs git and a git clone")
    done = subprocess.run(["git", "clone", "-q", str(ROOT), str(dest)],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                            cwd=ROOT, capture_output=True, check=True).stdout.decode()
    for name in filter(None, listed.split("\0")):
        source, target = ROOT / name, dest / name
        if source.is_file():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
        elif target.is_file():  # deleted in the work tree, not yet committed
            target.unlink()
    assert not (dest / ".venv").exists()


@pytest.fixture(scope="session")
def teachers_lab(tmp_path_factory):
    """A fresh clone in which the guide's recipe, all but its last line, has run as written."""
    clone = tmp_path_factory.mktemp("teacher") / "nn-from-scratch"
    _clone(clone)
    recipe = local_recipe(clone / "book" / "teachers.md")
    done = subprocess.run(["bash", "-c", recipe], cwd=clone, capture_output=True, text=True,
                          env=_teachers_shell())
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    return clone


def test_the_guides_lab_installs_helpers_into_its_venv(teachers_lab):
    python = teachers_lab / ".venv" / "bin" / "python"
    done = subprocess.run([str(python), "-c", "from helpers import net; print(net.__file__)"],
                          cwd=teachers_lab / "book", capture_output=True, text=True,
                          env=_teachers_shell())
    assert done.returncode == 0, (
        "after book/teachers.md's recipe, .venv/ cannot import helpers (was it installed "
        "into another python?):\n" + done.stderr[-1500:])
    where = pathlib.Path(done.stdout.strip()).resolve()
    assert where == (teachers_lab / "helpers" / "net.py").resolve()  # the clone's, not another


def test_a_chapter_runs_on_the_guides_lab_kernel(teachers_lab):
    python = teachers_lab / ".venv" / "bin" / "python"
    done = subprocess.run([str(python), "-c", RUN_CHAPTER, CHAPTER], cwd=teachers_lab,
                          capture_output=True, text=True, env=_teachers_shell())
    assert done.returncode == 0, done.stderr[-3000:]
    prefix, helpers = json.loads(done.stdout.strip().splitlines()[-1])
    # the kernel is .venv/'s python, and its helpers are the clone's
    assert pathlib.Path(prefix).resolve() == (teachers_lab / ".venv").resolve()
    assert pathlib.Path(helpers).resolve() == (teachers_lab / "helpers" / "__init__.py").resolve()


def test_the_guides_lab_command_is_in_its_venv(teachers_lab):
    # The guide's last line, `.venv/bin/jupyter lab`, starts a server and waits, so it is not
    # run here: `--version` checks that the same command exists in .venv/ and starts.
    done = subprocess.run(LAB.split() + ["--version"], cwd=teachers_lab, capture_output=True,
                          text=True, env=_teachers_shell())
    assert done.returncode == 0, done.stderr[-1500:]


def test_postbuild_refuses_the_machines_python_next_to_a_venv(tmp_path):
    # A clone with .venv/ and no virtual environment active: postBuild would install into the
    # machine's python, so it stops and says what to run instead (before installing anything).
    repo = tmp_path / "repo"
    (repo / "binder").mkdir(parents=True)
    (repo / ".venv").mkdir()
    shutil.copy2(BINDER / "postBuild", repo / "binder" / "postBuild")
    base = pathlib.Path(sys.base_prefix) / "bin" / "python{}.{}".format(*sys.version_info[:2])
    (tmp_path / "bin").mkdir()
    (tmp_path / "bin" / "python").write_text(f'#!/bin/sh\nexec "{base}" "$@"\n')
    (tmp_path / "bin" / "python").chmod(0o755)
    env = _teachers_shell()
    env["PATH"] = f"{tmp_path / 'bin'}{os.pathsep}{env['PATH']}"
    done = subprocess.run(["bash", "binder/postBuild"], cwd=repo, capture_output=True,
                          text=True, env=env)
    assert done.returncode != 0
    assert "not installing helpers/" in done.stderr, done.stderr
    assert ".venv/bin/python -m pip install --no-deps -e ." in done.stderr, done.stderr
    assert "pip" not in done.stdout
