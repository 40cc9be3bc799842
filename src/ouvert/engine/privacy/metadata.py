"""Who wrote the file: authors, last editors and comments in XLSX, ODS and PDF properties.

`read_metadata(path)` reports them; `strip_metadata(src, dst)` writes a copy without them. XML is
parsed with no DTD allowed (so no entity expansion); PDF /Info dictionaries are read with a bounded
regular expression (no PDF library is installed).
"""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path
from xml.etree import ElementTree

from ouvert.engine.privacy.findings import MetadataItem
from ouvert.engine.privacy.mask import mask_words

METADATA_SUFFIXES = (".xlsx", ".xlsm", ".docx", ".pptx", ".ods", ".odt", ".odp", ".pdf")
MAX_XML = 2_000_000
MAX_PDF_SCAN = 8_000_000

# Properties naming people (local names, whatever the namespace).
OOXML_PEOPLE = {"creator": "auteur", "lastModifiedBy": "dernière modification par"}
ODF_PEOPLE = {"initial-creator": "auteur", "creator": "dernière modification par"}
PDF_PEOPLE = {"Author": "auteur", "Creator": "logiciel ou auteur"}
COMMENT_PARTS = re.compile(r"^xl/(comments[^/]*\.xml|comments/.*\.xml|threadedComments/.*\.xml)$")


class UnsafeXml(ValueError):
    pass


def parse_xml(data: bytes) -> ElementTree.Element:
    """Parse XML refusing any DTD (no entity expansion, no external entities)."""
    if len(data) > MAX_XML:
        raise UnsafeXml("document XML trop volumineux")
    if re.search(rb"<!DOCTYPE|<!ENTITY", data[:4096] + data[-4096:]) or b"<!ENTITY" in data:
        raise UnsafeXml("document XML avec DTD refusé")
    return ElementTree.fromstring(data)  # noqa: S314 (DTDs refused above)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _item(field: str, value: str, role: str) -> MetadataItem:
    return MetadataItem(
        field=field,
        value=mask_words(value),
        explanation=f"Les propriétés du fichier donnent le nom de la personne ({role}).",
    )


def read_metadata(path: Path) -> list[MetadataItem]:
    suffix = path.suffix.lower()
    try:
        if suffix == ".pdf":
            return _pdf(path)
        if suffix in (".ods", ".odt", ".odp"):
            return _odf(path)
        if suffix in (".xlsx", ".xlsm", ".docx", ".pptx"):
            return _ooxml(path)
    except (zipfile.BadZipFile, ElementTree.ParseError, UnsafeXml, OSError):
        return []
    return []


def _ooxml(path: Path) -> list[MetadataItem]:
    items: list[MetadataItem] = []
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        if "docProps/core.xml" in names:
            root = parse_xml(archive.read("docProps/core.xml"))
            for element in root.iter():
                role = OOXML_PEOPLE.get(_local(element.tag))
                text = (element.text or "").strip()
                if role and text:
                    items.append(_item(_local(element.tag), text, role))
        for name in names:
            if COMMENT_PARTS.match(name):
                root = parse_xml(archive.read(name))
                authors = [(e.text or "").strip() for e in root.iter() if _local(e.tag) == "author"]
                count = sum(
                    1 for e in root.iter() if _local(e.tag) in ("comment", "threadedComment")
                )
                if count:
                    items.append(
                        MetadataItem(
                            field="comments",
                            value=", ".join(mask_words(a) for a in authors if a) or "",
                            explanation=(
                                f"Le classeur contient {_comments(count)}, qui "
                                "peuvent citer des personnes et nomment leurs auteurs."
                            ),
                        )
                    )
    return items


def _odf(path: Path) -> list[MetadataItem]:
    items: list[MetadataItem] = []
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        if "meta.xml" in names:
            root = parse_xml(archive.read("meta.xml"))
            for element in root.iter():
                role = ODF_PEOPLE.get(_local(element.tag))
                text = (element.text or "").strip()
                if role and text:
                    items.append(_item(_local(element.tag), text, role))
        if "content.xml" in names:
            root = parse_xml(archive.read("content.xml"))
            notes = [e for e in root.iter() if _local(e.tag) == "annotation"]
            if notes:
                authors = {
                    (e.text or "").strip()
                    for note in notes
                    for e in note.iter()
                    if _local(e.tag) == "creator"
                }
                items.append(
                    MetadataItem(
                        field="comments",
                        value=", ".join(mask_words(a) for a in sorted(authors) if a),
                        explanation=(
                            f"Le classeur contient {_comments(len(notes))}, qui "
                            "peuvent citer des personnes et nomment leurs auteurs."
                        ),
                    )
                )
    return items


_PDF_ENTRY = re.compile(rb"/(Author|Creator)(\s*)\(((?:[^()\\]|\\.){0,500})\)")


def _pdf(path: Path) -> list[MetadataItem]:
    with path.open("rb") as handle:
        data = handle.read(MAX_PDF_SCAN)
    items = []
    for key, _, raw in _PDF_ENTRY.findall(data):
        value = _pdf_text(raw)
        name = key.decode()
        if name == "Creator" and not _looks_like_person(value):
            continue  # "Microsoft® Word 2010" names software, not a person
        if value:
            items.append(_item(name, value, PDF_PEOPLE[name]))
    if re.search(rb"<dc:creator>", data):
        items.append(
            MetadataItem("xmp:creator", "***", "Les métadonnées XMP du PDF nomment un auteur.")
        )
    return items


def _pdf_text(raw: bytes) -> str:
    if raw.startswith(b"\xfe\xff"):
        return raw[2:].decode("utf-16-be", errors="replace").strip()
    return re.sub(rb"\\(.)", rb"\1", raw).decode("latin-1").strip()


def _looks_like_person(value: str) -> bool:
    return bool(value) and not re.search(
        r"\d|word|writer|office|acrobat|pdf|tex|microsoft", value, re.I
    )


# --- stripping ---------------------------------------------------------------------------------


def strip_metadata(src: Path, dst: Path) -> None:
    """Write a copy of `src` at `dst` without authors, editors and cell comments."""
    suffix = src.suffix.lower()
    if suffix in (".xlsx", ".xlsm", ".docx", ".pptx", ".ods", ".odt", ".odp"):
        _strip_zip(src, dst, odf=suffix.startswith(".od"))
    elif suffix == ".pdf":
        data = src.read_bytes()
        blank = _PDF_ENTRY.sub(
            lambda m: b"/" + m.group(1) + m.group(2) + b"(" + b" " * len(m.group(3)) + b")", data
        )
        blank = re.sub(
            rb"<dc:creator>.*?</dc:creator>",
            lambda m: b" " * len(m.group(0)),
            blank,
            flags=re.S,
        )
        dst.write_bytes(blank)  # same length: the cross-reference table stays right
    else:
        shutil.copyfile(src, dst)


_OOXML_PEOPLE_XML = re.compile(
    rb"<(dc:creator|cp:lastModifiedBy)(\s[^>]*)?>.*?</\1>|<(dc:creator|cp:lastModifiedBy)\s*/>",
    re.S,
)
_ODF_PEOPLE_XML = re.compile(rb"<(meta:initial-creator|dc:creator)(\s[^>]*)?>.*?</\1>", re.S)
_ODF_ANNOTATION = re.compile(rb"<office:annotation(\s[^>]*)?>.*?</office:annotation>", re.S)


def _strip_zip(src: Path, dst: Path, *, odf: bool) -> None:
    with zipfile.ZipFile(src) as source, zipfile.ZipFile(dst, "w") as target:
        names = source.namelist()
        for info in source.infolist():
            name = info.filename
            if not odf and (COMMENT_PARTS.match(name) or name.startswith("xl/persons/")):
                continue
            if not odf and re.match(r"^xl/drawings/vmlDrawing\d*\.vml$", name):
                continue
            data = source.read(name)
            if name == "docProps/core.xml":
                data = _OOXML_PEOPLE_XML.sub(b"", data)
            elif odf and name == "meta.xml":
                data = _ODF_PEOPLE_XML.sub(b"", data)
            elif odf and name == "content.xml":
                data = _ODF_ANNOTATION.sub(b"", data)
            elif not odf and name.endswith(".rels"):
                data = re.sub(
                    rb"<Relationship [^>]*(?:comments|threadedComment|vmlDrawing|/person)[^>]*/>",
                    b"",
                    data,
                )
            elif not odf and name == "[Content_Types].xml":
                data = re.sub(
                    rb"<Override [^>]*(?:comments|threadedComment|person)[^>]*/>", b"", data
                )
            elif not odf and re.match(r"^xl/worksheets/sheet\d+\.xml$", name):
                data = re.sub(rb"<legacyDrawing [^>]*/>", b"", data)
            compress = zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED
            target.writestr(info, data, compress_type=compress)
        del names


def _comments(count: int) -> str:
    return f"{count} commentaire{'s' if count > 1 else ''} de cellule"
