"""entityx's spaCy components as pipeline citizens: what they declare to
``analyze_pipes``, and saving them with ``exclude``."""

from __future__ import annotations

from pathlib import Path

import spacy
from spacy.language import Language

import entityx.components  # noqa: F401  registers the components
from entityx.components.titles import TitleComponent
from entityx.pipeline import load_pipeline


def test_default_pipeline_analysis_reports_no_problems() -> None:
    nlp = load_pipeline()
    analysis = nlp.analyze_pipes()
    assert analysis["problems"] == {name: [] for name in nlp.pipe_names}
    assert "entityx_titles" in analysis["problems"]
    # the components say what they write
    assert "doc.spans" in analysis["summary"]["entityx_titles"]["assigns"]
    assert "doc.ents" in analysis["summary"]["entityx_boundaries"]["requires"]


def test_missing_ner_is_reported() -> None:
    # A pipeline with no component that sets entities: the declarations
    # make analyze_pipes say so.
    nlp = spacy.blank("en")
    nlp.add_pipe("entityx_titles")
    assert nlp.analyze_pipes()["problems"]["entityx_titles"] == ["doc.ents"]


def _pipeline() -> Language:
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns([{"label": "ORG", "pattern": "Pepper"}])
    nlp.add_pipe("entityx_titles", config={"honorifics": ["ms"]})
    component: TitleComponent = nlp.get_pipe("entityx_titles")
    component.honorifics = component.honorifics | {"sgt"}  # changed after creation
    return nlp


def _ents(nlp: Language, text: str) -> list[tuple[str, str]]:
    return [(e.text, e.label_) for e in nlp(text).ents]


TEXT = "Ms Pugh met Sgt Pepper."


def test_disk_round_trip_with_the_lists_excluded(tmp_path: Path) -> None:
    nlp = _pipeline()
    assert _ents(nlp, TEXT) == [("Pugh", "PERSON"), ("Pepper", "PERSON")]
    component = nlp.get_pipe("entityx_titles")
    component.to_disk(tmp_path / "lists", exclude=["lists"])
    assert not (tmp_path / "lists" / "titles.json").exists()
    component.to_disk(tmp_path / "full")
    assert (tmp_path / "full" / "titles.json").is_file()

    fresh = TitleComponent(honorifics=["ms"])
    fresh.from_disk(tmp_path / "full", exclude=["lists"])
    assert fresh.honorifics == {"ms"}  # excluded: the saved lists are not read
    fresh.from_disk(tmp_path / "full")
    assert fresh.honorifics == {"ms", "sgt"}


def test_pipeline_saved_without_the_component_state_falls_back_to_config(
        tmp_path: Path) -> None:
    nlp = _pipeline()
    nlp.to_disk(tmp_path / "all")
    nlp.to_disk(tmp_path / "no-titles", exclude=["entityx_titles"])
    full = spacy.load(tmp_path / "all")
    assert _ents(full, TEXT) == [("Pugh", "PERSON"), ("Pepper", "PERSON")]
    # without the saved state the component is rebuilt from its config alone:
    # "sgt", added after creation, is gone, and Pepper stays an organisation
    bare = spacy.load(tmp_path / "no-titles")
    assert bare.get_pipe("entityx_titles").honorifics == {"ms"}
    assert _ents(bare, TEXT) == [("Pugh", "PERSON"), ("Pepper", "ORG")]


def test_bytes_round_trip_with_exclude() -> None:
    source = _pipeline().get_pipe("entityx_titles")
    target = TitleComponent(honorifics=["mr"])
    target.from_bytes(source.to_bytes(exclude=["lists"]))
    assert target.honorifics == {"mr"}
    target.from_bytes(source.to_bytes(), exclude=["lists"])
    assert target.honorifics == {"mr"}
    target.from_bytes(source.to_bytes())
    assert target.honorifics == {"ms", "sgt"}
