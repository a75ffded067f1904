"""Markdown (.md, .markdown): the text with its markup blanked.

READMEs, notes exported from Notion or Obsidian, wiki pages and chat
exports are Markdown, and its markup sits right against the names:
"[Olaf Scholz](https://...)" made spaCy's tokenizer one token of
"Scholz](https://..." (the name was lost), and "__Ursula von der
Leyen__" a person ending in "__". The reader decodes the file as the text
reader does, then writes each character of markup as a space: link and
image syntax around the words that are shown (the destination and title
too), emphasis and strike-through marks, code backticks, heading marks,
block-quote and bullet marks, table rule rows, reference-link definitions,
HTML tags and comments, and the backslash of an escape; a character
reference ("&amp;", "&nbsp;", "&#39;") is the character it stands for,
then zero-width spaces to the reference's length. The words stay
where they are: the text has the file's length, so every offset entityx
reports is an offset into the file's text too, and what is blanked is
markup only (a fenced code block's lines are kept; only its fences go).
"""

from __future__ import annotations

import html
import re
from typing import ClassVar

from ..documents import Document
from .base import RawInput, Reader, ReadOptions
from .text import decode

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,}).*$")
_HEADING = re.compile(r"^( {0,3}#{1,6})(?=[ \t]|$)")
_CLOSING_HASHES = re.compile(r"[ \t]#+[ \t]*$")
_SETEXT_OR_RULE = re.compile(r"^ {0,3}(?:=+|-+|(?:[-*_][ \t]*){3,})[ \t]*$")
_QUOTE = re.compile(r"^ {0,3}(?:>[ \t]?)+")
_BULLET = re.compile(r"^([ \t]*)([-*+])(?=[ \t])")
_TABLE_RULE = re.compile(r"^[ \t]*\|?[ \t]*:?-{3,}:?[ \t]*(?:\|[ \t]*:?-{3,}:?[ \t]*)+\|?[ \t]*$")
_DEFINITION = re.compile(r"^ {0,3}\[[^\]\n]+\]:[ \t]*\S+.*$")
# An image or a link: "![alt](dest "title")", "[text](dest)", "[text][ref]".
_LINK = re.compile(r"(!?\[)([^\[\]\n]*)(\]\((?:[^()\s]|\([^()\s]*\))*(?:[ \t]+\"[^\"\n]*\")?\)"
                   r"|\]\[[^\]\n]*\])")
# Emphasis runs at most EMPHASIS_MAX characters: the search for a closing
# mark from every opening one is then linear in the line's length (unbounded,
# a 60,000-character line of "*a " took a minute).
EMPHASIS_MAX = 300
_EMPHASIS = re.compile(
    rf"(?<![\w*~])(\*{{1,3}}|~~)(?=[^\s*~])(.{{1,{EMPHASIS_MAX}}}?)(?<=[^\s*~])\1(?![\w*~])"
    rf"|(?<![\w_])(_{{1,3}})(?=[^\s_])(.{{1,{EMPHASIS_MAX}}}?)(?<=[^\s_])\3(?![\w_])")
_CODE = re.compile(r"(`+)([^`\n]+?)\1")
_TAG = re.compile(r"<!--.*?-->|</?[A-Za-z][\w-]*(?:\s[^<>\n]*)?/?>")
_AUTOLINK = re.compile(r"<((?:https?|ftp)://[^\s<>]+|[^\s<>@]+@[^\s<>@]+)>")
_ESCAPE = re.compile(r"\\(?=[!-/:-@\[-`{-~])")
# A character reference ("&amp;", "&#39;", "&#x2014;"): Markdown shows the
# character. It is written in the reference's place, followed by zero-width
# spaces for the rest (the model's reader leaves those out, so "AT&amp;T"
# reads "AT&T" and "Trump&#39;s" "Trump's").
_REFERENCE = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_ZERO_WIDTH = "\u200b"


class MarkdownReader(Reader):
    """A Markdown file: its text with the markup written as spaces."""

    kind: ClassVar[str] = "markdown"
    suffixes: ClassVar[tuple[str, ...]] = (".md", ".markdown", ".mdown", ".mkd")

    def read(self, raw: RawInput, options: ReadOptions) -> Document:
        text, warnings = decode(raw.name, raw.data, options.encoding)
        return Document(raw.name, blank_markup(text), kind=self.kind, warnings=warnings)


def blank_markup(text: str) -> str:
    """``text`` with Markdown's markup written as spaces (the same length)."""
    out: list[str] = []
    fenced: str | None = None
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        end = line[len(body):]
        fence = _FENCE.match(body)
        if fence is not None and (fenced is None or fence.group(1)[0] == fenced):
            fenced = None if fenced is not None else fence.group(1)[0]
            out.append(_spaces(body) + end)
        elif fenced is not None:
            out.append(line)
        else:
            out.append(_blank_line(body) + end)
    return "".join(out)


def _blank_line(line: str) -> str:
    if _SETEXT_OR_RULE.match(line) or _TABLE_RULE.match(line) or _DEFINITION.match(line):
        return _spaces(line)
    line = _blank_match(_QUOTE, line, 0)
    if _HEADING.match(line):
        line = _blank_match(_HEADING, line, 1)
        line = _CLOSING_HASHES.sub(lambda m: _spaces(m[0]), line)
    line = _blank_match(_BULLET, line, 2)
    line = _ESCAPE.sub(" ", line)
    line = _REFERENCE.sub(_character, line)
    line = _TAG.sub(lambda m: _spaces(m[0]), line)
    line = _AUTOLINK.sub(lambda m: " " + m[1] + " ", line)
    line = _CODE.sub(lambda m: _spaces(m[1]) + m[2] + _spaces(m[1]), line)
    line = _LINK.sub(lambda m: _spaces(m[1]) + m[2] + _spaces(m[3]), line)
    for _ in range(2):  # "***both***", "**bold _and italic_**"
        line = _EMPHASIS.sub(_blank_delimiters, line)
    return line


def _character(match: re.Match[str]) -> str:
    shown = html.unescape(match[0])
    if shown == match[0] or len(shown) > len(match[0]):
        return match[0]  # not a reference HTML knows
    return shown + _ZERO_WIDTH * (len(match[0]) - len(shown))


def _blank_delimiters(match: re.Match[str]) -> str:
    mark = match[1] or match[3]
    inner = match[2] if match[1] else match[4]
    return _spaces(mark) + inner + _spaces(mark)


def _blank_match(pattern: re.Pattern[str], line: str, group: int) -> str:
    found = pattern.match(line)
    if found is None:
        return line
    start, end = found.span(group)
    return line[:start] + _spaces(line[start:end]) + line[end:]


def _spaces(text: str) -> str:
    return " " * len(text)
