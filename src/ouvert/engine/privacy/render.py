"""The French text shown by `ouvert scan`."""

from __future__ import annotations

from ouvert.engine.privacy.findings import KIND_LABELS, REMEDY_LABELS, Scan


def render_text(scan: Scan, name: str = "") -> str:
    title = f"Fichier {name} : " if name else ""
    if not scan.suspected:
        return (
            f"{title}aucune donnée personnelle détectée "
            f"({scan.rows} lignes, {scan.columns} colonnes examinées)."
        )
    lines = [
        f"{title}données personnelles suspectées "
        f"({scan.rows} lignes, {scan.columns} colonnes examinées)."
    ]
    for finding in scan.findings:
        kind = KIND_LABELS.get(finding.kind, finding.kind)
        inside = ""
        if finding.contains:
            inside = " (" + ", ".join(KIND_LABELS.get(k, k) for k in finding.contains) + ")"
        lines.append("")
        lines.append(
            f"• Colonne « {finding.label or finding.column} » : {kind}{inside}, "
            f"confiance {round(finding.confidence * 100)}\u00a0%"
        )
        lines.append(f"  {finding.explanation}")
        if finding.examples:
            lines.append(f"  Exemples masqués : {', '.join(finding.examples)}")
        remedies = ", ".join(REMEDY_LABELS.get(r, r) for r in finding.remedies)
        lines.append(f"  Remèdes possibles : {remedies}")
    if scan.metadata:
        lines.append("")
        lines.append("• Propriétés du fichier :")
        for item in scan.metadata:
            value = f" ({item.value})" if item.value else ""
            lines.append(f"  - {item.field}{value} : {item.explanation}")
        lines.append("  Remède : publier une copie sans ces propriétés.")
    return "\n".join(lines)
