"""Precision and recall of the personal-data scanner on its labelled corpus.

    .venv/bin/python scripts/privacy_scores.py [--json]

The corpus is tests/engine/privacy/corpus/: generated files (generate.py) and real files of
shared/data/ (real/ and deliberations/), labelled per column in labels.json. A column counts as
found for a kind when the scanner reports that kind on it. Also printed: the share of columns of
shared/data/real/ flagged although they hold nothing personal (target: at most 5 %).
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from ouvert.engine.ingest import ingest  # noqa: E402
from ouvert.engine.privacy import Scan, scan_parquet  # noqa: E402
from ouvert.engine.privacy.findings import KIND_LABELS  # noqa: E402

CORPUS = ROOT / "tests" / "engine" / "privacy" / "corpus"
SHARED_DATA = ROOT / "tests" / "data" / "shared"  # copies of shared/data (see its README)


@dataclass
class Counts:
    true_positives: int = 0
    false_positives: int = 0
    false_negatives: int = 0

    @property
    def precision(self) -> float:
        found = self.true_positives + self.false_positives
        return self.true_positives / found if found else 1.0

    @property
    def recall(self) -> float:
        expected = self.true_positives + self.false_negatives
        return self.true_positives / expected if expected else 1.0


@dataclass
class Scores:
    per_kind: dict[str, Counts] = field(default_factory=dict)
    real_columns: int = 0
    real_wrongly_flagged: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)
    files: int = 0

    @property
    def real_false_positive_rate(self) -> float:
        return len(self.real_wrongly_flagged) / self.real_columns if self.real_columns else 0.0

    def to_dict(self) -> dict[str, object]:
        return {
            "per_kind": {
                kind: {
                    "precision": round(c.precision, 3),
                    "recall": round(c.recall, 3),
                    "tp": c.true_positives,
                    "fp": c.false_positives,
                    "fn": c.false_negatives,
                }
                for kind, c in sorted(self.per_kind.items())
            },
            "real_columns": self.real_columns,
            "real_wrongly_flagged": self.real_wrongly_flagged,
            "real_false_positive_rate": round(self.real_false_positive_rate, 4),
            "missed": self.missed,
        }


def _score_file(path: Path, expected: dict[str, str], scores: Scores, real: bool) -> None:
    scan, columns = _scan(path)
    scores.files += 1
    found: dict[str, set[str]] = {}
    for finding in scan.findings:
        found.setdefault(finding.column, set()).add(finding.kind)
    for column in columns:
        label = expected.get(column)
        kinds = found.get(column, set())
        for kind in kinds:
            counts = scores.per_kind.setdefault(kind, Counts())
            if kind == label:
                counts.true_positives += 1
            else:
                counts.false_positives += 1
        if label and label not in kinds:
            scores.per_kind.setdefault(label, Counts()).false_negatives += 1
            scores.missed.append(f"{path.name}:{column} ({label})")
        if real and path.parent.name == "real":
            scores.real_columns += 1
            if kinds and not label:
                scores.real_wrongly_flagged.append(f"{path.name}:{column}")


def _scan(path: Path) -> tuple[Scan, list[str]]:
    """The file read as the platform reads it (its typed Parquet), scanned; and its columns."""
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        ingested = ingest(path, Path(folder), filename=path.name)
        labels = {c["name"]: c.get("label") or c["name"] for c in ingested.columns}
        return scan_parquet(ingested.parquet, labels=labels), list(labels)


def evaluate(corpus: Path = CORPUS, shared: Path = SHARED_DATA) -> Scores:
    labels = json.loads((corpus / "labels.json").read_text(encoding="utf-8"))
    scores = Scores()
    for name, expected in labels["generated"].items():
        _score_file(corpus / name, expected, scores, real=False)
    if shared.is_dir():
        for name, expected in labels["real"].items():
            if (shared / name).is_file():
                _score_file(shared / name, expected, scores, real=True)
    return scores


def main(argv: list[str]) -> int:
    scores = evaluate()
    if "--json" in argv:
        print(json.dumps(scores.to_dict(), ensure_ascii=False, indent=2))
        return 0
    print(f"{'détecteur':<24} {'précision':>9} {'rappel':>7} {'VP':>4} {'FP':>4} {'FN':>4}")
    for kind, counts in sorted(scores.per_kind.items()):
        print(
            f"{kind:<24} {counts.precision:>9.3f} {counts.recall:>7.3f} "
            f"{counts.true_positives:>4} {counts.false_positives:>4} {counts.false_negatives:>4}"
            f"   {KIND_LABELS.get(kind, '')}"
        )
    print(
        f"\nFichiers réels de shared/data/real : {len(scores.real_wrongly_flagged)} colonne(s) "
        f"signalée(s) à tort sur {scores.real_columns} "
        f"({scores.real_false_positive_rate:.1%}, objectif ≤ 5 %)"
    )
    for column in scores.real_wrongly_flagged:
        print(f"  à tort : {column}")
    for column in scores.missed:
        print(f"  manqué : {column}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
