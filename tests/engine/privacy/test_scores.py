"""The scores of the labelled regression corpus (fixed files, see corpus/labels.json), with the
thresholds that must not regress. The evaluation on files the detectors never saw is
bench/privacy_corpus (docs/benchmarks.md)."""

from __future__ import annotations

import pytest
from scripts.privacy_scores import evaluate

RECALL = {"email": 0.98, "telephone": 0.98, "nir": 0.98, "iban": 0.98, "nom_personne": 0.90}


@pytest.fixture(scope="module")
def scores():
    return evaluate()


@pytest.mark.parametrize(("kind", "threshold"), sorted(RECALL.items()))
def test_recall(scores, kind, threshold):
    assert scores.per_kind[kind].recall >= threshold, scores.missed


def test_precision(scores):
    for kind, counts in scores.per_kind.items():
        assert counts.precision >= 0.9, (kind, scores.to_dict())


def test_real_files_wrongly_flagged(scores):
    assert scores.real_columns >= 200
    assert scores.real_false_positive_rate <= 0.05, scores.real_wrongly_flagged
