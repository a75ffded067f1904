"""Chaining role titles: which words are titles, and where a title phrase
before (or at the start of) a name begins and ends.

:class:`TitleWords` holds the title component's word lists and answers the
word-level questions; the component (:mod:`entityx.components.titles`) and
the honorific finder (:mod:`entityx.components.honorifics`) build on it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

import numpy
from spacy.attrs import LOWER
from spacy.tokens import Doc, Token

from .doc_names import find_ids, word_ids
from .title_words import DEMONYM, DETERMINERS, GIVEN_NAMES, HONORIFICS, JOINERS, ROLE_HEADS

# How far left of a name a title phrase may reach, in tokens.
TITLE_REACH = 8
# An ordinal before a title word that is also a given name makes it the
# title ("2nd Earl"), as a determiner does ("the Earl").
ORDINAL = re.compile(r"^(\d+(st|nd|rd|th)|first|second|third|fourth|fifth|sixth|seventh"
                     r"|eighth|ninth|tenth|eleventh|twelfth)$", re.IGNORECASE)


@lru_cache(maxsize=16)
def _key_ids(lists: tuple[frozenset[str], ...]) -> numpy.ndarray:
    """The string ids under which the words of ``lists`` are written in
    lower case, with and without a full stop (worked out once per set of
    lists: the lists are frozen, changing one makes a new one)."""
    return word_ids(w + end for words in lists for w in words for end in ("", "."))


def key(token: Token) -> str:
    """A token as looked up in the word lists: lower case, no full stop."""
    return token.lower_.rstrip(".")


def is_name_token(token: Token) -> bool:
    """A token that can be part of a personal name after an honorific."""
    text = token.text
    if not text or not text[0].isupper() or not any(c.isalpha() for c in text):
        return False
    # Initials ("J.", "J.R.") and capitalised words, hyphenated or with an
    # apostrophe ("O'Neill", "Jean-Luc").
    return all(c.isalpha() or c in ".'’-" for c in text)


class TitleWords:
    """The word lists (normalised to lower case, no full stop) and the
    title-phrase rules that read them."""

    honorifics: frozenset[str]
    role_heads: frozenset[str]
    role_titles: frozenset[str]
    given_names: frozenset[str]

    @classmethod
    def defaults(cls) -> TitleWords:
        """The default honorifics, role heads and given names; no other role
        words (reading nameparser's list is not needed for those)."""
        words = cls()
        words._set_lists(HONORIFICS, (), ROLE_HEADS, GIVEN_NAMES)
        return words

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

    # -- where the words are ------------------------------------------------

    def positions(self, doc: Doc, *lists: frozenset[str]) -> list[int]:
        """The tokens whose :func:`key` is in one of ``lists`` (the lists
        above), read off the token array: the lower-case form with or without
        a full stop ("mr", "mr."; not "Mr.."), in order."""
        return find_ids(doc, _key_ids(lists), LOWER)

    # -- word classes -----------------------------------------------------

    def is_honorific(self, token: Token) -> bool:
        # All-caps "MISS" / "LORD" in a headline is a word, not a title;
        # "MR" / "DR" stay honorifics. A tweet's "RT @user" is a retweet,
        # not "Rt" (Right Honourable).
        text = token.text
        return (
            key(token) in self.honorifics
            and text[:1].isupper()
            and not (text.isupper() and len(text.rstrip(".")) > 3)
            and not (text == "RT" and token.i + 1 < len(token.doc)
                     and token.nbor().text.startswith("@"))
        )

    def is_title_word(self, token: Token) -> bool:
        return key(token) in self.role_titles or self.is_honorific(token)

    def is_head(self, token: Token) -> bool:
        return key(token) in self.role_heads or self.is_honorific(token)

    def _is_capital_title_word(self, token: Token) -> bool:
        return self.is_title_word(token) and token.text[:1].isupper()

    def _has_head(self, doc: Doc, start: int, end: int) -> bool:
        return any(self.is_head(doc[i]) for i in range(start, end))

    # -- title phrases ----------------------------------------------------

    def title_start(self, doc: Doc, end: int, limit: int) -> int:
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
            if self._is_capital_title_word(token) or (
                i == end - 1 and key(token) in self.role_heads
            ):
                start = i
                i -= 1
                continue
            if (
                token.lower_ in JOINERS
                and start < end
                and i - 1 >= limit
                and self._is_capital_title_word(doc[i - 1])
            ):
                i -= 1
                continue
            break
        # Modifiers alone ("National", "Royal") are no title.
        return start if self._has_head(doc, start, end) else end

    def title_before(self, doc: Doc, end: int) -> int:
        """:meth:`title_start` within the usual reach left of ``end``."""
        return self.title_start(doc, end, max(0, end - TITLE_REACH))

    def strip_leading_title(self, doc: Doc, start: int, end: int) -> int | None:
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
                and not _used_as_title(doc, start, end)
            ):
                last_title = i
                i += 1
            elif token.lower_ in JOINERS and last_title is not None:
                i += 1
            elif (
                i == start
                and i + 1 < end
                and self.is_title_word(doc[i + 1])
                and DEMONYM.search(token.text)
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
        if self.title_start(doc, new_start, max(0, start - TITLE_REACH)) == new_start:
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

    def standalone_title_tokens(self, doc: Doc) -> set[int]:
        """Tokens of multi-word capitalised role titles not followed by a name.

        "the Secretary of State said ..." has no person after it, but "State"
        still must not become an organisation.
        """
        found: set[int] = set()
        n = len(doc)
        j = 0
        for i in self.positions(doc, self.role_titles, self.honorifics):
            if i < j or not self._is_capital_title_word(doc[i]):
                continue  # inside the last phrase, or no title word
            j = i + 1
            while j < n:
                if self._is_capital_title_word(doc[j]):
                    j += 1
                elif (
                    doc[j].lower_ in JOINERS
                    and j + 1 < n
                    and self._is_capital_title_word(doc[j + 1])
                ):
                    j += 2
                else:
                    break
            words = [doc[k] for k in range(i, j) if doc[k].lower_ not in JOINERS]
            # Two or more title words, one of them a head such as "Secretary".
            if len(words) >= 2 and any(key(w) in self.role_heads for w in words):
                found.update(range(i, j))
        return found


def _used_as_title(doc: Doc, start: int, end: int) -> bool:
    """Whether a one-word person span that is a title word and also a given
    name ("Earl", "Major", "Judge") is the title: after a determiner or an
    ordinal ("the Earl", "2nd Earl of Clare"), or before "of" ("Earl of
    Clare"). "Earl said" and "Earl Warren" stay names."""
    if end - start != 1:
        return False
    before = doc[start - 1] if start > 0 else None
    after = doc[end] if end < len(doc) else None
    return bool(
        (before is not None and (before.lower_ in DETERMINERS or ORDINAL.match(before.text)))
        or (after is not None and after.lower_ == "of")
    )
