"""The ``entityx_boundaries`` spaCy component: names never cross a sentence.

spaCy's NER does not look at sentence boundaries, and a sentencizer does not
split at line breaks, so a headline and the first line of an article
("Eastfield Rovers\\n\\nMaya Okonkwo") can come out as one name. This
component runs after the NER: it starts a sentence after every whitespace
token that holds a line break, and cuts every entity at the sentence starts
inside it (the pieces keep the label; whitespace pieces are dropped, and
whitespace at either end of a name is trimmed: "Norton\\n\\n"). A piece after
a break that is a contact field's label before a colon is no name ("Acme
Corp\\nPhone: 555-1234": "Acme Corp"; a speaker's "PUTIN:" stays).
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span


@Language.component(
    "entityx_boundaries",
    assigns=["doc.ents", "token.is_sent_start"],
    requires=["doc.ents", "token.is_sent_start"],
)
def split_at_boundaries(doc: Doc) -> Doc:
    for token in doc[:-1]:
        if token.is_space and "\n" in token.text:
            doc[token.i + 1].is_sent_start = True
    if not doc.has_annotation("SENT_START"):
        return doc
    ents: list[Span] = []
    changed = False
    for ent in doc.ents:
        start = ent.start
        for i in range(ent.start + 1, ent.end + 1):
            if i == ent.end or doc[i].is_sent_start:
                piece = _trim_space(doc, start, i)
                changed = changed or piece != (ent.start, ent.end)
                if piece is not None and not (start > ent.start and _field_label(doc, *piece)):
                    ents.append(Span(doc, piece[0], piece[1], label=ent.label))
                start = i
    if changed:
        doc.ents = ents
    return doc


# The labels of a signature's or a form's contact fields, lower-cased.
FIELD_LABELS = frozenset({"phone", "tel", "tel.", "telephone", "fax", "mobile", "cell", "email",
                          "e-mail", "mail", "web", "website", "address", "office", "direct",
                          "skype", "whatsapp", "linkedin", "twitter", "x"})


def _field_label(doc: Doc, start: int, end: int) -> bool:
    """Whether one word before a colon opens the line and is a contact
    field's label (a signature's "Phone:", "Fax:" after "Acme Corp" on the
    line above); not a speaker's name ("PUTIN:" in a transcript)."""
    return (end - start == 1 and end < len(doc) and doc[end].text == ":"
            and doc[start].lower_ in FIELD_LABELS)


def _trim_space(doc: Doc, start: int, end: int) -> tuple[int, int] | None:
    while start < end and doc[start].is_space:
        start += 1
    while end > start and doc[end - 1].is_space:
        end -= 1
    return (start, end) if start < end else None
