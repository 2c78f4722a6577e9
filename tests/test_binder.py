"""Binder's environment, made from exactly Binder's files, runs every notebook.

Slow (a fresh virtual environment), so it runs once per pytest session. pip takes
its packages from its cache when it can.
"""

import json
import os
import pathlib
import subprocess
import sys
import venv

import pytest

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
