"""The ``entityx_name_repair`` component: organisation names the model cut
short are made whole.

* "X of Y" / "X and Y" (``joiners``): an organisation the model began and
  cut before a joining word followed by capitalised words ("[Bank] of
  England", "[Procter] & Gamble") runs on over them. The words after the
  joiner must not be another organisation of the model's ("Microsoft and
  [Google]"); a place there is taken in ("University of [Chicago]"). A
  person's name before "& Sons", "& Co." or another such word of a firm's
  name is that firm ("[John Wiley] & Sons Ltd." → an organisation).
* Hyphenated names (``hyphens``, any type): a name cut at a hyphen inside a
  word runs on over it ("[Guinea]-Bissau", "[Stratford]-upon-Avon",
  "[Newcastle]-upon-[Tyne]"); two names joined by a bare hyphen stay two
  ("London-Paris"), and so is a name the model made of two countries or
  two cities so joined ("[Russia-Ukraine] envoy", "[US-China] talks"). A
  person's romanised given name runs on over its lower-case second
  syllable ("[Moon Jae]-in", "[Lee Kyou]-hyuk"): short syllables on both
  sides of the hyphen, and a tail that is no modifier ("Biden-led",
  merge.py). A word of two capitalised halves right before a name, in no
  entity, is its first word ("[Anne-Gaelle] Sidot", "[Friuli-Venezia]
  Giulia"; whether the tokenizer split it at the hyphen or not), unless it
  is a modifier or a title ("Pro-Beijing", "Anglo-Dutch", "Secretary-General").
* All-caps people (``capitals``): a person's name in capitals inside
  ordinary text takes in the rest of its run of capitals that the model
  left out ("[KEIR] STARMER said"): at most two words, each of three or
  more letters and no common word, none another entity's. A longer run, or
  a sentence with no lower-case word, is a heading or a shouted line ("THE
  PLACE WHERE [OLIVER TWIST] WAS BORN", "[BAIRD] SAID.") and is left alone.
* Edges (``edges``, any type): an e-mail or web address or a user's handle
  at either end of a name goes ("Lotte Wilms lotte.wilms@kb.nl", "RT
  @SouljaBoy": a handle alone is no name, whatever type the model gave
  it), and so do small lower-case words or an "&" at its end ("College of
  Humanities and Development at"; in capitals too, in a name in capitals:
  "SUPREME COURT OF THE"), unless
  capitalised words follow that finish an organisation's name ("University
  Library of the [Vrije Universiteit]"). A legal form after a comma is part
  of an organisation's name, as OntoNotes writes it, whether the model left
  it out or made it a name of its own ("[ACME HOLDINGS,] [INC.]" → "ACME
  HOLDINGS, INC."). A name ends before an ellipsis
  inside it ("enron... jk": a forum post's trailing-off is no part of a
  name), and one that begins with an ellipsis starts after it. Chat words
  are no part of a name ("[martin lmao]", "[Wtf]", "[OMFG]"; all-caps
  "IMO", "SMH", "OMG" may be organisations and stay), nor is a greeting
  before one ("[Hi Fleur]", "[Dear John]"), nor the pronoun "I" after a
  name ("[Emily I] love"; not before "was" or "of": "Charles I was king"),
  and "I" alone is no name.
* Names written surname first (``edges``): "[Klaproth], [Julius]." in a
  list of references is one person, "Klaproth, Julius" (see
  ``_inverted``); merging joins it with "Julius Klaproth".
* Blends with "exit" (``edges``): "Brexit", "Grexit", "Frexit" name an
  event, a leaving; never a person, place or organisation (the model,
  whose vectors predate the word, typed "Brexit" a person or a place).
* References to parts of a document (``edges``): a word such as "Tab",
  "Figure", "Chapter", "Exhibit" or "Article" before a number, a Roman
  numeral or a letter ("Tab 3", "Figure 2b", "Exhibit A.") is no name, with
  or without the number in the span (a court transcript's "see Tab 3 of
  the condensed book" gave a person).
  So is a numbered part of an address ("Suite 400", "Apt. 3B": an e-mail
  signature's "Market Street, Suite 400" gave a place "Suite").
* Two one-word persons side by side (``edges``): parted by a space and
  nothing else, they are one person's given name and surname ("[Adaeze]
  [Okonkwo]:" opening a transcript's turn); two longer names side by side
  stay two ("Colin Powell Robert Downey Jr." in a spoken list).
* A name said twice (``edges``): a person's name that runs on into the
  same name again, as a heading does into the first line under it when the
  line break is lost ("Antonín Dvořák Antonín Leopold Dvořák"), is two
  mentions; not a name whose first word comes back ("Humbert Humbert").
* Brackets (``edges``, any type): a name's brackets are closed: "[Mladost
  (L]" runs on over the ")" after it (or ends before the bracket), and
  "[Drexel Burnham Lambert] ([HK) Ltd.]" is one name.
* Figures around a person's name (``edges``): scores and dashes are no
  part of it ("6-2 6-1 [Alex Corretja]", "[S. Renshaw] 4-56": a results
  line's); a plain number at the start stays ("50 Cent").
* Nicknames (``edges``): a quoted nickname and the surname after a
  person's given name are part of the name ("[Rubin] "Hurricane" [Carter]"
  is "Rubin "Hurricane" Carter").
* Letters after a person's name (``edges``): offices, honours and degrees
  at its end are no part of it ("Keir Starmer MP", "Jane Smith OBE FRS",
  "Ann Lee, PhD": ``POST_NOMINALS`` in title_words.py); a name's own "Jr."
  stays.
* Letters alone (``edges``): a post-nominal right after a person's name
  and a comma is no name of its own ("Jane Smith, [QC],", "Tom Molomby,
  [SC],"), nor are a country's letters before a dollar sign ("[US] $10
  billion", "HK$": part of an amount).
* Generational suffixes (``edges``): a person's name runs on over its
  "Jr." / "Sr." / "Jnr", with or without a comma, and over "II" to "IV"
  after a comma ("[Harry Carey], [Jr.]" → "Harry Carey, Jr.", as every
  gold corpus writes it), also where the model made the suffix a person of
  its own; a suffix alone is no name (it became an alias of another
  person with the same suffix).
* Street addresses (``edges``): a person's name that begins with a house
  number and ends in a street's word, or stops right before one, is the
  address, a place ("[221B Baker] Street" → "221B Baker Street").
* Things named after people (``edges``): a person's name before capitalised
  words ending in a head word of ``title_words.NAMED_AFTER`` is the thing
  ("[John F. Kennedy] International Airport", a place; "[Zac Brown] Band",
  an organisation; "[Robert F. Kennedy] Human Rights Award", no type we
  report), and so is a "person" the model found that ends in such a word
  nobody bears as a surname ("[Charles Hospital]"; not "Tina Arena"); the
  thing keeps the title before the name ("King Charles Hospital", "Sir
  Robert Woodard Academy"). A ship's prefix makes the ship ("USS [Ronald
  Reagan]").
* Regnal numbers (``edges``): a person's name runs on over the Roman
  numeral after it ("[Norton] I, Emperor of the United States", "[Henry]
  VIII"); a one-letter numeral ("I", "V", "X") only right before
  punctuation, since "Norton I think" holds a pronoun.
* Abbreviations (``edges``): a name the model ended on "St.", "Mt." or
  "Ft." runs on over the capitalised words after it ("[Church of St.] Mary
  Magdalene", "[Mt.] Everest"); not a street's "St." ("Main St. The
  police…"), nor across a sentence start.
* Institutions named by their kind (``edges``): "the Court", "this
  Court", "the Senate", "the Navy" that the model missed are organisations
  (``INSTITUTIONS``), not before a longer name ("the Court of Appeal").
* States written "Kingdom of X" (``edges``): "Kingdom of Aksum", "the
  Republic of Padania", "Grand Duchy of Luxembourg", "Kingdom of the
  Netherlands" are one place, whatever the model made of the words after
  "of" ("Kingdom of [Aksum]PERSON"); not inside a longer name of the
  model's ("Bank of the Republic of Colombia").
* Citations (``citations``): "et al." is cut from a name's end, and a name
  right before "et al." is a person, whatever its model type ("[Biggs et
  al.]" → "[Biggs]", "[Hartsell-Gundy]ORG et al." → a person): in running
  text the words belong to a list of authors.
  An author's surname before "et al." that the model missed is a person
  ("[Brown] et al. [12]", "([van Dijk] et al., 2019)").
* Numbered units (``edges``): an ordinal in figures right before an
  organisation's name of two or more words is part of it ("the [906th Air
  Refueling Squadron]", "[101st Airborne Division]"); not before a name of
  one word ("the 20th [EU] state").
* Author-year citations (``citations``): the authors of "(Rueda, Checa,
  & Cómbita, 2012)" are three people, whatever the model made of them
  (``_author_year``).
* Capitalised neighbours (``neighbours``): capitalised words right before or
  after an organisation, that no entity holds, belong to it ("[Liberal]
  Democrats", "Co-operative [Commonwealth Federation]"); a sentence's first
  word is taken only when joined to the name by a hyphen.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

import numpy
from spacy.attrs import IS_ALPHA, IS_SPACE, IS_UPPER
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from ..labels import ORGANISATION, PERSON, PLACE, label_to_type
from ..merge import is_modifier
from .doc_names import is_capitalised, positions_of, sentence, type_labels
from .role_titles import is_name_token
from .title_words import (
    DEMONYM,
    GENERATIONAL,
    GENERATIONAL_NUMERALS,
    HONORIFICS,
    LEGAL_FORMS,
    NAMED_AFTER,
    NAMESAKE_TITLES,
    NOBODYS_SURNAME,
    ORGANISATION_HEADS,
    POST_NOMINALS,
    ROLE_HEADS,
)

HYPHENS = frozenset({"-", "‐", "‑"})
# Small words that do not end a name ("... Development at", "... of the").
DANGLING = frozenset({"of", "the", "and", "at", "for", "in", "on", "&", "to", "by", "with"})
# A house number ("221B", "12", "1600") and the words that end a street's
# name ("Baker Street", "Biscayne Blvd").
HOUSE_NUMBER = re.compile(r"^\d{1,5}[A-Za-z]?$")
STREET_WORDS = frozenset({
    "Street", "St.", "Road", "Rd.", "Rd", "Avenue", "Ave.", "Ave", "Lane", "Boulevard", "Blvd",
    "Blvd.", "Drive", "Terrace", "Crescent", "Parkway", "Highway", "Place", "Square", "Way",
})
# Abbreviations that stand before a name ("St. Mary", "Mt. Everest").
# Prepositions before a number that ends no name: "[Goldman for 6] years"
# is Goldman ("of" and "and" may: "Group of 20", "Units 1 and 2").
BEFORE_NUMBER = frozenset({"for", "in", "at", "on", "since", "by", "from", "with", "to", "until",
                           "till", "after", "before", "during", "over", "about", "around",
                           "than", "within", "between"})
BEFORE_NAMES = frozenset({"st.", "st", "ste.", "mt.", "mt", "ft.", "ft"})
# The most words a repair adds on one side.
MAX_ADDED = 4
# Letters of the syllables of a romanised given name ("Jae-in", "Kyou-hyuk").
SYLLABLE_BEFORE = 5
SYLLABLE_AFTER = 4
# A romanised two-syllable given name ("Ching-kuo", "Young-hoon", "Shui-bian").
ROMANISED_GIVEN = re.compile(rf"^[A-Z][a-z]{{1,5}}-[a-z]{{1,{SYLLABLE_AFTER}}}(?<=[aeioungh])$")
# A word of two capitalised halves joined by a hyphen: a double given name
# ("Anne-Gaelle", "Jean-Cyril", "Al-Farouq") or the first word of a
# place's or a body's name ("Friuli-Venezia Giulia", "Jefferson-Chalmers
# Historic District"), which the model leaves out of the name after it.
DOUBLE_WORD = re.compile(r"^([A-Z][a-z]+)[-‐‑]([A-Z][a-z]+)$")
# First halves that make such a word a modifier, not part of a name ("Pro-Beijing
# DAB", "Ex-Yankee Randy Velarde", "Anglo-Dutch Shell"), lower-cased.
MODIFIER_PREFIXES = frozenset({
    "pro", "anti", "ex", "non", "post", "pre", "vice", "co", "multi", "inter", "neo", "pan",
    "mid", "trans", "sub", "self", "under", "over", "afro", "anglo", "franco", "sino", "indo",
    "euro", "ibero", "greco", "russo", "austro", "judeo", "italo", "top", "third", "second",
    "first"})
# All-caps words a person's name in capitals may take in on each side, and
# their least length ("MP", "QC" and "US" are not taken).
MAX_CAPS_ADDED = 2
CAPS_WORD = 3
# Brackets, which a name closes if it opens one ("Mladost (L)").
BRACKETS = frozenset({"(", ")"})
# Quotation marks round a nickname inside a person's name (curly ones are
# straight by the time the model reads them; ``/'' is how gold corpora write them).
NICKNAME_QUOTES = frozenset({'"', "``", "''"})
NICKNAME_WORDS = 3
# A user's handle on a social network ("@SouljaBoy", "@ann_lee",
# "@ann@mastodon.social"): an address, like an e-mail address, and no name.
# The gold corpora that have them mark them so: WNUT-17 train leaves 1,942
# of 1,950 outside every entity, BTC 259 of 259, GUM its one (OntoNotes
# marks its four, "@NASA" in transcripts).
HANDLE = re.compile(r"^@\w+(@[\w.-]+)?$")
# An ordinal in figures before a numbered unit's name ("101st", "2d").
NUMBERED = re.compile(r"^\d+(st|nd|rd|th|d)$")
POSSESSIVES = frozenset({"'s", "’s", "'", "’"})
# Capitalised particles of Arabic names, in which a family name comes back
# ("Saeed bin Maktoum bin Rashid Al Maktoum"); the lower-case ones ("bin",
# "ibn", "de", "van") are told by their case.
PARTICLES = frozenset({"Al", "El", "Bin", "Ibn", "Ben", "Abu", "Bint", "Ould"})
# Institutions named by their kind alone ("the Court", "this Court", "the
# Senate"): one capitalised word that the gold corpora mark as an
# organisation after "the" / "this" / "that", counted over all splits but
# WikiANN: Senate 220 of 223, Congress 53 of 59, Army 35 of 36, Navy 57 of
# 57, Court 23 of 28 (SLUE-VoxPopuli marks none of its 3).
INSTITUTIONS = frozenset({"Court", "Senate", "Congress", "Navy", "Army"})
# The kinds of state, region or water written before "of" and the name
# ("Kingdom of Aksum", "Republic of Korea", "Province of Benevento", "Gulf of
# Mexico", "Cape of Good Hope"): one place (OntoNotes GPE or LOC). The gold
# corpora's training splits (WikiANN aside) mark the whole: Gulf 61 of 63,
# Isle 5 of 6, Municipality 5 of 5, District 5 of 8, Bay 5 of 8, County 4 of
# 7, Sea 4 of 4. Not "State" (split, or an organisation), "City" (too few),
# "Port" (a facility), "Department" (an organisation).
POLITIES = frozenset({"Kingdom", "Empire", "Republic", "Duchy", "Principality", "Sultanate",
                      "Emirate", "Caliphate", "Khanate", "Tsardom", "Despotate",
                      "County", "Province", "Municipality", "District", "Prefecture", "Parish",
                      "Borough", "Canton", "Governorate", "Oblast", "Voivodeship",
                      "Gulf", "Sea", "Strait", "Straits", "Isle", "Cape", "Bay"})
# Verbs a headline in title case puts between names ("Northwind Analytics
# Acquires Bluefin Data Ltd.", "Pete Reaches Final"), in the third person;
# not those that are also plural nouns in names ("Elder Signs Press", "The
# X Files", "Shorish Blocks").
HEADLINE_VERBS = frozenset({
    "Acquires", "Announces", "Appoints", "Approves", "Beats", "Buys", "Completes", "Defeats",
    "Denies", "Expands", "Hires", "Introduces", "Joins", "Launches", "Reaches", "Rejects",
    "Says", "Seeks", "Sells", "Sues", "Unveils", "Urges", "Warns", "Wins"})
# The prefixes of ships' names ("HMS Belfast", "USS Ronald Reagan", "RMS
# Queen Mary"): a ship is no person (GMB, WikiANN and BTC mark ships as
# organisations, OntoNotes as products). Not "SS" (also the Schutzstaffel)
# nor "MS" (also "Ms").
SHIP_PREFIXES = frozenset({"HMS", "USS", "RMS", "HMAS", "HMCS", "HMNZS", "USNS", "MV", "RV",
                           "HMHS"})
ET = frozenset({"et", "Et", "ET"})  # "et al."
# The words the rules above look up, read off the token array in one pass.
# In capitals ("GULF OF MEXICO") only the kinds of place that ordinary text
# seldom writes in lower case before "of": not "the province of Yunnan",
# "the kingdom of", "the bay of", "on the court".
SHOUTED_POLITIES = POLITIES - {"County", "Province", "Municipality", "District", "Prefecture",
                               "Parish", "Borough", "Canton", "Governorate", "Oblast",
                               "Voivodeship", "Bay", "Kingdom"}
# The years of an author-year citation ("(Porte, 2012)", "2012a").
CITED_YEARS = frozenset(f"{year}{letter}" for year in range(1500, 2100)
                        for letter in ("", "a", "b", "c"))
# What may follow the year of a citation ("2012)", "2012; ", "2012, p. 5").
AFTER_YEAR = frozenset({")", ";", ",", ":"})
# What parts the authors of a citation ("Rueda, Checa, & Cómbita, 2012").
AUTHOR_SEPARATORS = frozenset({",", "&", "and"})
# Words that say a citation's item is no author: a date ("(May, 2012)"),
# a publisher ("Lexington Books, 1990"), "et al."
NOT_AUTHORS = frozenset({"monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
                         "sunday", "spring", "summer", "autumn", "fall", "winter", "books",
                         "press", "publishing", "publishers", "et", "al", "al."})
LOOKED_UP = ET | INSTITUTIONS | POLITIES | {w.upper() for w in SHOUTED_POLITIES}
# Lower-case particles inside a surname ("van Dijk", "de la Cruz").
PARTICLES_LOWER = frozenset({"van", "von", "der", "den", "de", "del", "della", "di", "da", "la",
                             "le", "du", "dos", "das", "ter", "ten"})
# Words that refer to a numbered part of a document ("Tab 3", "Figure 2").
DOCUMENT_PARTS = frozenset({
    "tab", "table", "figure", "fig", "chapter", "section", "sec", "exhibit", "appendix",
    "annex", "annexe", "page", "paragraph", "para", "article", "art", "schedule", "volume",
    "vol", "part", "clause", "item", "footnote", "note", "verse", "slide", "plate", "act",
    "scene", "book"})
# Words that number a part of an address ("Suite 400", "Apt. 3B", "PO Box
# 12"), in title case: "FL 5" is Florida.
ADDRESS_PARTS = frozenset({"suite", "ste", "apt", "apartment", "unit", "flat", "floor", "fl",
                           "room", "rm", "box"})
PART_NUMBER = re.compile(r"^(?:\d+[A-Za-z]?|\d+(?:\.\d+)+|[A-Z])\.?$")
# Chat words, never a name or part of one; matched after runs of a letter
# are shortened ("plzzz", "lolll"). Written in capitals only those in
# CHAT_CAPITALS: "IMO", "SMH", "OMG", "BTW" are also organisations.
CHAT = frozenset({"lol", "lmao", "lmfao", "rofl", "omg", "omfg", "wtf", "smh", "smdh", "tbh",
                  "idk", "imo", "imho", "btw", "plz", "pls", "jk", "yall", "aight", "ikr",
                  "fml", "af", "ngl"})
CHAT_CAPITALS = frozenset({"lmao", "lmfao", "rofl", "omfg", "wtf", "smdh", "tbh", "idk"})
# and capitalised ("Wtf is ...") only these: "Imo Industries", "Imo State"
CHAT_CAPITALISED = CHAT_CAPITALS | {"lol", "smh", "plz", "pls", "yall", "aight", "ikr", "ngl"}
# Words after the pronoun "I" that no regnal number has after it: "Emily I
# love", not "Charles I was", "Charles I of Spain".
AFTER_PRONOUN = frozenset({
    "'m", "’m", "am", "'ll", "’ll", "'d", "’d", "'ve", "’ve", "ca", "can", "do", "don", "did",
    "didn", "love", "like", "think", "want", "hope", "miss", "know", "need", "feel", "mean",
    "guess", "bet", "swear", "wish", "agree", "just", "really", "wanna", "gotta", "dont",
    "cant", "didnt", "im"})
_REPEATS = re.compile(r"(.)\1{2,}")
# Greetings and exclamations before a name: "Hi Fleur", "Dear John".
GREETINGS = frozenset({"hi", "hey", "dear", "thanks", "damn", "congrats", "congratulations",
                       "bye", "wow"})
# "...", "…", "..": a trailing-off, never inside a name
ELLIPSIS = re.compile(r"^(?:\.{2,}|…+)$")
# A word blended with "exit": "Brexit", "Grexit", "BREXIT"; not "Exit",
# nor the surname "Dixit".
EXIT_BLEND = re.compile(r"^(?:[A-Z][a-z]+exit|[A-Z]+EXIT)$")
# A Roman numeral of a regnal number, I to XXXIX.
ROMAN = re.compile(r"^X{0,3}(?:IX|IV|V?I{0,3})$")
REGNAL_PUNCT = frozenset({",", ".", ";", ":", ")", "(", '"', "'", "’", "”", "!", "?", "-", "–", "—"})
# Words that make "<a person's name> & X" a firm's name (the legal forms
# that may end it, title_words.LEGAL_FORMS: "John Wiley & Sons Ltd.").
FIRM_WORDS = frozenset({"sons", "son", "co", "co.", "company", "partners", "associates",
                        "brothers", "bros", "bros.", "daughters"})


@Language.factory(
    "entityx_name_repair",
    assigns=["doc.ents"],
    requires=["doc.ents"],
    default_config={"joiners": ["of", "&"], "places": False, "neighbours": False,
                    "hyphens": True, "edges": True, "citations": True, "capitals": True},
)
def make_name_repair(nlp: Language, name: str, joiners: list[str], places: bool,
                     neighbours: bool, hyphens: bool, edges: bool,
                     citations: bool, capitals: bool) -> NameRepair:
    """Create the component (``nlp.add_pipe("entityx_name_repair")``)."""
    return NameRepair(name, joiners=joiners, places=places, neighbours=neighbours,
                      hyphens=hyphens, edges=edges, citations=citations, capitals=capitals)


class NameRepair:
    """See the module docstring. Stateless: the settings are its config."""

    def __init__(self, name: str = "entityx_name_repair", *,
                 joiners: list[str] | tuple[str, ...] = ("of", "&"), places: bool = False,
                 neighbours: bool = False, hyphens: bool = True, edges: bool = True,
                 citations: bool = True, capitals: bool = True) -> None:
        self.name = name
        self.capitals = capitals
        self.edges = edges
        self.citations = citations
        self.hyphens = hyphens
        self.places = places
        self.joiners = frozenset(j.lower() for j in joiners)
        self.neighbours = neighbours

    def __call__(self, doc: Doc) -> Doc:
        if self.edges:
            _datelines(doc)
        owner = {i: ent for ent in doc.ents for i in range(ent.start, ent.end)}
        brackets, quotes, found, years = positions_of(doc, BRACKETS, NICKNAME_QUOTES, LOOKED_UP,
                                                      CITED_YEARS)
        ents: list[Span] = []
        absorbed: set[int] = set()  # start tokens of entities taken into another
        person: int | None = None
        for ent in doc.ents:
            if ent.start in absorbed:
                continue
            start, end = ent.start, ent.end
            label = ent.label
            if self.citations:
                end, cited = _before_et_al(doc, start, end)
                if cited and label_to_type(ent.label_) != PERSON:
                    person = type_labels(doc)[PERSON] if person is None else person
                    label = person
            if "&" in self.joiners and label_to_type(doc.vocab.strings[label]) == PERSON:
                firm_end = _firm(doc, end)
                if firm_end != end:
                    end, label = firm_end, type_labels(doc)[ORGANISATION]
            if self.edges:
                start, end = _headline_verbs(doc, *_trimmed(doc, start, end))
                if (start == end or _document_part(doc, start, end) or _pronoun_alone(doc, start, end)
                        or _suffix_alone(doc, start, end) or _exit_blend(doc, start, end)
                        or _post_nominal_alone(doc, start, end, owner)
                        or _currency_prefix(doc, start, end)):
                    continue  # an address alone ("info@example.org"), "Tab 3", "Jr.", "Brexit"
                end = _after_abbreviation(doc, start, end)
                if brackets:
                    start, end = _bracketed(doc, start, end, owner, label, brackets)
                if label_to_type(doc.vocab.strings[label]) == PERSON:
                    start, end = _without_figures(doc, start, end)
                    end = _regnal_number(doc, _before_post_nominals(doc, start, end), owner)
                    end = _generational(doc, start, end, owner)
                    if quotes:
                        end = _nickname(doc, start, end, owner, quotes)
                    end = _inverted(doc, start, end, owner)
                    street = _street_address(doc, start, end, owner)
                    if street is not None:  # "[221B Baker] Street": an address
                        end, label = street, type_labels(doc)[PLACE]
                    ship = _ship_prefix(doc, start, owner)
                    if ship is not None:  # "RMS [Queen Mary]", "USS [Ronald Reagan]"
                        start, label = ship, type_labels(doc)[ORGANISATION]
                    named = _named_after(doc, end, owner)
                    if named is None and end - start >= 2 and doc[end - 1].text in NOBODYS_SURNAME:
                        named = end, NAMED_AFTER[doc[end - 1].text]  # "[Charles Hospital]"
                    if named is not None:
                        if named[1] is None:
                            continue  # "[Robert F. Kennedy] Human Rights Award"
                        end, label = named[0], type_labels(doc)[named[1]]
                        start = _namesake_title(doc, start, owner)
            if self.hyphens:
                start = _double_word_before(doc, start, owner)
                end = self._hyphenated(doc, start, end, owner)
                if label_to_type(doc.vocab.strings[label]) == PERSON and end - start >= 2:
                    end = _romanised_given_name(doc, end, owner)
                elif label_to_type(doc.vocab.strings[label]) == PERSON:
                    end = _given_name_after_surname(doc, end, owner)
            if self.capitals and label_to_type(doc.vocab.strings[label]) == PERSON:
                start, end = _capitals_run(doc, start, end, owner)
            if label == ent.label and label_to_type(ent.label_) == ORGANISATION:
                start, end = self._extend(doc, doc[start:end], owner)
            if (start, end, label) != (ent.start, ent.end, ent.label):
                for i in range(start, end):  # entities taken in are dropped
                    if i in owner and owner[i] is not ent:
                        absorbed.add(owner[i].start)
                ents = [e for e in ents if e.end <= start]
                ent = Span(doc, start, end, label=label)
            ents.extend((self.hyphens and _two_places(doc, ent))
                        or (self.edges and _name_said_twice(ent)) or [ent])
        if found:
            if self.citations:
                ents = _cited_authors(doc, ents, [i for i in found if doc[i].text in ET])
            if self.edges:
                words = [(i, _as_written(doc[i].text)) for i in found]
                ents = _institutions(doc, ents, [i for i, w in words if w in INSTITUTIONS])
                ents = _polities(doc, ents, [i for i, w in words if w in POLITIES])
        if self.citations and years:
            ents = _author_year(doc, ents, years)
        if self.edges:
            ents = _one_person(doc, ents)
        doc.ents = ents
        return doc

    def _extend(self, doc: Doc, ent: Span, owner: dict[int, Span]) -> tuple[int, int]:
        start, end = ent.start, ent.end
        if self.neighbours:
            start = self._left(doc, start, owner)
            end = self._right_words(doc, end, owner)
        # "X of Y (of Z)": repeat while a joiner and capitalised words follow.
        for _ in range(2):
            new_end = self._joined(doc, end, owner)
            if new_end == end:
                break
            end = new_end
        if self.edges:
            end = _legal_form(doc, end, owner)
            start = _numbered_unit(doc, start, end, owner)
        return start, end

    def _left(self, doc: Doc, start: int, owner: dict[int, Span]) -> int:
        """Start after taking in the capitalised words right before ``start``
        (a word: tokens not parted by whitespace, "Co-operative")."""
        i = start
        while i > 0 and start - i < MAX_ADDED and doc[i - 1].whitespace_:
            k = i - 1
            while k > 0 and not doc[k - 1].whitespace_:
                k -= 1
            word = doc[k:i]
            hyphenated = any(t.text in HYPHENS for t in word)
            if (any(t.i in owner for t in word) or not is_capitalised(doc[k])
                    or (doc[k].is_sent_start and not hyphenated) or doc[i].is_sent_start):
                break
            i = k
        return i

    def _right_words(self, doc: Doc, end: int, owner: dict[int, Span]) -> int:
        j = end
        while (j < len(doc) and j - end < MAX_ADDED and j not in owner
               and is_capitalised(doc[j]) and not doc[j].is_sent_start):
            j += 1
        return j

    def _hyphenated(self, doc: Doc, start: int, end: int, owner: dict[int, Span]) -> int:
        """End after "-Bissau" / "-upon-Avon" glued to the name at ``end``.

        The model sometimes takes the hyphen in and stops there
        ("[Newcastle-upon-][Tyne]"): the name then runs on over the glued
        capitalised word after it (over another name only across "-upon-"),
        or ends before the hyphen.
        """
        j = end
        if doc[j - 1].text in HYPHENS and j - 1 > start and not doc[j - 2].whitespace_ \
                and not doc[j - 1].whitespace_:
            # "-upon-": a small word between hyphens binds the names around it
            glued = j - 3 > start and doc[j - 2].is_lower and doc[j - 3].text in HYPHENS
            other = owner.get(j)
            if j < len(doc) and is_capitalised(doc[j]) and (other is None or glued):
                j = other.end if other is not None else j + 1
            else:  # nothing to run on over, or another name ("[London-][Paris]")
                return j - 3 if glued else j - 1
        while j + 1 < len(doc) and doc[j].text in HYPHENS and not doc[j - 1].whitespace_ \
                and not doc[j].whitespace_:
            k = j + 1
            if doc[k].is_lower and k + 2 < len(doc) and not doc[k].whitespace_ \
                    and doc[k + 1].text in HYPHENS and not doc[k + 1].whitespace_:
                k += 2  # "-upon-": a small word between hyphens
                glued = True
            else:
                glued = False
            if not is_capitalised(doc[k]):
                break
            other = owner.get(k)
            if other is not None and not glued:
                break  # "London-Paris": two names
            j = other.end if other is not None else k + 1
        return j

    def _joined(self, doc: Doc, end: int, owner: dict[int, Span]) -> int:
        """End after "of Y" / "and Y" following ``end``, or ``end``."""
        if end + 1 >= len(doc) or doc[end].lower_ not in self.joiners:
            return end
        j = end + 1
        if doc[j].lower_ == "the" and j + 1 < len(doc):
            j += 1  # "of the Netherlands"
        first = j
        while j < len(doc) and j - end <= MAX_ADDED and is_capitalised(doc[j]) \
                and not doc[j].is_sent_start:
            other = owner.get(j)
            if other is not None:
                if not self.places or label_to_type(other.label_) != PLACE \
                        or doc[end].lower_ != "of":
                    break
                j = other.end  # "University of [Chicago]"
                continue
            j += 1
        return j if j > first else end  # not "OF THE" alone in capitals


def _double_word_before(doc: Doc, start: int, owner: dict[int, Span]) -> int:
    """Where the name at ``start`` begins when the word right before it (its
    tokens not parted by whitespace) is a :data:`DOUBLE_WORD` in no entity:
    "[Anne-Gaelle] Sidot", "[Friuli-Venezia] Giulia", whether the tokenizer
    split the word at its hyphen or not. Not a modifier ("Pro-Beijing",
    "Ex-Yankee", "Anglo-Dutch"; two demonyms, "German-American"; a month,
    "March-April") nor a title ("Secretary-General", "Vice-President").
    Else ``start``."""
    k = start - 1
    if k < 0 or not doc[k].whitespace_:
        return start
    while k > 0 and not doc[k - 1].whitespace_ and (doc[k - 1].is_alpha
                                                    or doc[k - 1].text in HYPHENS):
        k -= 1  # not a bracket glued to it: "(Anne-Gaelle Sidot)"
    if any(i in owner for i in range(k, start)):
        return start
    match = DOUBLE_WORD.match(doc[k:start].text)
    if match is None:
        return start
    first, second = match.group(1).lower(), match.group(2).lower()
    if (first in MODIFIER_PREFIXES or all(DEMONYM.search(w) for w in match.groups())
            or any(w in MONTHS or w in NOT_DOUBLE_HALVES for w in (first, second))):
        return start
    return k


def _regnal_number(doc: Doc, end: int, owner: dict[int, Span]) -> int:
    """End after the Roman numeral of a regnal number following a person's
    name at ``end`` ("[Henry] VIII", "[Norton] I,"), or ``end``."""
    if end >= len(doc) or end in owner or not doc[end - 1].whitespace_ \
            or not is_capitalised(doc[end - 1]) or not doc[end - 1].is_alpha:
        return end
    numeral = doc[end].text
    if not numeral or not ROMAN.match(numeral):
        return end
    if len(numeral) == 1:  # "I", "V", "X": only before punctuation or the end
        after = doc[end + 1] if end + 1 < len(doc) else None
        if after is not None and after.text not in REGNAL_PUNCT:
            return end
    return end + 1


def _generational(doc: Doc, start: int, end: int, owner: dict[int, Span]) -> int:
    """End after the generational suffix of the person's name ``doc[start:end]``
    (:data:`GENERATIONAL`: "[Harry Carey], Jr.", "[Ken Griffey] Jr"; "II" to
    "IV" only after a comma), whether the model left it out or made it a
    name of its own; or ``end``."""
    last = doc[end - 1]
    if not (last.is_alpha and last.text[:1].isupper()) or end >= len(doc):
        return end
    comma = doc[end].text == ","
    k = end + 1 if comma else end
    if k >= len(doc) or (not comma and not last.whitespace_):
        return end
    form = doc[k]
    if form.text not in GENERATIONAL and not (comma and form.text in GENERATIONAL_NUMERALS):
        return end
    form_end = k + 1  # "Jr" "." may be two tokens
    if form_end < len(doc) and doc[form_end].text == "." and not form.whitespace_:
        form_end += 1
    other = owner.get(k)
    if other is not None and (other.start != k or other.end not in (k + 1, form_end)):
        return end
    if end in owner and owner[end].start != k:
        return end  # the comma belongs to another name
    return form_end


def _nickname(doc: Doc, start: int, end: int, owner: dict[int, Span], quotes: list[int]) -> int:
    """End after a quoted nickname and the surname after it ("[Rubin]
    "Hurricane" [Carter]", "[Wallace] "Wally" Amos"): one person, as the
    gold corpora write it (OntoNotes 14 of 14, WikiANN 13 of 13, GUM 3 of
    3, GMB 5 of 10). The nickname is one to three words, the first
    capitalised; the surname a capitalised word, or a person of the
    model's that it then takes in, and no other name; or ``end``. The
    model sometimes ends the name inside the quotes ("[Stanley "Tookie]"
    Williams"). ``quotes``: the indices of the doc's quotation marks."""
    inside = quotes[bisect_right(quotes, start):bisect_left(quotes, end)]
    if len(inside) == 1:
        opening = inside[0]  # the name ends inside the quotes
    elif not inside and end < len(doc) and doc[end].text in NICKNAME_QUOTES:
        opening = end
    else:
        return end
    k = opening + 1
    while k < len(doc) and k - opening <= NICKNAME_WORDS and doc[k].text not in NICKNAME_QUOTES:
        k += 1
    if k == opening + 1 or k < end or k >= len(doc) - 1 or doc[k].text not in NICKNAME_QUOTES \
            or not doc[opening + 1].text[:1].isupper():
        return end
    surname = doc[k + 1]
    if not (is_name_token(surname) and surname.text[:1].isupper()) or surname.is_sent_start:
        return end
    other = owner.get(k + 1)
    if other is None:
        return k + 2
    if other.start != k + 1 or label_to_type(other.label_) != PERSON:
        return end
    return other.end


# What may follow a name written surname first in a list of references.
INVERTED_END = frozenset({".", "(", ";", ":", "[", "/"})


def _inverted(doc: Doc, start: int, end: int, owner: dict[int, Span]) -> int:
    """End after the given names of a name written surname first, as lists
    of references and indexes write them ("[Klaproth], [Julius]." →
    "Klaproth, Julius"; "Marx, Karl (1867)"), where the model made two
    people of it; or ``end``. The surname is one word at the start of a
    line (after a list item's marker too: "1.", "[3]", "^", "-") or a
    sentence, or after ";"; the given names are one to three words
    or initials, then the text ends or a line break or one of
    :data:`INVERTED_END` follows: "Smith, Jones and Brown said" is three."""
    if (end + 1 >= len(doc) or doc[end].text != ","
            or any(t.whitespace_ for t in doc[start:end - 1])
            or not all(is_name_token(t) or t.text in HYPHENS for t in doc[start:end])):
        return end  # one word before the comma: "Klaproth", "Bourke-White"
    if not (start == 0 or doc[start].is_sent_start or doc[start - 1].text == ";"
            or _opens_line(doc, _before_list_marker(doc, start))):
        return end
    given = owner.get(end + 1)
    if (given is None or given.start != end + 1 or len(given) > 3
            or label_to_type(given.label_) != PERSON
            or not all(is_name_token(t) for t in given)):
        return end
    if given.end < len(doc):
        after = doc[given.end]
        if not (after.text in INVERTED_END or after.is_space
                or "\n" in doc[given.end - 1].whitespace_
                or doc[given.end - 1].text.endswith(".")):  # "Eisen, Arnold M. Taking Hold"
            return end
    return given.end


# A list item's marker before a reference: "1.", "2)", "[3]", "(4)", "^",
# "-", "*", "•".
LIST_MARKER = re.compile(r"^(?:\d{1,3}[.)]?|[\[\]().)^*•·–—-])$")


def _before_list_marker(doc: Doc, start: int) -> int:
    """Where a list item's marker right before ``start`` begins (at most
    three tokens: "[", "3", "]"), or ``start``."""
    i = start
    while i > 0 and start - i < 3 and LIST_MARKER.match(doc[i - 1].text) \
            and "\n" not in doc[i - 1].whitespace_:
        i -= 1
    return i


def _opens_line(doc: Doc, i: int) -> bool:
    """Whether token ``i`` is the first of the text or of a line."""
    return i == 0 or "\n" in doc[i - 1].whitespace_ or doc[i - 1].is_space


# Halves that make a double word a title ("Secretary-General", "Vice-Chairman",
# "President-elect"), not a given name.
NOT_DOUBLE_HALVES = frozenset(HONORIFICS) | frozenset(ROLE_HEADS) | {"elect", "designate"}
# A news dateline's date: "1996-12-06" (CoNLL-2003's wire), or a month.
ISO_DATE = re.compile(r"^\d{4}-\d\d-\d\d$")  # the rest of the line
DASHES = frozenset({"-", "--", "–", "—"})
MONTHS = frozenset({"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "sept",
                    "oct", "nov", "dec", "january", "february", "march", "april", "june",
                    "july", "august", "september", "october", "november", "december"})


def _datelines(doc: Doc) -> None:
    """The place of a news dateline at a line's start is a place, whatever
    the model made of it ("[WATKINS GLEN]PERSON, N.Y. (AP) —", "DAKAR
    1996-12-06"): a place's name in capitals (at most four words), then
    what a dateline writes: a region, a date, the agency in brackets and a
    dash, or a date alone on the line. A heading in capitals has none of
    these ("BREAKING — ..."); the model's other entities are kept."""
    n = len(doc)
    if n == 0:
        return
    flags = doc.to_array([IS_SPACE, IS_UPPER, IS_ALPHA])  # no Python loop over tokens
    caps = flags[:, 1].astype(bool) & flags[:, 2].astype(bool)
    after_space = numpy.concatenate(([True], flags[:-1, 0].astype(bool)))
    found: list[tuple[int, int]] = []
    for i in numpy.flatnonzero(caps & after_space).tolist():
        if not _opens_line(doc, i):
            continue
        j = i
        while j < n and j - i < 4 and doc[j].is_upper and doc[j].is_alpha \
                and "\n" not in doc[j].whitespace_:
            j += 1
        if j >= n or "\n" in doc[j - 1].whitespace_:
            continue
        k = j
        while k < n and k - j < 6 and "\n" not in doc[k].text_with_ws:
            k += 1
        rest = "".join(t.text_with_ws for t in doc[j:min(k + 1, n)])
        if ISO_DATE.match(rest.strip()):
            found.append((i, j))  # the date alone after the place: CoNLL-2003's wire
            continue
        k = j
        while k < n and k - j < 8 and doc[k].text != "(" and "\n" not in doc[k].whitespace_ and (
                doc[k].text == "," or doc[k].like_num or doc[k].text[:1].isupper()
                or doc[k].lower_.rstrip(".") in MONTHS):
            k += 1
        if (k + 3 < n and doc[k].text == "(" and doc[k + 1].text[:1].isupper()
                and doc[k + 2].text == ")" and doc[k + 3].text in DASHES):
            found.append((i, j))
    if not found:
        return
    place = type_labels(doc)[PLACE]
    ents = list(doc.ents)
    for i, j in found:
        inside = [e for e in ents if e.start < j and i < e.end]
        if not inside:
            ents.append(Span(doc, i, j, label=place))
        elif len(inside) == 1 and (inside[0].start, inside[0].end) == (i, j):
            ents[ents.index(inside[0])] = Span(doc, i, j, label=place)
    doc.ents = sorted(ents, key=lambda e: e.start)


def _exit_blend(doc: Doc, start: int, end: int) -> bool:
    """Whether ``doc[start:end]`` is one word blended with "exit" ("Brexit",
    "Grexit"): the name of an event, a leaving, not of whoever
    or whatever leaves."""
    return end - start == 1 and bool(EXIT_BLEND.match(doc[start].text))


def _pronoun_alone(doc: Doc, start: int, end: int) -> bool:
    """Whether ``doc[start:end]`` is the pronoun "I" alone, which the model
    made a person in chat ("'I just took...", "RT: I"): WNUT-17 train 6
    times, BTC once; of the gold corpora's training splits only OntoNotes
    marks it a name, twice (a person and a place)."""
    return end - start == 1 and doc[start].text.strip("'\"") == "I"  # "'I" in tweets' tokens


def _suffix_alone(doc: Doc, start: int, end: int) -> bool:
    """Whether ``doc[start:end]`` is only a generational suffix ("Jr.")."""
    words = [t.text for t in doc[start:end] if t.text != "."]
    return len(words) == 1 and words[0] in GENERATIONAL


def _post_nominal_alone(doc: Doc, start: int, end: int, owner: dict[int, Span]) -> bool:
    """Whether ``doc[start:end]`` is only letters after a person's name and a
    comma ("Jane Smith, [QC],", "Tom Molomby, [SC],"): no name of its own."""
    if start < 2 or end - start > 3 or doc[start - 1].text != ",":
        return False
    letters = "".join(t.text for t in doc[start:end])
    if letters not in POST_NOMINALS and letters.rstrip(".") not in POST_NOMINALS:
        return False
    before = owner.get(start - 2)
    return before is not None and label_to_type(before.label_) == PERSON


def _currency_prefix(doc: Doc, start: int, end: int) -> bool:
    """Whether ``doc[start:end]`` is a country's letters before a dollar
    sign ("US $10 billion", "HK$ 5"): part of an amount, no place."""
    if end >= len(doc) or not doc[end].text.startswith("$") or end - start > 2:
        return False
    letters = doc[start:end].text.replace(".", "")
    return len(letters) <= 2 and letters.isupper()  # not "pay the [RTC] $25 million"


def _named_after(doc: Doc, end: int, owner: dict[int, Span]) -> tuple[int, str | None] | None:
    """A thing named after the person whose name ends at ``end``: its end
    and type (None: a type not reported, "[Robert F. Kennedy] Human Rights
    Award"), when up to ``MAX_ADDED`` capitalised words follow (no person's,
    an entity only whole) and one is a word of :data:`NAMED_AFTER` ("[John
    F. Kennedy] [International Airport]", "[Zac Brown] Band"); else None. Not in a
    line written in title case, where any word is capitalised ("[Johnson]
    Opens New Hospital")."""
    head = None  # the last head word in the run ("M. H. de Young Memorial Museum")
    j = end
    while (j < len(doc) and j - end < MAX_ADDED and is_capitalised(doc[j])
           and not doc[j].is_sent_start):
        other = owner.get(j)
        if other is not None:  # the model's "[International Airport]" is taken in whole
            if other.end - end > MAX_ADDED or label_to_type(other.label_) == PERSON:
                break
            head = max((k for k in range(j, other.end) if doc[k].text in NAMED_AFTER),
                       default=head)
            j = other.end
            continue
        if doc[j].text in NAMED_AFTER:
            head = j
        j += 1
    if head is None or not doc[end - 1].whitespace_ or _title_cased(doc, head):
        return None
    return head + 1, NAMED_AFTER[doc[head].text]


def _namesake_title(doc: Doc, start: int, owner: dict[int, Span]) -> int:
    """Where the name of a thing named after a person begins when the
    person's title is right before the name at ``start`` and in no entity:
    the title's start ("[King] Baudouin Stadium", "[Sir] Robert Woodard
    Academy", "[St.] Jude Hospital"); else ``start``."""
    k = start - 1
    if k < 0 or k in owner or not doc[k].text[:1].isupper():
        return start
    return k if doc[k].lower_.rstrip(".") in NAMESAKE_TITLES else start


def _street_address(doc: Doc, start: int, end: int, owner: dict[int, Span]) -> int | None:
    """The end of a street address the model made a person: a house number
    ("221B", "12") and capitalised words ending in a street's word, inside
    the name or right after it ("[221B Baker] Street"); else None. Gold
    corpora write the whole address as a place ("19501 Biscayne Blvd",
    "2899 Xietu Road"); "50 Cent" ends in no street's word."""
    if end - start < 2 or not HOUSE_NUMBER.match(doc[start].text):
        return None
    if doc[end - 1].text in STREET_WORDS:
        return end
    if end < len(doc) and doc[end].text in STREET_WORDS and end not in owner:
        return end + 1
    return None


def _ship_prefix(doc: Doc, start: int, owner: dict[int, Span]) -> int | None:
    """Where a ship's name begins when the person's name at ``start`` follows
    a ship prefix, right after it or after one capitalised word of no
    entity's ("USS [Ronald Reagan]", "RMS Queen [Mary]"); else None."""
    for k in (start - 1, start - 2):
        if k < 0 or (k < start - 1 and (k + 1 in owner or not is_capitalised(doc[k + 1]))):
            return None
        if doc[k].text in SHIP_PREFIXES and k not in owner and not doc[start].text.isupper():
            return k
    return None


def _headline_verbs(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """``start, end`` without a headline's verb at either edge ("Northwind
    Analytics [Acquires Bluefin Data Ltd.]", "[Pete Reaches] Final"): a word
    of :data:`HEADLINE_VERBS` in a line in title case."""
    if end - start < 2 or not (doc[start].text in HEADLINE_VERBS
                               or doc[end - 1].text in HEADLINE_VERBS):
        return start, end
    if not _title_cased(doc, start):
        return start, end
    while end - start > 1 and doc[start].text in HEADLINE_VERBS:
        start += 1
    while end - start > 1 and doc[end - 1].text in HEADLINE_VERBS:
        end -= 1
    return start, end


def _title_cased(doc: Doc, i: int) -> bool:
    """Whether the sentence of token ``i`` (the doc, without sentences) is
    a line whose words are all capitalised but for small words ("of", "in",
    "the"): a headline or a heading, where capitals say nothing of names."""
    return all(not t.is_alpha or not t.is_lower or t.is_stop for t in sentence(doc, i))


def _firm(doc: Doc, end: int) -> int:
    """End after "& Sons" / "and Co." (and "Ltd.") or a legal form ("Corp.",
    "Inc.", "Ltd") following a person's name at ``end``, or ``end``."""
    if end < len(doc) and doc[end].lower_ in LEGAL_FORMS and is_capitalised(doc[end]) \
            and doc[end - 1].whitespace_:
        j = end + 1  # "[Ivan F. Boesky] Corp.", "[Paul Smith] Ltd"
        if j < len(doc) and doc[j].text == "." and not doc[end].whitespace_:
            j += 1
        return j
    if end + 1 >= len(doc) or doc[end].lower_ not in ("&", "and") \
            or doc[end + 1].lower_ not in FIRM_WORDS or not is_capitalised(doc[end + 1]):
        return end
    j = end + 2
    if j < len(doc) and doc[j].lower_ in LEGAL_FORMS and is_capitalised(doc[j]):
        j += 1
    return j


def _romanised_given_name(doc: Doc, end: int, owner: dict[int, Span]) -> int:
    """End after "-in" in "[Moon Jae]-in": a short lower-case syllable glued
    by a hyphen to the short last word of a person's name; else ``end``."""
    if end + 1 >= len(doc):
        return end
    last, hyphen, tail = doc[end - 1], doc[end], doc[end + 1]
    after = doc[end + 2] if end + 2 < len(doc) else None
    if (hyphen.text in HYPHENS and not last.whitespace_ and not hyphen.whitespace_
            and is_capitalised(last) and last.is_alpha and len(last) <= SYLLABLE_BEFORE
            and tail.is_alpha and tail.is_lower and len(tail) <= SYLLABLE_AFTER
            and end + 1 not in owner and not is_modifier(tail.text)
            and (after is None or tail.whitespace_ or after.lower_ in POSSESSIVES
                 or after.is_punct and after.text not in HYPHENS)):
        return end + 2
    return end


def _given_name_after_surname(doc: Doc, end: int, owner: dict[int, Span]) -> int:
    """End after a romanised two-syllable given name ("[Chiang] Ching-kuo",
    "[Kang] Young-hoon", "[Tai] Kuo-hui") that follows a one-word person's
    name of at most six letters at ``end``, or ``end``. The syllables: a
    capitalised one of at most six letters, a hyphen and a lower-case one of
    at most ``SYLLABLE_AFTER`` letters ending as romanised syllables end (a
    vowel, "n", "g", "h"; so not "Anti-war"), as three tokens or as one."""
    surname = doc[end - 1]
    if end >= len(doc) or end in owner or not surname.whitespace_ or len(surname) > 6 \
            or not surname.is_alpha or not surname.is_title:
        return end
    if ROMANISED_GIVEN.match(doc[end].text):  # "Young-hoon", one token
        return end + 1
    if end + 2 >= len(doc):
        return end
    first, hyphen, second = doc[end], doc[end + 1], doc[end + 2]
    after = doc[end + 3] if end + 3 < len(doc) else None
    if (ROMANISED_GIVEN.match(first.text + hyphen.text + second.text)
            and not first.whitespace_ and not hyphen.whitespace_
            and end + 1 not in owner and end + 2 not in owner
            and (after is None or second.whitespace_ or not after.is_alpha)):
        return end + 3
    return end


def _capitals_run(doc: Doc, start: int, end: int, owner: dict[int, Span]) -> tuple[int, int]:
    """``start, end`` of an all-caps person's name grown to the whole run of
    words of ``CAPS_WORD`` or more letters it stands in, when that run is a
    name in ordinary text: at most ``MAX_CAPS_ADDED`` words more, none a
    common word ("AND", "WHERE") or another entity's. A longer run, or a
    sentence without lower-case words, is a heading or a shouted line
    around the name: unchanged."""
    if not all(t.is_upper or not t.is_alpha for t in doc[start:end]) \
            or not any(t.is_alpha and t.is_upper and len(t) > 1 for t in doc[start:end]):
        return start, end
    line = sentence(doc, start)
    if not any(t.is_lower for t in line):
        return start, end  # the whole sentence in capitals: a headline

    def in_run(token: Token) -> bool:
        return token.is_alpha and token.is_upper and len(token) >= CAPS_WORD

    i = start
    while i > line.start and in_run(doc[i - 1]):
        i -= 1
    j = end
    while j < line.end and in_run(doc[j]):
        j += 1
    added = [*range(i, start), *range(end, j)]
    if not added or len(added) > MAX_CAPS_ADDED or any(
            k in owner or doc[k].is_stop or not (doc[k] if k < start else doc[k - 1]).whitespace_
            for k in added):
        return start, end
    return i, j


def _before_et_al(doc: Doc, start: int, end: int) -> tuple[int, bool]:
    """``end`` cut before an "et al." inside the name, and whether an "et
    al." ends or follows the name."""
    for k in range(start + 1, min(end + 1, len(doc) - 1)):
        if doc[k].lower_ == "et" and doc[k + 1].lower_.rstrip(".") == "al":
            return k, True
    return end, False


def _polities(doc: Doc, ents: list[Span], found: list[int]) -> list[Span]:
    """``ents`` with "Kingdom of Aksum", "Empire of Japan", "Gulf of Mexico"
    made one place where no entity holds the kind of place: the capitalised
    words after "of" (and any entity of the model's among them, "Kingdom of
    [Aksum]PERSON", "[Cape] of Good Hope"), with a number after "No." ("Rural
    Municipality of Wreford No. 280"), are the name; up to two capitalised
    words before the kind that are no stop words are taken in ("Grand
    Duchy", "Rural Municipality"). Two that meet are one ("Municipality of
    the District of Shelburne")."""
    owner = {i: ent for ent in ents for i in range(ent.start, ent.end)}
    bounds: list[tuple[int, int]] = []
    for i in found:
        shouted = doc[i].text.isupper()  # "CAPE OF GOOD HOPE": case tells nothing
        if i + 2 >= len(doc) or doc[i + 1].text != ("OF" if shouted else "of") or (
                i in owner and len(owner[i]) > 1):  # the model's "[Kingdom]" alone is taken in
            continue
        start = i  # "Grand Duchy", "Islamic Emirate": capitalised words before it
        while start > 0 and i - start < 2 and is_capitalised(doc[start - 1]) and not shouted \
                and not doc[start - 1].is_stop and start - 1 not in owner:
            start -= 1
        first = j = i + 3 if doc[i + 2].lower_ == "the" else i + 2  # "of the Netherlands"
        while j < len(doc) and j - first < MAX_ADDED and is_capitalised(doc[j]) \
                and not doc[j].is_sent_start and not (shouted and doc[j].is_stop):
            j = owner[j].end if j in owner and owner[j].start == j else j + 1
        if doc[j - 1].text in ("No.", "No"):  # "Rural Municipality of Wreford No. 280"
            dot = j + (j < len(doc) and doc[j].text == ".")
            j = dot + 1 if dot < len(doc) and doc[dot].like_num else j
        if j > first and not any(owner[k].start < first for k in range(first, j) if k in owner) \
                and not any(owner[k].end > j for k in range(first, j) if k in owner):
            if bounds and start < bounds[-1][1]:  # "Municipality of the District of Shelburne"
                bounds[-1] = (bounds[-1][0], max(j, bounds[-1][1]))
            else:
                bounds.append((start, j))
    if not bounds:
        return ents
    place = type_labels(doc)[PLACE]
    new = [Span(doc, start, end, label=place) for start, end in bounds]
    taken = {k for span in new for k in range(span.start, span.end)}
    return sorted([e for e in ents if not any(k in taken for k in range(e.start, e.end))] + new,
                  key=lambda e: e.start)


def _institutions(doc: Doc, ents: list[Span], found: list[int]) -> list[Span]:
    """``ents`` with an organisation added for each institution named by
    its kind alone after "the" or "this" ("may it please the Court", "The
    states ask this Court", "the Senate voted") that no entity holds: one
    word of :data:`INSTITUTIONS`, capitalised, not before a capitalised word,
    "of" or a possessive (a longer name, the model's to find)."""
    owned = {i for ent in ents for i in range(ent.start, ent.end)}
    organisation = type_labels(doc)[ORGANISATION]
    added = [Span(doc, i, i + 1, label=organisation)
             for i in found
             if i > 0 and i not in owned
             and doc[i - 1].lower_ in ("the", "this", "that")
             and not (i + 1 < len(doc) and (is_capitalised(doc[i + 1])
                                            or doc[i + 1].lower_ in ("of", "'s", "’s")))]
    return sorted([*ents, *added], key=lambda e: e.start) if added else ents


def _as_written(word: str) -> str:
    """A word in capitals as it is written in ordinary text ("COURT" ->
    "Court"), to look it up in the lists above."""
    return word.capitalize() if word.isupper() and len(word) > 1 else word


def _cited_authors(doc: Doc, ents: list[Span], found: list[int]) -> list[Span]:
    """``ents`` with a person added for each author's name right before "et
    al." that no entity holds ("[Brown] et al. [12]", "([van Dijk] et al.,
    2019)"): the capitalised words and name particles before it, at most
    three, the last one capitalised, none a stop word ("See", "The")."""
    owned = {i for ent in ents for i in range(ent.start, ent.end)}
    added: list[Span] = []
    for k in found:
        if not 0 < k < len(doc) - 1 or doc[k + 1].lower_.rstrip(".") != "al" or k - 1 in owned:
            continue
        start = k
        while (start > 0 and k - start < 3 and start - 1 not in owned
               and (doc[start - 1].is_title and not doc[start - 1].is_stop
                    or doc[start - 1].lower_ in PARTICLES_LOWER)):
            start -= 1
        if doc[k - 1].is_title:  # a surname, with its particles ("van Dijk")
            added.append(Span(doc, start, k, label=type_labels(doc)[PERSON]))
    return sorted([*ents, *added], key=lambda e: e.start) if added else ents


def _author_year(doc: Doc, ents: list[Span], years: list[int]) -> list[Span]:
    """``ents`` with each author of an author-year citation a person
    ("(Rueda, [Checa]PLACE, & Cómbita, 2012)": three people; "(Boot,
    Kramer, Simons, Fabiani, & Gratton, 2008)"), in the place of any name
    of the model's inside the list. The authors are read back from the year
    to the opening bracket or semicolon: parted by commas, "&" or "and",
    each one to three capitalised words or name particles, no date, no
    publisher ("Lexington Books"), no firm's head word; two authors at
    least: "(London, 1998)" may be the place of publication, "(Rise,
    2014)" a record's label."""
    owner = {i: ent for ent in ents for i in range(ent.start, ent.end)}
    person = None
    replaced: set[int] = set()  # start tokens of the model's names that go
    added: list[Span] = []
    for year in years:
        if year + 1 < len(doc) and doc[year + 1].text not in AFTER_YEAR:
            continue
        authors = _citation_authors(doc, year)
        if len(authors) < 2:
            continue  # "(London, 1998)", "(Rise, 2014)": a place, a label
        for start, end in authors:
            inside = {owner[i] for i in range(start, end) if i in owner}
            if any(e.start < authors[0][0] or e.end > year for e in inside):
                continue  # a name that runs out of the citation
            exact = next((e for e in inside if (e.start, e.end) == (start, end)), None)
            if exact is not None and label_to_type(exact.label_) in (PERSON, ORGANISATION):
                continue  # a person already; "(Trance Syndicate, 1994)", a label's release
            replaced.update(e.start for e in inside)
            person = type_labels(doc)[PERSON] if person is None else person
            added.append(Span(doc, start, end, label=person))
    if not added:
        return ents
    kept = [e for e in ents if e.start not in replaced]
    return sorted([*kept, *added], key=lambda e: e.start)


def _citation_authors(doc: Doc, year: int) -> list[tuple[int, int]]:
    """The authors' names before the year at ``year`` (see
    :func:`_author_year`), first to last; none where the words back to the
    opening bracket are no list of authors."""
    k = year - 1
    if k >= 0 and doc[k].text == ",":
        k -= 1
    items: list[tuple[int, int]] = []
    item_end = k + 1
    i = k
    while i >= 0:
        token = doc[i]
        if token.text in AUTHOR_SEPARATORS or token.text in ("(", ";"):
            if item_end > i + 1:
                items.append((i + 1, item_end))
            if token.text in ("(", ";"):
                break
            item_end = i
        elif not (token.text[:1].isupper() or token.lower_ in PARTICLES_LOWER
                  or (token.text in HYPHENS and not token.whitespace_)) \
                or token.lower_ in NOT_AUTHORS or token.lower_.rstrip(".") in MONTHS \
                or token.text in ORGANISATION_HEADS:
            return []
        i -= 1
    if i < 0 or not items:
        return []
    items.reverse()
    if any(end - start > 3 or not doc[start].text[:1].isupper() for start, end in items):
        return []
    return items


def _bracketed(doc: Doc, start: int, end: int, owner: dict[int, Span], label: int,
               brackets: list[int]) -> tuple[int, int]:
    """``start, end`` with the name's brackets closed: a bracket it opens
    and leaves open is closed by the ")" right after it ("[Mladost (L]"
    becomes "Mladost (L)", a club told from another by its town's letter)
    or the name ends before it; a bracket it closes that opened right before it takes in the name
    of the same type before that ("[Drexel Burnham Lambert] ([HK) Ltd.]"),
    or the name is left as it is. ``brackets``: the indices of the doc's
    bracket tokens, in order."""
    inside = brackets[bisect_left(brackets, start):bisect_left(brackets, end)]
    opening = [i for i in inside if doc[i].text == "("]
    opened, closed = len(opening), len(inside) - len(opening)
    if opened == closed + 1:
        if end < len(doc) and doc[end].text == ")":
            return start, end + 1
        return (start, opening[-1]) if opening[-1] > start else (start, end)
    if closed == opened + 1 and start >= 2 and doc[start - 1].text == "(":
        before = owner.get(start - 2)
        if before is not None and before.end == start - 1 and before.label == label:
            return before.start, end
    return start, end


def _is_address(token: Token) -> bool:
    text = token.text
    return (token.like_email or token.lower_.startswith(("http:", "https:", "www."))
            or (not token.is_alpha and text[:1] == "@" and HANDLE.match(text) is not None))


def _trimmed(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """``start, end`` without addresses at the edges and small words or an
    "&" at the end (in capitals too in a name written in capitals: "SUPREME
    COURT OF THE"), and cut before an ellipsis inside the name."""
    shouted = all(t.is_upper for t in doc[start:end] if t.is_alpha)
    while start < end and (_is_address(doc[start]) or ELLIPSIS.match(doc[start].text)
                           or _is_chat(doc[start])
                           or (end - start > 1 and doc[start].lower_ in GREETINGS)):
        start += 1
    end = next((k for k in range(start + 1, end) if ELLIPSIS.match(doc[k].text)), end)
    if end - start > 2 and doc[end - 1].text[:1].isdigit() and doc[end - 2].is_lower \
            and doc[end - 2].text in BEFORE_NUMBER:
        end -= 2  # "[Goldman for 6] years", "[Google in 2019]"
    while end > start and (_is_address(doc[end - 1]) or _is_chat(doc[end - 1])
                           or (doc[end - 1].lower_ in DANGLING
                               and (doc[end - 1].is_lower or shouted
                                    or not doc[end - 1].is_alpha))
                           or (end - start > 1 and doc[end - 1].text == "I" and end < len(doc)
                               and doc[end].lower_ in AFTER_PRONOUN)):
        end -= 1
    return start, end


def _without_figures(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """``start, end`` without the scores, results and dashes that open or
    close a person's name ("6-2 6-1 [Alex Corretja]", "0-1 [Tomas Brolin]",
    "[S. Renshaw] 4-56"): a run of words without a letter, unless it is one
    plain number ("50 Cent" and "2 Chainz" begin with one)."""
    def figures(k: int) -> bool:
        token = doc[k]
        return not token.is_alpha and not any(c.isalpha() for c in token.text)

    first = start
    while end - first > 1 and figures(first):
        first += 1
    if first - start > 1 or (first - start == 1 and not doc[start].is_digit):
        start = first
    last = end
    while last - start > 1 and figures(last - 1) and doc[last - 1].text not in ".)":
        last -= 1
    if end - last > 1 or (end - last == 1 and not doc[end - 1].is_digit):
        end = last
    return start, end


def _before_post_nominals(doc: Doc, start: int, end: int) -> int:
    """End before the letters after a person's name (:data:`POST_NOMINALS`:
    "Keir Starmer MP", "Jane Smith OBE FRS", "Ann Lee, PhD"), which are no
    part of it: "Keir Starmer MP" is Keir Starmer, and his "Starmer"."""
    while end - start > 1 and (doc[end - 1].text in POST_NOMINALS or doc[end - 1].text == ","):
        end -= 1
    return end


def _numbered_unit(doc: Doc, start: int, end: int, owner: dict[int, Span]) -> int:
    """Start at the ordinal number right before an organisation's name of
    two or more words, which is part of it ("the [101st Airborne
    Division]", "[906th Air Refueling Squadron]", "the [6th National
    Congress]"): the training splits mark it inside the organisation
    after it in OntoNotes 29 times of 29, GMB 17 of 18, WikiANN 117 of 118
    (GUM 2 of 4, BTC 0 of 1: "2nd Premier League title"). A one-word name
    is left alone ("the 20th [EU] state")."""
    if start == 0 or end - start < 2:
        return start
    before = doc[start - 1]
    if NUMBERED.match(before.text) and before.whitespace_ and (start - 1) not in owner:
        return start - 1
    return start


def _legal_form(doc: Doc, end: int, owner: dict[int, Span]) -> int:
    """End after ", Inc." / ", Ltd" right after an organisation's name, which
    is part of it (OntoNotes writes "Acme Holdings, Inc." whole), whether
    the model left the legal form out or made it a name of its own ("[ACME
    HOLDINGS,] [INC.]"); not before a capitalised word ("Apple, AG Barr")."""
    k = end if doc[end - 1].text == "," else end + 1
    if k >= len(doc) or (k > end and doc[end].text != ","):
        return end
    form = doc[k]
    if form.lower_ not in LEGAL_FORMS or not form.text[:1].isupper():
        return end
    form_end = k + 1  # "INC" "." are two tokens in capitals
    if form_end < len(doc) and doc[form_end].text == "." and not form.whitespace_:
        form_end += 1
    other = owner.get(k)
    if other is not None and (other.start != k or other.end not in (k + 1, form_end)):
        return end
    if form_end < len(doc) and is_capitalised(doc[form_end]) \
            and not doc[form_end].is_sent_start:
        return end
    return form_end


def _is_chat(token: Token) -> bool:
    """Whether the token is a chat word (:data:`CHAT`)."""
    word = _REPEATS.sub(r"\1", token.lower_)
    if word not in CHAT:
        return False
    if token.is_lower:
        return True
    return word in (CHAT_CAPITALS if token.text.isupper() else CHAT_CAPITALISED)


def _document_part(doc: Doc, start: int, end: int) -> bool:
    """Whether ``doc[start:end]`` is a reference to a numbered part of a
    document or of an address: a word of :data:`DOCUMENT_PARTS` or
    :data:`ADDRESS_PARTS` and its number, or the word alone right before one
    ("[Tab] 3", "[Figure 2]", "[Exhibit] A.", "[Suite] 400")."""
    word = doc[start].lower_.rstrip(".")
    if not doc[start].text[:1].isupper() or not (
            word in DOCUMENT_PARTS or (word in ADDRESS_PARTS and doc[start].is_title)):
        return False
    after = start + 1  # after the word and its full stop ("Apt." is two tokens)
    if after < len(doc) and doc[after].text == "." and not doc[start].whitespace_:
        after += 1
    rest = doc[after:end]
    if len(rest):
        return len(rest) == 1 and _part_number(doc, rest[0].i)
    after = max(end, after)
    return after < len(doc) and _part_number(doc, after)


def _part_number(doc: Doc, i: int) -> bool:
    """Whether token ``i`` numbers a part: digits ("3", "2b", "4.1"), a Roman
    numeral ("IV"); a single capital letter ("A") only before punctuation or
    the end, since "Table A" could run on ("Part A Fund")."""
    text = doc[i].text
    bare = text.rstrip(".")
    if len(bare) == 1 and bare.isalpha():
        return bare.isupper() and (i + 1 >= len(doc) or doc[i + 1].is_punct or text != bare)
    return bool(PART_NUMBER.match(text) or (bare and ROMAN.match(bare)))


def _two_places(doc: Doc, ent: Span) -> list[Span] | None:
    """Two places for a name of two countries, or two different cities,
    joined by a bare hyphen ("Russia-Ukraine", "US-China", "London-Paris");
    None for any other name, and for a place the gazetteer knows by the whole
    name ("Winston-Salem"). The kind is the gazetteer's first reading of each
    side, so "Guinea-Bissau" (a country, then a city) and "Baden-Baden"
    stay one whatever the gazetteer holds."""
    cuts = [t.i for t in ent[1:-1] if t.text in HYPHENS and not t.whitespace_
            and not doc[t.i - 1].whitespace_]
    if len(cuts) != 1:
        return None
    from ..linking.gazetteer import gazetteer

    if any(not weak for _, weak in gazetteer().lookup(ent.text)):
        return None  # a place of that name ("Winston-Salem", "Guinea-Bissau")
    sides = (doc[ent.start:cuts[0]], doc[cuts[0] + 1:ent.end])
    kinds = set()
    for side in sides:
        readings = gazetteer().lookup(side.text)
        if not side[0].text[:1].isupper() or not readings:
            return None
        kinds.add(readings[0][0].kind)
    if kinds not in ({"country"}, {"city"}) or sides[0].text.lower() == sides[1].text.lower():
        return None
    place = type_labels(doc)[PLACE]
    return [Span(doc, side.start, side.end, label=place) for side in sides]


def _name_said_twice(ent: Span) -> list[Span] | None:
    """Two people for a person's name that runs on into the same name again,
    as a heading does into the text under it when the line break is lost
    ("Antonín Dvořák Antonín Leopold Dvořák (1841-1904) was ...", "Antonín
    Dvořák Dvořák displayed ..."): the name's last word is also a word of
    it after the first, and the span is cut after that word (and any
    punctuation after it). A name whose first word comes back ("Humbert
    Humbert", "Ford Madox Ford") is one, and so is one with particles, where
    a family name comes back by custom ("Saeed bin Maktoum bin Rashid Al
    Maktoum"). None for any other name."""
    if label_to_type(ent.label_) != PERSON or len(ent) < 3:
        return None
    if any(t.is_lower or t.text in PARTICLES for t in ent):
        return None
    last = ent[-1].text
    first_again = next((t.i for t in ent[1:-1] if t.text == last), None)
    if first_again is None or not last[:1].isupper():
        return None
    cut = first_again + 1
    second = next((t.i for t in ent.doc[cut:ent.end] if not t.is_punct), ent.end)
    if not ent.doc[second].text[:1].isupper():
        return None
    return [Span(ent.doc, ent.start, cut, label=ent.label),
            Span(ent.doc, second, ent.end, label=ent.label)]


def _after_abbreviation(doc: Doc, start: int, end: int) -> int:
    """End after the capitalised words that follow a name ending on "St."
    or "Mt." (at most :data:`MAX_ADDED`, in the same sentence); the words
    may belong to another entity, which is then taken in. After a
    capitalised word the abbreviation is a street's ("Main St."), and the
    name ends there."""
    if doc[end - 1].lower_ not in BEFORE_NAMES or (
            end - start > 1 and is_capitalised(doc[end - 2])):
        return end
    j = end
    while (j < len(doc) and j - end < MAX_ADDED and is_capitalised(doc[j])
           and doc[j].is_alpha and not doc[j].is_sent_start):
        j += 1
    return j


def _one_person(doc: Doc, ents: list[Span]) -> list[Span]:
    """Two one-word persons side by side, parted by one space and nothing
    else, are one person's given name and surname ("[Adaeze] [Okonkwo]:"
    in a transcript, "[BRADFORD] [VAUGHAN] 72 71" in a results table):
    both written in title case or both in capitals, so not a tweet's handle
    before a name ("@AshleyNickels Kalin"). Two longer names side by side
    stay two ("Colin Powell Robert Downey Jr." in a spoken list), and so
    does a word said twice."""
    out: list[Span] = []
    for ent in ents:
        if out:
            prev = out[-1]
            if (prev.end == ent.start and len(prev) == 1 and len(ent) == 1
                    and prev.label == ent.label and label_to_type(ent.label_) == PERSON
                    and doc[prev.start].whitespace_ == " " and prev.text != ent.text
                    and all(t.is_alpha for t in (prev[0], ent[0]))
                    and (prev[0].is_title and ent[0].is_title
                         or prev[0].is_upper and ent[0].is_upper)
                    and not ent[0].is_sent_start):
                out[-1] = Span(doc, prev.start, ent.end, label=ent.label)
                continue
        out.append(ent)
    return out
