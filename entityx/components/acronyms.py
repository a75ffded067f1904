"""The ``entityx_acronyms`` component: an acronym defined in the text takes
its expansion's type.

"International Monetary Fund (IMF)": when the words before a bracketed
acronym spell it (initials, small joining words optional) and the model
labelled them, the acronym is labelled with their type, there and at every
other uncovered occurrence, and mentions of it the model typed otherwise are
retyped. When the model missed the expansion but labelled the acronym
elsewhere, the expansion gets the acronym's type.

An acronym the text uses without defining it is labelled too, where it
spells the initials of an organisation or a place of two or more words
that the model found in the same document ("the World Health
Organisation ... WHO say"): written in capitals only, it is the name even
where it is also a word ("WHO", "US"); not in a run of capitals ("WHO ARE
YOU"), not a person's initials.

An acronym defined by words in lower case is a term, not a name ("sea
surface salinity (SSS)", "non-governmental organisation (NGO)"): the model's
entities on it are dropped throughout the document, unless the text also
defines it by a name.
"""

from __future__ import annotations

import re

import numpy
from spacy.attrs import IS_ALPHA, IS_UPPER
from spacy.language import Language
from spacy.tokens import Doc, Span

from ..labels import ORGANISATION, PLACE, label_to_type
from .doc_names import TokenIndex, covered_tokens, is_capitalised, sentence, type_labels

# "IMF", "NATO", "DoD", "AT&T", "MEPs": a capital, then at least one more,
# letters (and "&") only, short.
ACRONYM = re.compile(r"^(?=(?:.*[A-Z]){2})[A-Z][A-Za-z&]{1,7}$")
# Small words an acronym may or may not spell ("Department of Defense":
# DoD; "Bank for International Settlements": BIS).
JOINING = frozenset({"of", "and", "for", "the", "&", "de", "du", "on", "in", "to", "-"})
# How many words before the bracket an expansion may have.
MAX_EXPANSION = 8


@Language.factory("entityx_acronyms", assigns=["doc.ents"], requires=["doc.ents"])
def make_acronyms(nlp: Language, name: str) -> Acronyms:
    """Create the component (``nlp.add_pipe("entityx_acronyms")``)."""
    return Acronyms(name)


def letters(acronym: str) -> str:
    """The letters an expansion must spell: upper case, no "&", no plural s."""
    text = acronym[:-1] if len(acronym) > 2 and acronym.endswith("s") else acronym
    return "".join(c for c in text.upper() if c.isalpha())


def spellings(words: list[str], *, capitalised: bool = True) -> tuple[str, ...]:
    """The acronyms ``words`` spell by their initials, without and with the
    joining words ("Department of Defense": DD, DOD); none unless every
    other word is capitalised (when ``capitalised``)."""
    content = [w for w in words if w.lower() not in JOINING]
    if not content or capitalised and not all(w[:1].isupper() for w in content):
        return ()
    initials = "".join(w[0] for w in content).upper()
    with_joining = "".join(w[0] for w in words if w[0].isalnum()).upper()
    return (initials, with_joining)


def spells(words: list[str], wanted: str) -> bool:
    """Whether ``words`` spell ``wanted`` by their initials, with or without
    the joining words ("Department of Defense" spells DOD and DD)."""
    return wanted in spellings(words)


class Acronyms:
    """See the module docstring. Stateless."""

    def __init__(self, name: str = "entityx_acronyms") -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        defined, terms = self._definitions(doc)
        terms -= defined.keys()
        implied = _implied(doc)
        if not defined and not implied and not terms:
            return doc
        labels = type_labels(doc)
        ents = []
        for ent in doc.ents:
            if len(ent) == 1 and ent.text in terms:
                continue
            etype = defined.get(ent.text)
            if etype is not None and len(ent) == 1 and label_to_type(ent.label_) != etype:
                ent = Span(doc, ent.start, ent.end, label=labels[etype])
            ents.append(ent)
        doc.ents = ents
        taken = covered_tokens(doc)
        index = TokenIndex(doc)
        for acronym, etype in defined.items():
            for i in index.occurrences((acronym,)):
                if i not in taken:
                    ents.append(Span(doc, i, i + 1, label=labels[etype]))
                    taken.add(i)
        for acronym, etype in implied.items():
            if acronym in defined or acronym in terms:
                continue
            for i in index.occurrences((acronym,)):
                if i not in taken and not _in_capitals(doc, i):
                    ents.append(Span(doc, i, i + 1, label=labels[etype]))
                    taken.add(i)
        doc.ents = sorted(ents, key=lambda s: s.start)
        return doc

    def _definitions(self, doc: Doc) -> tuple[dict[str, str], set[str]]:
        """Acronym -> entityx type, from "Expansion (ACRONYM)" in ``doc``;
        and the acronyms defined by words in lower case (terms).

        An expansion the model missed is labelled here when the acronym's
        type is known from its other mentions.
        """
        ends = {ent.end: ent for ent in doc.ents}
        known = {ent.text: label_to_type(ent.label_) for ent in doc.ents if len(ent) == 1}
        defined: dict[str, str] = {}
        terms: set[str] = set()
        new: list[tuple[int, int, str]] = []  # expansions the model missed
        for i in range(1, len(doc) - 2):
            if doc[i].text != "(" or doc[i + 2].text != ")" or not ACRONYM.match(doc[i + 1].text):
                continue
            acronym = doc[i + 1].text
            wanted = letters(acronym)
            ent = ends.get(i)
            if ent is not None:
                etype = label_to_type(ent.label_)
                if etype is not None and spells([t.text for t in ent], wanted):
                    defined.setdefault(acronym, etype)
                continue
            if _lower_case_expansion(doc, i, wanted):
                terms.add(acronym)
                continue
            etype = known.get(acronym)
            start = self._unlabelled_expansion(doc, i, wanted)
            if etype is not None and start is not None:
                defined.setdefault(acronym, etype)
                new.append((start, i, etype))
        if new:
            taken = covered_tokens(doc)
            labels = type_labels(doc)
            spans = [Span(doc, start, end, label=labels[etype]) for start, end, etype in new
                     if not any(k in taken for k in range(start, end))]
            doc.ents = sorted([*doc.ents, *spans], key=lambda s: s.start)
        return defined, terms

    def _unlabelled_expansion(self, doc: Doc, end: int, wanted: str) -> int | None:
        """Start of the shortest run of words ending at ``end`` that spells
        ``wanted`` and opens with a capitalised word; None if there is none."""
        for start in range(end - 1, max(-1, end - MAX_EXPANSION - 1), -1):
            token = doc[start]
            if not (is_capitalised(token) or token.lower_ in JOINING):
                return None
            if is_capitalised(token) and spells([t.text for t in doc[start:end]], wanted):
                return start
        return None


def _lower_case_expansion(doc: Doc, end: int, wanted: str) -> bool:
    """Whether words in lower case ending at ``end`` spell ``wanted``
    ("sea surface salinity", "other-initiated repair"; the sentence's first
    word may be capitalised); the run opens with a word that is no joining
    word. Only in a sentence that opens with a capital: where the writer
    does not capitalise, a name may be written in lower case too ("the world
    health organization (WHO) said")."""
    for start in range(end - 1, max(-1, end - MAX_EXPANSION - 1), -1):
        token = doc[start]
        lower = token.is_lower or token.is_sent_start and token.is_title
        if not (lower or token.lower_ in JOINING) or token.ent_type:
            return False
        if token.lower_ not in JOINING and \
                wanted in spellings([t.text for t in doc[start:end]], capitalised=False):
            first = next((t for t in sentence(doc, end) if t.is_alpha), None)
            return first is not None and first.text[:1].isupper()
    return False


def _implied(doc: Doc) -> dict[str, str]:
    """Acronym -> entityx type, for every acronym in capitals that spells
    the initials of an organisation or a place of two or more words in
    ``doc``; an acronym two such names of different types spell is left
    out."""
    flags = doc.to_array([IS_UPPER, IS_ALPHA])  # no Python loop over the tokens
    capitals = [doc[i].text for i in numpy.flatnonzero((flags[:, 0] != 0) & (flags[:, 1] != 0))
                .tolist() if ACRONYM.match(doc[i].text)]
    if not capitals:
        return {}
    spelt: dict[str, str | None] = {}
    for ent in doc.ents:
        etype = label_to_type(ent.label_)
        if etype not in (ORGANISATION, PLACE) or len(ent) < 2:
            continue
        words = [t.text for t in ent if t.text[:1].isalnum()]
        if len(words) < 2:
            continue
        for acronym in set(spellings(words)):
            if len(acronym) >= 2:
                spelt[acronym] = etype if spelt.get(acronym, etype) == etype else None
    found: dict[str, str] = {}
    for text in capitals:
        etype = spelt.get(letters(text))
        if etype is not None:
            found[text] = etype
    return found


def _in_capitals(doc: Doc, i: int) -> bool:
    """Whether token ``i`` stands next to another word in capitals that no
    entity holds (a shouted line or a heading: "WHO ARE YOU")."""
    for k in (i - 1, i + 1):
        if 0 <= k < len(doc) and doc[k].is_alpha and doc[k].is_upper and len(doc[k]) > 1 \
                and not doc[k].ent_type:
            return True
    return False
