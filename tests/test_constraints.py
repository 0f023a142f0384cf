"""constraints.txt, the versions `make run` and `make test` install, agrees with pyproject.toml."""

from __future__ import annotations

import tomllib
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

pytestmark = pytest.mark.unit

ROOT = Path(__file__).resolve().parent.parent
# the extras the Makefile installs with the lock; the LLM-server extras are the user's choice
LOCKED_EXTRAS = ("dev", "smollm2")


def pins() -> dict[str, Version]:
    pinned: dict[str, Version] = {}
    for n, line in enumerate((ROOT / "constraints.txt").read_text(encoding="utf-8").splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        req = Requirement(line)
        specs = list(req.specifier)
        assert len(specs) == 1 and specs[0].operator == "==", f"line {n} is not name==version: {line!r}"
        name = canonicalize_name(req.name)
        assert name not in pinned, f"{req.name} is pinned twice"
        pinned[name] = Version(specs[0].version)
    return pinned


def declared() -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    reqs = [Requirement(r) for r in project["dependencies"]]
    for extra in LOCKED_EXTRAS:
        reqs += [Requirement(r) for r in project["optional-dependencies"][extra]]
    return reqs


def test_every_declared_dependency_is_pinned_within_its_range():
    pinned = pins()
    problems = []
    for req in declared():
        got = pinned.get(canonicalize_name(req.name))
        if got is None:
            problems.append(f"{req.name} is not in constraints.txt")
        elif not req.specifier.contains(got, prereleases=True):
            problems.append(f"{req.name}=={got} is outside pyproject's {req.specifier}")
    assert not problems, "run `make lock`: " + "; ".join(problems)


def test_the_lock_pins_what_the_tests_depend_on():
    pinned = pins()
    # a lock that lost its transitive pins would let them drift again
    assert len(pinned) > 2 * len(declared())
    for name in ("lxml", "chromadb", "gradio", "langchain-core", "torch"):
        assert canonicalize_name(name) in pinned


def test_this_environment_was_installed_from_the_lock():
    """`make test` installs with ``-c constraints.txt``: the direct dependencies are the pinned ones."""
    pinned = pins()
    wrong = []
    for req in declared():
        try:
            have = Version(version(req.name))
        except PackageNotFoundError:
            pytest.fail(f"{req.name} is not installed: run `make test`")
        want = pinned[canonicalize_name(req.name)]
        if have.public != want.public:  # torch's local label (+cpu) is the wheel's, not a version
            wrong.append(f"{req.name} {have} (lock: {want})")
    assert not wrong, "installed without constraints.txt (run `make test`): " + ", ".join(wrong)
