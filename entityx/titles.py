"""The ``entityx_titles`` spaCy component: person titles and honorifics.

Runs after the NER and fixes what statistical models get wrong about titles:

* a person span never includes its title ("Mr Putin" -> "Putin", "Russian
  President Vladimir Putin" -> "Vladimir Putin"); the title is kept as a span
  in ``doc.spans["titles"]`` that ends where the person's span starts;
* an honorific followed by a capitalised name is always a person ("Ms Pugh",
  "Dr Alexander Tayler"), even where the model missed the name or called it
  an organisation or a place;
* words of a role title never become entities of their own ("Defence" in
  "Defence Secretary Pete Hegseth", "State" in "Secretary of State").

The word lists are part of the component's config and are saved with the
pipeline (``to_disk`` / ``to_bytes``), so a pipeline that holds it
round-trips. Role-title words default to the ``nameparser`` package's title
list plus the ministry and office words it lacks.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

TITLES_KEY = "titles"
PERSON_LABELS = ("PERSON", "PER")

# Honorifics: the title before a personal name, with or without a full stop.
HONORIFICS: tuple[str, ...] = (
    "mr", "mrs", "ms", "miss", "mx", "messrs", "mme", "mlle", "dr", "prof",
    "professor", "sir", "dame", "lord", "lady", "rev", "revd", "reverend",
    "fr", "hon", "rt", "madam", "madame", "monsieur", "herr", "frau", "sr",
    "sra", "srta", "sheikh", "sheik",
)

# Ministry and office words that nameparser's list lacks but that precede
# "Secretary" / "Minister" in role titles ("Defence Secretary", "Home Office
# Minister").
OFFICE_WORDS: tuple[str, ...] = (
    "defence", "defense", "interior", "home", "finance", "treasury", "justice",
    "health", "education", "energy", "environment", "transport",
    "transportation", "commerce", "agriculture", "trade",
    "culture", "economy", "economic", "housing", "security",
    "homeland", "veterans", "affairs", "crown",
)

# Entries of nameparser's list that are mostly something else before a name:
# a country ("US Ambassador") or part of an organisation's name ("Advisory
# Group chairman").
NOT_TITLES = ("us", "group", "law")

# Nationality or place words before a role title ("Russian President",
# "Polish-born Pope", "US Ambassador"): demonym endings, "-born", or a short
# all-capitals abbreviation.
_DEMONYM = re.compile(r"(?:[a-z](?:an|ese|ish|i|ch|ic|ss|ek|ai))$|-born$|^[A-Z]{2,4}$|^(?:[A-Z]\.){2,3}$")

# Role nouns that head a title ("Foreign *Minister*", "*Secretary* of State").
# nameparser's list also holds modifiers ("National", "Federal", "Royal") that
# open many organisation names; a run of title words counts as a title only
# when it contains one of these heads or an honorific.
ROLE_HEADS: tuple[str, ...] = (
    "president", "vice-president", "president-elect", "minister", "secretary",
    "chancellor", "senator", "sen", "governor", "gov", "mayor", "ambassador",
    "commissioner", "general", "gen", "director", "chairman", "chairwoman",
    "chairperson", "chair", "chief", "ceo", "spokesman", "spokeswoman",
    "spokesperson", "judge", "justice", "attorney", "speaker", "premier",
    "leader", "envoy", "adviser", "advisor", "pope", "king", "queen", "prince",
    "princess", "emperor", "empress", "sheikh", "emir", "sultan", "ayatollah",
    "bishop", "archbishop", "cardinal", "rabbi", "imam", "pastor", "priest",
    "colonel", "col", "captain", "capt", "lieutenant", "lt", "sergeant", "sgt",
    "admiral", "adm", "marshal", "commander", "major", "maj", "corporal",
    "coach", "manager", "representative", "rep", "congressman",
    "congresswoman", "councillor", "councilman", "councilwoman", "deputy",
    "treasurer", "prosecutor", "detective", "inspector", "constable", "officer",
    "surgeon", "professor", "dean", "provost", "founder", "executive",
    "economist", "analyst", "correspondent", "editor", "author", "writer",
    "actor", "actress", "singer", "striker", "midfielder", "defender",
    "goalkeeper", "chef", "duke", "duchess", "earl", "baron", "baroness",
    "countess", "lord", "lady", "sir", "dame",
)

# Words in nameparser's list that are common given names; they are not taken
# as a title when they open a person's span ("Dean Smith").
GIVEN_NAMES = ("dean", "earl", "major", "bishop", "judge")

# Lower-case particles inside surnames ("von der Leyen", "de Gaulle").
NAME_PARTICLES = frozenset(
    {"von", "van", "der", "den", "de", "du", "da", "di", "del", "della", "dos", "la",
     "le", "bin", "ibn", "al", "el", "ter", "zu"}
)

# Hyphens that join the parts of a double-barrelled name ("Ortega-Hayes").
HYPHENS = frozenset({"-", "‐", "‑"})

# Words that may join title words inside one title ("Secretary of State",
# "Minister for the Cabinet Office").
JOINERS = ("of", "for", "the", "and", "&", "-")


def default_role_titles() -> list[str]:
    """nameparser's title words (lower-cased) plus :data:`OFFICE_WORDS`."""
    from nameparser.config.titles import TITLES

    words = {w.lower().rstrip(".") for w in TITLES if w and " " not in w}
    words.update(OFFICE_WORDS)
    words.difference_update(HONORIFICS)
    words.difference_update(NOT_TITLES)
    return sorted(words)


@Language.factory(
    "entityx_titles",
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


def _key(token: Token) -> str:
    return token.lower_.rstrip(".")


def _is_name_token(token: Token) -> bool:
    """A token that can be part of a personal name after an honorific."""
    text = token.text
    if not text or not text[0].isupper() or not any(c.isalpha() for c in text):
        return False
    # Initials ("J.", "J.R.") and capitalised words, hyphenated or with an
    # apostrophe ("O'Neill", "Jean-Luc").
    return all(c.isalpha() or c in ".'’-" for c in text)


class TitleComponent:
    """See the module docstring. State: the word lists, saved with the pipeline."""

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

    def _set_lists(
        self,
        honorifics: Iterable[str],
        role_titles: Iterable[str],
        role_heads: Iterable[str],
        given_names: Iterable[str],
    ) -> None:
        self.honorifics = frozenset(h.lower().rstrip(".") for h in honorifics)
        self.role_heads = frozenset(r.lower().rstrip(".") for r in role_heads)
        self.role_titles = frozenset(r.lower().rstrip(".") for r in role_titles) | self.role_heads
        self.given_names = frozenset(g.lower() for g in given_names)

    # -- word classes -----------------------------------------------------

    def is_honorific(self, token: Token) -> bool:
        # All-caps "MISS" / "LORD" in a headline is a word, not a title;
        # "MR" / "DR" stay honorifics.
        text = token.text
        return (
            _key(token) in self.honorifics
            and text[:1].isupper()
            and not (text.isupper() and len(text.rstrip(".")) > 3)
        )

    def is_title_word(self, token: Token) -> bool:
        return _key(token) in self.role_titles or self.is_honorific(token)

    def is_head(self, token: Token) -> bool:
        return _key(token) in self.role_heads or self.is_honorific(token)

    def _has_head(self, doc: Doc, start: int, end: int) -> bool:
        return any(self.is_head(doc[i]) for i in range(start, end))

    def _title_start(self, doc: Doc, end: int, limit: int) -> int:
        """Start of the title phrase that ends right before token ``end``.

        Walks left over title words and joiners (a joiner only between title
        words), stopping at ``limit``. Lower-case role words count only next to
        the name ("retired general Keith Kellogg"); capitalised ones chain
        ("Deputy Prime Minister", "Secretary of State").
        """
        start = end
        i = end - 1
        while i >= limit:
            token = doc[i]
            if (self.is_title_word(token) and token.text[:1].isupper()) or (
                i == end - 1 and _key(token) in self.role_heads
            ):
                start = i
                i -= 1
                continue
            if (
                token.lower_ in JOINERS
                and start < end
                and i - 1 >= limit
                and self.is_title_word(doc[i - 1])
                and doc[i - 1].text[:1].isupper()
            ):
                i -= 1
                continue
            break
        # Modifiers alone ("National", "Royal") are no title.
        return start if self._has_head(doc, start, end) else end

    # -- the component ----------------------------------------------------

    def __call__(self, doc: Doc) -> Doc:
        persons: list[tuple[int, int]] = []
        others: list[Span] = []
        for ent in doc.ents:
            if ent.label_ in PERSON_LABELS or ent.label_ == self.person_label:
                persons.append((ent.start, ent.end))
            else:
                others.append(ent)

        # 0. A span the model typed as a place or organisation that is a role
        #    title plus a full name ("[Secretary of] State Marco Rubio") is a
        #    person. One capitalised head word alone does not make it one
        #    ("General Electric Co").
        kept_others: list[Span] = []
        for ent in others:
            new_start = self._strip_leading_title(doc, ent.start, ent.end)
            if (
                new_start is not None
                and new_start > ent.start
                and ent.end - new_start >= 2
                and all(_is_name_token(t) for t in doc[new_start : ent.end])
            ):
                title_start = self._title_start(doc, new_start, max(0, ent.start - 8))
                in_span = [t for t in doc[ent.start : new_start] if t.lower_ not in JOINERS]
                if title_start < ent.start or len(in_span) >= 2:
                    persons.append((new_start, ent.end))
                    continue
            kept_others.append(ent)
        others = kept_others

        # 1. Honorific + capitalised name -> person, whatever the model said.
        claimed: set[int] = set()
        for i, token in enumerate(doc):
            if not self.is_honorific(token) or i + 1 >= len(doc):
                continue
            j = i + 1
            if doc[j].text == "." and token.whitespace_ == "":
                j += 1  # "Mr" "." split by the tokenizer
            end = j
            while end < len(doc) and end - j < 5:
                token = doc[end]
                if token.is_sent_start and end > j:
                    break
                if _is_name_token(token):
                    end += 1
                elif (
                    token.lower_ in NAME_PARTICLES
                    and end + 1 < len(doc)
                    and (_is_name_token(doc[end + 1]) or doc[end + 1].lower_ in NAME_PARTICLES)
                ):
                    end += 1  # "Ms von der Leyen", "Mr de Gaulle"
                elif (
                    token.text in HYPHENS
                    and end > j
                    and not doc[end - 1].whitespace_
                    and not token.whitespace_
                    and end + 1 < len(doc)
                    and _is_name_token(doc[end + 1])
                ):
                    end += 2  # "Ortega-Hayes": the tokenizer splits at the hyphen
                else:
                    break
            while end > j and doc[end - 1].lower_ in NAME_PARTICLES:
                end -= 1
            if end == j or (
                token.text.isupper() and len(token.text.rstrip(".")) > 1
                and not all(t.text.isupper() for t in doc[j:end])
            ):
                # none, or "DR. Chip Biotechnology": an all-caps honorific
                # goes with an all-caps name only ("MR SMITH")
                continue
            # Extend over the rest of a model entity that starts inside.
            for ent in doc.ents:
                if j <= ent.start < end and ent.end > end:
                    end = ent.end
            persons.append((j, end))
            claimed.update(range(j, end))

        # 2. Strip titles inside person spans, find titles before them.
        titles: list[tuple[int, int]] = []
        final_persons: list[tuple[int, int]] = []
        for span_start, end in persons:
            stripped = self._strip_leading_title(doc, span_start, end)
            if stripped is None:
                continue
            start = stripped
            tstart = self._title_start(doc, start, max(0, start - 8))
            # An organisation or place that begins before the title owns its
            # words: "Advisory Group chairman X" has the title "chairman".
            for ent in others:
                if ent.start < tstart < ent.end:
                    tstart = min(ent.end, start)
            if tstart < start:
                titles.append((tstart, start))
            final_persons.append((start, end))

        # 3. Role-title words are never entities; honorific names win.
        title_tokens = {i for s, e in titles for i in range(s, e)}
        title_tokens.update(self._standalone_title_tokens(doc))
        kept = [
            (ent.start, ent.end, ent.label)
            for ent in others
            if not any(i in title_tokens or i in claimed for i in range(ent.start, ent.end))
        ]
        person_id = doc.vocab.strings.add(self.person_label)
        spans = [Span(doc, s, e, label=lbl) for s, e, lbl in kept]
        spans += [Span(doc, s, e, label=person_id) for s, e in final_persons]
        doc.ents = filter_spans(spans)
        doc.spans[self.spans_key] = [
            Span(doc, s, e, label="TITLE") for s, e in sorted(set(titles))
        ]
        return doc

    def _strip_leading_title(self, doc: Doc, start: int, end: int) -> int | None:
        """New start of a person span once leading titles are removed.

        None when the span is nothing but title words. A nationality or place
        word before a role title goes too ("Russian President Vladimir Putin").
        """
        i = start
        last_title = None
        skipped_word = False
        while i < end:
            token = doc[i]
            if self.is_title_word(token) and not (
                i == start and token.lower_ in self.given_names
            ):
                last_title = i
                i += 1
            elif token.lower_ in JOINERS and last_title is not None:
                i += 1
            elif (
                i == start
                and i + 1 < end
                and self.is_title_word(doc[i + 1])
                and _DEMONYM.search(token.text)
            ):
                skipped_word = True
                i += 1  # "Russian" in "Russian President ..."
            else:
                break
        if last_title is None:
            return start
        new_start = last_title + 1
        # Only a real title goes: one with a head word, counting title words
        # just before the span ("Secretary of" + "State Marco Rubio").
        if self._title_start(doc, new_start, max(0, start - 8)) == new_start:
            return start
        while new_start < end and doc[new_start].lower_ in JOINERS:
            new_start += 1
        if new_start < end:
            return new_start
        # Nothing left: a span of role nouns only ("President") is no name;
        # a name that ends in, or is, another title word is ("John Major",
        # "Mr. Field").
        if skipped_word or not all(
            self.is_head(t) or t.lower_ in JOINERS for t in doc[start:end]
        ):
            return start
        return None

    def _standalone_title_tokens(self, doc: Doc) -> set[int]:
        """Tokens of multi-word capitalised role titles not followed by a name.

        "the Secretary of State said ..." has no person after it, but "State"
        still must not become an organisation.
        """
        found: set[int] = set()
        i = 0
        n = len(doc)
        while i < n:
            if not (self.is_title_word(doc[i]) and doc[i].text[:1].isupper()):
                i += 1
                continue
            j = i + 1
            while j < n:
                if self.is_title_word(doc[j]) and doc[j].text[:1].isupper():
                    j += 1
                elif (
                    doc[j].lower_ in JOINERS
                    and j + 1 < n
                    and self.is_title_word(doc[j + 1])
                    and doc[j + 1].text[:1].isupper()
                ):
                    j += 2
                else:
                    break
            words = [doc[k] for k in range(i, j) if doc[k].lower_ not in JOINERS]
            # Two or more title words, one of them a head such as "Secretary".
            if len(words) >= 2 and any(_key(w) in self.role_heads for w in words):
                found.update(range(i, j))
            i = j
        return found

    # -- serialisation ----------------------------------------------------

    def _state(self) -> dict[str, Any]:
        return {
            "honorifics": sorted(self.honorifics),
            "role_titles": sorted(self.role_titles),
            "role_heads": sorted(self.role_heads),
            "given_names": sorted(self.given_names),
        }

    def _load_state(self, state: dict[str, Any]) -> None:
        self._set_lists(state["honorifics"], state["role_titles"], state["role_heads"],
                        state["given_names"])

    def to_bytes(self, *, exclude: Sequence[str] = ()) -> bytes:
        return json.dumps(self._state()).encode("utf-8")

    def from_bytes(self, data: bytes, *, exclude: Sequence[str] = ()) -> TitleComponent:
        self._load_state(json.loads(data.decode("utf-8")))
        return self

    def to_disk(self, path: str | Path, *, exclude: Sequence[str] = ()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        (path / "titles.json").write_text(json.dumps(self._state(), indent=1), encoding="utf-8")

    def from_disk(self, path: str | Path, *, exclude: Sequence[str] = ()) -> TitleComponent:
        self._load_state(json.loads((Path(path) / "titles.json").read_text(encoding="utf-8")))
        return self

