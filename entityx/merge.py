"""Name normalisation and per-document grouping of mentions into entities."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable

from .chars import AS_TRAINED, WITHOUT_INVISIBLE
from .labels import PERSON
from .results import Entity, Mention

# A name's key reads curly apostrophes and quotes as straight ones and
# Unicode hyphens as "-" ("O’Brien" is "O'Brien"); neither key nor name has invisible characters.
_KEY_CHARS: dict[int, str | None] = {**WITHOUT_INVISIBLE, **AS_TRAINED}

_LEADING = re.compile(r"^(?:the|The|THE)\s+(?=\S)")
_POSSESSIVE = re.compile(r"(?<=\w)(?:['’]s|['’]S|['’])$")
# A hyphenated lower-case word after a name makes a modifier ("Biden-era",
# "Kremlin-backed", "Paris-born"), unless it is part of the name itself, as
# in the given names of Korean and other romanised names ("Kim Jong-un",
# "Lee Kyou-hyuk"). Only these tails are cut: participles ("-backed",
# "-owned", "-speaking") and the common compounding words below.
_HYPHEN_TAIL = re.compile(r"(?<=\w)[-‐‑–]([a-z]+)$")
_MODIFIER_PARTICIPLE = re.compile(r"^[a-z]{3,}(?:ed|ing)$")
MODIFIER_TAILS = frozenset({
    "era", "style", "like", "led", "born", "bred", "run", "made", "built", "held", "wide",
    "type", "class", "level", "free", "friendly", "proof", "esque", "ish", "centric", "sized",
    "years", "time", "period", "area", "region", "side", "only", "first", "skeptic",
    "sceptic", "phile", "phobe", "phobic",
})
_EDGE_PUNCT = "\"“”‘'’«»()[]{},;:!?*•|/\\"
# A dash set apart by a space at a name's edge is the sentence's, not the
# name's ("central [London -] right through", "[- Theodore Roosevelt -]").
_DASHES = "-–—"


def clean_span(text: str, start: int, end: int) -> tuple[int, int] | None:
    """Trim a name span: no surrounding spaces, quotes, brackets (but the
    one that closes a bracket inside: "Mladost (L)") or dashes set apart by
    a space, no hashtag's "#" ("#Colbert"), no leading "the",
    no possessive, no hyphenated lower-case tail ("Biden-era").

    Returns new offsets into ``text``, or None if nothing is left.
    """
    while True:
        before = (start, end)
        while start < end and (text[start].isspace() or text[start] in _EDGE_PUNCT
                               or text[start] == "#" and start + 1 < end
                               and text[start + 1].isalpha()  # a hashtag's "#"
                               or text[start] in _DASHES and start + 1 < end
                               and text[start + 1].isspace()):  # "- Theodore Roosevelt"
            start += 1
        while start < end and (text[end - 1].isspace() or text[end - 1] in _EDGE_PUNCT
                               or text[end - 1] in _DASHES and end - 2 >= start
                               and text[end - 2].isspace()):  # "London -"
            # a closing quote/bracket is punctuation, an apostrophe after a
            # word is a possessive: handled below
            if text[end - 1] in "'’" and end - 1 > start and text[end - 2].isalnum():
                break
            if text[end - 1] == ")" and text.count("(", start, end) > text.count(")", start, end - 1):
                break  # it closes a bracket the name opened: "Mladost (L)"
            end -= 1
        span = text[start:end]
        m = _LEADING.match(span)
        if m and len(span) > m.end():
            start += m.end()
            span = text[start:end]
        m = _POSSESSIVE.search(span)
        if m and m.start() > 0:
            end = start + m.start()
            span = text[start:end]
        m = _HYPHEN_TAIL.search(span)
        if m and m.start() > 0 and is_modifier(m.group(1)):
            end = start + m.start()
        if (start, end) == before:
            break
    # A name has a letter: "288" or "1996-12-06" is not one.
    if start >= end or not any(c.isalpha() for c in text[start:end]):
        return None
    return start, end


# A list or rank number before a person's name ("1. Katja Seizinger") is
# not part of it. Only for people: "1. FC Köln" is a club's name.
_LEADING_NUMBER = re.compile(r"\d+[.)]\s+(?=[^\W\d_])")


def clean_person(text: str, start: int, end: int) -> tuple[int, int]:
    """Trim a person's (already cleaned) span further: no leading rank number."""
    m = _LEADING_NUMBER.match(text, start, end)
    return (m.end(), end) if m else (start, end)


def is_modifier(tail: str) -> bool:
    """A lower-case word after a hyphen that makes the name a modifier ("era", "backed")."""
    return tail in MODIFIER_TAILS or bool(_MODIFIER_PARTICIPLE.match(tail))


# Titles used with a given name alone ("Sir Keir", "Dame Judi").
GIVEN_NAME_TITLES = frozenset({"sir", "dame"})
# Common Chinese (pinyin), Korean and Vietnamese family names: in "Xi
# Jinping", "Moon Jae-in" and "Nguyen Phu Trong" the family name comes
# first, and "Mr Xi", "President Moon" are the same person.
FAMILY_NAMES_FIRST = frozenset({
    # Chinese
    "wang", "li", "zhang", "liu", "chen", "yang", "huang", "zhao", "wu", "zhou", "xu", "sun",
    "ma", "zhu", "hu", "guo", "he", "lin", "gao", "luo", "zheng", "liang", "xie", "song",
    "tang", "han", "feng", "deng", "cao", "peng", "zeng", "xiao", "tian", "dong", "pan",
    "yuan", "cai", "jiang", "yu", "du", "ye", "cheng", "wei", "su", "lu", "ding", "ren",
    "shen", "yao", "jin", "fu", "zhong", "wen", "xi", "hua", "bo", "qin", "lai", "geng",
    "fang", "bai", "cui", "kang", "mao", "qiu", "qian", "xia", "meng", "shi", "yin", "duan",
    "lei", "hou", "long", "tao", "gu", "xiong", "hao", "shao", "wan", "gong", "zou",
    # Korean
    "kim", "lee", "park", "choi", "jung", "cho", "yoon", "jang", "lim", "shin", "seo",
    "kwon", "hwang", "ahn", "yoo", "hong", "jeon", "ko", "moon", "son", "bae", "baek", "heo",
    "nam", "roh", "ha", "chung", "oh", "noh", "rhee", "ban",
    # Vietnamese
    "nguyen", "tran", "le", "pham", "hoang", "phan", "vu", "dang", "bui", "do", "ho", "ngo",
    "duong", "ly",
})
# A pinyin syllable: an initial and a final ("jin", "ping", "qiang", "yi").
_PINYIN = re.compile(
    r"(?:[bpmfdtnlgkhjqxrzcsyw]|zh|ch|sh)?(?:iang|iong|uang|ueng|ang|eng|ing|ong|ian|iao|uai|"
    r"uan|ai|ei|ao|ou|an|en|er|ia|ie|iu|in|ua|uo|ui|un|a|o|e|i|u|ü)")
_PINYIN_WORD = re.compile(rf"^(?:{_PINYIN.pattern}){{1,2}}$")


# A generational suffix, with or without its comma and full stop, in a key
# ("Harry Carey, Jr." is "Harry Carey Jr"; "Peter Barnes, III").
_SUFFIX = re.compile(r",?\s+(jr|sr|jnr|snr)\.?$|,\s+(ii|iii|iv)$")


# A person's name written surname first, as lists of references write it.
_INVERTED = re.compile(r"^([^\s,]+), ([^,]+)$")


def name_key(text: str, etype: str) -> str:
    """What makes two names of a type one name: case, curly quotes,
    invisible characters and runs of spaces aside, a generational suffix
    with or without its comma, and a person's name in its usual order
    ("Marx, Karl" is "karl marx")."""
    key = _key(text)
    return _INVERTED.sub(r"\2 \1", key) if etype == PERSON else key


def _key(text: str) -> str:
    key = " ".join(text.translate(_KEY_CHARS).split()).casefold()
    return _SUFFIX.sub(lambda m: " " + (m.group(1) or m.group(2)), key)


def display(text: str) -> str:
    return " ".join(text.translate(WITHOUT_INVISIBLE).split())


def _case_rank(form: str) -> int:
    """2 for a form in capitals and small letters ("Tokyo", "iPhone", "de
    Gaulle"), 1 for one all in capitals ("TOKYO", "NATO"), 0 for one with no
    capital ("tokyo", "nato")."""
    if form.isupper():
        return 1
    return 2 if any(c.isupper() for c in form) else 0


def name_and_aliases(forms: Counter[str], seen: list[str],
                     person: bool = False) -> tuple[str, list[str]]:
    """An entity's name and aliases from how often each form is written
    (``forms``) and the order they appear in (``seen``, which holds every
    form). The name is the fullest form: for a ``person`` first the most
    given names written out ("Haskell Curry" over "H. B. Curry", "Jane A.
    Smith" over "J. A. Smith"), then most words, then the name in its usual
    order ("Karl Marx" over "Marx, Karl"), then how it is cased
    (``_case_rank``: "Tokyo" over a dateline's "TOKYO", and either over a
    forum post's "tokyo"), then most frequent, then first seen; the aliases
    are the other forms in the order first seen."""
    first_seen = {f: i for i, f in reversed(list(enumerate(seen)))}
    name = max(forms, key=lambda f: (_spelt_out(f.casefold()) if person else 0,
                                     len(f.split()),
                                     not (person and _INVERTED.match(f.casefold())),
                                     _case_rank(f), forms[f], -first_seen[f]))
    return name, sorted((f for f in forms if f != name), key=lambda f: first_seen[f])


def _mistyped_full_name(key: str, mentions: list[Mention], one_word_people: set[str]) -> bool:
    """A two- or three-word name typed as a place or organisation that ends in
    the surname of a person of the same document ("Joe Biden" tagged an
    organisation in "the Joe Biden-era mantra", beside "Mr Biden")."""
    words = key.split()
    return (
        len(words) <= 3
        and words[-1] in one_word_people
        and all(w[:1].isupper() for w in mentions[0].text.split())
    )


def group_mentions(found: Iterable[tuple[str, Mention]]) -> list[Entity]:
    """Group one document's typed mentions into entities.

    * Mentions with the same normalised name share one type: the majority
      one (a name the model tagged twice as a person and once as a place is
      a person).
    * A one-word person mention ("Trump", "Mr Trump") joins the one full name
      in the document that ends in it ("Donald Trump"); when several people
      share that surname it stays on its own. A one-word person that no
      full name ends in joins the one person whose given name it is
      ("Elizabeth" -> "Elizabeth Bennet", "Sir Keir" -> "Keir Starmer"), or
      else the one whose middle name it is ("Skłodowska" -> "Marie
      Skłodowska Curie", "García" -> "Gabriel García Márquez"). A one-word place or
      organisation mention that is the surname of exactly one person is that
      person (models often mistype bare surnames).
    * A person's name joins the one fuller form of it in the document:
      "John Kennedy" and "J. F. Kennedy" join "John F. Kennedy"; not with a
      different middle initial or a suffix ("George Bush Sr.").
    * A two- or three-word place or organisation that ends in a person's
      surname is that person's full name, mistyped; a group's type is the
      majority over all its mentions.
    * Places and organisations merge on their normalised name, an
      organisation's name joins the same name with its legal form ("Acme
      Holdings", "Acme Holdings, Inc."), and an
      acronym joins the one longer name of its type in the document that
      spells it ("OECD", "Organisation for Economic Co-operation and
      Development"; "US", "United States").
    """
    mentions_by_key: dict[str, list[Mention]] = defaultdict(list)
    type_votes: dict[str, Counter[str]] = defaultdict(Counter)
    for etype, mention in found:
        key = name_key(mention.text, etype)
        mentions_by_key[key].append(mention)
        type_votes[key][etype] += 1
    key_type = {key: _majority(type_votes[key]) for key in mentions_by_key}
    head = _heads(key_type, mentions_by_key)
    _join_legal_forms(key_type, head)
    _join_acronyms(key_type, mentions_by_key, head)
    groups: dict[str, list[str]] = defaultdict(list)
    for key in mentions_by_key:
        groups[head[key]].append(key)
    entities = [_entity(keys, key_type[head_key], mentions_by_key, type_votes)
                for head_key, keys in groups.items()]
    entities.sort(key=lambda e: (-e.count, e.mentions[0].start))
    return entities


def _majority(votes: Counter[str]) -> str:
    best = max(votes.values())
    # ties: the type seen first
    for etype, n in votes.items():
        if n == best:
            return etype
    raise AssertionError  # pragma: no cover


def _heads(key_type: dict[str, str], mentions_by_key: dict[str, list[Mention]]
           ) -> dict[str, str]:
    """Each name's group: the name it joins, or itself.

    Longest names first: each name joins the one longer person name it ends
    with ("Trump" -> "Donald Trump", "von der Leyen" -> "Ursula von der
    Leyen"), resolved to that name's own head; with two candidates ("Joe
    Biden", "Jill Biden") it stays on its own. A person name that no longer
    name ends with joins the one fuller form of it (``_fuller_form``: "John
    Kennedy" -> "John F. Kennedy"). Only person names and bare one-word names
    (mistyped surnames) join people.
    """
    one_word_people = {k for k, t in key_type.items() if t == PERSON and " " not in k}
    # A name of a title of a place ("Earl of Lovelace", "Catherine of Aragon")
    # ends in no surname: "Lovelace" stays free to join "Ada Lovelace".
    persons = [
        k for k, t in key_type.items()
        if len(k.split()) >= 2 and k.split()[-2] != "of"
        and (t == PERSON or _mistyped_full_name(k, mentions_by_key[k], one_word_people))
    ]
    # British knights and dames go by their given name: "Sir Keir" is
    # "Keir Starmer".
    by_given: dict[str, list[str]] = defaultdict(list)
    for full in persons:
        by_given[full.split()[0]].append(full)

    by_surname: dict[str, list[str]] = defaultdict(list)
    for full in persons:
        by_surname[full.split()[-1]].append(full)
    # A middle name, often a maiden or a first family name ("Skłodowska" in
    # "Marie Skłodowska Curie", "García" in "Gabriel García Márquez").
    by_middle: dict[str, list[str]] = defaultdict(list)
    for full in persons:
        for word in dict.fromkeys(full.split()[1:-1]):
            if not _INITIALS.match(word) and word not in _NOT_MIDDLE_NAMES:
                by_middle[word].append(full)

    head: dict[str, str] = {}
    # fullest first: "George W. Bush" is settled before "G. W. Bush" joins it
    for key in sorted(key_type, key=lambda k: (-len(k.split()), -_spelt_out(k))):
        head[key] = key
        words = key.split()
        if key_type[key] != PERSON and len(words) != 1:
            continue
        longer = [f for f in persons if len(f.split()) > len(words) and f.split()[-len(words):] == words]
        if not longer and len(words) >= 2:
            # ... and agrees with the name that one joined ("John Smith" is not
            # "Jane A. Smith" through "J. A. Smith")
            longer = [f for f in by_surname[words[-1]] if f in head and f != key
                      and _fuller_form(f, key) and _fuller_form(head[f], key)]
        heads = {head[f] for f in longer}
        if len(heads) == 1:
            head[key] = heads.pop()
        elif not longer and len(words) == 1 and _goes_by_given_name(
                key, key_type[key], mentions_by_key[key], by_given.get(key, [])):
            head[key] = head[by_given[key][0]]
        elif (not longer and len(words) == 1 and key_type[key] == PERSON
              and key not in by_given and len({head[f] for f in by_middle.get(key, [])}) == 1):
            head[key] = head[by_middle[key][0]]
    return head


def _goes_by_given_name(key: str, etype: str, mentions: list[Mention],
                        named: list[str]) -> bool:
    """A one-word name that no full name ends in is the one person whose
    given name it is: "Sir Keir" with "Keir Starmer" (knights and dames go
    by their given name), and a bare "Elizabeth" with "Elizabeth Bennet"
    (fiction, interviews), "Xi" with "Xi Jinping" (family name first). Not
    with two such people ("Donald Trump", "Donald Tusk"), and a bare name
    only when the model typed it a person and no mention of it carries
    another title ("Mr Elizabeth" is someone's surname), unless the full
    name puts its family name first ("Mr Xi", "President Moon":
    :func:`_family_name_first`)."""
    if len(named) != 1:
        return False
    titles = {(m.title or "").rstrip(".").casefold() for m in mentions}
    if titles & GIVEN_NAME_TITLES or _family_name_first(named[0]):
        return True
    return etype == PERSON and titles == {""}


def _family_name_first(full: str) -> bool:
    """Whether a person's (casefolded) full name begins with a family name,
    as East Asian names do: a family name of :data:`FAMILY_NAMES_FIRST` and
    then a given name of pinyin syllables or hyphenated ("xi jinping",
    "moon jae-in", "nguyen phu trong"); not "lee smith", "kim kardashian"."""
    first, *given = full.split()
    if first not in FAMILY_NAMES_FIRST or not 1 <= len(given) <= 2:
        return False
    return all("-" in word or _PINYIN_WORD.match(word) for word in given) or (
        len(given) == 2 and all(len(word) <= 5 and word.isalpha() for word in given))


# Words inside a person's name that are no middle name of theirs ("Charles
# de Gaulle", "Saeed bin Maktoum", "Ludwig van Beethoven").
_NOT_MIDDLE_NAMES = frozenset({
    "de", "du", "da", "di", "del", "della", "der", "den", "van", "von", "la", "le", "bin", "ibn",
    "al", "el", "ben", "abu", "bint", "ter", "zu", "y", "e", "and", "&", "of", "the", "-",
})
_INITIALS = re.compile(r"^(?:[^\W\d_]\.)+$|^[^\W\d_]$")


def _given_names(key: str) -> list[str]:
    """A person name's given names, initials apart ("m.m. zloof" -> m., m.)."""
    given: list[str] = []
    for word in key.split()[:-1]:
        given += [c + "." for c in word.split(".") if c] if _INITIALS.match(word) else [word]
    return given


def _spelt_out(key: str) -> int:
    """How many of a person name's given names are written in full."""
    return sum(not _INITIALS.match(w) for w in _given_names(key))


def _fuller_form(full: str, short: str) -> bool:
    """``full`` is the same person's name as ``short`` written more fully: the
    same surname (last word), and either ``short`` gives only the first given
    name (or its initial) or each of its given names is ``full``'s or its
    initial ("John Kennedy", "J. F. Kennedy" -> "John F. Kennedy"; "M.M.
    Zloof" -> "Moshe M. Zloof"). Not a different or an extra middle name
    ("George W. Bush", "George H. W. Bush"), a suffix ("Sr."), or a name no
    fuller than ``short``."""
    if full.split()[-1] != short.split()[-1]:
        return False
    big, small = _given_names(full), _given_names(short)
    if not small or (len(big), _spelt_out(full)) <= (len(small), _spelt_out(short)):
        return False
    if len(small) > 1 and len(small) != len(big):
        return False

    def same(a: str, b: str) -> bool:
        if _INITIALS.match(a) or _INITIALS.match(b):
            return a[0] == b[0]
        return a == b

    return all(same(b, s) for b, s in zip(big, small, strict=False))


def _join_legal_forms(key_type: dict[str, str], head: dict[str, str]) -> None:
    """Point an organisation's name at the same name with its legal form
    ("Acme Holdings" at "Acme Holdings, Inc.", "ACME LTD" at "Acme Ltd"
    through their shared key; "Nvidia" at "Nvidia Corporation"), which is
    the fuller form."""
    from .components.title_words import LEGAL_FORMS, LEGAL_FORMS_IN_FULL

    forms = LEGAL_FORMS | LEGAL_FORMS_IN_FULL
    for key, etype in key_type.items():
        words = key.split()
        if etype == PERSON or len(words) < 2 or words[-1] not in forms:
            continue
        base = " ".join(words[:-1]).rstrip(",").rstrip()
        if key_type.get(base) == etype and head[base] == base:
            head[base] = head[key]


def _join_acronyms(key_type: dict[str, str], mentions_by_key: dict[str, list[Mention]],
                   head: dict[str, str]) -> None:
    """Point each place or organisation acronym at the one longer name of its
    type that spells it; with none, or two ("EU": "European Union",
    "European Unity"), it stays on its own."""
    from .components.acronyms import ACRONYM, letters, spells

    longer = [k for k, t in key_type.items()
              if t != PERSON and " " in k and head[k] == k]
    for key, etype in key_type.items():
        written = mentions_by_key[key][0].text
        if etype == PERSON or " " in key or head[key] != key or not ACRONYM.match(written):
            continue
        wanted = letters(written)
        spelt = [k for k in longer if key_type[k] == etype
                 and spells(display(mentions_by_key[k][0].text).split(), wanted)]
        if len(spelt) == 1:
            head[key] = spelt[0]


def _entity(keys: list[str], head_type: str, mentions_by_key: dict[str, list[Mention]],
            type_votes: dict[str, Counter[str]]) -> Entity:
    """One group of names as an entity: its type, fullest name, aliases and titles."""
    votes: Counter[str] = Counter()
    for k in keys:
        votes.update(type_votes[k])
    best = max(votes.values())
    tied = [t for t, n in votes.items() if n == best]
    # A tie between a person and something else, in a group held together
    # by a surname, is a person.
    etype = PERSON if PERSON in tied and len(keys) > 1 else head_type
    if len(tied) == 1:
        etype = tied[0]
    mentions = sorted(
        (m for k in keys for m in mentions_by_key[k]), key=lambda m: (m.start, m.end)
    )
    written = [display(m.text) for m in mentions]
    name, aliases = name_and_aliases(Counter(written), written, person=etype == PERSON)
    titles: list[str] = []
    seen_titles: set[str] = set()
    for m in mentions:
        if m.title:
            title = display(m.title).rstrip(".")
            if title.casefold() not in seen_titles:
                seen_titles.add(title.casefold())
                titles.append(title)
    return Entity(name=name, type=etype, mentions=mentions, aliases=aliases, titles=titles)
