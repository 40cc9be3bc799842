"""Cell-level remedies: a facility list with 5 mobile numbers among 124 establishments' phones
(the real Montpellier defibrillators' file) is held with those 5 rows named, masking just those
cells is the first remedy offered, and the new version masks exactly them and goes online."""

from __future__ import annotations

import io
import re
from pathlib import Path

import duckdb
from django.test import Client

from ouvert.catalog.models import ResourceVersion
from ouvert.publishing import guard
from ouvert.publishing import services as publishing
from ouvert.publishing.models import Review

DEFIBRILLATORS = (
    Path(__file__).resolve().parents[1]
    / "data"
    / "shared"
    / "real"
    / "montpellier_VilleMTP_MTP_Defibrillateurs.csv"
)


def phones(version: ResourceVersion) -> dict[int, str | None]:
    con = duckdb.connect()
    sql = "SELECT __id, tel FROM read_parquet(?) ORDER BY __id"
    return dict(con.execute(sql, [str(version.table.absolute_path)]).fetchall())


def test_few_mobiles_among_establishments_are_masked_cell_by_cell(
    make_dataset, quimper_editor, client: Client
) -> None:
    dataset = make_dataset("Défibrillateurs", filename="premier.csv")
    resource = dataset.resources.get()
    held = publishing.upload_version(
        quimper_editor, resource, io.BytesIO(DEFIBRILLATORS.read_bytes()), "defibrillateurs.csv"
    )
    held.refresh_from_db()
    assert held.status == ResourceVersion.Status.HELD
    (finding,) = Review.objects.get(version=held).findings
    assert finding["kind"] == "telephone" and finding["remedies"][0] == "mask_cells"
    cells = finding["cells"]
    before = phones(held)
    assert len(cells) == 5 and all(" 06 " in f" {before[cell]} " for cell in cells)
    assert "Lignes concernées" in finding["explanation"] and str(cells[0]) in finding["explanation"]

    client.force_login(quimper_editor)
    page = client.get(f"/espace/jeux/{dataset.slug}/").content.decode()
    assert "Masquer seulement les 5 cellules signalées" in page

    remedied = guard.remedy(quimper_editor, held, "tel", "mask_cells")
    remedied.refresh_from_db()
    assert remedied.status == ResourceVersion.Status.READY, remedied.status_message
    after = phones(remedied)
    changed = {row for row in before if before[row] != after[row]}
    assert changed == set(cells)
    for cell in cells:  # the mobile is masked, the establishment's fixed line kept
        assert "06 ** ** ** **" in after[cell] and not re.search(r"06 ?[0-9]", after[cell])
        fixed = before[cell].split("06")[0].strip()
        assert after[cell].startswith(fixed)
