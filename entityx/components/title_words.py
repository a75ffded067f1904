"""Word lists of the title component: honorifics, role titles and heads,
given names that look like titles, name particles, joiners.

They are the component's defaults; the lists in use are part of its config
and saved with the pipeline (see :mod:`entityx.components.titles`).
"""

from __future__ import annotations

import re

from spacy.tokens import Token

from ..labels import ORGANISATION, PLACE

TITLES_KEY = "titles"

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
    # a firm's departments after a role ("Director of Operations", "Vice
    # President of Engineering", "Head of Communications")
    "operations", "sales", "engineering", "communications", "technology",
    "research", "development", "product", "products", "compliance", "policy",
    "procurement", "logistics", "partnerships", "innovation", "admissions",
    "analytics", "infrastructure", "relations", "resources",
)

# Entries of nameparser's list that are mostly something else before a name:
# a country ("US Ambassador") or part of an organisation's name ("Advisory
# Group chairman").
NOT_TITLES = ("us", "group", "law")

# Nationality or place words before a role title ("Russian President",
# "Polish-born Pope", "US Ambassador"): demonym endings, "-born", or a short
# all-capitals abbreviation.
DEMONYM = re.compile(r"(?:[a-z](?:an|ese|ish|i|ch|ic|ss|ek|ai))$|-born$|^[A-Z]{2,4}$|^(?:[A-Z]\.){2,3}$")

# Letters after a person's name: offices, honours, fellowships, degrees
# ("Keir Starmer MP", "Elton John CBE", "Jane Smith QC", "Ann Lee PhD";
# "SC" is Senior Counsel, "KC" / "QC" King's / Queen's Counsel). As
# written; a name's own "Jr." or "III" is no such thing.
POST_NOMINALS = frozenset({
    "MP", "MSP", "MEP", "MLA", "MPP", "MHA", "TD", "QC", "KC", "SC", "OBE", "MBE", "CBE", "KBE", "DBE",
    "GBE", "CMG", "KCMG", "GCMG", "KCB", "GCB", "CVO", "KCVO", "GCVO", "LVO", "MVO", "OM", "KG",
    "KT", "VC", "GC", "DSO", "DFC", "FRS", "FRSE", "FBA", "FREng", "FMedSci", "FRSA", "FRCP",
    "FRCS", "MRCP", "PhD", "Ph.D.", "DPhil", "MD", "M.D.", "DDS", "JP", "DL", "RA", "Esq",
    "Esq.", "MBA", "LLB", "LLM", "FRIBA", "RIBA",
})

# A name's own generational suffix ("Harry Carey, Jr.", "Ken Griffey Jr",
# "Peter Barnes, III"): part of the name in every gold corpus we have, with
# or without the comma; never a name alone. As written, or in capitals.
GENERATIONAL = frozenset({"Jr", "Jr.", "Jnr", "Jnr.", "Sr", "Sr.", "Snr", "Snr.",
                          "JR", "JR.", "SR", "SR.", "JNR", "SNR"})
# Roman numerals that are a suffix only after a comma ("Barnes, III");
# without one they are regnal numbers (name_repair.py)
GENERATIONAL_NUMERALS = frozenset({"II", "III", "IV"})

# Parties to a case, capitalised in court transcripts and judgments as if
# they were names ("Petitioner was arrested", "Plaintiff Jane Doe"): role
# heads, so that one alone is no name and one before a person's name is the
# title; but a party may be a firm ("Defendant Microsoft Corporation"), so
# one before a name does not make it a person.
PARTIES: frozenset[str] = frozenset({
    "petitioner", "petitioners", "respondent", "respondents", "plaintiff", "plaintiffs",
    "defendant", "defendants", "appellant", "appellants", "appellee", "appellees",
    "claimant", "claimants",
})

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
    "countess", "lord", "lady", "sir", "dame", *sorted(PARTIES),
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

# Words before a capitalised word that make it a common noun or a title, not a
# name: "the Government" (propagation), "the Earl" (role titles).
DETERMINERS = frozenset({"the", "a", "an", "this", "that", "these", "those"})


# The head words of things named after a person, and the type of the
# thing: "[John F. Kennedy] International Airport", "[Zac Brown] Band",
# "the [Robert Wood Johnson] Foundation"; None: a thing of no type we report
# ("Nobel Prize", "James Webb Space Telescope").
NAMED_AFTER: dict[str, str | None] = {
    **dict.fromkeys(("Airport", "Airports", "Bridge", "Stadium", "Arena", "Park", "Street",
                     "Avenue", "Boulevard", "Square", "Station", "Memorial", "Tower",
                     "Highway", "Parkway", "Tunnel", "Dam"), PLACE),
    **dict.fromkeys(("Foundation", "Institute", "University", "College", "School", "Academy",
                     "Hospital", "Centre", "Center", "Museum", "Library", "Trust", "Fund",
                     "Band", "Orchestra", "Society"), ORGANISATION),
    **dict.fromkeys(("Prize", "Award", "Awards", "Trophy", "Medal", "Cup", "Telescope",
                     "Lecture", "Fellowship", "Scholarship"), None),
}
# The head words of NAMED_AFTER that are nobody's surname: a "person" the
# model found ending in one is the thing ("[Charles Hospital]", "[R.
# Premadasa Stadium]"). Not "Park", "Street", "Arena", "Tower", "Bridge",
# "Dam", "Station", "Trust", "Fund", "Band", "Orchestra", "Society", "Cup",
# "Lecture", "Fellowship" ("Tina Arena", "John Tower", "Ji Sung Park"): gold
# people in OntoNotes, CoNLL-2003, BTC and WikiANN end in them, or the word
# also ends a band's or an event's name that a corpus types as a person.
NOBODYS_SURNAME = frozenset(NAMED_AFTER) - {
    "Park", "Street", "Arena", "Tower", "Bridge", "Dam", "Station", "Trust", "Fund", "Band",
    "Orchestra", "Society", "Cup", "Lecture", "Fellowship"}
# Titles that the name of a thing named after a person keeps ("King
# Baudouin Stadium", "Sir Robert Woodard Academy", "Madame Walker Theatre
# Center", "General Mitchell International Airport"), lower-cased, without
# a full stop: the honorifics and the titles of rulers, clergy, generals and
# elected heads.
NAMESAKE_TITLES = frozenset(HONORIFICS) | {
    "king", "queen", "prince", "princess", "emperor", "empress", "sultan", "emir", "pope",
    "saint", "st", "bishop", "archbishop", "cardinal", "president", "general", "admiral",
    "marshal", "senator", "governor", "mayor", "chief"}

# Organisation head words: the last word of names of two or more words that
# OntoNotes 5 train types ORG in at least 95 % of at least 20 such names,
# less those that end a person's name in OntoNotes, CoNLL-2003 or BTC train
# ("Co.", "Court", "Mae") or stand alone for another type ("Canada"), three
# that are also people's names ("Cross", "Guard", "Mart"), and "Brothers"
# ("the Wright Brothers", "the Coen brothers"). Case as written: "News" ends
# an organisation, "news" nothing.
ORGANISATION_HEADS = frozenset({
    "Corp.", "Corp", "CORP.", "Corporation", "Inc.", "Inc", "INC.", "Ltd.", "Ltd", "PLC",
    "AG", "S.A.", "Company", "Group", "Associates", "Airlines", "Securities", "Markets",
    "Exchange", "Trust", "Fund", "Management", "Services", "Service", "Systems",
    "Communications", "Technology", "News", "TV", "Times", "Journal",
    "Department", "Ministry", "Office", "Bureau", "Authority",
    "Administration", "Commission", "Committee", "Council", "Board", "Assembly", "Division",
    "Command", "Army", "Navy", "Force", "Security", "Affairs", "Trade", "Commerce",
    "Health", "Development", "Party", "Movement", "Association", "Organization",
    "Foundation", "Institute", "University", "Sciences", "Community",
})
# The legal forms that end a firm's name, lower-cased ("Ltd.", "Inc", "GmbH").
LEGAL_FORMS = frozenset({"ltd", "ltd.", "inc", "inc.", "llc", "llp", "plc", "corp", "corp.",
                         "gmbh", "ag", "sa", "s.a."})
# Legal forms written out, which name repair does not add to a name but
# merging reads as one ("Nvidia Corporation", "Nvidia"), lower-cased.
LEGAL_FORMS_IN_FULL = frozenset({"corporation", "incorporated", "limited", "company", "co",
                                 "co."})


def ends_a_things_name(token: Token) -> bool:
    """Whether ``token`` ends the name of a thing and not a person's: a head
    word of :data:`NAMED_AFTER` ("Museum", "Memorial") or of
    :data:`ORGANISATION_HEADS` ("Inc.", "Service"), or a legal form."""
    return (token.text in NAMED_AFTER or token.text in ORGANISATION_HEADS
            or token.lower_ in LEGAL_FORMS)
