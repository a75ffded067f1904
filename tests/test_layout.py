"""The entityx_layout component: the norms the model reads at a line break."""

from __future__ import annotations

import subprocess
import sys

import spacy
from hypothesis import given, settings
from hypothesis import strategies as st

import entityx.components  # noqa: F401  registers the component
from entityx.api import extract
from entityx.extractor import Squeezed, _for_model
from entityx.pipeline import BEFORE_MODEL, load_pipeline


def _laid_out(text: str):
    nlp = spacy.blank("en")
    nlp.add_pipe("entityx_layout")
    return nlp(text)


def test_a_break_after_a_line_without_a_full_stop_reads_as_one() -> None:
    doc = _laid_out("Cities\nParis\n\nLondon")
    assert [(t.text, t.norm_) for t in doc if t.is_space] == [("\n", "."), ("\n\n", ".")]


def test_a_break_after_a_sentence_end_reads_as_a_semicolon() -> None:
    doc = _laid_out("He left.\nShe stayed!\n“Why?”\nAnd then:\nnothing")
    assert [t.norm_ for t in doc if t.is_space] == [";", ";", ";", ";"]


def test_only_the_norm_of_a_line_break_changes() -> None:
    text = "\nMr  Lee met\tAnn Wu.\n"
    plain = spacy.blank("en")(text)
    doc = _laid_out(text)
    assert doc.text == text
    assert [t.text for t in doc] == [t.text for t in plain]
    changed = [t.i for t, p in zip(doc, plain, strict=True) if t.norm_ != p.norm_]
    assert changed == [t.i for t in doc if "\n" in t.text]  # not "  " nor "\t"
    assert doc[0].norm_ == "."  # a break that opens the text


def test_the_pipeline_reads_the_norms_before_the_model() -> None:
    names = load_pipeline().pipe_names
    assert names.index(BEFORE_MODEL) < names.index("tok2vec") < names.index("ner")


def test_a_list_one_name_a_line_is_read_name_by_name() -> None:
    # Without the norms the model found Paris alone in the first list and
    # neither Nike nor Adidas in the second.
    result = extract("Cities we visit\nParis\nLondon\nBerlin\nMadrid\n")
    assert {(e.name, e.type) for e in result.entities} == {
        ("Paris", "place"), ("London", "place"), ("Berlin", "place"), ("Madrid", "place")}
    result = extract("Sponsored by\nNike\nAdidas\nCoca-Cola\nSamsung\n")
    assert {e.name for e in result.entities if e.type == "organisation"} >= {"Nike", "Adidas"}


def test_registered_through_the_entry_point(tmp_path) -> None:
    # A fresh interpreter that never imports entityx: spaCy finds the
    # factory through the spacy_factories entry point.
    code = ("import spacy\nnlp = spacy.blank('en')\nnlp.add_pipe('entityx_layout')\n"
            "print([t.norm_ for t in nlp('Paris\\nLondon.\\nBerlin') if t.is_space])\n")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=tmp_path, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "['.', ';']"


# -- runs of spaces: the model reads one ------------------------------------------


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab  \n\t.")), max_size=80))
def test_squeezed_text_maps_back_character_by_character(text: str) -> None:
    squeezed = Squeezed(text)
    assert "  " not in squeezed.text
    assert [text[squeezed.at(i)] for i in range(len(squeezed.text))] == list(squeezed.text)
    for start in range(len(squeezed.text)):
        for end in range(start + 1, len(squeezed.text) + 1):
            a, b = squeezed.span(start, end)
            assert text[a:b].replace(" ", "") == squeezed.text[start:end].replace(" ", "")
            assert text[a] == squeezed.text[start] and text[b - 1] == squeezed.text[end - 1]


def test_names_with_stray_double_spaces_are_found_whole() -> None:
    text = "John  Smith met  Angela   Merkel in New  York.  Later John Smith left."
    result = extract(text)
    found = {(e.name, e.type) for e in result.entities}
    assert {("John Smith", "person"), ("Angela Merkel", "person"), ("New York", "place")} <= found
    for entity in result.entities:
        for mention in entity.mentions:
            assert text[mention.start:mention.end] == mention.text
            assert mention.sentence_start is not None and mention.sentence_end is not None
            assert mention.sentence_start <= mention.start < mention.end <= mention.sentence_end
    [smith] = [e for e in result.entities if e.name == "John Smith"]
    assert sorted(m.text for m in smith.mentions) == ["John  Smith", "John Smith"]


# -- curly quotes: straight for the model -----------------------------------------


def test_curly_quotes_are_straight_to_the_model_and_kept_in_the_results() -> None:
    text = "“We agree,” said O’Brien. Trump’s aide met ‘Bono’ in Dublin."
    assert _for_model(text) == "\"We agree,\" said O'Brien. Trump's aide met 'Bono' in Dublin."
    result = extract(text)
    names = {e.name: e.type for e in result.entities}
    assert names.get("O’Brien") == "person" and names.get("Trump") == "person"
    assert names.get("Dublin") == "place"
    for entity in result.entities:
        for mention in entity.mentions:
            assert text[mention.start:mention.end] == mention.text


# -- invisible characters: left out of what the model reads and of names -----------


def test_soft_hyphens_and_zero_width_characters_do_not_break_names() -> None:
    text = ("\ufeffAngela Mer\u00adkel met Emmanuel Ma\u00adcron\u200b in Wash\u00adington. "
            "Later Angela Merkel left with O’Brien and Pat O'Brien.")
    result = extract(text)
    entities = {e.name: e for e in result.entities}
    assert entities["Angela Merkel"].type == "person"
    assert {m.text for m in entities["Angela Merkel"].mentions} == {
        "Angela Mer\u00adkel", "Angela Merkel"}
    assert entities["Emmanuel Macron"].type == "person"
    assert entities["Washington"].type == "place"
    assert len([e for e in result.entities if "Brien" in e.name]) == 1
    for entity in result.entities:
        for mention in entity.mentions:
            assert text[mention.start:mention.end] == mention.text
            assert not mention.text[0].isspace() and mention.text[0] not in "\ufeff\u200b"


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab  \n\u00ad\u200b\ufeff")), max_size=60))
def test_squeezed_text_without_invisible_characters_maps_back(text: str) -> None:
    squeezed = Squeezed(text)
    assert not set(squeezed.text) & {"\u00ad", "\u200b", "\ufeff"}
    assert [text[squeezed.at(i)] for i in range(len(squeezed.text))] == list(squeezed.text)


def test_unicode_hyphens_join_names_as_a_hyphen_does() -> None:
    for hyphen in ("\u2010", "\u2011"):
        text = f"Jean{hyphen}Pierre Raffarin met Hewlett{hyphen}Packard staff. Jean-Pierre Raffarin left."
        assert _for_model(text) == text.replace(hyphen, "-")
        result = extract(text)
        people = [e for e in result.entities if e.type == "person"]
        assert [p.name for p in people] in (["Jean-Pierre Raffarin"], [f"Jean{hyphen}Pierre Raffarin"])
        assert len(people[0].mentions) == 2
        for entity in result.entities:
            for mention in entity.mentions:
                assert text[mention.start:mention.end] == mention.text
