"""Prompt templates: Markdown files under ``assistant/data/prompts/`` loaded by name and validated.

A template file has YAML front matter (``name``, ``description``, ``variables``) and two sections,
``## system`` and ``## user``. Rendering checks that exactly the declared variables are given.
"""

from __future__ import annotations

import functools
import re
import string
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from assistant import resources

PROMPTS_DIR = resources.prompts_dir()


class PromptError(ValueError):
    """A template is missing, malformed, or rendered with the wrong variables."""


class PromptTemplate(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    description: str
    variables: tuple[str, ...]
    system: str
    user: str

    def render(self, **values: str) -> tuple[str, str]:
        """(system, user) with the variables filled in."""
        given, declared = set(values), set(self.variables)
        if given != declared:
            missing, extra = declared - given, given - declared
            raise PromptError(
                f"prompt {self.name!r}: missing variables {sorted(missing)}, unknown {sorted(extra)}"
            )
        return self.system.format(**values), self.user.format(**values)


def _placeholders(text: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(text) if f}


@functools.cache
def load_prompt(name: str, directory: Path = PROMPTS_DIR) -> PromptTemplate:
    import yaml

    path = directory / f"{name}.md"
    if not re.fullmatch(r"[a-z0-9_-]+", name) or not path.is_file():
        raise PromptError(f"no prompt named {name!r} in {directory}")
    raw = path.read_text(encoding="utf-8")
    m = re.match(r"^---\n(.*?)\n---\n(.*)$", raw, re.DOTALL)
    if not m:
        raise PromptError(f"{path.name}: front matter missing")
    meta = yaml.safe_load(m.group(1)) or {}
    sections = dict(re.findall(r"^## (system|user)\n(.*?)(?=^## |\Z)", m.group(2), re.DOTALL | re.MULTILINE))
    if set(sections) != {"system", "user"}:
        raise PromptError(f"{path.name}: needs '## system' and '## user' sections")
    tmpl = PromptTemplate(
        name=meta.get("name", name),
        description=meta.get("description", ""),
        variables=tuple(meta.get("variables", [])),
        system=sections["system"].strip(),
        user=sections["user"].strip(),
    )
    used = _placeholders(tmpl.system) | _placeholders(tmpl.user)
    if used != set(tmpl.variables):
        raise PromptError(
            f"{path.name}: placeholders {sorted(used)} differ from variables {list(tmpl.variables)}"
        )
    return tmpl
