"""HTML and XHTML: the main text of a page, headings and paragraphs a line
each, without navigation, headers and footers, cookie banners, sidebars,
scripts and styles.

Parsed with lxml (libxml2's forgiving HTML parser); boilerplate removal is
our own few rules, chosen by measurement against trafilatura and jusText
(bench/README.md, "Readers"): as good on saved news pages, several times
faster, and without trafilatura's dependencies (dateparser, babel …).

1. Dropped: scripts, styles, forms and the like; ``nav``, ``aside``,
   ``footer``, a ``header`` outside the article; ARIA navigation, banner,
   contentinfo, complementary and dialog roles; hidden elements; elements
   whose class or id names a kind of boilerplate (cookie, consent, menu,
   share, related, sidebar …); link lists (mostly link text).
2. The main part: ``main`` (or role=main), else the article holding most of
   the page's text, else the body.

libxml2 silently drops what lies deeper than 255 elements, so such a page is
refused rather than read in part.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar

from ..documents import Document, human_size
from ..errors import InputError
from .base import RawInput, Reader, ReadOptions

if TYPE_CHECKING:
    from lxml.html import HtmlElement

MAX_DEPTH = 250  # libxml2 drops what is deeper than 255
_SIGNATURE = re.compile(
    rb"^(?:\xef\xbb\xbf)?\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*(?:<!doctype\s+html|<html[\s>])",
    re.IGNORECASE | re.DOTALL)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""^<\?xml[^>]*encoding\s*=\s*["']([\w.:-]+)["']""")
_XML_DECL = re.compile(r"^\ufeff?\s*<\?xml[^>]*\?>")
# Characters libxml2 cannot hold in a tree (it refuses them when text moves).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_DROP_TAGS = frozenset({
    "script", "style", "noscript", "template", "svg", "math", "iframe", "object", "embed",
    "form", "button", "select", "input", "textarea", "label", "nav", "aside", "footer",
    "dialog", "menu", "head", "canvas", "video", "audio", "map"})
_DROP_ROLES = frozenset({"navigation", "banner", "contentinfo", "complementary", "dialog",
                         "alertdialog", "search", "menu", "menubar", "toolbar"})
# Whole words of a class or id (split at "-", "_", spaces, case changes).
_BOILERPLATE = frozenset({
    "nav", "navbar", "navigation", "menu", "menubar", "footer", "cookie", "cookies",
    "consent", "gdpr", "banner", "share", "sharing", "social", "related", "sidebar", "widget",
    "breadcrumb", "breadcrumbs", "comments", "advert", "advertisement", "ads", "promo",
    "newsletter", "subscribe", "popup", "modal", "copyright", "trending", "skip", "masthead",
    "toolbar", "pagination", "disclaimer", "sponsored", "outbrain", "taboola"})
_BLOCKS = frozenset({
    "p", "div", "section", "article", "main", "header", "h1", "h2", "h3", "h4", "h5", "h6",
    "li", "ul", "ol", "dl", "dt", "dd", "blockquote", "pre", "table", "tr", "td", "th",
    "caption", "figure", "figcaption", "address", "hr", "br", "body", "details", "summary"})
_WORDS = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\d+")


class HtmlReader(Reader):
    """Web pages saved as HTML or XHTML: their main text."""

    kind: ClassVar[str] = "html"
    suffixes: ClassVar[tuple[str, ...]] = (".html", ".htm", ".xhtml", ".xht", ".shtml")

    def sniff(self, head: bytes) -> bool:
        return _SIGNATURE.match(head[:2048]) is not None

    def read(self, raw: RawInput, options: ReadOptions) -> Document:
        root = parse(raw.name, decode_html(raw.name, raw.data, options.encoding))
        title = root.findtext(".//title")
        text = page_text(root, main_only=True)
        if not text.strip():
            raise InputError(raw.name, "no main text in the page (only navigation, banners, "
                                       "scripts or other boilerplate)")
        if len(text.encode("utf-8", "surrogatepass")) > options.max_bytes:
            raise InputError(raw.name, f"text extracted is over the limit of "
                                       f"{human_size(options.max_bytes)}; raise the limit with --max-bytes")
        metadata: dict[str, Any] = {"title": " ".join(title.split())} if title else {}
        return Document(raw.name, text, kind=self.kind, metadata=metadata)


def decode_html(name: str, data: bytes, encoding: str | None) -> str:
    """A page's bytes as text: --encoding, else a BOM, else its declared
    charset, else UTF-8, else the plain-text reader's guess."""
    from .text import decode

    if not encoding and not data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        head = data[:4096]
        found = _XML_ENCODING.search(head) or _META_CHARSET.search(head)
        declared = found.group(1).decode("ascii", "replace").lower() if found else None
        if declared in ("iso-8859-1", "latin-1", "latin1", "us-ascii", "ascii"):
            declared = "cp1252"  # as browsers do (WHATWG encoding standard)
        if declared:
            try:
                return data.decode(declared, "replace")
            except LookupError:
                pass
    return decode(name, data, encoding)[0]


def parse(name: str, text: str) -> HtmlElement:
    """The page's element tree; refused when too deeply nested to read whole."""
    import lxml.etree
    import lxml.html

    text = _XML_DECL.sub("", text, count=1)  # lxml refuses str with an encoding declaration
    text = _NOT_XML.sub("", text)
    try:
        root = lxml.html.document_fromstring(text)
    except (lxml.etree.ParserError, ValueError) as exc:
        raise InputError(name, f"cannot be parsed as HTML ({exc})") from None
    if _depth(root) >= MAX_DEPTH:
        raise InputError(name, f"HTML nested more than {MAX_DEPTH} elements deep; "
                               "cannot be read in full")
    return root


def _depth(root: HtmlElement) -> int:
    deepest = 0
    stack = [(root, 1)]
    while stack:
        element, depth = stack.pop()
        deepest = max(deepest, depth)
        stack.extend((child, depth + 1) for child in element)
    return deepest


def page_text(root: HtmlElement, main_only: bool) -> str:
    """The text of a parsed page, a line per block; with ``main_only``, only
    its main part (boilerplate removed)."""
    body = root.find("body")
    if body is None:
        body = root
    _drop(body, boilerplate=main_only)
    if main_only:
        body = _main_part(body)
    return _render(body)


def _boilerplate(element: HtmlElement, in_article: bool) -> str | None:
    """Why an element is boilerplate: "tag" (its tag, role or hidden state),
    "name" (a word of its class or id), or None."""
    tag = element.tag if isinstance(element.tag, str) else ""
    if tag in _DROP_TAGS or (tag == "header" and not in_article):
        return "tag"
    if element.get("hidden") is not None or element.get("aria-hidden") == "true":
        return "tag"
    if re.search(r"display\s*:\s*none", element.get("style", "")):
        return "tag"
    if element.get("role", "").lower() in _DROP_ROLES:
        return "tag"
    names = f"{element.get('class', '')} {element.get('id', '')}"
    if any(word.lower() in _BOILERPLATE for word in _WORDS.findall(names)):
        return "name"
    return None


def _drop(body: HtmlElement, boilerplate: bool) -> None:
    """Remove non-text elements (and, with ``boilerplate``, boilerplate and
    link lists) in place, keeping the text that follows them."""
    _remove(body, lambda element, in_article: not isinstance(element.tag, str)
            or element.tag in ("script", "style", "noscript", "template", "head"))
    if not boilerplate:
        return
    # A class or id word condemns only what holds a minor part of the page:
    # a wrapper named "page with-sidebar" around the article is not a sidebar.
    page = _text_size(body)

    def condemned(element: HtmlElement, in_article: bool) -> bool:
        why = _boilerplate(element, in_article)
        return why == "tag" or (why == "name" and _text_size(element) * 5 < page * 2)

    _remove(body, condemned)
    for element in list(body.iter("ul", "ol", "dl", "table", "div", "section", "p")):
        if element.getparent() is not None and _mostly_links(element):
            element.drop_tree()


def _remove(body: HtmlElement, doomed: Callable[[HtmlElement, bool], bool]) -> None:
    """Drop every element ``doomed(element, inside an article or main)`` says,
    keeping the text after it (its tail)."""
    found = []
    stack = [(body, False)]
    while stack:
        element, in_article = stack.pop()
        for child in element:
            if doomed(child, in_article):
                found.append(child)
            else:
                stack.append((child, in_article or child.tag in ("article", "main")))
    for element in found:
        element.drop_tree()


def _mostly_links(element: HtmlElement) -> bool:
    total = len("".join(element.itertext()).split())
    if total == 0 or total > 400:
        return False
    linked = sum(len("".join(a.itertext()).split()) for a in element.iter("a"))
    return linked / total > 0.6


def _text_size(element: HtmlElement) -> int:
    return sum(len(t.strip()) for t in element.itertext())


def _main_part(body: HtmlElement) -> HtmlElement:
    for main in body.iter("main"):
        return main
    for element in body.iter():
        if element.get("role") == "main" or element.get("itemprop") == "articleBody":
            return element
    articles = list(body.iter("article"))
    if articles:
        best = max(articles, key=_text_size)
        if len(articles) == 1 or _text_size(best) * 2 > _text_size(body):
            return best
    return body


def _render(root: HtmlElement) -> str:
    """Text with a line break around every block element, spaces collapsed."""
    parts: list[str] = []
    stack: list[tuple[HtmlElement, bool]] = [(root, False)]  # (element, tail pending)
    while stack:
        element, closing = stack.pop()
        tag = element.tag if isinstance(element.tag, str) else ""
        block = tag in _BLOCKS
        if closing:
            if block:
                parts.append("\n")
            parts.append(element.tail or "" if element is not root else "")
            continue
        if block:
            parts.append("\n")
        parts.append(element.text or "")
        stack.append((element, True))
        stack.extend((child, False) for child in reversed(element))
    lines = (" ".join(line.split()) for line in "".join(parts).split("\n"))
    return "\n".join(line for line in lines if line)
