"""The shared mechanics of detectors that recognise values by their shape (and checksum).

DuckDB finds candidate cells with a RE2 pattern over the sample; Python checks the few distinct
candidates (checksums, exclusions); a column is flagged when valid values are there, either as
whole cells (a column *of* e-mails) or inside sentences (reported as free text).
"""

from __future__ import annotations

import re

from ouvert.engine.privacy.base import CELL_LIMIT, CELL_SHARE, Column, Table
from ouvert.engine.privacy.findings import KIND_LABELS, Finding

# No digit right before or after a match (so a SIRET never hides a phone number).
DIGIT_BEFORE = r"(?:^|[^0-9])"
DIGIT_AFTER = r"(?:[^0-9]|$)"


class PatternDetector:
    kind = ""
    stage = 1
    candidate = ""  # RE2 pattern, searched in the cell by DuckDB
    occurrence: re.Pattern[str] = re.compile(r"(?!)")  # Python pattern of one occurrence
    cues: frozenset[str] = frozenset()
    min_share = 0.0  # share of the column's cells needed when the header gives no cue
    min_valid = 0.0  # share of candidates that must pass the checksum (structured columns)
    in_text = True  # also reported inside free text
    confidence = 0.9
    remedies = ["drop", "mask", "pseudonymise"]

    # --- what subclasses refine ---------------------------------------------------------------

    def valid(self, text: str) -> bool:
        """A matched occurrence is really of this kind (checksum, ranges)."""
        return True

    def public(self, text: str, column: Column, table: Table) -> bool:
        """An occurrence that is not personal (a service's address or number)."""
        return False

    def mask(self, text: str) -> str:
        from ouvert.engine.privacy.mask import mask_digits

        return mask_digits(text)

    def occurrences(self, value: str) -> list[str]:
        return [m.group(0) for m in self.occurrence.finditer(value) if self.valid(m.group(0))]

    def whole(self, value: str, found: list[str]) -> bool:
        return len(found) == 1 and found[0].strip() == value.strip()

    # --- the shared decision ------------------------------------------------------------------

    def detect(self, column: Column, table: Table) -> Finding | None:
        if not table.candidates.get((column.name, self.kind)):
            return None
        candidate_rows = valid_rows = whole_rows = public_rows = 0
        examples: list[str] = []
        at_risk: list[str] = []
        for value, count in table.matching_values(column, self.candidate):
            candidate_rows += count
            found = self.occurrences(value)
            if not found:
                continue
            private = [text for text in found if not self.public(text, column, table)]
            if not private:
                public_rows += count
                continue
            at_risk.append(value)
            valid_rows += count
            if self.whole(value, found):
                whole_rows += count
            if len(examples) < 3:
                examples.append(self.mask(private[0].strip()))
        if valid_rows == 0:
            return None
        cue = column.cue(self.cues)
        share = valid_rows / max(column.sample_rows, 1)
        structured = whole_rows >= valid_rows / 2 and not column.is_free_text
        if structured:
            if not cue and share < self.min_share:
                return None
            if valid_rows < self.min_valid * (candidate_rows - public_rows):
                return None
            kind = self.kind
        elif column.is_free_text and self.in_text:
            kind = "texte_libre"
        elif cue or share >= max(self.min_share, 0.2):
            kind = self.kind
        else:
            return None
        confidence = self.confidence if cue or share >= 0.5 else self.confidence - 0.15
        if kind == "texte_libre":
            confidence = min(confidence, 0.8)
        matches = self._matches(column, table, valid_rows, candidate_rows)
        label = KIND_LABELS[self.kind]
        where = "dans des phrases" if kind == "texte_libre" else "dans ses cellules"
        explanation = (
            f"La colonne « {column.label} » contient des {label} {where} "
            f"({matches} cellule{'s' if matches > 1 else ''} sur {column.rows})."
        )
        if public_rows:
            explanation += " Les adresses ou numéros de services publics ont été écartés."
        return Finding(
            column=column.name,
            kind=kind,
            confidence=round(max(0.0, min(confidence, 1.0)), 2),
            matches=matches,
            rows=column.rows,
            examples=examples,
            explanation=explanation,
            remedies=list(self.remedies),
            label=column.label,
            contains=[self.kind] if kind == "texte_libre" else [],
            values=self._at_risk(column, table, at_risk, matches),
            pattern=self.cell_pattern(column, table),
        )

    def cell_pattern(self, column: Column, table: Table) -> str:
        """What a cell-level mask hides inside an at-risk cell (a Python regular expression)."""
        return self.occurrence.pattern

    def _at_risk(self, column: Column, table: Table, seen: list[str], matches: int) -> list[str]:
        """The at-risk values, to locate their cells, when few enough to mask one by one."""
        if matches > CELL_LIMIT or matches > CELL_SHARE * column.rows:
            return []  # the whole column is the matter: no need to list its cells
        return self._full_values(column, table) if table.sampled else seen

    def _full_values(self, column: Column, table: Table) -> list[str]:
        """On a sampled table, the at-risk cells of the whole table (for cell-level remedies);
        [] when there are too many distinct ones to list."""
        values = table.full_matching_values(column, self.candidate)
        return [
            value
            for value in values
            if any(not self.public(text, column, table) for text in self.occurrences(value))
        ]

    def _matches(self, column: Column, table: Table, valid: int, candidates: int) -> int:
        if not table.sampled:
            return valid
        full = table.full_count(column, self.candidate)
        return max(1, round(full * valid / max(candidates, 1)))
