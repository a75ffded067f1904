"""Name cleaning (clean_span) and grouping mentions into entities
(group_mentions), on hand-made mentions and through ``entityx.extract``."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

import entityx
from entityx.merge import clean_person, clean_span, group_mentions
from entityx.results import Entity, Mention


class Text:
    """Builds a document's mentions in order, with real offsets."""

    def __init__(self) -> None:
        self.text = ""
        self.found: list[tuple[str, Mention]] = []

    def add(self, etype: str, name: str, title: str | None = None) -> Text:
        if title:
            self.text += title + " "
        start = len(self.text)
        self.text += name + ". "
        self.found.append((etype, Mention(name, start, start + len(name), title)))
        return self

    def group(self) -> list[Entity]:
        return group_mentions(self.found)


def summary(entities: list[Entity]) -> list[tuple[str, str, int]]:
    return [(e.type, e.name, e.count) for e in entities]


# -- people ------------------------------------------------------------------------------


def test_surname_and_title_join_the_full_name() -> None:
    doc = (Text().add("person", "Donald Trump", "President").add("person", "Trump", "Mr")
           .add("person", "Trump").add("place", "Ohio"))
    entities = doc.group()
    assert summary(entities) == [("person", "Donald Trump", 3), ("place", "Ohio", 1)]
    trump = entities[0]
    assert trump.aliases == ["Trump"]
    assert trump.titles == ["President", "Mr"]
    assert [m.text for m in trump.mentions] == ["Donald Trump", "Trump", "Trump"]


def test_surname_before_the_full_name_joins_too() -> None:
    doc = Text().add("person", "Trump", "Mr").add("person", "Donald Trump")
    assert summary(doc.group()) == [("person", "Donald Trump", 2)]


def test_shared_surname_is_left_alone() -> None:
    doc = (Text().add("person", "Joe Biden").add("person", "Jill Biden")
           .add("person", "Biden", "Mr"))
    assert sorted(summary(doc.group())) == [("person", "Biden", 1), ("person", "Jill Biden", 1),
                                            ("person", "Joe Biden", 1)]


def test_one_full_name_per_surname_joins() -> None:
    doc = (Text().add("person", "Joe Biden").add("person", "Hunter Smith")
           .add("person", "Biden").add("person", "Smith", "Mr"))
    assert sorted(summary(doc.group())) == [("person", "Hunter Smith", 2),
                                            ("person", "Joe Biden", 2)]


def test_mistyped_surname_joins_the_person() -> None:
    # models often call a bare surname an organisation or a place
    doc = (Text().add("person", "Marc Fogel").add("organisation", "Fogel")
           .add("place", "Fogel"))
    assert summary(doc.group()) == [("person", "Marc Fogel", 3)]


def test_mistyped_full_name_joins_the_person_with_that_surname() -> None:
    # "the Joe Biden-era mantra": the model called the full name an organisation
    doc = Text().add("organisation", "Joe Biden").add("person", "Biden", "Mr")
    entities = doc.group()
    assert summary(entities) == [("person", "Joe Biden", 2)]
    assert entities[0].titles == ["Mr"]


def test_organisation_ending_in_a_surname_word_needs_a_capitalised_name() -> None:
    doc = Text().add("organisation", "the Smith").add("person", "Smith", "Mr")
    assert sorted(summary(doc.group())) == [("organisation", "the Smith", 1),
                                            ("person", "Smith", 1)]


def test_organisation_not_ending_in_the_surname_stays() -> None:
    doc = Text().add("organisation", "Ford Motor").add("person", "Ford", "Mr")
    assert sorted(summary(doc.group())) == [("organisation", "Ford Motor", 1),
                                            ("person", "Ford", 1)]


def test_multi_word_surname_joins() -> None:
    doc = (Text().add("person", "Ursula von der Leyen", "President")
           .add("person", "von der Leyen", "Ms"))
    entities = doc.group()
    assert summary(entities) == [("person", "Ursula von der Leyen", 2)]
    assert entities[0].titles == ["President", "Ms"]


def test_knight_by_given_name() -> None:
    doc = Text().add("person", "Keir Starmer").add("person", "Keir", "Sir")
    assert summary(doc.group()) == [("person", "Keir Starmer", 2)]


def test_bare_given_name_joins_the_one_person_of_that_given_name() -> None:
    # fiction and interviews call people by their given name
    doc = (Text().add("person", "Elizabeth Bennet").add("person", "Jane Bennet")
           .add("person", "Elizabeth").add("person", "Jane").add("person", "Elizabeth"))
    assert summary(doc.group()) == [("person", "Elizabeth Bennet", 3), ("person", "Jane Bennet", 2)]
    # family name first: "Xi" is the first word of "Xi Jinping"
    doc = Text().add("person", "Xi Jinping").add("person", "Xi")
    assert summary(doc.group()) == [("person", "Xi Jinping", 2)]


def test_bare_given_name_of_two_people_or_with_a_title_is_not_merged() -> None:
    doc = (Text().add("person", "Donald Trump").add("person", "Donald Tusk")
           .add("person", "Donald"))
    assert sorted(summary(doc.group())) == [
        ("person", "Donald", 1), ("person", "Donald Trump", 1), ("person", "Donald Tusk", 1)]
    # "Mr Keir" is someone else's surname; only knights and dames go by a given name
    doc = Text().add("person", "Keir Starmer").add("person", "Keir", "Mr")
    assert sorted(summary(doc.group())) == [("person", "Keir", 1), ("person", "Keir Starmer", 1)]
    # a surname still wins: "Paul" joins "Les Paul", not "Paul Simon"
    doc = Text().add("person", "Paul Simon").add("person", "Les Paul").add("person", "Paul")
    assert sorted(summary(doc.group())) == [("person", "Les Paul", 2), ("person", "Paul Simon", 1)]
    # a place is not a person's given name ("Jordan", "Jordan Peterson")
    doc = Text().add("person", "Jordan Peterson").add("place", "Jordan")
    assert sorted(summary(doc.group())) == [("person", "Jordan Peterson", 1), ("place", "Jordan", 1)]


def test_a_bare_middle_name_joins_the_one_person_of_that_middle_name() -> None:
    # a maiden or first family name: "Skłodowska" is Marie Skłodowska Curie,
    # while "Curie" is shared with Pierre Curie and stays on its own
    doc = (Text().add("person", "Marie Skłodowska Curie").add("person", "Pierre Curie")
           .add("person", "Skłodowska").add("person", "Curie"))
    assert sorted(summary(doc.group())) == [
        ("person", "Curie", 1), ("person", "Marie Skłodowska Curie", 2),
        ("person", "Pierre Curie", 1)]
    doc = Text().add("person", "Gabriel García Márquez").add("person", "García", "Mr")
    assert summary(doc.group()) == [("person", "Gabriel García Márquez", 2)]


@pytest.mark.parametrize("people", [
    ["Martin Luther King", "Luther Vandross"],   # a given name wins over a middle name
    ["John Fitzgerald Kennedy", "Ella Fitzgerald"],  # and so does a surname
    ["John Fitzgerald Kennedy", "Mary Fitzgerald Jones"],  # two with that middle name
])
def test_a_middle_name_of_two_people_or_another_name_joins_no_middle(people: list[str]) -> None:
    doc = Text()
    for name in people:
        doc.add("person", name)
    bare = people[1].split()[0] if people[1].startswith("Luther") else "Fitzgerald"
    doc.add("person", bare)
    assert ("person", people[0], 1) in summary(doc.group())
    # "de" in "Charles de Gaulle" is no middle name of his
    doc = Text().add("person", "Charles de Gaulle").add("person", "De")
    assert ("person", "Charles de Gaulle", 1) in summary(doc.group())


def test_a_name_written_surname_first_joins_the_person() -> None:
    doc = (Text().add("person", "Marx, Karl").add("person", "Karl Marx")
           .add("person", "Marx", "Dr").add("place", "Paris, Texas").add("place", "Texas, Paris"))
    people = [e for e in doc.group() if e.type == "person"]
    assert [(e.name, e.aliases, e.count) for e in people] == [
        ("Karl Marx", ["Marx, Karl", "Marx"], 3)]
    # places keep their order
    assert len([e for e in doc.group() if e.type == "place"]) == 2


def test_a_family_name_first_joins_with_any_title() -> None:
    # Chinese, Korean and Vietnamese names put the family name first: "Mr Xi"
    # is Xi Jinping, "President Moon" Moon Jae-in
    doc = (Text().add("person", "Xi Jinping", "President").add("person", "Moon Jae-in")
           .add("person", "Xi", "Mr").add("person", "Moon", "President")
           .add("person", "Nguyen Phu Trong").add("person", "Nguyen", "General Secretary"))
    entities = doc.group()
    assert summary(entities) == [("person", "Xi Jinping", 2), ("person", "Moon Jae-in", 2),
                                 ("person", "Nguyen Phu Trong", 2)]
    assert entities[0].titles == ["President", "Mr"]
    # a given name that is no romanised one is an English given name: "Mr Lee"
    # is someone else than Lee Smith, "Ms Kim" than Kim Kardashian
    doc = (Text().add("person", "Lee Smith").add("person", "Lee", "Mr")
           .add("person", "Kim Kardashian").add("person", "Kim", "Ms"))
    assert sorted(summary(doc.group())) == [("person", "Kim", 1), ("person", "Kim Kardashian", 1),
                                            ("person", "Lee", 1), ("person", "Lee Smith", 1)]
    # two people of one family name: no one to join
    doc = Text().add("person", "Wang Yi").add("person", "Wang Qishan").add("person", "Wang", "Mr")
    assert len(doc.group()) == 3


def test_titles_are_deduplicated_without_full_stops() -> None:
    doc = (Text().add("person", "Jane Smith", "Dr.").add("person", "Smith", "Dr")
           .add("person", "Smith", "dr.").add("person", "Smith", "Mrs"))
    entities = doc.group()
    assert summary(entities) == [("person", "Jane Smith", 4)]
    assert entities[0].titles == ["Dr", "Mrs"]


def test_majority_type() -> None:
    doc = (Text().add("place", "Jordan").add("person", "Jordan").add("person", "Jordan"))
    assert summary(doc.group()) == [("person", "Jordan", 3)]


def test_type_tie_goes_to_the_first_seen() -> None:
    doc = Text().add("organisation", "Apex").add("place", "Apex")
    assert summary(doc.group()) == [("organisation", "Apex", 2)]


# -- places and organisations ------------------------------------------------------------


def test_places_merge_on_normalised_name_only() -> None:
    doc = (Text().add("place", "Saudi Arabia").add("place", "Saudi  Arabia")
           .add("place", "Saudi\nArabia").add("place", "Arabia").add("place", "Saudi"))
    entities = doc.group()
    assert summary(entities) == [("place", "Saudi Arabia", 3), ("place", "Arabia", 1),
                                 ("place", "Saudi", 1)]
    assert entities[0].aliases == []  # the whitespace is not another way of writing it


def test_organisations_merge_case_insensitively() -> None:
    doc = Text().add("organisation", "Nato").add("organisation", "NATO").add("organisation", "Nato")
    entities = doc.group()
    assert summary(entities) == [("organisation", "Nato", 3)]
    assert entities[0].aliases == ["NATO"]


def test_an_organisation_joins_its_name_with_the_legal_form() -> None:
    doc = (Text().add("organisation", "Acme Holdings, Inc.").add("organisation", "Acme Holdings")
           .add("organisation", "Acme").add("place", "Widget Ltd").add("organisation", "Widget"))
    entities = doc.group()
    # the bare name joins; a shorter name or one of another type does not
    assert summary(entities) == [("organisation", "Acme Holdings, Inc.", 2),
                                 ("organisation", "Acme", 1), ("place", "Widget Ltd", 1),
                                 ("organisation", "Widget", 1)]
    assert entities[0].aliases == ["Acme Holdings"]


def test_an_organisation_joins_its_name_with_the_legal_form_in_full() -> None:
    doc = (Text().add("organisation", "Nvidia Corporation").add("organisation", "Nvidia")
           .add("organisation", "Ford Motor Company").add("organisation", "Ford Motor")
           .add("person", "Walt Disney").add("organisation", "The Walt Disney Company"))
    assert sorted(summary(doc.group())) == [
        ("organisation", "Ford Motor Company", 2), ("organisation", "Nvidia Corporation", 2),
        ("organisation", "The Walt Disney Company", 1), ("person", "Walt Disney", 1)]


def test_capitalised_form_is_preferred_to_a_shouted_one() -> None:
    # A dateline or headline in capitals is not how the text writes the name.
    doc = Text().add("place", "TOKYO").add("place", "Tokyo")
    entities = doc.group()
    assert summary(entities) == [("place", "Tokyo", 2)]
    assert entities[0].aliases == ["TOKYO"]
    # ... but an acronym written only in capitals stays as it is
    assert summary(Text().add("place", "US").add("place", "US").group()) == [("place", "US", 2)]


def test_capitalised_form_is_preferred_to_a_lower_case_one() -> None:
    # Web text writes names in lower case; the name is still the written-properly form,
    # even when the lower-case one is more frequent or comes first.
    doc = Text().add("place", "oxford").add("place", "oxford").add("place", "Oxford")
    entities = doc.group()
    assert summary(entities) == [("place", "Oxford", 3)]
    assert entities[0].aliases == ["oxford"]
    doc = Text().add("organisation", "nato").add("organisation", "NATO")
    assert summary(doc.group()) == [("organisation", "NATO", 2)]
    # ... and more words still come first: the fuller name wins whatever its case
    doc = Text().add("person", "donald trump").add("person", "Trump")
    assert summary(doc.group())[0][1] == "donald trump"


def test_a_surname_joins_past_a_title_of_a_place() -> None:
    # "Earl of Lovelace" is a title of a place, not a full name ending in "Lovelace"
    doc = (Text().add("person", "Ada Lovelace").add("person", "Earl of Lovelace")
           .add("person", "Lovelace"))
    assert sorted(summary(doc.group())) == [("person", "Ada Lovelace", 2),
                                            ("person", "Earl of Lovelace", 1)]
    # with no other Lovelace, the bare name stays on its own
    doc = Text().add("person", "Earl of Lovelace").add("person", "Lovelace")
    assert sorted(summary(doc.group())) == [("person", "Earl of Lovelace", 1),
                                            ("person", "Lovelace", 1)]


def test_places_do_not_join_people_with_longer_names() -> None:
    doc = Text().add("person", "George Washington").add("place", "Washington State")
    assert sorted(summary(doc.group())) == [("person", "George Washington", 1),
                                            ("place", "Washington State", 1)]


def test_order_most_mentioned_then_first_seen() -> None:
    doc = (Text().add("place", "Kyiv").add("organisation", "Nato").add("organisation", "Nato")
           .add("place", "Moscow").add("place", "Kyiv").add("place", "Paris"))
    assert summary(doc.group()) == [("place", "Kyiv", 2), ("organisation", "Nato", 2),
                                    ("place", "Moscow", 1), ("place", "Paris", 1)]


def test_no_mentions_no_entities() -> None:
    assert group_mentions([]) == []


def test_an_acronym_joins_the_one_name_that_spells_it() -> None:
    doc = (Text().add("organisation", "Organisation for Economic Co-operation and Development")
           .add("organisation", "OECD").add("place", "United States").add("place", "US")
           .add("organisation", "OECD"))
    assert sorted(summary(doc.group())) == [
        ("organisation", "Organisation for Economic Co-operation and Development", 3),
        ("place", "United States", 2)]
    oecd = next(e for e in doc.group() if e.type == "organisation")
    assert oecd.aliases == ["OECD"]


def test_an_acronym_stays_apart_when_two_names_or_another_type_spell_it() -> None:
    doc = (Text().add("organisation", "European Union").add("organisation", "European Unity")
           .add("organisation", "EU"))
    assert ("organisation", "EU", 1) in summary(doc.group())
    # a place's letters are not an organisation's ("US", "Union of Students")
    doc = Text().add("organisation", "Union of Students").add("place", "US")
    assert sorted(summary(doc.group())) == [("organisation", "Union of Students", 1),
                                            ("place", "US", 1)]
    # a capitalised word is no acronym ("Nato"); people never join this way
    doc = (Text().add("organisation", "North Atlantic Treaty Organization")
           .add("organisation", "Nato").add("person", "John Kerry").add("person", "JK"))
    assert len(doc.group()) == 4


# -- clean_span ------------------------------------------------------------------------


@pytest.mark.parametrize(("raw", "clean"), [
    ("the Kremlin", "Kremlin"),
    ("The Kremlin", "Kremlin"),
    ("THE WHITE HOUSE", "WHITE HOUSE"),
    ("Trump’s", "Trump"),
    ("Trump's", "Trump"),
    ("the Kremlin’s", "Kremlin"),
    ("Charles'", "Charles"),
    ("Joe Biden-era", "Joe Biden"),
    ("Joe Biden–era", "Joe Biden"),
    ("Biden-era", "Biden"),
    ("Ortega-Hayes", "Ortega-Hayes"),
    ("Biden-Harris", "Biden-Harris"),
    ("Kremlin-backed", "Kremlin"),
    ("Nato-led", "Nato"),
    ("Paris-born", "Paris"),
    ("Russian-speaking", "Russian"),
    ("Kim Jong-un", "Kim Jong-un"),
    ("Lee Kyou-hyuk", "Lee Kyou-hyuk"),
    ("Deng Xiao-ping", "Deng Xiao-ping"),
    ("Moon Jae-in", "Moon Jae-in"),
    ("“Nato”", "Nato"),
    ("(Nato)", "Nato"),
    ("Nato,", "Nato"),
    ("  Paris \n", "Paris"),
    ("Theresa May", "Theresa May"),
    ("Thessaloniki", "Thessaloniki"),
    ("U.S.", "U.S."),
    ("St. Louis", "St. Louis"),
    ("O'Neill", "O'Neill"),
    ("#Colbert", "Colbert"),
    ("#NewYork", "NewYork"),
    ("C#", "C#"),
    ("London -", "London"),
    ("- Theodore Roosevelt -", "Theodore Roosevelt"),
    ("— Ann Lee", "Ann Lee"),
    ("Guinea-Bissau", "Guinea-Bissau"),
    ("Procter - Gamble", "Procter - Gamble"),
    ("Mladost (L)", "Mladost (L)"),
    ("(Mladost (L))", "Mladost (L)"),
])
def test_clean_span(raw: str, clean: str) -> None:
    text = f"Before {raw} after"
    start = text.index(raw)
    cleaned = clean_span(text, start, start + len(raw))
    assert cleaned is not None
    assert text[cleaned[0]:cleaned[1]] == clean


@pytest.mark.parametrize("raw", ["  ", "“”", "()", "-", "'", "288", "1996-12-06", "(1)"])
def test_clean_span_nothing_left(raw: str) -> None:
    text = f"a{raw}b"
    assert clean_span(text, 1, 1 + len(raw)) is None


@given(st.text(alphabet=st.sampled_from(list("Ab z'’-“”().,the ÉS\n")), max_size=30),
       st.data())
def test_clean_span_properties(text: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    cleaned = clean_span(text, start, end)
    if cleaned is None:
        return
    s, e = cleaned
    assert start <= s < e <= end
    span = text[s:e]
    assert span == span.strip()
    assert any(c.isalpha() for c in span)
    assert clean_span(text, s, e) == cleaned  # cleaning is idempotent


@pytest.mark.parametrize(("raw", "clean"), [
    ("1. Katja Seizinger", "Katja Seizinger"),
    ("12) Ann Lee", "Ann Lee"),
    ("3 Ann Lee", "3 Ann Lee"),  # a bare number may be part of a name
    ("Ann Lee", "Ann Lee"),
    ("50 Cent", "50 Cent"),
])
def test_clean_person_drops_a_rank_number(raw: str, clean: str) -> None:
    text = f"x {raw} (Germany)"
    s, e = clean_person(text, 2, 2 + len(raw))
    assert text[s:e] == clean


# -- through extract ---------------------------------------------------------------------


def _people(text: str) -> dict[str, Entity]:
    return {e.name: e for e in entityx.extract(text).entities if e.type == "person"}


def test_extract_merges_surname_and_possessive() -> None:
    text = "Donald Trump spoke in Ohio on Monday. Later, Mr Trump said Trump’s plan would work."
    result = entityx.extract(text)
    found = _people(text)
    trump = found["Donald Trump"]
    assert trump.count == 3
    assert trump.aliases == ["Trump"]
    assert trump.titles == ["Mr"]
    forms = {f for e in result.entities for f in [e.name, *e.aliases]}
    assert "Trump’s" not in forms and "Trump" not in {e.name for e in result.entities}


def test_extract_keeps_shared_surname_apart() -> None:
    found = _people("Mr Joe Biden and Dr Jill Biden arrived in Delaware. Later Mr Biden spoke.")
    assert {"Joe Biden", "Jill Biden", "Biden"} <= set(found)
    assert found["Joe Biden"].count == 1 and found["Jill Biden"].count == 1
    assert found["Biden"].count == 1 and found["Biden"].titles == ["Mr"]


def test_extract_joins_a_bare_given_name_to_its_person() -> None:
    found = _people("Elizabeth Bennet walked to Meryton with her sister Jane Bennet. "
                    "Elizabeth was tired, but Jane laughed at her.")
    assert set(found) == {"Elizabeth Bennet", "Jane Bennet"}
    assert found["Elizabeth Bennet"].count == 2 and found["Elizabeth Bennet"].aliases == ["Elizabeth"]
    assert found["Jane Bennet"].count == 2 and found["Jane Bennet"].aliases == ["Jane"]


def test_extract_one_full_name_per_surname() -> None:
    found = _people("Dr Jill Biden arrived in Delaware on Monday. Later Dr Biden spoke.")
    assert found["Jill Biden"].count == 2
    assert "Biden" not in found


def test_extract_strips_hyphenated_tail() -> None:
    result = entityx.extract("Critics attacked the Joe Biden-era rules on Monday.")
    names = {e.name for e in result.entities}
    assert "Joe Biden" in names  # whatever type the model gives it
    assert all("-era" not in m.text for e in result.entities for m in e.mentions)


def test_extract_gives_a_defined_acronym_as_an_alias() -> None:
    result = entityx.extract("The Royal Shakespeare Company (RSC) staged it in Stratford. "
                             "Later the RSC said the run was sold out.")
    rsc = {e.name: e for e in result.entities}["Royal Shakespeare Company"]
    assert rsc.type == "organisation" and rsc.aliases == ["RSC"] and rsc.count == 3


def test_a_name_joins_its_one_fuller_form() -> None:
    doc = (Text().add("person", "John F. Kennedy").add("person", "John Kennedy")
           .add("person", "J. F. Kennedy").add("person", "Kennedy", "President")
           .add("person", "Moshe M. Zloof").add("person", "M.M. Zloof")
           .add("person", "Moshe Zloof"))
    entities = doc.group()
    assert summary(entities) == [("person", "John F. Kennedy", 4), ("person", "Moshe M. Zloof", 3)]
    assert entities[0].aliases == ["John Kennedy", "J. F. Kennedy", "Kennedy"]
    assert entities[0].titles == ["President"]


@pytest.mark.parametrize("names", [
    ["George W. Bush", "George H. W. Bush", "George Bush"],   # two fuller forms
    ["John A. Smith", "John B. Smith"],                       # another middle initial
    ["George W. Bush", "George Bush Sr."],                    # a suffix
    ["Joe Biden", "Jill Biden", "J. Biden"],                  # an initial of two
    ["Anne Smith", "Mary A. Smith"],                          # another first name
])
def test_names_that_are_not_one_fuller_form_stay_apart(names: list[str]) -> None:
    doc = Text()
    for name in names:
        doc.add("person", name)
    assert sorted(e.name for e in doc.group()) == sorted(names)


def test_a_place_does_not_join_a_fuller_person_name() -> None:
    doc = Text().add("person", "Paris W. Hilton").add("place", "Paris Hilton")
    assert sorted(summary(doc.group())) == [("person", "Paris W. Hilton", 1),
                                            ("place", "Paris Hilton", 1)]


def test_a_name_does_not_join_through_an_initial_that_stands_for_another() -> None:
    """"J. A. Smith" is Jane A. Smith; John Smith is someone else."""
    doc = Text().add("person", "John Smith").add("person", "J. A. Smith").add("person",
                                                                              "Jane A. Smith")
    assert sorted((e.name, e.aliases) for e in doc.group()) == [
        ("Jane A. Smith", ["J. A. Smith"]), ("John Smith", [])]


def test_a_person_is_named_by_the_form_with_most_given_names_written_out() -> None:
    doc = (Text().add("person", "H. B. Curry").add("person", "Haskell Curry")
           .add("person", "Curry"))
    entities = doc.group()
    assert [(e.name, e.aliases) for e in entities] == [("Haskell Curry", ["H. B. Curry", "Curry"])]


def test_a_span_of_code_or_markup_is_no_name() -> None:
    """doc_mentions: spans with code characters are left out, whatever the
    model said; user names, hashtags (without their "#") and "&" stay."""
    import spacy
    from spacy.tokens import Span

    from entityx.mentions import doc_mentions

    nlp = spacy.blank("en")
    doc = nlp('char*f="x=%c;main" ; {first} {last} wrote to @ann_lee about #Berlin and AT&T .')
    words = [t.text for t in doc]
    spans = []
    for text, label in ((words[0], "PERSON"), ("{first} {last}", "PERSON"), ("@ann_lee", "PERSON"),
                        ("#Berlin", "LOC"), ("AT&T", "ORG")):
        start = doc.text.index(text)
        spans.append(doc.char_span(start, start + len(text), label=label, alignment_mode="expand"))
    doc.ents = [s for s in spans if isinstance(s, Span)]
    assert len(doc.ents) == 5
    assert [(t, m.text) for t, m in doc_mentions(doc)] == [
        ("person", "@ann_lee"), ("place", "Berlin"), ("organisation", "AT&T")]
