"""A run's report as French text, for the command line."""

from __future__ import annotations

from django.utils import timezone

from ouvert.harvesting.models import HarvestRun

OUTCOMES = {
    "created": "créé",
    "updated": "mis à jour",
    "unchanged": "inchangé",
    "archived": "archivé",
    "failed": "échec",
}


def counts_line(run: HarvestRun) -> str:
    line = (
        f"{run.created} créé(s), {run.updated} mis à jour, {run.unchanged} inchangé(s), "
        f"{run.archived} archivé(s), {run.failed} en échec"
    )
    if run.skipped:
        line += f", {run.skipped} écarté(s) par les filtres"
    return line


def render_run(run: HarvestRun, *, verbose: bool = True) -> str:
    """The run's status, counts, failure reason and, with `verbose`, one line per dataset."""
    started = timezone.localtime(run.started_at).strftime("%d/%m/%Y à %H:%M")
    lines = [
        f"Moissonnage n° {run.pk} de « {run.source.name} » ({run.source.url}) du {started} : "
        f"{run.get_status_display().lower()}.",
        counts_line(run) + ".",
    ]
    if run.error:
        lines.append(run.error)
    for item in run.items:
        if not verbose and item["outcome"] in {"unchanged", "created", "updated"}:
            continue
        label = OUTCOMES.get(item["outcome"], item["outcome"])
        text = f"  - [{label}] {item['title'] or item['remote_id']}"
        if item.get("reason"):
            text += f" : {item['reason']}"
        lines.append(text)
    return "\n".join(lines)
