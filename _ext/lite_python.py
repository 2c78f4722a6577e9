"""The Python that the book's JupyterLite copy serves from its own files.

``assemble(dest, cache)`` fills ``dest`` (the build's ``static/pyodide/``) with Pyodide's
runtime, Pyodide's own builds of numpy, matplotlib and what they and the kernel need, and the
extra wheels of ``jupyterlite_python.toml`` beside this file, plus a ``pyodide-lock.json`` that
names exactly those files. Everything is fetched with npm and pip (the npm registry and PyPI,
nothing else) into ``cache``, and every file is checked against the sha256 in the TOML file
before it is used: a mismatch fails the build.

Run it alone to fetch and check everything (``python _ext/lite_python.py DEST``).
"""

import hashlib
import io
import json
import pathlib
import re
import shutil
import subprocess
import sys
import tarfile
import tomllib
import zipfile

SOURCES = pathlib.Path(__file__).with_name("jupyterlite_python.toml")


def _name(name):
    """PEP 503's normal form, as Pyodide's lock spells its keys."""
    return re.sub(r"[-_.]+", "-", name).lower()


def _sha256(data):
    return hashlib.sha256(data).hexdigest()


def _check(label, data, expected):
    got = _sha256(data)
    if got != expected:
        raise RuntimeError(f"{label}: sha256 {got}, but {SOURCES.name} says {expected}")
    return data


def _cached(path, expected):
    """The file's bytes if it is in the cache with the expected sha256, else None."""
    if path.is_file():
        data = path.read_bytes()
        if _sha256(data) == expected:
            return data
        path.unlink()
    return None


def _run(cmd):
    try:
        done = subprocess.run(cmd, capture_output=True, text=True)
    except FileNotFoundError:
        raise RuntimeError(f"{cmd[0]} is needed to build the JupyterLite copy "
                           f"(it fetches Pyodide from its registry)") from None
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed:\n{done.stdout[-2000:]}{done.stderr[-2000:]}")


def fetch_npm(spec, expected, cache):
    """The npm package's tarball (``npm pack``), checked."""
    folder = cache / "npm"
    name, version = spec.rsplit("@", 1)
    path = folder / f"{name}-{version}.tgz"
    data = _cached(path, expected)
    if data is None:
        folder.mkdir(parents=True, exist_ok=True)
        _run(["npm", "pack", spec, "--pack-destination", str(folder), "--silent"])
        data = _check(spec, path.read_bytes(), expected)
    return data


def fetch_pypi(requirement, filename, expected, cache):
    """One wheel from PyPI (``pip download``, no dependencies), checked."""
    folder = cache / "pypi"
    path = folder / filename
    data = _cached(path, expected)
    if data is None:
        folder.mkdir(parents=True, exist_ok=True)
        _run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps",
              "--only-binary=:all:", "--dest", str(folder), requirement])
        if not path.is_file():
            raise RuntimeError(f"pip download {requirement} gave no {filename}")
        data = _check(requirement, path.read_bytes(), expected)
    return data


def assemble(dest, cache, sources=SOURCES, local_wheels=()):
    """Fill ``dest`` with the checked files and their lock; return {file name: size}.

    local_wheels: (path, import names, dependencies) of wheels built from this repository
    (the book's helpers), added to the lock with their own sha256."""
    spec = tomllib.loads(pathlib.Path(sources).read_text())
    dest, cache = pathlib.Path(dest), pathlib.Path(cache)
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    written = {}

    def write(name, data):
        (dest / name).write_bytes(data)
        written[name] = len(data)

    # the runtime, and the official lock that checks every package
    core = spec["pyodide"]
    tarball = fetch_npm(core["npm"], core["tarball_sha256"], cache)
    with tarfile.open(fileobj=io.BytesIO(tarball)) as tar:
        members = {m.name.removeprefix("package/"): m for m in tar.getmembers()}
        files = {name: _check(f"{core['npm']}: {name}", tar.extractfile(members[name]).read(),
                              sha)
                 for name, sha in core["files"].items()}
    lock = json.loads(files.pop("pyodide-lock.json"))
    for name, data in files.items():
        write(name, data)

    # Pyodide's own builds, taken out of the wheel that carries them, each checked against
    # the TOML file and the official lock
    packages = spec["packages"]
    official = {_name(key): value for key, value in lock["packages"].items()}
    wheel = fetch_pypi(packages["pypi"], packages["wheel"], packages["wheel_sha256"], cache)
    kept = {}
    with zipfile.ZipFile(io.BytesIO(wheel)) as archive:
        for name, entry in packages["files"].items():
            pkg = official.get(_name(name))
            if pkg is None or pkg["file_name"] != entry["file"]:
                raise RuntimeError(f"{name}: {entry['file']} is not in Pyodide's lock")
            if pkg["sha256"] != entry["sha256"]:
                raise RuntimeError(f"{name}: {SOURCES.name}'s sha256 is not the official lock's")
            data = archive.read(packages["folder"] + entry["file"])
            write(entry["file"], _check(f"{packages['pypi']}: {entry['file']}", data,
                                        entry["sha256"]))
            kept[_name(name)] = pkg

    # wheels from PyPI that Pyodide's distribution lacks, added to the lock
    for name, extra in spec.get("extra", {}).items():
        data = fetch_pypi(extra["pypi"], extra["file"], extra["sha256"], cache)
        write(extra["file"], data)
        kept[_name(name)] = {
            "name": name, "version": extra["pypi"].split("==", 1)[1],
            "file_name": extra["file"], "install_dir": "site", "sha256": extra["sha256"],
            "package_type": "package", "imports": extra["imports"],
            "depends": extra["depends"], "unvendored_tests": False, "shared_library": False,
        }

    # wheels built here, from this repository's own sources
    for path, imports, depends in local_wheels:
        path = pathlib.Path(path)
        name, version = path.name.split("-")[:2]
        data = path.read_bytes()
        write(path.name, data)
        kept[_name(name)] = {
            "name": _name(name), "version": version, "file_name": path.name,
            "install_dir": "site", "sha256": _sha256(data), "package_type": "package",
            "imports": list(imports), "depends": list(depends), "unvendored_tests": False,
            "shared_library": False,
        }

    # the lock names only what is served, and every dependency of it
    for name, pkg in kept.items():
        missing = [d for d in pkg["depends"] if _name(d) not in kept]
        if missing:
            raise RuntimeError(f"{name} depends on {missing}, which {SOURCES.name} leaves out")
    lock["packages"] = dict(sorted(kept.items()))
    write("pyodide-lock.json", json.dumps(lock, indent=1, sort_keys=True).encode())
    write("LICENSES.md", licences(spec, lock).encode())
    return written


def licences(spec, lock):
    """A Markdown table of what is served, with each project's licence and where it came from."""
    core = spec["pyodide"]
    packages = spec["packages"]
    rows = [f"| Pyodide {lock['info']['version']} (runtime) | {core['licence']} "
            f"| npm package `{core['npm']}` |"]
    for name, entry in packages["files"].items():
        version = lock["packages"][_name(name)]["version"]
        rows.append(f"| {name} {version} | {entry['licence']} | Pyodide's build, from the PyPI "
                    f"package `{packages['pypi']}` (sha256 as in Pyodide's lock) |")
    for name, extra in spec.get("extra", {}).items():
        rows.append(f"| {name} {extra['pypi'].split('==', 1)[1]} | {extra['licence']} "
                    f"| PyPI, `{extra['pypi']}` |")
    return ("# The Python served in this folder\n\n"
            "Each file's sha256 is in `pyodide-lock.json`.\n\n"
            "| package | licence | from |\n| --- | --- | --- |\n" + "\n".join(rows) + "\n")


if __name__ == "__main__":
    target = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "_build/lite-python")
    sizes = assemble(target, pathlib.Path("_build/.lite_downloads"))
    print(f"{len(sizes)} files, {sum(sizes.values()) / 1e6:.1f} MB in {target}")
