"""Hard-wrapped text: line breaks that only wrap a paragraph, not end it.

Plain-text articles, e-mails, Project Gutenberg books and text taken out of
PDFs break every line at a fixed width (about 60 to 100 characters), in the
middle of sentences and of names ("... talks with Joe\\nBiden on Monday").
The model was trained on text without such breaks: a line break inside a
sentence is a token it has not seen, and entityx's sentence rules start a
sentence at every line break (so that a headline never runs into the first
line under it). On GUM test wrapped at 72 columns the pipeline lost 7.6 F
that way, 3.8–7.6 on the other test sets (``bench/linebreaks.py``).

:func:`unwrap` finds the breaks that wrap a paragraph and turns each into a
space, keeping the text's length, so that every character offset still
points into the text as given. A document is hard-wrapped when it has at
least ``MIN_LINES`` lines that go on into a next line and most of those
(``FULL_SHARE``) are filled close to the document's width: its longest
line with a space in it, at most ``MAX_WIDTH`` characters (longer lines are
paragraphs written on one line each, and an e-mail's short header lines
beside them are no wrapped text) and at least ``MIN_WIDTH`` (shorter lines
are a list). In such a document a break after a filled line is a
wrap; a break after a short line (a heading, a paragraph's last line, a
list item), a blank line, a line of a table (a run of three spaces inside
it), a word broken by a hyphen, or a break before a labelled line ("To:",
"Subject:") is kept. Text whose paragraphs are one
line each is left as it is.
"""

from __future__ import annotations

import re

MIN_LINES = 3  # lines followed by another line, for a document to count as wrapped
MAX_WIDTH = 160  # a longer line is a paragraph on one line, not a wrapped one
MIN_WIDTH = 40  # lines all shorter than this are a list (names, an address), not prose
FULL_SHARE = 0.6  # share of continued lines filled close to the width
SLACK = 0.3  # a line is filled when it is at least (1 - SLACK) of the width long
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n|$)")
_TABLE = re.compile(r"\S {3,}\S")
_LABEL = re.compile(r"^[A-Za-z][\w-]*(?: [\w-]+){0,2}:(?:\s|$)")


def unwrap(text: str) -> str:
    """``text`` with the line breaks that wrap a paragraph turned into spaces
    (the same length; see the module docstring)."""
    if "\n" not in text and "\r" not in text:
        return text
    lines = [m.group(0) for m in _LINE.finditer(text)]
    bodies = [line.rstrip("\r\n") for line in lines]
    # a line that goes on into a next non-blank line
    continued = [i for i in range(len(lines) - 1)
                 if bodies[i].strip() and bodies[i + 1].strip() and bodies[i] != lines[i]]
    if len(continued) < MIN_LINES:
        return text
    widths = [len(bodies[i].rstrip()) for i in continued]
    width = max((len(body.strip()) for body in bodies if " " in body.strip()), default=0)
    if not MIN_WIDTH <= width <= MAX_WIDTH:
        return text
    filled = [i for i, w in zip(continued, widths, strict=True) if w >= (1 - SLACK) * width]
    if len(filled) < FULL_SHARE * len(continued):
        return text
    out: list[str] = []
    wraps = set(filled)
    for i, (line, body) in enumerate(zip(lines, bodies, strict=True)):
        if i in wraps and _wraps(body, bodies[i + 1]):
            out.append(body + " " * (len(line) - len(body)))
        else:
            out.append(line)
    return "".join(out)


def _wraps(line: str, following: str) -> bool:
    """Whether a filled line's break, before ``following``, is a wrap."""
    return not (_TABLE.search(line.strip()) or _TABLE.search(following.strip())
                or line.rstrip().endswith("-") or _LABEL.match(following.strip()))
