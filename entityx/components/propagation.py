"""The ``entityx_propagate`` component: a name keeps one type through a
document, and its unlabelled repeats are labelled.

Runs before the title component (which then finds the titles of the names
it labels). For every name the model recognised (keyed by its exact tokens):

* its type is decided once for the document: a person if it follows an
  honorific or a capitalised role noun anywhere ("Mr. Norton", "Sergeant
  Bibot"; after the title component, any title it recorded), or
  (``salutations``) if a letter or a message greets it: the name alone
  after "Hi", "Hello", "Hey", "Dear" or "Thanks" opening a line or a
  sentence, and then a comma, a colon or the line's end ("Hi Miles,";
  not "Hey Jude is a song", "Hello Kitty products", a crowd's "Hello
  Cleveland!"), unless the model made it an organisation anywhere in the
  document (a firm is greeted too: "Dear Twitter,", "Hey Google,"); a
  greeted word the model missed is the person when it is the given name of
  the one person of the document whose name begins with it ("Dear Miles,"
  in a message to Miles Dyson); so is a name signing a message, alone on
  the line after a closing such as "Thanks," or "Best regards,",
  or (``surnames``) if it is the
  one-word last name of a longer person's name ("Joshua Norton" ... "Norton");
  otherwise the majority over its mentions (a tie decides nothing: each
  mention keeps its type, and repeats are not labelled);
* (``retype``) every mention of it gets that type;
* (``heads``) a name described as a firm right after one of its mentions
  ("Reames, a maker and marketer of frozen foods", "Backe is a closely held
  media firm", "Cluett, a leading shirt maker") is the organisation, unless
  a title makes it a person (the description's head must name no person's
  job: not "a broker for", "the founder of the company"), or that owns
  what only a firm has ("Georgia-Pacific's sales", "...'s chief
  executive", "...'s subsidiary");
  a name the model made a person that comes right before a role in a team
  ("Chelsea boss Enzo Maresca", "Buxton striker") is the team, an
  organisation, in the whole document;
  a name of two or more words that ends in an organisation's
  head word ("Robert Gordon University", "Atlantic Lottery Corporation,
  Inc.", "Lehman Brothers Holdings Inc") is no person, whatever the model
  typed it: it is the organisation (places are left alone: "Tumen River
  Development" is a region, "Tokyo Stock Exchange" a building to some),
  but one the model made a place that ends in a newspaper's word is the
  newspaper ("the Saudi Gazette", "the Orange County Register"), and one
  that ends in a club's word the club ("Sheffield United"; in a document
  about sport, a city of the gazetteer before "City", "Town", "County",
  "Forest" or "Albion" where the whole is no place of it: "Coventry City",
  not "Mexico City");
  and a word of a firm's name (one ending in a legal form, "Co.",
  "Corporation" or "Holdings"; not a troupe's "Dance Company") that stands
  alone as a person is the firm ("Equus Capital Corp." ... "Equus, managed by"), unless a
  person of the document bears it as a surname ("Bill Ford"); and a
  one-word name that opens a clause followed in it by a reflexive pronoun
  is a person ("Mercury presented himself", "herself") or an organisation
  ("itself"), where the model typed it the other way and no mention says
  otherwise (not across "and", "which", "said" and the like, nor a surname
  of the document's people made an organisation). Possessives tell
  nothing: they may be the object's ("Microsoft hired his son", "Obama
  praised the bill for its ambition");
* (``storms``) a name right after a storm's designation ("Hurricane
  Katrina", "Cyclone Phailin", "Tropical Storm Sandy") is the storm, an event
  and not a person, place or organisation: every mention of it in the
  document goes ("Phailin will weaken"). A bare "Storm" is not a
  designation ("Storm Reid" is an actress);
* (``languages``) a name the document calls a language is the language,
  not a person, place or organisation, and every mention of it goes: "the
  Eegimaa language", "Eegimaa is a Jóola language", "Eegimaa is mainly
  spoken in ...", "speakers of Eegimaa", "Eegimaa-speaking", "the Eegimaa
  speaking area"; "Bayot speakers" and "the Bayot language" only where the
  model made it a person (a place or an organisation has dialects and
  speakers of its own: "Beijing dialect", "the EU languages", "Bose
  speakers"), and none of these for an organisation;
* (``cased``) in a document written in ordinary case (at least
  ``CASED_SENTENCES`` sentences, four in five of them beginning with a
  capital) a name with no capital letter is none: the model's lower-case
  guesses in well-edited text are adverbs and common nouns ("dryly",
  "serge", "sea-coast"). Web text written all in lower case keeps them
  ("my buddy mike"), and so do tweets, which are too short to tell; there
  too, a one-word name found only at sentence starts that the document
  also writes in lower case is none ("Homeopathy is a form of alternative
  medicine" beside "homeopathy", "Thither he was followed", "Digital
  technologies"): a capitalised common word;
* (with ``repeats``) an occurrence of a person's full name that holds only
  a shorter person of the model's is the full name ("[Solo] was dropped"
  beside "Hope Solo said": a given name that is also a word is left out at
  a sentence start);
* every other exact occurrence that no entity covers is labelled, unless
  it runs on into a neighbouring capitalised word, or the name is one word
  that the document also writes in lower case ("House" / "house"), or it is
  one word at a sentence start and the model only ever saw it there.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from ..labels import ORGANISATION, PERSON, PLACE, label_to_type
from .doc_names import (
    NameKey,
    TokenIndex,
    common_word,
    covered_tokens,
    isolated,
    name_key,
    positions,
    sentence,
    type_labels,
)
from .honorifics import fits_case
from .role_titles import TitleWords, is_name_token
from .role_titles import key as word_key
from .title_words import (
    DETERMINERS,
    LEGAL_FORMS,
    LEGAL_FORMS_IN_FULL,
    ORGANISATION_HEADS,
    PARTIES,
    TITLES_KEY,
    ends_a_things_name,
)

# A one-word name after a determiner is more often a capitalised common noun
# ("the Government", "a Wave 4 interview") than a name the model missed.

# The words that name a storm's kind right before its name, lower-cased
# ("Hurricane", "Super Typhoon"); the last word is the one before the name.
STORM_DESIGNATIONS = frozenset({
    ("hurricane",), ("cyclone",), ("typhoon",), ("super", "typhoon"), ("tropical", "storm"),
    ("tropical", "cyclone"), ("tropical", "depression"), ("subtropical", "storm"),
    ("winter", "storm"), ("severe", "tropical", "storm"), ("severe", "cyclonic", "storm"),
})
STORM_HEADS = frozenset(d[-1] for d in STORM_DESIGNATIONS)
# Language cues: lower-case words right after a name ("the Eegimaa language")
LANGUAGE_NOUNS = frozenset({"language", "languages", "dialect", "dialects"})
# "the Eegimaa speaking area": what "X speaking" must go on to, for X to be a
# language and not someone speaking ("Obama speaking to reporters")
SPEAKING_NOUNS = frozenset({"area", "areas", "world", "country", "countries", "community",
                            "communities", "population", "populations", "people", "peoples",
                            "region", "regions", "minority", "minorities", "majority",
                            "villages", "households", "parts", "nations", "provinces"})
ADVERBS_OF_SPEECH = frozenset({"mainly", "mostly", "widely", "still", "also", "primarily",
                               "chiefly", "only", "largely", "commonly", "natively"})
# Words that end a newspaper's name ("Saudi Gazette", "Orange County
# Register"); not those that end other things' too ("Sun", "Star", "Globe",
# "Mail", "Express", "Standard", "Record", "Post": "the Rafah Post").
NEWSPAPER_HEADS = frozenset({
    "Gazette", "Herald", "Tribune", "Chronicle", "Times", "Journal", "Observer",
    "Courier", "Telegraph", "Inquirer", "Examiner", "Register", "Sentinel", "Monitor",
    "Dispatch", "Bulletin",
})
# Words that end a sports club's name and no place's ("Sheffield United",
# "Bristol Rovers", "Wigan Athletic", "Tottenham Hotspur"): a "place" the
# model found ending in one is the club.
CLUB_ENDS = frozenset({"United", "Rovers", "Athletic", "Wanderers", "Hotspur", "Argyle"})
# Words that end a club's name after its town's and a place's too ("Coventry
# City" / "Mexico City", "Derby County" / "Orange County", "Nottingham
# Forest" / "Sherwood Forest", "Luton Town" / "Cape Town", "West Bromwich
# Albion" / "New Albion"): the club only in a document about sport, where
# the town is a city of the gazetteer and the whole name is no place of it.
CLUB_OR_PLACE_ENDS = frozenset({"City", "Town", "County", "Forest", "Albion"})
# Countries whose clubs' names end in "County" after a town's ("Derby
# County", "Newport County"); elsewhere "X County" is a county.
BRITISH_ISLES = frozenset({"GB", "IE"})
# Words of a document about sport, lower-cased; two of them make one. Not
# those that business or politics use as much ("goals", "season", "manager",
# "club", "match", "fans", "promotion", "penalty", "coach").
SPORT_WORDS = frozenset({
    "football", "soccer", "rugby", "cricket", "hockey", "basketball", "baseball", "league",
    "striker", "strikers", "midfielder", "midfielders", "goalkeeper", "defender", "winger",
    "relegation", "relegated", "kick-off", "stadium", "fixture", "fixtures", "scorer",
    "goalscorer", "half-time", "matchday",
})
# The last words of a firm's name, lower-cased: the legal forms, short and
# written out ("Cluett, Peabody & Co.", "Equus Capital Corporation"), and
# "Holdings"; not "Company", which also ends a troupe's ("the Moiseyev
# Dance Company").
COMPANY_ENDS = (LEGAL_FORMS | LEGAL_FORMS_IN_FULL | {"holdings"}) - {"company"}
# Words that greet someone by name at the head of a letter or a message.
SALUTATIONS = frozenset({"hi", "hello", "hey", "dear", "thanks", "hiya", "howdy"})
# What follows the name in a salutation (a line break is one too).
AFTER_SALUTATION = frozenset({",", ":"})
# Words that close a letter or a message, on a line of their own before the
# writer's name ("Thanks,⏎Sarah"), lower-cased.
CLOSINGS = frozenset({
    ("thanks",), ("thank", "you"), ("many", "thanks"), ("regards",), ("best",),
    ("best", "regards"), ("kind", "regards"), ("warm", "regards"), ("best", "wishes"),
    ("all", "the", "best"), ("cheers",), ("sincerely",), ("yours", "sincerely"),
    ("sincerely", "yours"), ("yours", "truly"), ("yours", "faithfully"), ("yours",),
    ("love",), ("warmly",), ("respectfully",), ("cordially",),
})
# The fewest sentences that tell a document's case, and the share of them
# that must begin with a capital letter.
CASED_SENTENCES = 3
CASED_SHARE = 0.8


@Language.factory(
    "entityx_propagate",
    assigns=["doc.ents"],
    requires=["doc.ents"],
    default_config={"retype": True, "surnames": True, "repeats": True, "capitals": True,
                    "storms": True, "cased": True, "languages": True, "heads": True,
                    "salutations": True, "titles_key": TITLES_KEY, "titles_component": "entityx_titles"},
)
def make_propagation(nlp: Language, name: str, retype: bool, surnames: bool, repeats: bool,
                     capitals: bool, storms: bool, titles_key: str,
                     titles_component: str, cased: bool = True,
                     languages: bool = True, heads: bool = True,
                     salutations: bool = True) -> NamePropagation:
    """Create the component (``nlp.add_pipe("entityx_propagate")``).

    Honorifics and role nouns are the lists of the pipeline's
    ``titles_component`` (looked up when a doc is processed, since that
    component usually comes later in the pipeline and its lists may be loaded
    from disk), the default lists when the pipeline has none."""

    def title_words() -> TitleWords | None:
        pipe = nlp.get_pipe(titles_component) if titles_component in nlp.pipe_names else None
        return pipe if isinstance(pipe, TitleWords) else None

    return NamePropagation(name, retype=retype, surnames=surnames, repeats=repeats,
                           capitals=capitals, storms=storms, cased=cased,
                           languages=languages, heads=heads, salutations=salutations,
                           titles_key=titles_key, title_words=title_words)


@dataclass
class _Names:
    """What the doc's entities say about each name."""

    votes: dict[NameKey, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    titled: set[NameKey] = field(default_factory=set)  # a person after a title
    mid_sentence: set[NameKey] = field(default_factory=set)  # seen not at a sentence start
    surnames: set[str] = field(default_factory=set)  # last words of longer persons' names
    storms: set[NameKey] = field(default_factory=set)  # names after "Hurricane" and the like
    languages: set[NameKey] = field(default_factory=set)  # names the document calls languages
    greeted: set[NameKey] = field(default_factory=set)  # names a salutation greets
    firms: set[NameKey] = field(default_factory=set)  # names described as a firm
    teams: set[NameKey] = field(default_factory=set)  # names before a team's role ("Chelsea boss")
    sport: bool = False  # the document is about sport
    company_words: set[str] = field(default_factory=set)  # words of companies' names
    pronouns: dict[NameKey, set[str]] = field(  # the type a pronoun after a mention gives
        default_factory=lambda: defaultdict(set))


class NamePropagation:
    """See the module docstring. Stateless: the settings are its config."""

    def __init__(self, name: str = "entityx_propagate", *, retype: bool = True,
                 surnames: bool = True, repeats: bool = True, capitals: bool = True,
                 storms: bool = True, cased: bool = True, languages: bool = True,
                 heads: bool = True, salutations: bool = True, titles_key: str = TITLES_KEY,
                 title_words: Callable[[], TitleWords | None] | None = None) -> None:
        self.name = name
        self.capitals = capitals
        self._defaults = self.words = TitleWords.defaults()
        self._title_words = title_words
        self.repeats = repeats
        self.retype = retype
        self.storms = storms
        self.languages = languages
        self.heads = heads
        self.salutations = salutations
        self.cased = cased
        self.surnames = surnames
        self.titles_key = titles_key

    def __call__(self, doc: Doc) -> Doc:
        if self._title_words is not None:
            words = self._title_words()
            self.words = self._defaults if words is None else words
        names = self._collect(doc)
        decided = {key: self._decide(key, names) for key in names.votes}
        types = {key: etype for key, etype in decided.items() if etype is not None}
        labels = type_labels(doc)
        ents: list[Span] = []
        cased = self.cased and _ordinary_case(doc)
        # one index of the doc's words for every rule that looks words up
        index = TokenIndex(doc) if cased or self.repeats else None
        for ent in doc.ents:
            if cased and not any(c.isupper() for c in ent.text):
                continue
            if (cased and index is not None and len(ent) == 1 and ent[0].is_sent_start
                    and name_key(ent) not in names.mid_sentence and not ent.text.isupper()
                    and common_word(ent.text, index)):
                continue  # "Homeopathy is ..." beside "homeopathy"
            if name_key(ent) in names.storms or (
                    (doc[ent.end - 1].text,) in names.storms
                    and _storm_designation(doc, ent.end - 1)):
                continue  # "Phailin", or "Cyclone Phailin" taken whole
            if name_key(ent) in names.languages:
                continue
            etype = types.get(name_key(ent))
            if self.retype and etype is not None and label_to_type(ent.label_) != etype:
                ent = Span(doc, ent.start, ent.end, label=labels[etype])
            ents.append(ent)
        if self.repeats and index is not None:
            fuller = _fuller_names(doc, ents, types, labels, index)
            if fuller != ents:  # the full names cover their words for the repeats too
                new = [e for e in fuller if e not in ents]
                doc.ents = sorted([e for e in doc.ents if not any(
                    e.start < n.end and n.start < e.end for n in new)] + new,
                    key=lambda s: s.start)
                ents = fuller
            ents += self._repeats(doc, names, types, labels, index)
        if self.salutations:
            ents += _greeted_given_names(doc, ents, types, labels[PERSON])
        doc.ents = sorted(ents, key=lambda s: s.start)
        return doc

    def _collect(self, doc: Doc) -> _Names:
        names = _Names()
        title_ends = {s.end for s in doc.spans.get(self.titles_key, [])}
        if self.storms:  # only the word after a designation's last word is looked at
            names.storms = {(doc[i + 1].text,) for i in positions(doc, STORM_HEADS, lower=True)
                            if i + 1 < len(doc) and _storm_name(doc[i + 1])
                            and _storm_designation(doc, i + 1)}
        if self.heads:
            names.sport = len({t.lower_ for t in doc if t.lower_ in SPORT_WORDS}) >= 2
        for ent in doc.ents:
            etype = label_to_type(ent.label_)
            if etype is None:
                continue
            key = name_key(ent)
            names.votes[key][etype] += 1
            if self.languages and _called_a_language(doc, ent, etype):
                names.languages.add(key)
            if not ent[0].is_sent_start:
                names.mid_sentence.add(key)
            if (etype == PERSON and ent.start in title_ends) or self._after_title(doc, ent):
                names.titled.add(key)
            if self.salutations and _greeted(doc, ent):
                names.greeted.add(key)
            if self.heads and (_described_as_firm(doc, ent) or _owns_firm_things(doc, ent)):
                names.firms.add(key)
            if self.heads and _before_team_role(doc, ent):
                names.teams.add(key)
            if self.heads and etype in (PERSON, ORGANISATION) and len(ent) == 1:
                cue = _own_pronoun(doc, ent)
                if cue is not None:
                    names.pronouns[key].add(cue)
            if self.heads and etype == ORGANISATION and len(ent) >= 2 \
                    and ent[-1].lower_ in COMPANY_ENDS:
                names.company_words.update(t.text for t in ent[:-1] if t.is_title and t.is_alpha)
            # a full name of words only ("Peter Kronborg", not "2. China")
            if (etype == PERSON and len(ent) >= 2 and ent[-1].is_alpha
                    and all(is_name_token(t) for t in ent)):
                names.surnames.add(ent[-1].text)
        return names

    def _after_title(self, doc: Doc, ent: Span) -> bool:
        """A name right after an honorific or a capitalised role noun
        ("Mr. Norton", "Sergeant Bibot"), whatever the model typed it; not
        across a sentence end ("... for Governor. Virginia"), nor a thing
        or a firm named after a person ("Dr. Martin Luther King Jr.
        Memorial", "Mr. Mitchell Travel Service")."""
        i = ent.start - 1
        if i > 0 and doc[i].text == "." and not doc[i - 1].whitespace_:
            i -= 1
        if i < 0 or ent[0].is_sent_start or not all(is_name_token(t) for t in ent) \
                or ends_a_things_name(ent[-1]):  # "Dr. Martin Luther King Jr. Memorial"
            return False
        before = doc[i]
        return (self.words.is_honorific(before) and fits_case(before, ent[0])) or (
            before.text[:1].isupper() and word_key(before) in self.words.role_heads
            and word_key(before) not in PARTIES)

    def _decide(self, key: NameKey, names: _Names) -> str | None:
        """The name's type in this doc; None: no clear one (a tie), or a storm."""
        if key in names.storms or key in names.languages:
            return None
        if key in names.titled:
            return PERSON
        if key in names.firms:  # "Reames, a maker of frozen foods"
            return ORGANISATION
        # "Chelsea boss Enzo Maresca": a team, where the model saw a person
        if key in names.teams and names.votes[key].most_common(1)[0][0] == PERSON:
            return ORGANISATION
        # A one-word name a reflexive pronoun follows, in the clause it opens
        # ("Mercury presented himself"), where the model typed it the other way
        cues = names.pronouns.get(key)
        if cues is not None and len(cues) == 1:
            (cue,) = cues
            top = names.votes[key].most_common(1)[0][0]
            if {cue, top} == {PERSON, ORGANISATION} and (
                    cue == PERSON or key[0] not in names.surnames):
                return cue
        # A word of a company's name in the document, alone, that the model
        # made a person: the company ("Lomas Financial Corp." ... "Lomas,
        # assisted by Merrill Lynch"), unless a person of the document
        # bears it as a surname ("Ford Motor Co." ... "Bill Ford").
        if (len(key) == 1 and key[0] in names.company_words and key[0] not in names.surnames
                and names.votes[key].most_common(1)[0][0] == PERSON):
            return ORGANISATION
        # Greeted, and nowhere typed an organisation ("Dear Twitter,")
        if key in names.greeted and not names.votes[key][ORGANISATION]:
            return PERSON
        if self.heads and len(key) >= 2 and key[-1] in ORGANISATION_HEADS:
            types = names.votes[key]
            if types[PERSON] and not (set(types) - {PERSON, ORGANISATION}):
                return ORGANISATION
        # "the Saudi Gazette", "the Orange County Register": a newspaper,
        # where the model saw the place in its name
        if self.heads and len(key) >= 2 and key[-1] in NEWSPAPER_HEADS \
                and names.votes[key].most_common(1)[0][0] == PLACE:
            return ORGANISATION
        # "Sheffield United"; "Coventry City" in a match report: the club
        if self.heads and len(key) >= 2 and names.votes[key].most_common(1)[0][0] == PLACE \
                and (key[-1] in CLUB_ENDS or (names.sport and _town_club(key))):
            return ORGANISATION
        # A bare surname the model called a place or an organisation is
        # the person ("Joshua Norton" ... "Norton").
        if self.surnames and len(key) == 1 and key[0] in names.surnames:
            return PERSON
        (first, n), *rest = names.votes[key].most_common(2)
        return None if rest and rest[0][1] == n else first

    def _repeats(self, doc: Doc, names: _Names, types: dict[NameKey, str],
                 labels: dict[str, int], index: TokenIndex) -> list[Span]:
        """New entities: the uncovered occurrences of known names."""
        taken = covered_tokens(doc, self.titles_key)
        found: list[Span] = []
        # Longest names first, so "New York City" wins over "New York".
        for key in sorted(types, key=len, reverse=True):
            if not (key[0][:1].isupper() and key[0][:1].isalpha()):
                continue
            if len(key) == 1 and common_word(key[0], index):
                continue  # a common word too ("House", "Will")
            for i in index.occurrences(key):
                end = i + len(key)
                if any(k in taken for k in range(i, end)) or not isolated(doc, i, end):
                    continue
                if len(key) == 1 and (
                    (doc[i].is_sent_start and key not in names.mid_sentence)
                    or (i > 0 and doc[i - 1].lower_ in DETERMINERS)
                ):
                    continue  # "The ..." opening a sentence; "the Government"
                found.append(Span(doc, i, end, label=labels[types[key]]))
                taken.update(range(i, end))
        if self.capitals:
            found += self._in_capitals(doc, types, labels, taken, index)
        return found

    def _in_capitals(self, doc: Doc, types: dict[NameKey, str], labels: dict[str, int],
                     taken: set[int], index: TokenIndex) -> list[Span]:
        """A name written in capitals ("JAPAN" in a headline, "HOWARD" in a
        heading) where the model found it in ordinary case ("Japan").
        Neighbours in capitals are the rest of the headline, not of the name."""
        found: list[Span] = []
        for key in sorted(types, key=len, reverse=True):
            shouted = tuple(w.upper() for w in key)
            if shouted == key or sum(c.isalpha() for w in key for c in w) < 3:
                continue
            for i in index.occurrences(shouted):
                end = i + len(key)
                if not any(k in taken for k in range(i, end)):
                    found.append(Span(doc, i, end, label=labels[types[key]]))
                    taken.update(range(i, end))
        return found


def _fuller_names(doc: Doc, ents: list[Span], types: dict[NameKey, str],
                  labels: dict[str, int], index: TokenIndex) -> list[Span]:
    """``ents`` where an occurrence of a person's full name that the model
    found elsewhere in the document holds only a shorter person of its
    ("[Hill] sang" beside "Faith Hill won": the model leaves out a given name
    that is also a word at a sentence start): the full name instead."""
    full = [k for k, t in types.items() if t == PERSON and len(k) >= 2]
    if not full:
        return ents
    owner = {i: e for e in ents for i in range(e.start, e.end)}
    replaced: dict[int, Span] = {}  # start of a shorter entity -> the full name
    for key in sorted(full, key=len, reverse=True):
        for i in index.occurrences(key):
            end = i + len(key)
            inner = {id(owner[k]): owner[k] for k in range(i, end) if k in owner}
            if (not inner or any(e.start < i or e.end > end or label_to_type(e.label_) != PERSON
                                 for e in inner.values())
                    or any(e.start in replaced for e in inner.values())
                    or (len(inner) == 1 and next(iter(inner.values())).start == i
                        and next(iter(inner.values())).end == end)
                    or not isolated(doc, i, end)):
                continue
            span = Span(doc, i, end, label=labels[PERSON])
            for e in inner.values():
                replaced[e.start] = span
    if not replaced:
        return ents
    out: list[Span] = []
    for e in ents:
        if e.start in replaced:
            span = replaced[e.start]
            if not out or out[-1] is not span:
                out.append(span)
        else:
            out.append(e)
    return out


def _greeted_given_names(doc: Doc, ents: list[Span], types: dict[NameKey, str],
                         person: int) -> list[Span]:
    """New person entities: a word a salutation greets that no entity holds
    and that is the given name of the one person of the document whose name
    begins with it ("Miles Dyson <m@example.org>" ... "Dear Miles,").
    "Dear Colleagues," greets nobody the document names."""
    given: dict[str, set[NameKey]] = defaultdict(set)
    for key, etype in types.items():
        if etype == PERSON and len(key) >= 2:
            given[key[0]].add(key)
    if not given:
        return []
    taken = {i for ent in ents for i in range(ent.start, ent.end)}
    found = []
    for i in positions(doc, [word for word, keys in given.items() if len(keys) == 1]):
        if i == 0 or i in taken:
            continue
        ent = doc[i : i + 1]
        if _greeted(doc, ent):
            found.append(Span(doc, i, i + 1, label=person))
    return found


def _greeted(doc: Doc, ent: Span) -> bool:
    """Whether the name is greeted as a letter or a message greets someone
    (see the module docstring): "Hi Miles,", "Hello Sarah" ending a line
    ("Dear Ms Okafor" is a person by its honorific already), or signs it:
    alone on the line after a closing ("Thanks,⏎Sarah", "Best regards,⏎Ann Lee")."""
    if not all(is_name_token(t) for t in ent):
        return False
    if _signed(doc, ent):
        return True
    i = ent.start - 1
    if i < 0 or doc[i].lower_ not in SALUTATIONS or not doc[i].text[:1].isupper():
        return False
    if i > 0 and not (doc[i].is_sent_start or "\n" in doc[i - 1].text_with_ws):
        return False
    if ent.end == len(doc) or "\n" in ent[-1].whitespace_:
        return True
    after = doc[ent.end]
    return after.text in AFTER_SALUTATION or (after.is_space and "\n" in after.text)


def _signed(doc: Doc, ent: Span) -> bool:
    """Whether the name is alone on its line, and the line before it is a
    closing and a comma ("Thanks,⏎Sarah"). spaCy makes each line break a
    token of its own."""
    def line_break(k: int) -> bool:
        return doc[k].is_space and "\n" in doc[k].text

    if not (ent.end == len(doc) or line_break(ent.end)):
        return False
    i = ent.start - 1
    if i < 2 or not line_break(i) or doc[i - 1].text != ",":
        return False
    k = i - 2
    words: list[str] = []
    while k >= 0 and not doc[k].is_space and len(words) < 3:
        words.append(doc[k].lower_)
        k -= 1
    # the closing begins its line
    return (k < 0 or line_break(k)) and tuple(reversed(words)) in CLOSINGS


def _ordinary_case(doc: Doc) -> bool:
    """The document has at least CASED_SENTENCES sentences that begin with a
    letter, and CASED_SHARE of them begin with a capital."""
    if not doc.has_annotation("SENT_START"):
        return False
    firsts = [next((t for t in sent if not t.is_space and not t.is_punct), None)
              for sent in doc.sents]
    letters = [t.text[0] for t in firsts if t is not None and t.text[0].isalpha()]
    return (len(letters) >= CASED_SENTENCES
            and sum(c.isupper() for c in letters) >= CASED_SHARE * len(letters))


# The first words after a name that may begin a cue that it is a language.
LANGUAGE_CUES = frozenset({"speakers", "-", "speaking", "is", "are", "was", *LANGUAGE_NOUNS})


def _called_a_language(doc: Doc, ent: Span, etype: str) -> bool:
    """Whether the words around one mention say the name is a language (see
    the module docstring); within the mention's sentence."""
    if ent.end >= len(doc) or doc[ent.end].lower_ not in LANGUAGE_CUES:
        return etype != ORGANISATION and _after_speakers_of(doc, ent)
    sent_end = sentence(doc, ent.start).end
    after = list(doc[ent.end:min(ent.end + 8, sent_end)])
    words = [t.text for t in after]
    lower = [t.lower_ for t in after]
    # "the Eegimaa language", "Bayot speakers" (not "Language School"): only
    # for a name the model made a person, since a place or an organisation
    # has languages, dialects and speakers of its own ("Beijing dialect",
    # "the EU languages", "Quebec language law", "Bose speakers")
    if words[:1] in (["speakers"], *([w] for w in LANGUAGE_NOUNS)) and etype == PERSON:
        return True
    if etype == ORGANISATION:
        return False
    if words[:2] == ["-", "speaking"] or (
            words[:1] == ["speaking"] and len(words) > 1 and words[1] in SPEAKING_NOUNS):
        return True
    if lower[:1] in (["is"], ["are"], ["was"]):
        rest = words[1:]
        if rest and rest[0] in ADVERBS_OF_SPEECH:
            rest = rest[1:]
        if rest[:1] == ["spoken"]:  # "Eegimaa is mainly spoken in"
            return True
        if rest[:1] in (["a"], ["an"]):  # "Eegimaa is a Jóola language"
            for word in rest[1:5]:
                if word in LANGUAGE_NOUNS:
                    return True
                if not word[:1].isalpha():
                    break
    return _after_speakers_of(doc, ent)


def _after_speakers_of(doc: Doc, ent: Span) -> bool:
    """"native speakers of Eegimaa": the only language cue before a name."""
    return [t.lower_ for t in doc[max(ent.start - 2, 0):ent.start]] == ["speakers", "of"]


def _storm_designation(doc: Doc, start: int) -> bool:
    """Whether capitalised words that designate a storm end right before
    token ``start`` ("Hurricane", "Tropical Storm"), in its sentence."""
    if start == 0 or doc[start].is_sent_start or doc[start - 1].lower_ not in STORM_HEADS:
        return False
    for designation in STORM_DESIGNATIONS:
        first = start - len(designation)
        if first < 0:
            continue
        words = doc[first:start]
        if (tuple(t.lower_ for t in words) == designation
                and all(t.text[:1].isupper() for t in words)
                and not any(t.is_sent_start for t in words[1:])):
            return True
    return False


def _storm_name(token: Token) -> bool:
    """Whether a word may be a storm's name: a capitalised word ("Phailin")."""
    return token.is_alpha and token.text[:1].isupper()


# What describes a name as a firm in apposition or after "is a" ("Reames, a
# maker and marketer of ...", "Birkel, a closely held concern", "Cluett, a
# leading shirt maker"): nouns that name no person's job ("broker",
# "producer", "developer" do), the words that may follow them, and the
# words that end the search (the noun is the head of the description:
# "a freshman at the University", "the founder of the company").
FIRM_NOUNS = frozenset({
    "company", "firm", "maker", "manufacturer", "retailer", "chain", "bank", "insurer",
    "brokerage", "subsidiary", "unit", "supplier", "distributor", "conglomerate", "corporation",
    "airline", "utility", "agency", "studio", "label", "startup", "start-up", "school",
    "university", "college", "charity", "foundation", "organisation", "organization",
    "newspaper", "magazine", "concern", "lender", "refiner",
})
FIRM_AFTER = frozenset({",", ".", ";", ":", "of", "in", "that", "which", "based", "with",
                        "for", "and", "whose", "owned", "headquartered", "-", "(", ")"})
STOP_SCAN = frozenset({"of", "at", "for", "in", "with", "to", "on", "from", "by", "who", "whose"})


# The roles in a team or a club right after its name, lower-cased ("Chelsea
# boss", "Buxton striker", "Wallaby coach"). The gold corpora's training
# splits mark a name right before one an organisation or a place and never a
# person (OntoNotes 50 organisations and 3 places, CoNLL-2003 42 and 16, GMB
# 10 and 16, BTC 12 and 2, GUM 2 organisations); the model made "Chelsea", a
# given name too, a person.
TEAM_ROLES = frozenset({
    "boss", "manager", "striker", "midfielder", "defender", "goalkeeper", "keeper", "winger",
    "coach", "squad", "captain", "skipper", "forward", "full-back", "playmaker", "chairman",
    "owner",
})


# What may stand right before a name that opens a clause.
CLAUSE_OPENERS = frozenset({",", ";", ":", '"', "“", "``", "("})
# Words after which a pronoun may belong to another name: a new clause, or
# speech reported ("Rosati said it had changed its stance").
CLAUSE_BREAKS = frozenset({"and", "but", "or", "which", "who", "whom", "whose", "that", "while",
                           "when", "said", "says", "told", "tells", "added", "adds", "stated",
                           "according"})
# Reflexive pronouns, which take the clause's subject: a person's, a
# thing's. Not possessives, which may be an object's ("Microsoft hired his
# son"), nor "her" (an object too: "Wikinews caught up with her").
PERSON_PRONOUNS = frozenset({"himself", "herself"})
THING_PRONOUNS = frozenset({"itself"})
# How many words after the name the pronoun may come.
PRONOUN_WINDOW = 6


def _own_pronoun(doc: Doc, ent: Span) -> str | None:
    """PERSON or ORGANISATION, where a one-word name that opens a clause is
    followed in it, within :data:`PRONOUN_WINDOW` words, by a reflexive
    pronoun of a person ("Mercury presented himself") or of a thing
    ("itself"); None otherwise. The look stops at punctuation, a
    capitalised word or a word of :data:`CLAUSE_BREAKS` ("Rosati said it
    had reinvented itself"). A sentence's first word ending in "ing" is a
    participle ("Dressing himself"); an acronym is no person's name."""
    token = ent[0]
    opens = token.is_sent_start or (ent.start > 0 and doc[ent.start - 1].text in CLAUSE_OPENERS)
    if not opens or (token.is_sent_start and token.lower_.endswith("ing")):
        return None
    for t in doc[ent.end:ent.end + PRONOUN_WINDOW]:
        if t.is_sent_start or t.is_punct or t.text[:1].isupper() or t.lower_ in CLAUSE_BREAKS:
            return None
        if t.lower_ in PERSON_PRONOUNS:
            return None if token.is_upper else PERSON
        if t.lower_ in THING_PRONOUNS:
            return ORGANISATION
    return None


def _town_club(key: NameKey) -> bool:
    """Whether a name ending in a word of :data:`CLUB_OR_PLACE_ENDS` is a
    club's: what comes before that word is a city of the gazetteer and the
    whole name is no place of it ("Coventry City", not "Mexico City" or
    "Cape Town"); before "County", a British or Irish city ("Derby County";
    America names counties after its cities: "Orange County")."""
    if key[-1] not in CLUB_OR_PLACE_ENDS:
        return False
    from ..linking.gazetteer import gazetteer  # loaded once, on first use

    places = gazetteer()
    return not places.lookup(" ".join(key)) and any(
        place.kind == "city" and (key[-1] != "County" or place.country in BRITISH_ISLES)
        for place, _ in places.lookup(" ".join(key[:-1])))


def _before_team_role(doc: Doc, ent: Span) -> bool:
    """Whether one mention comes right before a word of :data:`TEAM_ROLES`."""
    return ent.end < len(doc) and doc[ent.end].text in TEAM_ROLES


# What only a firm has, right after its possessive ("Georgia-Pacific's
# sales", "...'s chief executive", "...'s subsidiary"), lower-cased; not
# what a person may have too ("shares", "earnings", "spokesman").
FIRM_POSSESSIONS = frozenset({
    ("subsidiary",), ("subsidiaries",), ("unit",), ("units",), ("division",), ("divisions",),
    ("shareholders",), ("stockholders",), ("board",), ("sales",), ("revenue",), ("revenues",),
    ("ceo",), ("cfo",), ("chief", "executive"), ("chief", "financial"), ("executive", "vice"),
    ("chief", "operating"),
})


def _owns_firm_things(doc: Doc, ent: Span) -> bool:
    """Whether one mention is followed by "'s" and a word of
    :data:`FIRM_POSSESSIONS`; within the sentence."""
    if ent.end >= len(doc) or doc[ent.end].lower_ not in ("'s", "’s"):
        return False
    words = [t.lower_ for t in doc[ent.end:min(ent.end + 3, sentence(doc, ent.start).end)]]
    return tuple(words[1:2]) in FIRM_POSSESSIONS or tuple(words[1:3]) in FIRM_POSSESSIONS


def _described_as_firm(doc: Doc, ent: Span) -> bool:
    """Whether one mention is described as a firm right after it: ", a/an/the"
    or "is/was a/an/the", then at most three lower-case modifiers and a word
    of :data:`FIRM_NOUNS` ending the description; within the sentence."""
    if ent.end >= len(doc) or doc[ent.end].lower_ not in (",", "is", "was"):
        return False
    after = list(doc[ent.end:min(ent.end + 8, sentence(doc, ent.start).end)])
    if len(after) < 3 or after[1].lower_ not in ("a", "an", "the"):
        return False
    for k in range(2, min(len(after), 6)):
        t = after[k]
        if not t.is_alpha or t.lower_ in STOP_SCAN or not t.is_lower:
            return False
        if t.lower_ in FIRM_NOUNS:
            nxt = after[k + 1].lower_ if k + 1 < len(after) else "."
            return nxt in FIRM_AFTER
    return False
