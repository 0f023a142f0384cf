"""The offline evaluation: datasets, metrics, the textbook baseline, the runner and its report."""

from assistant.evaluation.datasets import DATA, EVALS, DatasetError, load_jsonl, load_questions
from assistant.evaluation.metrics import fact_coverage, missed_facts, ranking_metrics
from assistant.evaluation.runner import run_eval

__all__ = [
    "DATA",
    "EVALS",
    "DatasetError",
    "fact_coverage",
    "load_jsonl",
    "load_questions",
    "missed_facts",
    "ranking_metrics",
    "run_eval",
]
