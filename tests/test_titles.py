"""The ``entityx_titles`` spaCy component.

Most tests run the component on a blank English pipeline over a doc whose
entities are set by hand (standing in for what a model might predict), so
they test the rules alone. A few run sentences through the real pipeline.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc

import entityx
from entityx.titles import HONORIFICS, TitleComponent


@pytest.fixture(scope="module")
def blank() -> Language:
    nlp = spacy.blank("en")
    nlp.add_pipe("entityx_titles")
    return nlp


def tagged(nlp: Language, text: str, ents: list[tuple[str, str]]) -> Doc:
    """A doc of ``text`` whose entities are ``(substring, label)``, as a model
    might have predicted them (first occurrence of each substring)."""
    doc = nlp.make_doc(text)
    spans = []
    for sub, label in ents:
        start = text.index(sub)
        span = doc.char_span(start, start + len(sub), label=label)
        assert span is not None, f"{sub!r} is not on token boundaries"
        spans.append(span)
    doc.ents = spans
    return doc


def run(nlp: Language, text: str, ents: list[tuple[str, str]]
        ) -> tuple[list[tuple[str, str]], list[str]]:
    """(entities, titles) after the component."""
    doc = nlp.get_pipe("entityx_titles")(tagged(nlp, text, ents))
    return ([(e.text, e.label_) for e in doc.ents], [t.text for t in doc.spans["titles"]])


# -- honorifics: always a person -------------------------------------------------------------


@pytest.mark.parametrize("model_says", [
    [],  # the model missed the name
    [("Pugh", "ORG")],
    [("Pugh", "GPE")],
    [("Ms Pugh", "ORG")],
    [("Pugh", "PERSON")],
    [("Ms Pugh", "PERSON")],
], ids=["missed", "ORG", "GPE", "ORG-with-title", "PERSON", "PERSON-with-title"])
def test_honorific_makes_a_person(blank: Language, model_says: list[tuple[str, str]]) -> None:
    ents, titles = run(blank, "Ms Pugh told the committee that the plan had failed.", model_says)
    assert ents == [("Pugh", "PERSON")]
    assert titles == ["Ms"]


@pytest.mark.parametrize("model_says", [
    [], [("Alexander", "GPE")], [("Alexander Tayler", "ORG")], [("Tayler", "ORG")],
    [("Dr Alexander Tayler", "PERSON")],
])
def test_honorific_with_full_name(blank: Language, model_says: list[tuple[str, str]]) -> None:
    ents, titles = run(blank, "Dr Alexander Tayler, a historian, spoke first.", model_says)
    assert ents == [("Alexander Tayler", "PERSON")]
    assert titles == ["Dr"]


@pytest.mark.parametrize(("text", "title"), [
    ("Mr. Smith said the deal was done.", "Mr."),  # US style
    ("Mr Smith said the deal was done.", "Mr"),  # British style
    ("Mrs. Smith said the deal was done.", "Mrs."),
    ("Prof Smith said the deal was done.", "Prof"),
    ("Dr. Smith said the deal was done.", "Dr."),
    ("Sir Smith said the deal was done.", "Sir"),
])
def test_honorific_with_or_without_full_stop(blank: Language, text: str, title: str) -> None:
    ents, titles = run(blank, text, [])
    assert ents == [("Smith", "PERSON")]
    assert titles == [title]


def test_honorific_and_initials(blank: Language) -> None:
    ents, titles = run(blank, "We met Dr. J. R. Ewing in town.", [])
    assert ents == [("J. R. Ewing", "PERSON")]
    assert titles == ["Dr."]


@pytest.mark.parametrize(("text", "model_says", "expected"), [
    ("MR SMITH SAID NO.", [], [("SMITH", "PERSON")]),
    ("Fighting spread in DR Congo last week.", [("Congo", "GPE")], [("Congo", "GPE")]),
    ("The ferry MS Estonia sank.", [("Estonia", "GPE")], [("Estonia", "GPE")]),
    ("A chip by DR. Chip Biotechnology sold.", [("Chip Biotechnology", "ORG")],
     [("Chip Biotechnology", "ORG")]),
], ids=["caps-name", "DR-Congo", "ship", "firm"])
def test_an_all_caps_honorific_goes_with_an_all_caps_name_only(
        blank: Language, text: str, model_says: list[tuple[str, str]],
        expected: list[tuple[str, str]]) -> None:
    ents, titles = run(blank, text, model_says)
    assert ents == expected
    assert titles == (["MR"] if text.startswith("MR") else [])


def test_real_model_dr_congo_and_a_ship_are_no_persons() -> None:
    result = entityx.extract("Fighting spread in DR Congo. The ferry MS Estonia sank in the Baltic.")
    assert not [e.name for e in result.entities if e.type == "person"]
    assert not [t for e in result.entities for t in e.titles]


def test_hyphenated_surname_after_honorific(blank: Language) -> None:
    ents, titles = run(blank, "Mr. Daniel Ortega-Hayes said no.", [("Daniel Ortega", "PERSON")])
    assert ents == [("Daniel Ortega-Hayes", "PERSON")]
    assert titles == ["Mr."]
    ents, _ = run(blank, "Later Mrs Ortega-Hayes said yes.", [])
    assert ents == [("Ortega-Hayes", "PERSON")]


def test_a_hyphen_between_words_is_not_a_name(blank: Language) -> None:
    ents, _ = run(blank, "Mr Smith - the chairman - said no.", [])
    assert ents == [("Smith", "PERSON")]


@pytest.mark.parametrize("text", [
    "the dr said that the plan had failed.",  # not capitalised: not an honorific
    "Ms said that the plan had failed.",  # no name after it
    "He asked for Mr 5 to step forward.",  # not a name
])
def test_no_person_without_a_capitalised_name(blank: Language, text: str) -> None:
    ents, titles = run(blank, text, [])
    assert ents == [] and titles == []


def test_letters_after_the_name_are_no_part_of_it(blank: Language) -> None:
    ents, titles = run(blank, "Dr Jane Smith OBE FRS and Sir Elton John CBE came.", [])
    assert ents == [("Jane Smith", "PERSON"), ("Elton John", "PERSON")]
    assert titles == ["Dr", "Sir"]
    # a name of one word before them is still a name
    ents, _ = run(blank, "Mr Smith MP said no.", [])
    assert ents == [("Smith", "PERSON")]


def test_a_retweet_is_no_title(blank: Language) -> None:
    ents, titles = run(blank, "RT @BBCBreaking: storms hit", [("@BBCBreaking", "PERSON")])
    assert titles == [] and ents == [("@BBCBreaking", "PERSON")]
    _, titles = run(blank, "The Rt Hon Keir Starmer spoke.", [])
    assert titles == ["Rt Hon"]


def test_honorifics_keep_two_people_apart(blank: Language) -> None:
    ents, titles = run(blank, "Mr Joe Biden and Dr Jill Biden arrived.", [])
    assert ents == [("Joe Biden", "PERSON"), ("Jill Biden", "PERSON")]
    assert titles == ["Mr", "Dr"]


def test_all_caps_name_after_an_honorific_is_the_model_entity_or_one_word(
        blank: Language) -> None:
    # case cannot tell the name from the words after it: the model's span
    # decides, else one word ("JONES MET THE BOARD ..." was one person)
    text = "MR JOHN SMITH AND DR JONES MET THE BOARD OF GOLDMAN SACHS."
    ents, titles = run(blank, text, [("JOHN SMITH", "PERSON"), ("DR JONES", "PERSON"),
                                     ("BOARD OF GOLDMAN SACHS", "ORG")])
    assert ents == [("JOHN SMITH", "PERSON"), ("JONES", "PERSON"),
                    ("BOARD OF GOLDMAN SACHS", "ORG")]
    assert titles == ["MR", "DR"]
    ents, _ = run(blank, "DR JONES MET THE BOARD.", [])
    assert ents == [("JONES", "PERSON")]
    # never into the normal-case words after them
    ents, _ = run(blank, "LETTER II MR. VILLARS TO LADY HOWARD Berry Hill.", [])
    assert ents == [("VILLARS", "PERSON")]
    ents, _ = run(blank, "LETTER II MR. VILLARS TO LADY HOWARD Berry Hill.",
                  [("VILLARS TO LADY HOWARD", "PERSON"), ("Berry Hill", "LOC")])
    assert ents == [("VILLARS TO LADY HOWARD", "PERSON"), ("Berry Hill", "LOC")]
    # a capital-letter given name in normal text is not all-caps text
    ents, _ = run(blank, "Mr JD Vance arrived.", [])
    assert ents == [("JD Vance", "PERSON")]


# -- role titles ---------------------------------------------------------------------------


@pytest.mark.parametrize("model_says", [
    [("Russian President Vladimir Putin", "PERSON")],
    [("President Vladimir Putin", "PERSON")],
    [("Russian", "NORP"), ("Vladimir Putin", "PERSON")],
    [("Vladimir Putin", "PERSON")],
])
def test_role_title_before_a_name(blank: Language, model_says: list[tuple[str, str]]) -> None:
    ents, titles = run(blank, "Russian President Vladimir Putin spoke to reporters.", model_says)
    assert ("Vladimir Putin", "PERSON") in ents
    assert not any("President" in text for text, _ in ents)
    assert titles == ["President"]


@pytest.mark.parametrize("model_says", [
    [("State", "ORG"), ("Hillary Clinton", "PERSON")],
    [("State Hillary Clinton", "ORG")],
    [("Secretary of State Hillary Clinton", "PERSON")],
    [("State", "GPE"), ("Hillary Clinton", "PERSON")],
])
def test_secretary_of_state(blank: Language, model_says: list[tuple[str, str]]) -> None:
    ents, titles = run(blank, "Secretary of State Hillary Clinton arrived on Tuesday.",
                       model_says)
    assert ents == [("Hillary Clinton", "PERSON")]
    assert titles == ["Secretary of State"]


@pytest.mark.parametrize("model_says", [
    [("Defence", "ORG"), ("John Healey", "PERSON")],
    [("Defence Secretary John Healey", "PERSON")],
    [("Defence", "ORG"), ("John Healey", "ORG")],
])
def test_defence_secretary(blank: Language, model_says: list[tuple[str, str]]) -> None:
    ents, titles = run(blank, "Defence Secretary John Healey visited the troops.", model_says)
    assert ("Defence", "ORG") not in ents
    assert not any(text.startswith(("Defence", "Secretary")) for text, _ in ents)
    if ("John Healey", "ORG") not in model_says:
        assert ents == [("John Healey", "PERSON")]
        assert titles == ["Defence Secretary"]


@pytest.mark.parametrize(("text", "word"), [
    ("The Secretary of State said the talks would go on.", "State"),
    ("The Defence Secretary said the talks would go on.", "Defence"),
    ("The Home Secretary said the talks would go on.", "Home"),
    ("Jane Smith, Director of Operations at Acme, said so.", "Operations"),
    ("She is Vice President of Engineering there.", "Engineering"),
])
def test_title_words_alone_are_not_entities(blank: Language, text: str, word: str) -> None:
    ents, _ = run(blank, text, [(word, "ORG")])
    assert ents == []


def test_lower_case_role_word_next_to_the_name(blank: Language) -> None:
    ents, titles = run(blank, "The envoy, retired general Keith Kellogg, spoke.",
                       [("Keith Kellogg", "PERSON")])
    assert ents == [("Keith Kellogg", "PERSON")]
    assert titles == ["general"]


def test_given_name_that_is_also_a_title(blank: Language) -> None:
    ents, titles = run(blank, "Dean Smith won the vote.", [("Dean Smith", "PERSON")])
    assert ents == [("Dean Smith", "PERSON")]
    assert titles == []


@pytest.mark.parametrize(("text", "word"), [
    ("He wrote to John FitzGibbon, 2nd Earl of Clare, in May.", "Earl"),
    ("Then the Earl rode home.", "Earl"),
    ("She was made Earl of Surrey.", "Earl"),
    ("He met a Major from the Rifles.", "Major"),
    ("Nobody trusted this Earl.", "Earl"),
    ("The Judge of the county court ruled.", "Judge"),
])
def test_given_name_used_as_the_title_alone_is_no_person(blank: Language, text: str,
                                                        word: str) -> None:
    """A title word that is also a given name, alone, after "the", "a" or an
    ordinal or before "of", is the title, not a person."""
    ents, _ = run(blank, text, [(word, "PERSON")])
    assert ents == []


@pytest.mark.parametrize(("text", "name"), [
    ("Earl said he would come.", "Earl"),
    ("Yesterday Earl Warren wrote the opinion.", "Earl Warren"),
    ("The Dean Martin show ran for years.", "Dean Martin"),
    ("Fans of Major were there.", "Major"),
])
def test_given_name_that_is_a_title_word_stays_a_name(blank: Language, text: str,
                                                      name: str) -> None:
    ents, _ = run(blank, text, [(name, "PERSON")])
    assert ents == [(name, "PERSON")]


def test_organisations_and_places_are_kept(blank: Language) -> None:
    text = "General Motors and the National Trust met in Paris."
    model_says = [("General Motors", "ORG"), ("National Trust", "ORG"), ("Paris", "GPE")]
    ents, titles = run(blank, text, model_says)
    assert ents == model_says
    assert titles == []


# -- through the real pipeline ---------------------------------------------------------------


def _people(text: str) -> dict[str, list[str]]:
    result = entityx.extract(text)
    return {e.name: e.titles for e in result.entities if e.type == "person"}


@pytest.mark.parametrize(("text", "name", "title"), [
    ("Ms Pugh told the committee that the plan had failed.", "Pugh", "Ms"),
    ("Dr Alexander Tayler, a historian, spoke first.", "Alexander Tayler", "Dr"),
    ("Mr. Smith and Mrs. Jones met in Chicago.", "Smith", "Mr"),
    ("Mr. Smith and Mrs. Jones met in Chicago.", "Jones", "Mrs"),
    ("Mr Brown was absent on Friday.", "Brown", "Mr"),
    ("Russian President Vladimir Putin spoke to reporters in Moscow.", "Vladimir Putin",
     "President"),
    ("Secretary of State Hillary Clinton arrived in Beijing on Tuesday.", "Hillary Clinton",
     "Secretary of State"),
    ("Defence Secretary John Healey visited troops in Estonia.", "John Healey",
     "Defence Secretary"),
])
def test_pipeline_titles(text: str, name: str, title: str) -> None:
    found = _people(text)
    assert name in found, found
    assert found[name] == [title]


@pytest.mark.parametrize("text", [
    "Secretary of State Antony Blinken met Defence Secretary Ben Wallace in London.",
    "The Secretary of State said that the Defence Secretary would travel on Monday.",
])
def test_pipeline_no_title_word_entities(text: str) -> None:
    names = {e.name for e in entityx.extract(text).entities}
    assert not names & {"State", "Defence", "Secretary", "Secretary of State", "Defence Secretary"}


def test_pipeline_letters_after_a_name_leave_one_person() -> None:
    # "Keir Starmer MP" was a second Keir Starmer, whom "Starmer" could not join
    text = ("The Rt Hon Keir Starmer MP spoke in the Commons. Later, Starmer met Rachel "
            "Reeves MP. Mr Starmer said Keir Starmer would not resign.")
    people = {e.name: e for e in entityx.extract(text).entities if e.type == "person"}
    assert set(people) == {"Keir Starmer", "Rachel Reeves"}
    assert people["Keir Starmer"].titles == ["Rt Hon", "Mr"]
    assert people["Keir Starmer"].count == 4


def test_pipeline_a_department_in_a_job_title_is_no_organisation() -> None:
    # the real model makes "Operations" an organisation
    text = ("Jane Smith, Director of Operations at Acme Corp., said sales rose. "
            "Director of Operations Tom Lee agreed.")
    result = entityx.extract(text)
    assert "Operations" not in {e.name for e in result.entities}
    assert _people(text)["Tom Lee"] == ["Director of Operations"]
    assert "Acme Corp." in {e.name for e in result.entities if e.type == "organisation"}


def test_pipeline_a_peerage_title_is_no_person() -> None:
    """The real model calls "Earl" in "2nd Earl of Clare" a person; the
    titles component knows it for the title ("Earl" is also a given name)."""
    text = ("The most enduring of those was with John FitzGibbon, 2nd Earl of Clare, "
            "four years his junior. The Earl wrote often.")
    people = _people(text)
    assert "John FitzGibbon" in people and "Earl" not in people


def test_pipeline_mentions_exclude_titles() -> None:
    text = "Mr. Smith met Mr Smith's lawyer, Dr. Jane Doe, and President Ann Lee."
    result = entityx.extract(text)
    for entity in result.entities:
        for m in entity.mentions:
            assert m.text == text[m.start:m.end]
            assert m.text.split()[0].rstrip(".").lower() not in HONORIFICS
    smith = next(e for e in result.entities if e.name == "Smith")
    assert [m.title for m in smith.mentions] == ["Mr.", "Mr"]
    assert smith.titles == ["Mr"]  # one title, the full stop is not a difference


# -- role titles in apposition after the name --------------------------------------------------


@pytest.mark.parametrize(("text", "name", "title"), [
    ("Tim Cook, chief executive of Apple, said sales rose.", "Tim Cook", "chief executive"),
    ("Tim Cook, CEO, will present at the conference.", "Tim Cook", "CEO"),
    ("Sergei Lavrov, Russia's foreign minister, said no.", "Sergei Lavrov", "foreign minister"),
    ("Tony Blair, the former prime minister, spoke.", "Tony Blair", "former prime minister"),
    ("Marco Rubio, Secretary of State, said so.", "Marco Rubio", "Secretary of State"),
    ("Jane Doe, a spokeswoman for the ministry, declined.", "Jane Doe", "spokeswoman"),
    ("Ann Lee, then foreign secretary, spoke.", "Ann Lee", "foreign secretary"),
    ("Sergei Lavrov, the Russian foreign minister, said no.", "Sergei Lavrov",
     "foreign minister"),
    ("James Foley, UK ambassador to the US, spoke.", "James Foley", "ambassador"),
])
def test_title_in_apposition(blank: Language, text: str, name: str, title: str) -> None:
    ents, titles = run(blank, text, [(name, "PERSON")])
    assert (name, "PERSON") in ents
    assert titles == [title]


@pytest.mark.parametrize(("text", "name"), [
    ("Keith Kellogg, will all be in Germany.", "Keith Kellogg"),          # no title
    ("Alexander Vinnik, a convicted Russian criminal, was freed.", "Alexander Vinnik"),
    ("Ann Lee, who is the president, spoke.", "Ann Lee"),                  # a clause
    ("He thanked John Smith, President Obama and Ann Lee.", "John Smith"),  # the next one's
    ("Marc Fogel, of Pennsylvania, was freed.", "Marc Fogel"),
    ("Ann Lee, 45, a teacher, died.", "Ann Lee"),
])
def test_no_title_in_apposition(blank: Language, text: str, name: str) -> None:
    ents, titles = run(blank, text, [(name, "PERSON")])
    assert (name, "PERSON") in ents
    assert not any(t in titles for t in ("president", "criminal", "teacher"))
    assert all(text.index(t) < text.index(name) for t in titles)


def test_pipeline_a_country_before_a_title_in_apposition_stays_a_place() -> None:
    result = entityx.extract("The video showed James Foley, UK ambassador to the US.")
    assert "UK" in {e.name for e in result.entities if e.type == "place"}
    assert next(e for e in result.entities if e.name == "James Foley").titles == ["ambassador"]


def test_pipeline_title_in_apposition_is_the_mention_title() -> None:
    text = ("Tim Cook, chief executive of Apple, said sales rose. Mr Cook smiled. "
            "Dr. Ann Lee, a professor at Yale, agreed.")
    result = entityx.extract(text)
    cook = next(e for e in result.entities if e.name == "Tim Cook")
    assert [m.title for m in cook.mentions] == ["chief executive", "Mr"]
    assert cook.titles == ["chief executive", "Mr"]
    assert "Apple" in {e.name for e in result.entities if e.type == "organisation"}
    # a title before the name is the mention's title; the one after is not added
    lee = next(e for e in result.entities if e.name == "Ann Lee")
    assert lee.titles == ["Dr"]


# -- role titles in apposition before the name -------------------------------------------------


@pytest.mark.parametrize(("text", "name", "title"), [
    ("The Foreign Secretary, David Lammy, joined them.", "David Lammy", "Foreign Secretary"),
    ("Apple's chief executive, Tim Cook, said sales rose.", "Tim Cook", "chief executive"),
    ("The Russian ambassador, Andrei Kelin, was summoned.", "Andrei Kelin", "ambassador"),
    ("He met its former chairman, Ann Lee.", "Ann Lee", "former chairman"),
    ("The US Secretary of State, Condoleezza Rice, spoke.", "Condoleezza Rice",
     "Secretary of State"),
])
def test_title_in_apposition_before_the_name(blank: Language, text: str, name: str,
                                             title: str) -> None:
    ents, titles = run(blank, text, [(name, "PERSON")])
    assert (name, "PERSON") in ents
    assert titles == [title]


@pytest.mark.parametrize(("text", "org", "name", "title"), [
    ("The Secretary General of the Arab League, Amr Moussa, spoke.", "Arab League",
     "Amr Moussa", "Secretary General"),
    ("The chief executive of Apple, Tim Cook, said so.", "Apple", "Tim Cook", "chief executive"),
    ("Fans of Arsenal, John Smith, cheered.", "Arsenal", "John Smith", None),  # no role
])
def test_title_before_the_name_and_what_the_role_is_held_in(
        blank: Language, text: str, org: str, name: str, title: str | None) -> None:
    ents, titles = run(blank, text, [(org, "ORG"), (name, "PERSON")])
    assert (org, "ORG") in ents and (name, "PERSON") in ents
    assert titles == ([title] if title else [])


@pytest.mark.parametrize(("text", "name"), [
    ("He met the president, John Smith and Ann Lee.", "John Smith"),      # a list
    ("My friend, John Smith, came.", "John Smith"),                        # no role
    ("It was released by the Navy, Peter Jones.", "Peter Jones"),          # no role head
    ("In the end, John Smith won.", "John Smith"),
    ("President, John Smith, spoke.", "John Smith"),                       # no article
    ("The president. John Smith, spoke.", "John Smith"),                   # a sentence end
])
def test_no_title_in_apposition_before_the_name(blank: Language, text: str, name: str) -> None:
    ents, titles = run(blank, text, [(name, "PERSON")])
    assert (name, "PERSON") in ents
    assert titles == []


def test_pipeline_title_in_apposition_before_the_name_is_the_mention_title() -> None:
    text = ("The Foreign Secretary, David Lammy, joined them. Later Mr Lammy left. "
            "President Trump's adviser, Ann Lee, agreed.")
    result = entityx.extract(text)
    lammy = next(e for e in result.entities if e.name == "David Lammy")
    assert [m.title for m in lammy.mentions] == ["Foreign Secretary", "Mr"]
    # a title right before the name wins: one title per mention
    trump = next(e for e in result.entities if e.name == "Trump")
    assert trump.titles == ["President"]
    assert next(e for e in result.entities if e.name == "Ann Lee").titles == ["adviser"]


# -- registration, configuration, serialisation ---------------------------------------------


def test_registered_through_the_entry_point(tmp_path: Path) -> None:
    # A fresh interpreter that never imports entityx itself: spaCy must find
    # the factory through the spacy_factories entry point.
    code = (
        "import sys, spacy\n"
        "nlp = spacy.blank('en')\n"
        "nlp.add_pipe('entityx_titles')\n"
        "doc = nlp('Ms Pugh spoke.')\n"
        "print([(e.text, e.label_) for e in doc.ents])\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=tmp_path, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "[('Pugh', 'PERSON')]"


def test_entry_point_metadata() -> None:
    from importlib.metadata import entry_points

    found = {ep.name: ep.value for ep in entry_points(group="spacy_factories")}
    assert found.get("entityx_titles") == "entityx.titles:make_titles"


def test_configurable_lists() -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("entityx_titles", config={"honorifics": ["sgt", "insp"],
                                           "role_titles": ["special"],
                                           "role_heads": ["envoy"]})
    component: TitleComponent = nlp.get_pipe("entityx_titles")
    assert component.honorifics == {"sgt", "insp"}
    assert component.role_heads == {"envoy"}
    assert component.role_titles == {"special", "envoy"}
    # the new honorific works; "Mr" is no longer one
    assert run(nlp, "Sgt Pepper and Mr Smith arrived.", []) == ([("Pepper", "PERSON")], ["Sgt"])
    # only the configured role titles are taken off names
    ents, titles = run(nlp, "Special Envoy Jane Doe met President Ann Lee.",
                       [("Special Envoy Jane Doe", "PERSON"), ("President Ann Lee", "PERSON")])
    assert ents == [("Jane Doe", "PERSON"), ("President Ann Lee", "PERSON")]
    assert titles == ["Special Envoy"]
    assert nlp.config["components"]["entityx_titles"]["honorifics"] == ["sgt", "insp"]


def test_other_person_label() -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("entityx_titles", config={"person_label": "PER"})
    assert run(nlp, "Ms Pugh spoke.", [("Pugh", "ORG")]) == ([("Pugh", "PER")], ["Ms"])


def test_empty_person_label_is_refused() -> None:
    nlp = spacy.blank("en")
    with pytest.raises(ValueError, match="person_label"):
        nlp.add_pipe("entityx_titles", config={"person_label": ""})


def _custom_pipeline() -> Language:
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns([{"label": "ORG", "pattern": "Pugh"},
                        {"label": "PERSON", "pattern": "Jane Doe"}])
    nlp.add_pipe("entityx_titles", config={"honorifics": ["ms", "sgt"]})
    return nlp


TEXTS = ["Ms Pugh met Sgt Pepper.", "Envoy Jane Doe and Mr Smith spoke.",
         "Ms Pugh said nothing.", "Defence Secretary Jane Doe arrived.", "Insp Morse arrived."]


def _results(docs: Any) -> list[tuple[list[tuple[str, str]], list[str]]]:
    return [([(e.text, e.label_) for e in doc.ents], [t.text for t in doc.spans["titles"]])
            for doc in docs]


def test_to_disk_and_back(tmp_path: Path) -> None:
    nlp = _custom_pipeline()
    component: TitleComponent = nlp.get_pipe("entityx_titles")
    # state changed after creation is saved too, not only the config
    component.honorifics = component.honorifics | {"insp"}
    before = _results(nlp.pipe(TEXTS))
    nlp.to_disk(tmp_path / "pipeline")
    assert (tmp_path / "pipeline" / "entityx_titles" / "titles.json").is_file()

    loaded = spacy.load(tmp_path / "pipeline")
    assert loaded.pipe_names == ["entity_ruler", "entityx_titles"]
    again: TitleComponent = loaded.get_pipe("entityx_titles")
    assert again.honorifics == {"ms", "sgt", "insp"}
    assert _results(loaded.pipe(TEXTS)) == before
    assert before[0] == ([("Pugh", "PERSON"), ("Pepper", "PERSON")], ["Ms", "Sgt"])
    assert before[1] == ([("Jane Doe", "PERSON")], ["Envoy"])
    assert before[4] == ([("Morse", "PERSON")], ["Insp"])


def test_to_bytes_and_back() -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("entityx_titles", config={"honorifics": ["ms", "sgt"]})
    other = spacy.blank("en")
    other.add_pipe("entityx_titles")
    assert _results(other.pipe(["Mr Smith met Sgt Pepper."])) == [([("Smith", "PERSON")], ["Mr"])]
    other.from_bytes(nlp.to_bytes())
    assert other.get_pipe("entityx_titles").honorifics == {"ms", "sgt"}
    assert _results(other.pipe(["Mr Smith met Sgt Pepper."])) == [([("Pepper", "PERSON")], ["Sgt"])]


def test_pipe_with_two_processes(tmp_path: Path) -> None:
    nlp = _custom_pipeline()
    nlp.to_disk(tmp_path / "pipeline")
    loaded = spacy.load(tmp_path / "pipeline")
    texts = TEXTS * 3
    single = _results(loaded.pipe(texts))
    multi = _results(loaded.pipe(texts, n_process=2, batch_size=2))
    assert multi == single
    assert single[0] == ([("Pugh", "PERSON"), ("Pepper", "PERSON")], ["Ms", "Sgt"])
