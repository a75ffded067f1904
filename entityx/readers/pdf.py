"""PDF: the text layer, page by page, with PDFium (pypdfium2).

PDFium was chosen by measurement (bench/README.md, "Readers"): fastest of
pypdfium2, pypdf and pdfminer.six by a wide margin, flat memory, and it
already undoes ligatures and marks hyphens at line ends (U+FFFE).

Each page is loaded, its text taken and the page closed before the next
(a 1,000-page file never holds more than one page). The page texts are then
cleaned as a whole, because some rules need the whole document:

* running headers and footers (a line at a page's edge that recurs, digits
  aside, on most pages) are dropped;
* a line-end hyphen is kept ("non-committal", "Russia-Ukraine") unless the
  word without it occurs elsewhere in the document ("negoti-ations");
* lines of one paragraph are joined with a space, so a name broken over two
  lines is one name; a short line ending a sentence, or a change of font
  size (a heading, a footnote), ends a paragraph.

Ligatures left by other producers (U+FB00–FB06) are undone here too.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from typing import ClassVar, NamedTuple

from ..documents import Document, human_size
from ..errors import InputError
from .base import RawInput, Reader, ReadOptions

NO_TEXT = "no text layer — scanned? OCR is not supported"
_LINE_HYPHEN = "\ufffe"  # PDFium's mark for a hyphen it removed at a line end
_EDGE_LINES = 3  # lines at the top and at the bottom of a page that may be running
_LIGATURES = str.maketrans({chr(c): unicodedata.normalize("NFKC", chr(c))
                            for c in range(0xFB00, 0xFB07)})
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\ufeff\uffff]")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_CELL = "\x1f"  # marks a table cell boundary found in a page's text (removed)
_SENTENCE_END = re.compile(r"[.!?:;\"”’)\]]$")
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_HYPHEN_JOIN = re.compile(r"([^\W\d_]+)\ufffe\s*([^\W\d_]+)?")


class PdfReader(Reader):
    """A PDF's text layer; ``Document.pages`` holds each page's start offset."""

    kind: ClassVar[str] = "pdf"
    suffixes: ClassVar[tuple[str, ...]] = (".pdf",)

    def sniff(self, head: bytes) -> bool:
        # Readers accept junk before the header within the first KiB.
        return b"%PDF-" in head[:1024]

    def read(self, raw: RawInput, options: ReadOptions) -> Document:
        import pypdfium2 as pdfium

        if not _complete(raw.data):
            raise InputError(raw.name, "truncated or corrupt PDF (no end-of-file marker)")
        try:
            pdf = pdfium.PdfDocument(raw.data)
        except pdfium.PdfiumError as exc:
            raise InputError(raw.name, _open_problem(str(exc))) from None
        warnings: list[str] = []
        try:
            pages = _page_texts(pdf, raw.name, options.max_bytes, warnings)
        finally:
            pdf.close()
        if not pages:
            raise InputError(raw.name, "PDF has no pages")
        if not any(text.strip() for text, _ in pages):
            return Document(raw.name, "", kind=self.kind, warnings=[NO_TEXT, *warnings],
                            pages=[0] * len(pages))
        blank = [str(i + 1) for i, (text, _) in enumerate(pages) if not text.strip()]
        if blank:
            shown = ", ".join(blank[:10]) + (", …" if len(blank) > 10 else "")
            warnings.append(f"no text layer on page(s) {shown} — scanned? OCR is not supported")
        text, starts = assemble([t for t, _ in pages], [sizes for _, sizes in pages])
        return Document(raw.name, text, kind=self.kind, warnings=warnings, pages=starts)


def _complete(data: bytes) -> bool:
    """Whether the last cross-reference pointer is followed by an end-of-file
    marker. pdfium repairs a cut file silently (it would give part of the
    text), so a cut is found here; bytes after the marker, however many, are
    ignored as readers do."""
    last = data.rfind(b"startxref")
    return last >= 0 and b"%%EOF" in data[last:]


def _open_problem(message: str) -> str:
    if "password" in message.lower():
        return "encrypted: no password"
    if "security" in message.lower():
        return "encrypted with an unsupported security scheme"
    return "truncated or corrupt PDF (cannot be opened)"


class Line(NamedTuple):
    text: str
    size: float  # the font size of its first character (0: unknown)
    cell: bool = False  # a table cell: never joined to the next line
    row: int = 0  # the line of the page's text it comes from (cells share one)


def _page_texts(pdf: object, name: str, max_bytes: int,
                warnings: list[str]) -> list[tuple[str, list[float]]]:
    """Each page's raw text and its lines' font sizes, one page in memory at
    a time."""
    import pypdfium2 as pdfium

    pages: list[tuple[str, list[float]]] = []
    size = 0
    unreadable: list[str] = []
    for index in range(len(pdf)):  # type: ignore[arg-type]
        try:
            page = pdf[index]  # type: ignore[index]
            try:
                textpage = page.get_textpage()
                try:
                    text = _mark_cells(textpage, textpage.get_text_range())
                    sizes = _font_sizes(textpage, text)
                finally:
                    textpage.close()
            finally:
                page.close()
        except pdfium.PdfiumError:
            unreadable.append(str(index + 1))
            text, sizes = "", []
        size += len(text.encode("utf-8", "surrogatepass"))
        if size > max_bytes:
            raise InputError(name, f"text extracted is over the limit of {human_size(max_bytes)}; "
                                   "raise the limit with --max-bytes")
        pages.append((text, sizes))
    if unreadable and len(unreadable) == len(pages):
        raise InputError(name, "truncated or corrupt PDF (no page could be read)")
    if unreadable:
        warnings.append(f"page(s) {', '.join(unreadable[:10])} could not be read (corrupt)")
    return pages


def _mark_cells(textpage: object, text: str) -> str:
    """Mark table cell boundaries with ``_CELL``: a space that PDFium made up
    (no space was drawn) across a gap wider than 0.8 em (word spaces are
    about 0.25–0.35 em), as between the cells of a row; else the cells run
    together ("Ignacio Villanueva Adviser"). Drawn spaces are left alone, so
    justified text is unaffected."""
    import ctypes

    import pypdfium2.raw as pdfium_c

    handle = textpage.raw  # type: ignore[attr-defined]
    left, right, bottom, top = (ctypes.c_double() for _ in range(4))
    chars = list(text)
    for i in range(1, len(text) - 1):
        if text[i] != " " or text[i + 1] in "\r\n" or \
                pdfium_c.FPDFText_IsGenerated(handle, i) != 1:
            continue
        pdfium_c.FPDFText_GetCharBox(handle, i - 1, left, right, bottom, top)
        end = right.value
        pdfium_c.FPDFText_GetCharBox(handle, i + 1, left, right, bottom, top)
        if left.value - end > 0.8 * pdfium_c.FPDFText_GetFontSize(handle, i - 1):
            chars[i] = _CELL
    return "".join(chars)


def _font_sizes(textpage: object, text: str) -> list[float]:
    """The font size at the start of each line of ``text`` (PDFium's text
    index is the string's, but for characters outside the BMP: close enough)."""
    import pypdfium2.raw as pdfium_c

    handle = textpage.raw  # type: ignore[attr-defined]
    sizes = []
    start = 0
    for match in _LINE_BREAK.finditer(text + "\n"):
        first = start + len(text[start:match.start()]) - len(text[start:match.start()].lstrip())
        sizes.append(float(pdfium_c.FPDFText_GetFontSize(handle, first)) if first < match.start() else 0.0)
        start = match.end()
    return sizes


def _clean(text: str, sizes: list[float] | None = None) -> list[Line]:
    """A page's lines with their font sizes, table cells split: ligatures
    undone, controls and soft hyphens inside lines dropped, empty lines left
    out."""
    out = []
    for i, raw_line in enumerate(_LINE_BREAK.split(text)):
        size = sizes[i] if sizes and i < len(sizes) else 0.0
        cells = raw_line.split(_CELL)
        for cell in cells:
            line = _CONTROLS.sub("", cell.translate(_LIGATURES)).strip()
            line = line[:-1].replace("\xad", "") + line[-1:]
            if line:
                out.append(Line(line, size, len(cells) > 1, i))
    return out


def _edge_key(line: str) -> str:
    return re.sub(r"\d+", "#", line.casefold())


def _edges(lines: list[Line]) -> list[Line]:
    """The lines of the first and last few rows of a page (a running header
    may have been split in cells: date | title)."""
    rows = sorted({line.row for line in lines})
    edge = set(rows[:_EDGE_LINES] + rows[-_EDGE_LINES:])
    return [line for line in lines if line.row in edge]


def _running_lines(pages: list[list[Line]]) -> set[str]:
    """Keys of lines repeated at page edges: on every page of a short document,
    on at least half the pages (and three) of a longer one."""
    if len(pages) < 2:
        return set()
    counts: Counter[str] = Counter()
    for lines in pages:
        counts.update({_edge_key(line.text) for line in _edges(lines)})
    need = len(pages) if len(pages) < 4 else max(3, len(pages) // 2)
    return {key for key, n in counts.items() if n >= need}


def _strip_running(lines: list[Line], running: set[str]) -> list[Line]:
    edges = {id(line) for line in _edges(lines)}
    return [line for line in lines if id(line) not in edges or _edge_key(line.text) not in running]


def _joined(lines: list[Line]) -> str:
    """A page's lines as paragraphs. Lines wrap (joined with a space, or with
    nothing after a hyphen that ends a line) unless one ends a sentence while
    shorter than the page's usual line, or the font size changes (a heading,
    a footnote); never before a line that starts in lower case. A short line
    followed by a capital in the same font is joined: it may be a heading,
    but as well a given name in a narrow table cell ("Ignacio" / "Villanueva")."""
    if not lines:
        return ""
    lengths = sorted(len(line.text) for line in lines)
    width = max(lengths[(len(lengths) * 4) // 5], 1)  # a full line: the 80th percentile
    parts = []
    for (line, size, cell, _), (nxt, nxt_size, *_) in zip(lines, [*lines[1:], Line("", 0.0)],
                                                           strict=True):
        if not nxt:
            parts.append(line)
        elif line[-1] in "-\xad" and line[-2:-1].isalpha() and nxt[0].isalpha():
            parts.append(line[:-1] + _LINE_HYPHEN)  # decided by _unhyphenate
        elif cell:
            parts.append(line + "\n")
        elif nxt[0].islower():
            parts.append(line + " ")
        elif size and nxt_size and abs(size - nxt_size) > 0.1 * max(size, nxt_size):
            parts.append(line + "\n")
        elif len(line) < 0.85 * width and _SENTENCE_END.search(line):
            parts.append(line + "\n")
        else:
            parts.append(line + " ")
    return "".join(parts)


def _unhyphenate(text: str, words: set[str]) -> str:
    def join(match: re.Match[str]) -> str:
        left, right = match.group(1), match.group(2) or ""
        if right and right[0].islower() and (left + right).casefold() in words:
            return left + right
        return f"{left}-{right}"

    return _HYPHEN_JOIN.sub(join, text)


def assemble(raw_pages: list[str], sizes: list[list[float]] | None = None,
             ) -> tuple[str, list[int]]:
    """The document's text from its pages' raw texts (and their lines' font
    sizes, when known), and each page's start offset in it."""
    pages = [_clean(text, sizes[i] if sizes else None) for i, text in enumerate(raw_pages)]
    running = _running_lines(pages)
    words = {w.casefold() for lines in pages for line in lines for w in _WORD.findall(line.text)}
    parts: list[str] = []
    starts: list[int] = []
    length = 0
    ended = True  # the previous page ended a paragraph
    for lines in pages:
        body = _strip_running(lines, running)
        if parts:
            sep = "\n" if ended else " "
            parts.append(sep)
            length += len(sep)
        starts.append(length)
        page = _unhyphenate(_joined(body), words)
        ended = not body or bool(_SENTENCE_END.search(body[-1].text))
        parts.append(page)
        length += len(page)
    return "".join(parts), starts
