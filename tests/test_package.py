"""The package as a user installs it: a wheel (not ``-e``), run from an empty folder.

The wheel is built from a copy of the source tree, installed into a new virtual environment
without its dependencies (they come from this test environment, added as a plain path, so the
checkout's editable install is not visible), and every command runs with an empty temporary
folder as its working directory.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from .conftest import PROJECT

pytestmark = pytest.mark.system


def _run(args: list[str], cwd: Path, env: dict, timeout: int = 600) -> subprocess.CompletedProcess:
    done = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    print(f"$ {' '.join(args[-6:])}\n{done.stdout[-1500:]}{done.stderr[-1500:]}")
    return done


def _local_setuptools_is_recent() -> bool:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return int(version("setuptools").split(".")[0]) >= 77
    except (PackageNotFoundError, ValueError):
        return False


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    src = tmp_path_factory.mktemp("src")
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(PROJECT / name, src / name)
    shutil.copytree(PROJECT / "assistant", src / "assistant", ignore=shutil.ignore_patterns("__pycache__"))
    out = tmp_path_factory.mktemp("dist")
    cmd = [sys.executable, "-m", "pip", "wheel", "--no-deps", "-w", str(out), "."]
    if _local_setuptools_is_recent():  # else pip fetches the build backend pyproject.toml asks for
        cmd.insert(4, "--no-build-isolation")
    done = subprocess.run(cmd, cwd=src, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return next(out.glob("mentor_assistant-*.whl"))


def test_the_wheel_holds_the_corpus_prompts_and_eval_data(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    data = "assistant/data/"
    corpus = [n for n in names if n.startswith(data + "corpus/") and n.endswith(".md")]
    prompts = sorted(n.removeprefix(data + "prompts/") for n in names if n.startswith(data + "prompts/"))
    evals = [n for n in names if n.startswith(data + "evals/")]
    print(
        f"{wheel.name}: {len(names)} files; {len(corpus)} corpus documents; prompts {prompts}; "
        f"{len(evals)} eval files"
    )
    assert len(corpus) == len(list((PROJECT / "assistant/data/corpus").rglob("*.md")))
    assert any("/corpus/tr/" in n for n in corpus)
    assert prompts == ["answer.md", "condense.md", "workflow_lines.md"]
    for needed in (
        "evals/questions.jsonl",
        "evals/thresholds.yaml",
        "evals/scope/in_domain.jsonl",
        "evals/foreign/questions.jsonl",
        "evals/foreign/docs/programme-handbook.pdf",
        "evals/foreign/docs/pairing-guide.docx",
        "calibration.json",
        "lexicon-tr-en.tsv",
    ):
        assert data + needed in names
    assert not [n for n in names if n.startswith(("tests/", "evals/", "corpus/", "prompts/"))]


@pytest.fixture(scope="module")
def installed(wheel, tmp_path_factory) -> dict:
    """A new venv holding the wheel; the test environment's packages serve as its dependencies."""
    venv = tmp_path_factory.mktemp("venv")
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    cmd = [sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "-q", str(wheel)]
    subprocess.run(cmd, check=True, timeout=300)
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    # a plain path entry: the .pth files in it (the checkout's editable install) are not run
    Path(site, "test-dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    env = {k: v for k, v in os.environ.items() if not k.startswith("MENTOR_") and k != "PYTHONPATH"}
    return {"bin": venv / "bin", "site": site, "env": env}


@pytest.fixture(scope="module")
def empty(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("empty-folder")


def test_the_installed_package_is_the_wheel_not_the_checkout(installed, empty):
    code = "import assistant, assistant.resources as r; print(assistant.__file__); print(r.corpus_dir())"
    done = _run([str(installed["bin"] / "python"), "-c", code], empty, installed["env"])
    module, corpus = done.stdout.split()
    assert module.startswith(installed["site"]) and corpus.startswith(installed["site"])


def test_ingest_ask_and_a_workflow_from_an_empty_folder(installed, empty):
    cli, env = str(installed["bin"] / "mentor-assistant"), installed["env"]
    done = _run([cli, "ingest"], empty, env)
    assert done.returncode == 0
    listed = _run([cli, "documents", "--json"], empty, env)
    sources = [d["source"] for d in json.loads(listed.stdout)["documents"]]
    assert sources and all(s.startswith("corpus/") for s in sources)
    done = _run(
        [cli, "ask", "What should I bring to my first session?", "--role", "mentee", "--json"], empty, env
    )
    answer = json.loads(done.stdout)
    assert not answer["refused"] and answer["citations"][0]["source"].startswith("corpus/")
    done = _run([cli, "agenda", "--kind", "first", "--minutes", "45"], empty, env)
    assert done.returncode == 0 and "[1]" in done.stdout and "corpus/" in done.stdout


def test_every_llm_prompt_and_the_output_guard_load_from_the_wheel(installed, empty):
    """Every LLM backend renders its messages through ``ChatModelGenerator`` (answer and condense
    prompts); the workflows' LLM lines use ``workflow_lines``; the guard protects all three."""
    code = (
        "from assistant.generators.chat import ChatModelGenerator\n"
        "from assistant.generators.base import GenerationRequest\n"
        "from assistant.generators.prompts import load_prompt\n"
        "from assistant.generators.guard import system_prompt_guard\n"
        "llm = ChatModelGenerator(model=None)\n"
        "for task in ('answer', 'condense'):\n"
        "    system, user = llm.messages(GenerationRequest(task=task, question='How often?'))\n"
        "    print(task, len(system.content), len(user.content))\n"
        "print('workflow_lines', load_prompt('workflow_lines').variables)\n"
        "print('guard grams', len(system_prompt_guard()._grams))\n"
    )
    done = _run([str(installed["bin"] / "python"), "-c", code], empty, installed["env"])
    assert done.returncode == 0 and "guard grams" in done.stdout
    assert int(done.stdout.split("guard grams")[1]) > 50


def test_the_eval_finds_its_data_in_the_wheel_from_an_empty_folder(installed, empty):
    """The eval reads its datasets, thresholds and documents from the installed package, and its
    command is wired up there. (The eval itself runs from the checkout at the end of ``make
    test``; running it here too would rebuild both of its indexes, minutes of CI, for code the
    wheel shares with the checkout.)"""
    code = (
        "from assistant.evaluation.datasets import EVALS, load_jsonl, load_questions\n"
        "from assistant.evaluation.report import THRESHOLDS, check_thresholds\n"
        "print('evals', EVALS)\n"
        "print('questions', len(load_questions(EVALS / 'questions.jsonl')))\n"
        "for name in ('out_of_scope', 'followups', 'crosslingual', 'injection', 'scope/in_domain',\n"
        "             'scope/out_of_domain', 'scope/not_covered', 'foreign/questions'):\n"
        "    print(name, len(load_jsonl(EVALS / f'{name}.jsonl')))\n"
        "print('thresholds', len(check_thresholds({}, THRESHOLDS)))\n"
        "for folder in ('fixtures', 'injection/docs', 'foreign/docs'):\n"
        "    print(folder, sum(1 for p in (EVALS / folder).rglob('*') if p.is_file()))\n"
    )
    done = _run([str(installed["bin"] / "python"), "-c", code], empty, installed["env"])
    assert done.returncode == 0, done.stderr
    counts = dict(line.split(" ", 1) for line in done.stdout.splitlines())
    assert counts.pop("evals").startswith(installed["site"])
    shipped = PROJECT / "assistant" / "data" / "evals"
    assert int(counts["questions"]) == len((shipped / "questions.jsonl").read_text().strip().splitlines())
    assert int(counts["foreign/docs"]) >= 8
    assert all(int(n) > 0 for n in counts.values()), counts
    cli = str(installed["bin"] / "mentor-assistant")
    done = _run([cli, "eval", "--dataset", "missing.jsonl"], empty, installed["env"])
    assert done.returncode != 0 and "missing.jsonl" in done.stdout + done.stderr
