"""Authors and comments in office and PDF files are reported, and stripped."""

from __future__ import annotations

import zipfile

import openpyxl
import pytest
from openpyxl.comments import Comment

from ouvert.engine.privacy import read_metadata, scan_file, strip_metadata
from ouvert.engine.privacy.metadata import UnsafeXml, parse_xml


def make_xlsx(path):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Commune", "Montant"])
    sheet.append(["Quimper", 1200])
    sheet["B2"].comment = Comment("Vérifié avec Jean Dupont", "Jean Dupont")
    workbook.properties.creator = "Brigitte Hervé"
    workbook.properties.lastModifiedBy = "Nicolas Martin"
    workbook.save(path)


META = """<?xml version="1.0" encoding="UTF-8"?>
<office:document-meta xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0"
 xmlns:dc="http://purl.org/dc/elements/1.1/" office:version="1.2"><office:meta>
<meta:initial-creator>Jean Valjean</meta:initial-creator><dc:creator>Cosette Fauchelevent</dc:creator>
</office:meta></office:document-meta>"""
CONTENT = """<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:dc="http://purl.org/dc/elements/1.1/" office:version="1.2"><office:body><office:spreadsheet>
<table:table table:name="Feuille1">
<table:table-row><table:table-cell office:value-type="string"><text:p>Commune</text:p></table:table-cell>
<table:table-cell office:value-type="string"><text:p>Montant</text:p></table:table-cell></table:table-row>
<table:table-row><table:table-cell office:value-type="string"><text:p>Brest</text:p>
<office:annotation><dc:creator>Javert</dc:creator><text:p>à revoir</text:p></office:annotation>
</table:table-cell><table:table-cell office:value-type="float" office:value="12"><text:p>12</text:p></table:table-cell></table:table-row>
</table:table></office:spreadsheet></office:body></office:document-content>"""
MANIFEST = """<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">
<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>
<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>
<manifest:file-entry manifest:full-path="meta.xml" manifest:media-type="text/xml"/>
</manifest:manifest>"""


def make_ods(path):
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(
            "mimetype", "application/vnd.oasis.opendocument.spreadsheet", zipfile.ZIP_STORED
        )
        archive.writestr("META-INF/manifest.xml", MANIFEST)
        archive.writestr("meta.xml", META)
        archive.writestr("content.xml", CONTENT.replace("\n", ""))


def test_xlsx_authors_and_comments(tmp_path):
    path = tmp_path / "budget.xlsx"
    make_xlsx(path)
    fields = {item.field: item for item in read_metadata(path)}
    assert set(fields) == {"creator", "lastModifiedBy", "comments"}
    assert fields["creator"].value == "B*** H***"
    clean = tmp_path / "clean.xlsx"
    strip_metadata(path, clean)
    assert read_metadata(clean) == []
    assert openpyxl.load_workbook(clean).active["A2"].value == "Quimper"
    scan = scan_file(path)
    assert scan.suspected and scan.findings == [] and scan.rows == 1


def test_ods_authors_and_annotations(tmp_path):
    path = tmp_path / "table.ods"
    make_ods(path)
    fields = {item.field for item in read_metadata(path)}
    assert fields == {"initial-creator", "creator", "comments"}
    clean = tmp_path / "clean.ods"
    strip_metadata(path, clean)
    assert read_metadata(clean) == []
    assert scan_file(clean).rows == 1


def test_pdf_author(tmp_path):
    path = tmp_path / "pv.pdf"
    path.write_bytes(
        b"%PDF-1.4\n1 0 obj\n<< /Title (PV) /Author (Jean Dupont) /Creator (Microsoft Word) >>\n"
        b"endobj\ntrailer\n<< /Info 1 0 R >>\n%%EOF\n"
    )
    items = read_metadata(path)
    assert [(item.field, item.value) for item in items] == [("Author", "J*** D***")]
    clean = tmp_path / "clean.pdf"
    strip_metadata(path, clean)
    assert read_metadata(clean) == []
    assert clean.stat().st_size == path.stat().st_size


def test_xml_with_dtd_is_refused():
    bomb = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>'
    with pytest.raises(UnsafeXml):
        parse_xml(bomb)
