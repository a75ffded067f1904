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
  lines is one name; a short line ending a sentence ends its paragraph.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from typing import ClassVar

from ..documents import Document, human_size
from ..errors import InputError
from .base import RawInput, Reader, ReadOptions

NO_TEXT = "no text layer — scanned? OCR is not supported"
_LINE_HYPHEN = "\ufffe"  # PDFium's mark for a hyphen it removed at a line end
_EDGE_LINES = 3  # lines at the top and at the bottom of a page that may be running
_LIGATURES = str.maketrans({chr(c): unicodedata.normalize("NFKC", chr(c))
                            for c in range(0xFB00, 0xFB07)})
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\ufeff\uffff]")
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

        if b"%%EOF" not in raw.data[-4096:]:
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
        if not any(p.strip() for p in pages):
            return Document(raw.name, "", kind=self.kind, warnings=[NO_TEXT, *warnings],
                            pages=[0] * len(pages))
        blank = [str(i + 1) for i, p in enumerate(pages) if not p.strip()]
        if blank:
            shown = ", ".join(blank[:10]) + (", …" if len(blank) > 10 else "")
            warnings.append(f"no text layer on page(s) {shown} — scanned? OCR is not supported")
        text, starts = assemble(pages)
        return Document(raw.name, text, kind=self.kind, warnings=warnings, pages=starts)


def _open_problem(message: str) -> str:
    if "password" in message.lower():
        return "encrypted: no password"
    if "security" in message.lower():
        return "encrypted with an unsupported security scheme"
    return "truncated or corrupt PDF (cannot be opened)"


def _page_texts(pdf: object, name: str, max_bytes: int, warnings: list[str]) -> list[str]:
    """Each page's raw text, one page in memory at a time."""
    import pypdfium2 as pdfium

    texts: list[str] = []
    size = 0
    unreadable: list[str] = []
    for index in range(len(pdf)):  # type: ignore[arg-type]
        try:
            page = pdf[index]  # type: ignore[index]
            try:
                textpage = page.get_textpage()
                try:
                    text = textpage.get_text_range()
                finally:
                    textpage.close()
            finally:
                page.close()
        except pdfium.PdfiumError:
            unreadable.append(str(index + 1))
            text = ""
        size += len(text.encode("utf-8", "surrogatepass"))
        if size > max_bytes:
            raise InputError(name, f"text extracted is over the limit of {human_size(max_bytes)}; "
                                   "raise the limit with --max-bytes")
        texts.append(text)
    if unreadable and len(unreadable) == len(texts):
        raise InputError(name, "truncated or corrupt PDF (no page could be read)")
    if unreadable:
        warnings.append(f"page(s) {', '.join(unreadable[:10])} could not be read (corrupt)")
    return texts


def _clean(text: str) -> list[str]:
    """A page's lines: line ends unified, ligatures undone, controls dropped."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.translate(_LIGATURES)
    # A soft hyphen or a plain one at a line end is treated as PDFium's mark.
    text = re.sub(r"(?<=[^\W\d_])[\xad-]\n(?=[^\W\d_])", _LINE_HYPHEN, text)
    text = text.replace("\xad", "")
    text = _CONTROLS.sub("", text)
    return [line.strip() for line in text.split("\n")]


def _edge_key(line: str) -> str:
    return re.sub(r"\d+", "#", line.casefold())


def _running_lines(pages: list[list[str]]) -> set[str]:
    """Keys of lines repeated at page edges: on every page of a short document,
    on at least half the pages (and three) of a longer one."""
    if len(pages) < 2:
        return set()
    counts: Counter[str] = Counter()
    for lines in pages:
        body = [line for line in lines if line]
        edges = body[:_EDGE_LINES] + body[-_EDGE_LINES:]
        counts.update({_edge_key(line) for line in edges})
    need = len(pages) if len(pages) < 4 else max(3, len(pages) // 2)
    return {key for key, n in counts.items() if n >= need}


def _strip_running(lines: list[str], running: set[str]) -> list[str]:
    body = [line for line in lines if line]
    edge = set(range(min(_EDGE_LINES, len(body)))) | set(range(max(0, len(body) - _EDGE_LINES), len(body)))
    return [line for i, line in enumerate(body) if i not in edge or _edge_key(line) not in running]


def _paragraphs(lines: list[str]) -> list[tuple[str, bool]]:
    """Lines with whether each ends its paragraph. Lines wrap (and are joined
    with a space) unless one ends a sentence while shorter than the page's
    usual line, or is a short heading followed by a capital; never before a
    line that starts in lower case."""
    if not lines:
        return []
    lengths = sorted(len(line) for line in lines)
    width = lengths[(len(lengths) * 4) // 5]  # a full line: the 80th percentile
    out = []
    for i, line in enumerate(lines):
        nxt = lines[i + 1] if i + 1 < len(lines) else ""
        if not nxt:
            out.append((line, True))
            continue
        ratio = len(line) / max(width, 1)
        ends = not nxt[0].islower() and (
            (ratio < 0.85 and bool(_SENTENCE_END.search(line)))
            or (ratio < 0.5 and (nxt[0].isupper() or nxt[0].isdigit())))
        out.append((line, ends))
    return out


def _unhyphenate(text: str, words: set[str]) -> str:
    def join(match: re.Match[str]) -> str:
        left, right = match.group(1), match.group(2) or ""
        if right and right[0].islower() and (left + right).casefold() in words:
            return left + right
        return f"{left}-{right}"

    return _HYPHEN_JOIN.sub(join, text)


def assemble(raw_pages: list[str]) -> tuple[str, list[int]]:
    """The document's text from its pages' raw texts, and each page's start."""
    pages = [_clean(p) for p in raw_pages]
    running = _running_lines(pages)
    words = {w.casefold() for lines in pages for line in lines for w in _WORD.findall(line)}
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
        page = "".join(line + ("\n" if end else " ") for line, end in _paragraphs(body))
        page = _unhyphenate(page.rstrip("\n "), words)
        ended = not body or bool(_SENTENCE_END.search(body[-1]))
        parts.append(page)
        length += len(page)
    return "".join(parts), starts
