"""XLSX written as a stream: the workbook's few XML parts are zipped on the fly (zip data
descriptors need no seeking), the sheet a batch of rows at a time, with inline strings. Memory
stays flat whatever the number of rows; Excel itself opens at most 1 048 576 rows."""

from __future__ import annotations

import json
import math
import re
import zipfile
from collections.abc import Iterator
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any
from xml.sax.saxutils import escape

import pyarrow as pa

from ouvert.engine.tabular.query.exports.base import CHUNK_BYTES, ExportOptions, Rows
from ouvert.engine.tabular.query.exports.parquet_export import Drain
from ouvert.engine.tabular.query.values import features, points

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
DOC_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
EPOCH = datetime(1899, 12, 30)
MAX_CELL = 32_767  # Excel's limit on a cell's text
ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
DATE_STYLE, DATETIME_STYLE = 1, 2

PARTS = {
    "[Content_Types].xml": (
        f'{HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/'
        'sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.'
        'worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>'
    ),
    "_rels/.rels": (
        f'{HEAD}<Relationships xmlns="{RELS}"><Relationship Id="rId1" '
        f'Type="{DOC_RELS}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
    ),
    "xl/workbook.xml": (
        f'{HEAD}<workbook xmlns="{MAIN}" xmlns:r="{DOC_RELS}"><sheets>'
        '<sheet name="Données" sheetId="1" r:id="rId1"/></sheets></workbook>'
    ),
    "xl/_rels/workbook.xml.rels": (
        f'{HEAD}<Relationships xmlns="{RELS}"><Relationship Id="rId1" '
        f'Type="{DOC_RELS}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" '
        f'Type="{DOC_RELS}/styles" Target="styles.xml"/></Relationships>'
    ),
    "xl/styles.xml": (
        f'{HEAD}<styleSheet xmlns="{MAIN}"><numFmts count="1"><numFmt numFmtId="164" '
        'formatCode="yyyy-mm-dd hh:mm:ss"/></numFmts><fonts count="1"><font><sz val="11"/>'
        '<name val="Calibri"/></font></fonts><fills count="2"><fill><patternFill '
        'patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>'
        '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border>'
        '</borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" '
        'borderId="0"/></cellStyleXfs><cellXfs count="3"><xf numFmtId="0" fontId="0" '
        'fillId="0" borderId="0" xfId="0"/><xf numFmtId="14" fontId="0" fillId="0" '
        'borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="164" fontId="0" '
        'fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs><cellStyles '
        'count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>'
    ),
}


class XlsxWriter:
    content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    extension = "xlsx"

    def write(self, rows: Rows, options: ExportOptions) -> Iterator[bytes]:
        sink = Drain()
        archive = zipfile.ZipFile(sink, "w", compression=zipfile.ZIP_DEFLATED)
        for name, text in PARTS.items():
            archive.writestr(name, text)
        yield sink.take()
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            header = "".join(text_cell(output.name) for output in rows.outputs)
            sheet.write(f'{HEAD}<worksheet xmlns="{MAIN}"><sheetData><row>{header}</row>'.encode())
            tz = rows.tz
            for batch in rows.batches:
                columns = [
                    cells(batch.column(i), rows.outputs, i, tz) for i in range(batch.num_columns)
                ]
                lines = ["<row>" + "".join(row) + "</row>" for row in zip(*columns, strict=True)]
                sheet.write("".join(lines).encode("utf-8"))
                if sink.tell() > CHUNK_BYTES:
                    yield sink.take()
            sheet.write(b"</sheetData></worksheet>")
        archive.close()
        yield sink.take()


def cells(column: pa.Array, outputs: tuple[Any, ...], index: int, tz: Any) -> list[str]:
    kind = outputs[index].kind if index < len(outputs) else "value"
    if kind == "geo_shape":
        return [text_cell(json.dumps(f["geometry"])) if f else "<c/>" for f in features(column)]
    if kind == "geo_point_2d":
        return [text_cell(f"{p['lat']}, {p['lon']}") if p else "<c/>" for p in points(column)]
    return [cell(value, tz) for value in column.to_pylist()]


def cell(value: Any, tz: Any) -> str:
    if value is None:
        return "<c/>"
    if isinstance(value, bool):
        return f'<c t="b"><v>{int(value)}</v></c>'
    if isinstance(value, int | Decimal):
        return f"<c><v>{value}</v></c>"
    if isinstance(value, float):
        return f"<c><v>{value!r}</v></c>" if math.isfinite(value) else "<c/>"
    if isinstance(value, datetime):
        aware = value if value.tzinfo else value.replace(tzinfo=UTC)
        local = aware.astimezone(tz).replace(tzinfo=None)
        serial = (local - EPOCH).total_seconds() / 86400
        return f'<c s="{DATETIME_STYLE}"><v>{serial!r}</v></c>'
    if isinstance(value, date):
        return f'<c s="{DATE_STYLE}"><v>{(value - EPOCH.date()).days}</v></c>'
    if isinstance(value, dict | list):
        return text_cell(json.dumps(value, ensure_ascii=False, default=str))
    return text_cell(str(value))


def text_cell(text: str) -> str:
    clean = ILLEGAL_XML.sub("", text)[:MAX_CELL]
    return f'<c t="inlineStr"><is><t xml:space="preserve">{escape(clean)}</t></is></c>'
