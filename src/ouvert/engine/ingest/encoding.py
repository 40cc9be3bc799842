"""Which encoding a French text file is in, and its transcoding to UTF-8 when DuckDB needs it.

Most files are UTF-8 (with or without a byte-order mark) or Windows-1252; some are UTF-16 (Excel's
"texte Unicode"); and some mix UTF-8 with a few Windows-1252 bytes (lines pasted from another
file). The last are repaired: each invalid byte is read as Windows-1252, and the note says so.
"""

from __future__ import annotations

import codecs
import threading
from dataclasses import dataclass
from pathlib import Path

import charset_normalizer

SAMPLE = 1024 * 1024
CHUNK = 8 * 1024 * 1024


@dataclass(frozen=True)
class Encoding:
    name: str  # Python codec name
    label: str  # how the note names it
    bom: bool = False
    repaired_bytes: int = 0  # invalid UTF-8 bytes read as Windows-1252

    @property
    def is_utf8(self) -> bool:
        return self.name in ("utf-8", "utf-8-sig")


_repairs = threading.local()


def _cp1252_fallback(error: UnicodeError) -> tuple[str, int]:
    assert isinstance(error, UnicodeDecodeError)
    bad = error.object[error.start : error.end]
    _repairs.count = getattr(_repairs, "count", 0) + len(bad)
    return bad.decode("cp1252", errors="replace"), error.end


codecs.register_error("ouvert-cp1252", _cp1252_fallback)


def _valid_utf8_prefix(data: bytes) -> bool:
    """Whether the sample is UTF-8, allowing a character cut at its end."""
    try:
        data.decode("utf-8")
        return True
    except UnicodeDecodeError as error:
        return error.start >= len(data) - 3 and error.reason == "unexpected end of data"


LABELS = {
    "utf-8": "UTF-8",
    "utf-8-sig": "UTF-8 avec BOM",
    "utf-16": "UTF-16",
    "utf-16-le": "UTF-16",
    "utf-16-be": "UTF-16",
    "cp1252": "Windows-1252",
    "iso8859-1": "Latin-1 (ISO-8859-1)",
    "iso8859-15": "Latin-9 (ISO-8859-15)",
    "mac-roman": "Mac Roman",
    "cp850": "DOS (CP850)",
}


def named(name: str, path: Path) -> Encoding:
    """The encoding a person chose (a Python codec name); a UTF-8 file's BOM is still skipped."""
    codec = codecs.lookup(name).name
    if codec == "utf-8":
        with path.open("rb") as handle:
            if handle.read(3) == codecs.BOM_UTF8:
                codec = "utf-8-sig"
    return Encoding(codec, LABELS.get(codec, name), bom=codec in ("utf-8-sig", "utf-16"))


def detect(path: Path) -> Encoding:
    with path.open("rb") as handle:
        head = handle.read(SAMPLE)
    if head.startswith(codecs.BOM_UTF8):
        encoding = Encoding("utf-8-sig", "UTF-8 avec BOM", bom=True)
    elif head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return Encoding("utf-16", "UTF-16", bom=True)
    elif len(head) >= 4 and head[1::2][:64].count(0) > 24 and head[0::2][:64].count(0) == 0:
        return Encoding("utf-16-le", "UTF-16")
    elif len(head) >= 4 and head[0::2][:64].count(0) > 24 and head[1::2][:64].count(0) == 0:
        return Encoding("utf-16-be", "UTF-16")
    elif _valid_utf8_prefix(head):
        encoding = Encoding("utf-8", "UTF-8")
    else:
        if _mostly_utf8(head):
            encoding = Encoding("utf-8", "UTF-8")
        else:
            guess = charset_normalizer.from_bytes(
                head[:65536], cp_isolation=["cp1252", "latin_1", "mac_roman", "cp850"]
            ).best()
            name = guess.encoding if guess is not None else "cp1252"
            # Latin-1 is a subset of Windows-1252 except for the 0x80–0x9F controls, which in
            # French files are always ’, œ, € or « ».
            if name in ("latin_1", "iso8859_1", "iso8859_15"):
                name = "cp1252"
            # On a few accented letters the guess may be wrong (« à » read « ‡ » in Mac Roman):
            # the codec giving the most French letters wins, the guess breaking ties.
            sample = head[:65536]
            name = max(
                ("cp1252", "mac_roman", "cp850"),
                key=lambda codec: (_french_letters(sample, codec), codec == name),
            )
            label = {"cp1252": "Windows-1252", "mac_roman": "Mac Roman", "cp850": "DOS (CP850)"}
            return Encoding(name, label.get(name, name))
    # Stray bytes further down are found by DuckDB, which refuses invalid UTF-8: the file is
    # then transcoded (see text.py). Scanning the whole file here would cost a second read.
    return encoding


FRENCH_LETTERS = frozenset("àâäçéèêëîïôöùûüÿœæÀÂÄÇÉÈÊËÎÏÔÖÙÛÜŸŒÆ«»’€°")


def _french_letters(data: bytes, codec: str) -> int:
    """How many French letters and signs the non-ASCII bytes of `data` make in `codec`."""
    text = bytes(b for b in data if b > 127).decode(codec, errors="replace")
    return sum(1 for char in text if char in FRENCH_LETTERS)


def _mostly_utf8(head: bytes) -> bool:
    """UTF-8 with stray bytes: multi-byte UTF-8 sequences outnumber the invalid bytes."""
    text = head.decode("utf-8", errors="replace")
    invalid = text.count("\ufffd")
    multibyte = sum(1 for char in text if ord(char) > 127 and char != "\ufffd")
    return multibyte > 0 and invalid <= multibyte


def needs_transcoding(encoding: Encoding, lone_cr: bool) -> bool:
    return not encoding.is_utf8 or encoding.repaired_bytes > 0 or lone_cr


def transcode(
    path: Path, target: Path, encoding: Encoding, *, lone_cr: bool, prefix: str = ""
) -> int:
    """Writes the file as UTF-8 without BOM, after `prefix`; old Mac line ends (a lone CR)
    become LF. Returns how many bytes of a UTF-8 file were not UTF-8 (read as Windows-1252)."""
    _repairs.count = 0
    errors = "ouvert-cp1252" if encoding.is_utf8 else "replace"
    decoder = codecs.getincrementaldecoder(encoding.name)(errors=errors)
    pending_cr = False
    first = True
    with path.open("rb") as source, target.open("w", encoding="utf-8", newline="") as out:
        out.write(prefix)
        while True:
            chunk = source.read(CHUNK)
            text = decoder.decode(chunk, final=not chunk)
            if lone_cr and text:
                if pending_cr:
                    text = "\r" + text
                pending_cr = text.endswith("\r")
                if pending_cr:
                    text = text[:-1]
                text = text.replace("\r\n", "\n").replace("\r", "\n")
            out.write(text.lstrip("\ufeff") if first else text)
            first = first and not text
            if not chunk:
                break
        if pending_cr:
            out.write("\n")
    return int(_repairs.count)


def has_lone_cr(sample: str) -> bool:
    """Line ends of old Mac files: carriage returns not followed by a line feed."""
    stripped = sample.rstrip("\r")
    return stripped.count("\r") > stripped.count("\r\n")
