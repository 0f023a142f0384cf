"""Calibrated thresholds (grounding support and refusal), read from ``data/calibration.json``.

The file is written by ``evals/calibrate.py`` from the labelled data under ``assistant/data/evals/``; the
defaults below are used only if it is missing.
"""

from __future__ import annotations

import functools
import json
from importlib import resources

from pydantic import BaseModel


class Calibration(BaseModel):
    grounding_weights: dict[str, float] = {
        "cos": 6.0,
        "lex": 4.0,
        "number": -2.0,
        "role": -2.0,
        "negation": -1.0,
    }
    grounding_bias: float = -6.0
    grounding_threshold: float = 0.5
    # refusal: in-scope probability = sigmoid(sum(w[f] * feature[f]) + bias), see scope_features()
    scope_weights: dict[str, float] = {"dense": 14.0, "dense_x": 4.0}
    scope_bias: float = -5.0
    scope_threshold: float = 0.5
    # domain: P(about mentoring) = sigmoid(domain_weight * similarity + domain_bias), see scope.py;
    # the defaults (no calibration file) judge every unanswerable question outside the domain
    domain_weight: float = 0.0
    domain_bias: float = -1.0
    measured: dict = {}


@functools.cache
def load_calibration() -> Calibration:
    try:
        raw = resources.files("assistant").joinpath("data/calibration.json").read_text(encoding="utf-8")
    except FileNotFoundError:
        return Calibration()
    return Calibration.model_validate(json.loads(raw))
