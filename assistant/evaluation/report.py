"""Presenting evaluation metrics: a rich table, metrics.json, report.md / report.html with plots,
and the check against the versioned thresholds in assistant/data/evals/thresholds.yaml."""

from __future__ import annotations

import json
from pathlib import Path

from rich.console import Console
from rich.table import Table

from assistant import resources

THRESHOLDS = resources.evals_dir() / "thresholds.yaml"


def get(metrics: dict, dotted: str):
    value = metrics
    for part in dotted.split("."):
        if not isinstance(value, dict) or part not in value:
            return None
        value = value[part]
    return value


def check_thresholds(
    metrics: dict, path: Path = THRESHOLDS
) -> list[tuple[str, float | None, str, float, bool]]:
    """Rows (metric, value, 'min'|'max', bound, ok). A metric missing from ``metrics`` fails,
    unless the run was asked to skip it (``metrics["skipped"]``, e.g. ``--no-faq``): then its
    value is None and it passes."""
    import yaml

    spec = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    skipped = set(metrics.get("skipped", []))
    rows = []
    for kind in ("min", "max"):
        for key, bound in (spec.get(kind) or {}).items():
            value = get(metrics, key)
            ok = key in skipped or (
                value is not None and (value >= bound if kind == "min" else value <= bound)
            )
            rows.append((key, value, kind, bound, ok))
    return rows


GENERATED = "<!-- generated from assistant/data/evals/thresholds.yaml by evals/render_docs.py -->"


def thresholds_markdown(path: Path = THRESHOLDS) -> str:
    """The bars of ``thresholds.yaml`` as a Markdown table (metric, bar, the issue's target), the
    one place docs take them from."""
    import re

    import yaml

    spec = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    targets = dict(re.findall(r"^\s+([\w.]+):[^#\n]*#\s*target\s+([^\n]+)$", path.read_text(), re.MULTILINE))
    rows = ["| metric | bar | target |", "|---|---|---|"]
    for kind, sign in (("min", ">="), ("max", "<=")):
        for key, bound in (spec.get(kind) or {}).items():
            rows.append(f"| `{key}` | {sign} {bound} | {targets.get(key, '').strip()} |")
    return "\n".join([GENERATED, "", *rows])


def print_table(metrics: dict, checks: list, console: Console | None = None) -> None:
    console = console or Console()
    table = Table(title=f"Evaluation ({metrics.get('generator')} generator)")
    for col in ("system", "set", "Recall@5", "MRR", "nDCG@10"):
        table.add_column(col)
    for system, groups in metrics.get("retrieval", {}).items():
        for group in ("questions", "crosslingual"):
            m = groups.get(group, {})
            if m.get("n"):
                table.add_row(
                    system,
                    f"{group} ({m['n']})",
                    f"{m['recall_at_5']:.3f}",
                    f"{m['mrr']:.3f}",
                    f"{m['ndcg_at_10']:.3f}",
                )
    console.print(table)
    checks_table = Table(title="Thresholds")
    for col in ("metric", "value", "bound", "ok"):
        checks_table.add_column(col)
    for key, value, kind, bound, ok in checks:
        checks_table.add_row(
            key,
            "-" if value is None else f"{value:.4g}",
            f"{'>=' if kind == 'min' else '<='} {bound}",
            ("[dim]skipped[/dim]" if value is None else "[green]yes[/green]") if ok else "[red]NO[/red]",
        )
    console.print(checks_table)


PARTIAL = "metrics.partial.json"


def write_partial(metrics: dict, directory: Path) -> Path:
    """Save the metrics measured so far (replaced atomically; ``write_report`` removes it)."""
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / PARTIAL
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(metrics, indent=2, ensure_ascii=False), encoding="utf-8")
    tmp.replace(path)
    return path


READER_COLUMNS = (
    "n",
    "budgeted_coverage",
    "direct_answer_rate",
    "words_p50",
    "words_p90",
    "list_completeness",
    "role_misfit_rate",
    "refused",
)


def reader_lines(metrics: dict) -> list[str]:
    """The 'what a reader sees' table: each answer set and index, dev and test halves."""
    sets = [(f"corpus: {name}", halves) for name, halves in metrics.get("reader", {}).items()]
    if "foreign" in metrics:
        sets.append(("foreign documents", metrics["foreign"]))
    if not sets:
        return []
    lines = ["", "## What a reader sees", "", "| set | half | " + " | ".join(READER_COLUMNS) + " |"]
    lines.append("|---|---|" + "---|" * len(READER_COLUMNS))
    for name, halves in sets:
        for half in ("dev", "test"):
            m = halves.get(half, {})
            lines.append(
                f"| {name} | {half} | " + " | ".join(str(m.get(c, "-")) for c in READER_COLUMNS) + " |"
            )
    scope = metrics.get("scope", {})
    if scope:
        lines += [
            "",
            "| scope set | half | n | given the expected outcome | answer | not_covered | outside |",
            "|---|---|---|---|---|---|---|",
        ]
        for name, halves in scope.items():
            for half in ("dev", "test"):
                m = halves.get(half, {})
                cells = [m.get(k, "-") for k in ("n", "expected_rate", "answer", "not_covered", "outside")]
                lines.append(f"| {name} | {half} | " + " | ".join(str(c) for c in cells) + " |")
    return lines


def write_report(metrics: dict, checks: list, directory: Path) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "metrics.json").write_text(
        json.dumps(metrics, indent=2, ensure_ascii=False), encoding="utf-8"
    )
    (directory / PARTIAL).unlink(missing_ok=True)
    plots = _plots(metrics, directory)
    lines = [f"# Evaluation report ({metrics.get('generator')} generator)", ""]
    lines += [
        "## Retrieval",
        "",
        "| system | set | n | Recall@5 | MRR | nDCG@10 |",
        "|---|---|---|---|---|---|",
    ]
    for system, groups in metrics.get("retrieval", {}).items():
        for group in ("questions", "crosslingual"):
            m = groups.get(group, {})
            if m.get("n"):
                lines.append(
                    f"| {system} | {group} | {m['n']} | {m['recall_at_5']:.3f} | {m['mrr']:.3f} | "
                    f"{m['ndcg_at_10']:.3f} |"
                )
    lines += reader_lines(metrics)
    for section in ("answers", "refusal", "followups", "injection", "workflows", "index"):
        if section in metrics:
            lines += ["", f"## {section.capitalize()}", "", "| metric | value |", "|---|---|"]
            lines += [f"| {k} | {v} |" for k, v in metrics[section].items()]
    missed = [r for r in metrics.get("answers_by_question", []) if r["missed"]]
    if missed:
        lines += [
            "",
            "## Missed key facts",
            "",
            "Questions whose answer lacks a labelled fact; *not retrieved* means the fact was in "
            "none of the passages the answer was composed from (a ranking miss, not a composing one).",
            "",
            "| question | coverage | missed facts |",
            "|---|---|---|",
        ]
        for r in missed:
            facts = "; ".join(
                f if f in r["missed_in_retrieved"] else f"{f} (*not retrieved*)" for f in r["missed"]
            )
            refused = " (refused)" if r["refused"] else ""
            lines.append(f"| {r['id']}{refused} | {r['coverage']:.2f} | {facts.replace('|', '/')} |")
    lines += ["", "## Thresholds", "", "| metric | value | bound | ok |", "|---|---|---|---|"]
    for k, v, kind, b, ok in checks:
        verdict = ("skipped" if v is None else "yes") if ok else "NO"
        lines.append(f"| {k} | {v} | {'>=' if kind == 'min' else '<='} {b} | {verdict} |")
    for p in plots:
        lines += ["", f"![{p.stem}]({p.name})"]
    md = "\n".join(lines) + "\n"
    (directory / "report.md").write_text(md, encoding="utf-8")
    from markdown_it import MarkdownIt

    body = MarkdownIt("commonmark").enable("table").render(md)
    (directory / "report.html").write_text(
        "<!doctype html><meta charset='utf-8'><title>mentor-assistant evaluation</title>"
        "<style>body{font-family:sans-serif;max-width:60em;margin:2em auto}td,th{border:1px solid #ccc;"
        f"padding:.2em .5em}}table{{border-collapse:collapse}}</style>{body}",
        encoding="utf-8",
    )
    return directory / "report.md"


def _plots(metrics: dict, directory: Path) -> list[Path]:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return []
    out = []
    systems = list(metrics.get("retrieval", {}))
    if systems:
        names = ["recall_at_5", "mrr", "ndcg_at_10"]
        fig, ax = plt.subplots(figsize=(8, 4))
        width = 0.8 / len(systems)
        for i, system in enumerate(systems):
            m = metrics["retrieval"][system]["questions"]
            ax.bar(
                [j + i * width for j in range(len(names))], [m.get(n, 0) for n in names], width, label=system
            )
        ax.set_xticks([j + 0.4 - width / 2 for j in range(len(names))], ["Recall@5", "MRR", "nDCG@10"])
        ax.set_ylim(0, 1)
        ax.set_title("Retrieval on assistant/data/evals/questions.jsonl")
        ax.legend(fontsize=8)
        fig.tight_layout()
        path = directory / "retrieval.png"
        fig.savefig(path, dpi=110)
        plt.close(fig)
        out.append(path)
    return out
