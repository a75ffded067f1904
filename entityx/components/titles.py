"""The ``entityx_titles`` spaCy component: person titles and honorifics.

Runs after the NER and fixes what statistical models get wrong about titles:

* a person span never includes its title ("Mr Putin" -> "Putin", "Russian
  President Vladimir Putin" -> "Vladimir Putin"); the title is kept as a span
  in ``doc.spans["titles"]`` that ends where the person's span starts;
* an honorific followed by a capitalised name is always a person ("Ms Pugh",
  "Dr Alexander Tayler"), even where the model missed the name or called it
  an organisation or a place;
* words of a role title never become entities of their own ("Defence" in
  "Defence Secretary Pete Hegseth", "State" in "Secretary of State");
* a role title set off by commas after or before a name ("Tim Cook, chief
  executive of Apple", "The Foreign Secretary, David Lammy, said") is kept
  too, with the label ``APPOSITION`` (:meth:`TitleComponent.title_after`,
  :meth:`TitleComponent.title_before_comma`).

Built like spaCy's ``SpanRuler``: ``__call__`` is :meth:`TitleComponent.match`
(honorifics from :mod:`.honorifics`, role titles from :mod:`.role_titles`)
then :meth:`TitleComponent.set_annotations`. The word lists
(:mod:`.title_words`) are part of the config and saved with the pipeline
(``to_disk`` / ``to_bytes``, which honour ``exclude=["lists"]``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from spacy.language import Language
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from ..labels import APPOSITION, PERSON_LABELS
from .honorifics import honorific_names
from .role_titles import TITLE_REACH, TitleWords, is_name_token, key
from .serialize import JsonState
from .title_words import (
    DEMONYM,
    GIVEN_NAMES,
    HONORIFICS,
    JOINERS,
    PARTIES,
    ROLE_HEADS,
    TITLES_KEY,
    default_role_titles,
)

# A role title in apposition after a name ("Tim Cook, chief executive of
# Apple"; its span label is labels.APPOSITION): its most words, and the
# words that may follow it.
APPOSITION_REACH = 4
APPOSITION_AFTER = frozenset({"of", "at", "for", "in", "with", "to", "on"})
# Lower-case words of a title in apposition are no function words ("Ann
# Lee, who is the president"), but for these spaCy counts as stop words.
APPOSITION_STOPS = frozenset({"former", "then", "first", "top", "third", "second", "last"})
# What comes before a title in apposition before a name ("The Foreign
# Secretary, David Lammy,"; "its chief executive, Tim Cook,"), and what
# closes the name.
DETERMINERS_BEFORE_TITLE = frozenset({"the", "a", "an", "its", "his", "her", "their", "our",
                                      "my", "your"})
CLOSERS = frozenset({",", ".", ";", ":", "!", "?", ")", "—", "–"})


@Language.factory(
    "entityx_titles",
    assigns=["doc.ents", "doc.spans"],
    requires=["doc.ents"],
    default_config={
        "honorifics": list(HONORIFICS),
        "role_titles": None,
        "role_heads": list(ROLE_HEADS),
        "given_names": list(GIVEN_NAMES),
        "person_label": "PERSON",
        "spans_key": TITLES_KEY,
    },
)
def make_titles(
    nlp: Language,
    name: str,
    honorifics: list[str],
    role_titles: list[str] | None,
    role_heads: list[str],
    given_names: list[str],
    person_label: str,
    spans_key: str,
) -> TitleComponent:
    """Create the title component (``nlp.add_pipe("entityx_titles")``)."""
    if not person_label:
        raise ValueError("entityx_titles: person_label must not be empty")
    return TitleComponent(
        name,
        honorifics=honorifics,
        role_titles=default_role_titles() if role_titles is None else role_titles,
        role_heads=role_heads,
        given_names=given_names,
        person_label=person_label,
        spans_key=spans_key,
    )


@dataclass
class TitleMatches:
    """What :meth:`TitleComponent.match` found in one doc (token offsets)."""

    persons: list[tuple[int, int]] = field(default_factory=list)
    titles: list[tuple[int, int]] = field(default_factory=list)
    # titles in apposition after or before a person's name ("Tim Cook, chief
    # executive,", "Apple's chief executive, Tim Cook,"): start, end, and
    # the end of the name
    after: list[tuple[int, int, int]] = field(default_factory=list)
    others: list[tuple[int, int, int]] = field(default_factory=list)  # start, end, label


class TitleComponent(TitleWords, JsonState):
    """See the module docstring. State: the word lists, saved with the pipeline."""

    state_file = "titles.json"
    state_key = "lists"

    def __init__(
        self,
        name: str = "entityx_titles",
        *,
        honorifics: Iterable[str] = HONORIFICS,
        role_titles: Iterable[str] | None = None,
        role_heads: Iterable[str] = ROLE_HEADS,
        given_names: Iterable[str] = GIVEN_NAMES,
        person_label: str = "PERSON",
        spans_key: str = TITLES_KEY,
    ) -> None:
        self.name = name
        self.person_label = person_label
        self.spans_key = spans_key
        self._set_lists(
            honorifics,
            default_role_titles() if role_titles is None else role_titles,
            role_heads,
            given_names,
        )

    def __call__(self, doc: Doc) -> Doc:
        self.set_annotations(doc, self.match(doc))
        return doc

    def match(self, doc: Doc) -> TitleMatches:
        """Persons, their titles and the other entities to keep; ``doc`` is
        not changed."""
        persons: list[tuple[int, int]] = []
        others: list[Span] = []
        for ent in doc.ents:
            if ent.label_ in PERSON_LABELS or ent.label_ == self.person_label:
                persons.append((ent.start, ent.end))
            else:
                others.append(ent)
        others = self._retype_titled_names(doc, others, persons)
        # A party to a case before a firm's name is not part of it
        # ("Appellant Google"); a person's is stripped as a title below.
        others = [Span(doc, e.start + 1, e.end, label=e.label)
                  if len(e) > 1 and key(e[0]) in PARTIES and is_name_token(e[1]) else e
                  for e in others]
        named = honorific_names(self, doc)
        persons.extend(named)
        claimed = {i for start, end in named for i in range(start, end)}
        found = self._split_titles(doc, persons, others)
        found.after = [(*t, end) for _, end in found.persons
                       if (t := self.title_after(doc, end)) is not None]
        titled = {end for _, end in found.titles} | {end for *_, end in found.after}
        found.after += [(*t, end) for start, end in found.persons
                        if start not in titled and end not in titled
                        and (t := self.title_before_comma(doc, start, end)) is not None]
        # Role-title words are never entities; honorific names win.
        title_tokens = {i for s, e in found.titles for i in range(s, e)}
        title_tokens.update(i for s, e, _ in found.after for i in range(s, e))
        title_tokens.update(self.standalone_title_tokens(doc))
        found.others = [
            (ent.start, ent.end, ent.label)
            for ent in others
            if not any(i in title_tokens or i in claimed for i in range(ent.start, ent.end))
        ]
        return found

    def set_annotations(self, doc: Doc, found: TitleMatches) -> None:
        """Write ``found`` to ``doc.ents`` and ``doc.spans[spans_key]``."""
        person_id = doc.vocab.strings.add(self.person_label)
        spans = [Span(doc, s, e, label=lbl) for s, e, lbl in found.others]
        spans += [Span(doc, s, e, label=person_id) for s, e in found.persons]
        doc.ents = filter_spans(spans)
        doc.spans[self.spans_key] = sorted(
            [Span(doc, s, e, label="TITLE") for s, e in set(found.titles)]
            + [Span(doc, s, e, label=APPOSITION, span_id=f"{APPOSITION}:{name_end}")
               for s, e, name_end in set(found.after)],
            key=lambda span: span.start)

    def _retype_titled_names(self, doc: Doc, others: list[Span],
                             persons: list[tuple[int, int]]) -> list[Span]:
        """A span the model typed as a place or organisation that is a role
        title plus a full name ("[Secretary of] State Marco Rubio") is a
        person: its name part joins ``persons``; the rest are returned. One
        capitalised head word alone does not make one ("General Electric Co").
        """
        kept: list[Span] = []
        for ent in others:
            new_start = self.strip_leading_title(doc, ent.start, ent.end)
            if (
                new_start is not None
                and new_start > ent.start
                and ent.end - new_start >= 2
                and all(is_name_token(t) for t in doc[new_start : ent.end])
            ):
                title_start = self.title_start(doc, new_start, max(0, ent.start - TITLE_REACH))
                in_span = [t for t in doc[ent.start : new_start] if t.lower_ not in JOINERS]
                if title_start < ent.start or len(in_span) >= 2:
                    persons.append((new_start, ent.end))
                    continue
            kept.append(ent)
        return kept

    def _split_titles(self, doc: Doc, persons: list[tuple[int, int]],
                      others: list[Span]) -> TitleMatches:
        """Strip titles inside person spans and find the titles before them."""
        found = TitleMatches()
        for span_start, end in persons:
            start = self.strip_leading_title(doc, span_start, end)
            if start is None:
                continue
            tstart = self.title_before(doc, start)
            # An organisation or place that begins before the title owns its
            # words: "Advisory Group chairman X" has the title "chairman".
            for ent in others:
                if ent.start < tstart < ent.end:
                    tstart = min(ent.end, start)
            if tstart < start:
                found.titles.append((tstart, start))
            found.persons.append((start, end))
        return found

    def title_after(self, doc: Doc, end: int) -> tuple[int, int] | None:
        """The role title in apposition after the person's name ending at
        ``end``: ", CEO," / ", chief executive of Apple" / ", the foreign
        minister." / ", Apple's Chief Financial Officer"; or None.

        After the comma an article or a capitalised possessive ("Apple's")
        may come first; the title is then at most :data:`APPOSITION_REACH`
        words, lower-case modifiers and title words, ending in a role head
        or a capitalised title word ("Marc Fogel, a teacher" has none,
        "Alexander Vinnik, a convicted Russian criminal" neither), right
        before punctuation, the end, or "of" / "at" / "for" / "in" / "with"
        and what it holds the role in. Lower-case words are no function words
        (spaCy's stop words but "former", "then", "first" and a few more: "Ann
        Lee, who is the president" has none). Not across a sentence end.
        """
        n = len(doc)
        if end >= n - 1 or doc[end].text != ",":
            return None
        i = end + 1
        if doc[i].lower_ in ("the", "a", "an", "then"):
            i += 1
        else:  # "Apple's", "Russia's"
            k = i
            while k < n and k - i < APPOSITION_REACH and doc[k].text[:1].isupper():
                k += 1
            if k > i and k < n and doc[k].lower_ in ("'s", "’s"):
                i = k + 1
        # a nationality or a country before the title is no part of it, as
        # before a name ("the Russian foreign minister", "UK ambassador")
        if (i + 1 < n and doc[i].text[:1].isupper() and DEMONYM.search(doc[i].text)
                and key(doc[i]) not in self.role_heads):
            i += 1
        j = i
        while j < n and j - i < APPOSITION_REACH and doc[j].is_alpha:
            if (j > i and doc[j].lower_ in JOINERS and j + 1 < n
                    and self._is_capital_title_word(doc[j - 1])
                    and self._is_capital_title_word(doc[j + 1])):
                j += 2  # "Secretary of State", "Director of Operations"
                continue
            if doc[j].lower_ in APPOSITION_AFTER or not self._apposition_word(doc[j]):
                break
            j += 1
        if j == i or any(doc[k].is_sent_start for k in range(end + 1, j)):
            return None
        last = doc[j - 1]
        if not (key(last) in self.role_heads or self._is_capital_title_word(last)):
            return None
        if j < n and not (doc[j].is_punct or doc[j].lower_ in APPOSITION_AFTER):
            return None
        return i, j

    def _apposition_word(self, token: Token) -> bool:
        """A word of a title in apposition: a lower-case word that is no
        function word, a capitalised title word or a role head in capitals."""
        return (token.is_lower and (not token.is_stop or token.lower_ in APPOSITION_STOPS
                                    or key(token) in self.role_heads)
                or self._is_capital_title_word(token)
                or token.is_upper and key(token) in self.role_heads)

    def title_before_comma(self, doc: Doc, start: int, end: int) -> tuple[int, int] | None:
        """The role title in apposition before the person's name
        ``doc[start:end]``: "The Foreign Secretary, David Lammy, said" /
        "Apple's chief executive, Tim Cook." / "its founder, Ann Lee," / "the
        Secretary General of the Arab League, Amr Moussa,"; or None.

        The title is the words right before the comma, as in
        :meth:`title_after` (at most :data:`APPOSITION_REACH`, ending in a
        role head or a capitalised title word, a nationality before it left
        out), after an article, a possessive pronoun or a possessive ("the",
        "its", "Apple's"); the name is closed by punctuation or the end, so
        "the president, John Smith and Ann Lee" (a list) has none.
        """
        n = len(doc)
        if start < 3 or doc[start - 1].text != "," or (end < n and doc[end].text not in CLOSERS):
            return None
        j = start - 1
        # what the role is held in, after the title: "Secretary General of the
        # [Arab League], Amr Moussa," (a name of another type, then "of the")
        if doc[j - 1].ent_type and doc[j - 1].ent_type_ not in PERSON_LABELS \
                and doc[j - 1].ent_type_ != self.person_label:
            k = j - 1
            while k > 0 and doc[k].ent_iob_ == "I":
                k -= 1
            if k > 0 and doc[k - 1].lower_ == "the":
                k -= 1
            if k > 1 and doc[k - 1].lower_ in APPOSITION_AFTER:
                j = k - 1
        i = j
        while i > 0 and j - i < APPOSITION_REACH:
            token = doc[i - 1]
            if token.is_alpha and token.lower_ not in APPOSITION_AFTER \
                    and self._apposition_word(token):
                i -= 1
            elif (token.lower_ in JOINERS and i - 2 >= 0 and i < j
                  and self._is_capital_title_word(doc[i - 2])
                  and self._is_capital_title_word(doc[i])):
                i -= 2  # "Secretary of State"
            else:
                break
        if i == j or not (key(doc[j - 1]) in self.role_heads
                          or self._is_capital_title_word(doc[j - 1])):
            return None
        if not self._has_head(doc, i, j):
            return None  # "released by the Navy, Peter.": no role in it
        first = i  # a nationality or a country is no part of the title
        if i > 0 and doc[i - 1].text[:1].isupper() and DEMONYM.search(doc[i - 1].text):
            i -= 1
        if i == 0 or not (doc[i - 1].lower_ in DETERMINERS_BEFORE_TITLE
                          or doc[i - 1].lower_ in ("'s", "’s")):
            return None
        if any(doc[k].is_sent_start for k in range(i, end)):
            return None
        return first, j

    # -- state saved with the pipeline ------------------------------------

    def _state(self) -> dict[str, list[str]]:
        return {
            "honorifics": sorted(self.honorifics),
            "role_titles": sorted(self.role_titles),
            "role_heads": sorted(self.role_heads),
            "given_names": sorted(self.given_names),
        }

    def _load_state(self, state: dict[str, list[str]]) -> None:
        self._set_lists(state["honorifics"], state["role_titles"], state["role_heads"],
                        state["given_names"])
