"""Calibrate the refusal model and the grounding check from the labelled data in evals/.

    python evals/calibrate.py [--index DIR]

Builds (or reuses) an index of corpus/ in DIR, computes retrieval evidence for in-scope questions
(questions, cross-lingual and follow-up openers) and out-of-scope questions, fits a logistic
regression (class-balanced) and reports 5-fold cross-validated accuracy; then grid-searches the
grounding check's alpha and threshold on evals/grounding_pairs.jsonl and reports precision and
recall (also cross-validated). Writes assistant/data/calibration.json.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.answering import multilingual_evidence, question_language, scope_features  # noqa: E402
from assistant.grounding import GroundingChecker  # noqa: E402
from assistant.index import GuidanceIndex  # noqa: E402
from assistant.multilingual import load_scorer  # noqa: E402
from assistant.retrieval import HybridRetriever  # noqa: E402
from assistant.settings import Settings  # noqa: E402

FEATURES = ["ml", "dense"]


def jsonl(name: str) -> list[dict]:
    return [
        json.loads(line)
        for line in (ROOT / "evals" / name).read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]


def scope_data(retriever: HybridRetriever, scorer) -> tuple[np.ndarray, np.ndarray, list[str]]:
    items: list[tuple[str, int]] = [(d["q"], 1) for d in jsonl("questions.jsonl")]
    items += [
        (d["q"], 1) for d in jsonl("crosslingual.jsonl") if all(x.startswith("corpus/") for x in d["docs"])
    ]
    items += [(c["turns"][0]["q"], 1) for c in jsonl("followups.jsonl")]
    items += [(d["q"], 0) for d in jsonl("out_of_scope.jsonl")]
    X, y, langs = [], [], []
    for q, label in items:
        lang = question_language(q)
        retrieval = retriever.search(q, language=lang)
        feats = scope_features(retrieval, multilingual_evidence(scorer, q, retrieval))
        X.append([feats[f] for f in FEATURES])
        y.append(label)
        langs.append(lang)
    return np.asarray(X), np.asarray(y), langs


def standardised_model(balanced: bool):
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    return make_pipeline(
        StandardScaler(),
        LogisticRegression(C=1.0, class_weight="balanced" if balanced else None, max_iter=2000),
    )


def raw_coefficients(pipeline, names: list[str]) -> tuple[dict[str, float], float]:
    """Weights and bias on the unscaled features (what assistant/calibration.py applies)."""
    scaler, lr = pipeline.steps[0][1], pipeline.steps[1][1]
    w = lr.coef_[0] / scaler.scale_
    b = lr.intercept_[0] - float((lr.coef_[0] * scaler.mean_ / scaler.scale_).sum())
    return {n: round(float(x), 4) for n, x in zip(names, w, strict=True)}, round(float(b), 4)


def fit_scope(X: np.ndarray, y: np.ndarray, langs: list[str]) -> tuple[dict, float, dict]:
    from sklearn.model_selection import StratifiedKFold, cross_val_predict

    def model():
        return standardised_model(balanced=True)

    cv = cross_val_predict(
        model(), X, y, cv=StratifiedKFold(5, shuffle=True, random_state=0), method="predict_proba"
    )
    pred = cv[:, 1] >= 0.5
    lang = np.asarray(langs)
    measured = {
        "scope_cv_accuracy": round(float((pred == y).mean()), 4),
        "scope_cv_false_refusal_rate": round(float(((~pred) & (y == 1)).sum() / (y == 1).sum()), 4),
        "scope_cv_missed_refusal_rate": round(float((pred & (y == 0)).sum() / (y == 0).sum()), 4),
        "scope_cv_accuracy_en": round(float((pred[lang == "en"] == y[lang == "en"]).mean()), 4),
        "scope_cv_accuracy_tr": round(float((pred[lang == "tr"] == y[lang == "tr"]).mean()), 4),
        "scope_examples": len(y),
    }
    weights, bias = raw_coefficients(model().fit(X, y), FEATURES)
    return weights, bias, measured


GFEATURES = ["cos", "ml", "lex", "number", "role", "negation"]


def grounding_data(checker: GroundingChecker) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    pairs = jsonl("grounding_pairs.jsonl")
    rows = [checker.features(p["sentence"], p["passage"], p["language"]) for p in pairs]
    feats = np.asarray([[r[f] for f in GFEATURES] for r in rows], dtype=float)
    labels = np.asarray([bool(p["label"]) for p in pairs])
    return feats, labels, np.asarray([p["language"] for p in pairs])


def pr(pred: np.ndarray, labels: np.ndarray) -> tuple[float, float]:
    tp = (pred & labels).sum()
    return (tp / max(1, pred.sum()), tp / max(1, labels.sum()))


def fit_grounding(feats: np.ndarray, labels: np.ndarray, langs: np.ndarray):
    from sklearn.model_selection import StratifiedKFold, cross_val_predict

    def model():
        return standardised_model(balanced=False)

    cv = cross_val_predict(
        model(), feats, labels, cv=StratifiedKFold(5, shuffle=True, random_state=0), method="predict_proba"
    )[:, 1]
    # threshold: the one with the best cross-validated F1
    best_t, best_f = 0.5, -1.0
    for t in np.linspace(0.2, 0.9, 71):
        p, r = pr(cv >= t, labels)
        f = 2 * p * r / max(1e-9, p + r)
        if f > best_f:
            best_t, best_f = float(t), f
    pred = cv >= best_t
    cp, cr = pr(pred, labels)
    measured = {
        "grounding_pairs": len(labels),
        "grounding_cv_precision": round(float(cp), 4),
        "grounding_cv_recall": round(float(cr), 4),
    }
    for lang in ("en", "tr"):
        m = langs == lang
        lp, lr = pr(pred[m], labels[m])
        measured[f"grounding_cv_precision_{lang}"] = round(float(lp), 4)
        measured[f"grounding_cv_recall_{lang}"] = round(float(lr), 4)
    weights, bias = raw_coefficients(model().fit(feats, labels), GFEATURES)
    return weights, bias, round(best_t, 3), measured


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--index", default=str(ROOT / ".mentor" / "calibration-index"))
    args = ap.parse_args()
    settings = Settings(index_dir=Path(args.index))
    index = GuidanceIndex(settings)
    index.ingest([ROOT / "corpus"])
    retriever = HybridRetriever(index, settings)

    scorer = load_scorer(settings.multilingual_scorer)
    X, y, langs = scope_data(retriever, scorer)
    weights, bias, measured = fit_scope(X, y, langs)

    checker = GroundingChecker(index.embeddings, scorer=scorer)
    feats, labels, glang = grounding_data(checker)
    gweights, gbias, gthreshold, gmeasured = fit_grounding(feats, labels, glang)
    measured.update(gmeasured)

    out = {
        "grounding_weights": gweights,
        "grounding_bias": gbias,
        "grounding_threshold": gthreshold,
        "scope_weights": weights,
        "scope_bias": bias,
        "scope_threshold": 0.5,
        "measured": measured,
    }
    path = ROOT / "assistant" / "data" / "calibration.json"
    path.write_text(json.dumps(out, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
