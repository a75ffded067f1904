"""spaCy doc -> typed, cleaned mentions: what both ``extract`` and
``evaluate`` read off a processed doc."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from .labels import APPOSITION, PERSON, TYPES, label_to_type
from .merge import clean_person, clean_span
from .results import Mention

if TYPE_CHECKING:
    from spacy.tokens import Doc

# Characters of code and markup, which no name holds: a model reading a web
# page's code sample ('char*f="char*f=%c%s%c;main') or a template's
# "{name}" gives no person, place or organisation. "#" and "_" stay: they
# are in hashtags, which are names ("@" too: a user's handle, no name, is
# left out by the name repair component, not here).
_CODE = re.compile(r"[=;{}<>|\\^]")


def doc_mentions(doc: Doc, types: Sequence[str] = TYPES, offset: int = 0,
                 text: str | None = None, *,
                 at: Callable[[int, int], tuple[int, int]] | None = None,
                 ) -> list[tuple[str, Mention]]:
    """The typed, cleaned mentions of a processed doc.

    ``offset`` shifts character offsets (the doc is a piece of a longer
    text); ``text`` is that whole text (default: the doc's own). ``at``
    maps a span of the doc's text to the piece's, where the model read the
    piece changed in length (:class:`~entityx.extractor.Squeezed`).
    """
    full = doc.text if text is None else text

    def span_of(start: int, end: int) -> tuple[int, int]:
        if at is not None:
            start, end = at(start, end)
        return offset + start, offset + end

    titles = {span.end: span for span in doc.spans.get("titles", [])
              if span.label_ != APPOSITION}
    # a title in apposition ("Tim Cook, chief executive", "Apple's chief
    # executive, Tim Cook,"), by the name's end
    after = {int(span.id_.rpartition(":")[2]): span for span in doc.spans.get("titles", [])
             if span.label_ == APPOSITION and span.id_.rpartition(":")[2].isdigit()}
    has_sents = doc.has_annotation("SENT_START")
    found: list[tuple[str, Mention]] = []
    for ent in doc.ents:
        etype = label_to_type(ent.label_)
        if etype is None or etype not in types:
            continue
        span = clean_span(full, *span_of(ent.start_char, ent.end_char))
        if span is None:
            continue
        start, end = clean_person(full, *span) if etype == PERSON else span
        if _CODE.search(full, start, end):
            continue
        title = titles.get(ent.start) if etype == PERSON else None
        if etype == PERSON and title is None:
            title = after.get(ent.end)
        sent_start = sent_end = None
        if has_sents:
            sent = ent.sent
            sent_start, sent_end = span_of(sent.start_char, sent.end_char)
        found.append((etype, Mention(
            text=full[start:end], start=start, end=end,
            title=title.text if title is not None else None,
            sentence_start=sent_start, sentence_end=sent_end,
        )))
    return found
