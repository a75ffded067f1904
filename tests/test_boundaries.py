"""The entityx_boundaries component, on docs whose entities are set by hand."""

from __future__ import annotations

import spacy
from spacy.tokens import Span

import entityx
import entityx.boundaries  # noqa: F401  registers the component


def _nlp():
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp


def test_entity_across_a_blank_line_is_cut_in_two() -> None:
    nlp = _nlp()
    doc = nlp("Eastfield Rovers\n\nMaya Okonkwo scored.")
    words = [t.text for t in doc]
    assert words[:5] == ["Eastfield", "Rovers", "\n\n", "Maya", "Okonkwo"]
    doc.ents = [Span(doc, 0, 5, label="ORG")]
    doc = nlp.get_pipe("sentencizer")(doc)
    doc = nlp.add_pipe("entityx_boundaries")(doc)
    assert [(e.text, e.label_) for e in doc.ents] == [("Eastfield Rovers", "ORG"),
                                                       ("Maya Okonkwo", "ORG")]
    assert doc[3].is_sent_start


def test_entity_across_a_sentence_end_is_cut() -> None:
    nlp = _nlp()
    nlp.add_pipe("entityx_boundaries")
    doc = nlp.make_doc("He met Anna. Berlin was cold.")
    doc.ents = [Span(doc, 2, 5, label="PERSON")]  # "Anna . Berlin"
    for _, proc in nlp.pipeline:
        doc = proc(doc)
    assert [e.text for e in doc.ents] == ["Anna.", "Berlin"]


def test_entities_inside_one_line_are_untouched() -> None:
    nlp = _nlp()
    nlp.add_pipe("entityx_boundaries")
    doc = nlp.make_doc("Mr Smith went to New York City on Monday.\nThen he left.")
    doc.ents = [Span(doc, 1, 2, label="PERSON"), Span(doc, 4, 7, label="LOC")]
    for _, proc in nlp.pipeline:
        doc = proc(doc)
    assert [e.text for e in doc.ents] == ["Smith", "New York City"]
    then = next(t for t in doc if t.text == "Then")
    assert then.is_sent_start


def test_whitespace_at_the_ends_of_a_name_is_trimmed() -> None:
    nlp = _nlp()
    nlp.add_pipe("entityx_boundaries")
    doc = nlp.make_doc("Emperor Norton\n\nJoshua Norton was born in London.")
    doc.ents = [Span(doc, 1, 3, label="PERSON"), Span(doc, 3, 5, label="PERSON")]
    assert doc.ents[0].text == "Norton\n\n"  # as the model gave it: the blank line in the name
    for _, proc in nlp.pipeline:
        doc = proc(doc)
    assert [e.text for e in doc.ents] == ["Norton", "Joshua Norton"]


def test_real_model_heading_before_a_name() -> None:
    from entityx.pipeline import load_pipeline

    doc = load_pipeline()("Emperor Norton\n\nJoshua Abraham Norton was a citizen of San Francisco.")
    assert [e.text for e in doc.ents if e.label_ == "PERSON"] == [
        "Norton", "Joshua Abraham Norton"]


def test_a_fields_label_cut_off_a_name_is_no_name() -> None:
    nlp = _nlp()
    nlp.add_pipe("entityx_boundaries")
    doc = nlp.make_doc("Acme Corp\nPhone: 555-1234\nAcme Corp\nPhone Rangers won.")
    doc.ents = [Span(doc, 0, 4, label="ORG"), Span(doc, 9, 14, label="ORG")]
    assert doc.ents[0].text == "Acme Corp\nPhone"  # as the model gives it
    for _, proc in nlp.pipeline:
        doc = proc(doc)
    # a word before a colon on the next line is the label of a field; a name there stays
    assert [e.text for e in doc.ents] == ["Acme Corp", "Acme Corp", "Phone Rangers"]
    # a transcript's speaker is no field: the name stays
    doc = nlp.make_doc("at the Kremlin\nPUTIN: Thank you.")
    doc.ents = [Span(doc, 2, 5, label="ORG")]
    assert doc.ents[0].text == "Kremlin\nPUTIN"
    for _, proc in nlp.pipeline:
        doc = proc(doc)
    assert [e.text for e in doc.ents] == ["Kremlin", "PUTIN"]


def test_real_model_signature_field_labels() -> None:
    result = entityx.extract("Regards,\nJohn Smith\nSenior Analyst\nAcme Corp\nPhone: 555-1234\n")
    assert [(e.name, e.type) for e in result.entities] == [
        ("John Smith", "person"), ("Acme Corp", "organisation")]
