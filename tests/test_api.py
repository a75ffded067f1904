"""The Python API: offsets into the decoded text, sentences, long texts,
files and errors, and the default model on plain text."""

from __future__ import annotations

from pathlib import Path

import pytest

import entityx
from entityx import extractor
from entityx.api import Extractor, split_text
from entityx.results import DocumentResult
from entityx.sources import Source, decode, read_bytes
from entityx.titles import HONORIFICS

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_FILES = sorted(p for p in (ROOT / "samples").rglob("*")
                      if p.is_file() and not any(part.startswith(".") for part in
                                                 p.relative_to(ROOT / "samples").parts))


def _source_text(path: Path) -> str:
    text, _ = decode(str(path), read_bytes(Source(str(path), path)))
    return text


@pytest.fixture(scope="module")
def sample_results() -> dict[str, DocumentResult]:
    results = entityx.extract_paths([str(ROOT / "samples")])
    return {r.source: r for r in results}


def test_samples_are_there() -> None:
    names = {p.relative_to(ROOT / "samples").as_posix() for p in SAMPLE_FILES}
    assert {"trump-putin-call.txt", "us-style-briefing.txt", "press-release.txt"} <= names
    assert len([n for n in names if n.startswith("batch/")]) >= 3


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_sample_offsets(sample_results: dict[str, DocumentResult], path: Path) -> None:
    result = sample_results[str(path)]
    assert result.error is None
    source = _source_text(path)
    assert result.chars == len(source)
    assert result.entities, "a sample with no entities at all"
    for entity in result.entities:
        assert entity.mentions
        for m in entity.mentions:
            assert m.text == source[m.start:m.end]
            assert m.sentence_start is not None and m.sentence_end is not None
            assert 0 <= m.sentence_start <= m.start < m.end <= m.sentence_end <= len(source)


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_sample_names_follow_the_guideline(sample_results: dict[str, DocumentResult],
                                           path: Path) -> None:
    """No leading "the", no possessive, no title, no space at the edges, and
    each entity's name is one of its mentions."""
    for entity in sample_results[str(path)].entities:
        assert entity.name in {" ".join(m.text.split()) for m in entity.mentions}
        for m in entity.mentions:
            assert m.text == m.text.strip()
            assert not m.text.lower().startswith("the ")
            assert not m.text.endswith(("'s", "’s"))
            if entity.type == "person":
                assert m.text.split()[0].rstrip(".").lower() not in HONORIFICS


def test_the_same_through_every_api(sample_results: dict[str, DocumentResult]) -> None:
    path = ROOT / "samples" / "us-style-briefing.txt"
    via_paths = sample_results[str(path)]
    via_file = entityx.extract_file(path)
    via_text = entityx.extract(_source_text(path), source=str(path))
    assert via_file.to_dict() == via_paths.to_dict() == via_text.to_dict()


# -- long texts ------------------------------------------------------------------------


def test_split_text_cuts_at_paragraphs() -> None:
    text = "".join(f"Paragraph {i} is here. It has two sentences.\n\n" for i in range(30))
    pieces = split_text(text, 200)
    assert "".join(piece for _, piece in pieces) == text
    for offset, piece in pieces:
        assert text[offset:offset + len(piece)] == piece
        assert len(piece) <= 200
    assert all(piece.endswith("\n\n") for _, piece in pieces[:-1])


def test_split_text_without_breaks() -> None:
    text = "x" * 450
    pieces = split_text(text, 200)
    assert [len(p) for _, p in pieces] == [200, 200, 50]
    assert split_text("short", 200) == [(0, "short")]


def test_long_text_offsets_across_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(extractor, "CHUNK_CHARS", 300)
    paragraph = "On Monday Ms Pugh met Dr Alexander Tayler to discuss the budget.\n\n"
    text = paragraph * 25
    result = Extractor().extract(text)
    people = {e.name: e for e in result.entities if e.type == "person"}
    assert people["Pugh"].count == 25
    assert people["Alexander Tayler"].count == 25
    starts = sorted(m.start for m in people["Pugh"].mentions)
    assert starts == [i * len(paragraph) + paragraph.index("Pugh") for i in range(25)]
    for entity in result.entities:
        for m in entity.mentions:
            assert text[m.start:m.end] == m.text
            assert m.sentence_start is not None and m.sentence_end is not None
            assert m.sentence_start <= m.start < m.end <= m.sentence_end


# -- API surface -------------------------------------------------------------------------


def test_extract_texts_in_order() -> None:
    texts = ["Ms Pugh spoke.", "", "Mr Smith and Mrs Jones left."]
    results = list(entityx.extract_texts(texts))
    assert [r.source for r in results] == ["<text 1>", "<text 2>", "<text 3>"]
    assert [[e.name for e in r.entities if e.type == "person"] for r in results] == [
        ["Pugh"], [], ["Smith", "Jones"]]
    assert results[1].chars == 0 and results[1].error is None


def test_types_filter() -> None:
    text = "Ms Pugh met Dr Alexander Tayler at the United Nations in Paris."
    everything = entityx.extract(text)
    only_people = entityx.extract(text, types=["person"])
    assert [e.name for e in only_people.entities] == [
        e.name for e in everything.entities if e.type == "person"]
    assert {e.type for e in everything.entities} > {"person"}


def test_extract_file_errors_are_results(tmp_path: Path) -> None:
    missing = entityx.extract_file(tmp_path / "missing.txt")
    assert missing.error == "no such file or folder"
    assert missing.to_dict() == {"source": str(tmp_path / "missing.txt"),
                                 "error": "no such file or folder"}
    binary = tmp_path / "data.bin"
    binary.write_bytes(bytes(range(256)) * 4)
    assert "binary" in (entityx.extract_file(binary).error or "")
    assert "folder" in (entityx.extract_file(tmp_path).error or "")


def test_a_document_that_breaks_processing_is_its_own_error(
        nlp: object, monkeypatch: pytest.MonkeyPatch) -> None:
    # Any stage may fail on a text nobody foresaw (the layout reader did on a
    # list of one-word lines): that document gets the error, the others of
    # its batch their results, and a batch of one no traceback; the error is
    # one line.
    real_unwrap = extractor.unwrap

    def unwrap(text: str) -> str:
        if "BOOM" in text:
            raise ValueError("max() arg is an empty sequence\nsecond line")
        return real_unwrap(text)

    monkeypatch.setattr(extractor, "unwrap", unwrap)
    run = Extractor()
    run._nlp = nlp  # type: ignore[assignment]
    texts = ["Mr Putin met Angela Merkel.", "BOOM", "Nato met in Brussels."]
    results = list(run.extract_texts((t, f"<{i}>") for i, t in enumerate(texts)))
    assert [r.error for r in results] == [
        None, "processing failed: max() arg is an empty sequence", None]
    assert {"Angela Merkel"} <= {e.name for e in results[0].entities}
    assert {"Brussels"} <= {e.name for e in results[2].entities}
    assert run.extract("BOOM").error == "processing failed: max() arg is an empty sequence"


def test_extract_file_decodes_and_warns(tmp_path: Path) -> None:
    path = tmp_path / "cp1252.txt"
    text = "Ms Pugh said the café’s owner, Mr Müller, had left for Zürich."
    path.write_bytes(text.encode("cp1252"))
    result = entityx.extract_file(path)
    assert result.error is None
    assert result.warnings and "UTF-8" in result.warnings[0]
    assert result.chars == len(text)
    for entity in result.entities:
        for m in entity.mentions:
            assert text[m.start:m.end] == m.text
    assert {"Pugh", "Müller"} <= {e.name for e in result.entities if e.type == "person"}
    forced = entityx.extract_file(path, encoding="latin-1")
    assert forced.warnings == []


def test_bom_is_not_part_of_the_text(tmp_path: Path) -> None:
    path = tmp_path / "bom.txt"
    path.write_bytes("\ufeffMs Pugh spoke.".encode())
    result = entityx.extract_file(path)
    assert result.chars == len("Ms Pugh spoke.")
    assert [(m.start, m.end) for e in result.entities for m in e.mentions] == [(3, 7)]


def test_result_round_trip() -> None:
    result = entityx.extract("Ms Pugh met Dr Alexander Tayler in Paris.")
    data = result.to_dict()
    assert DocumentResult.from_dict(data).to_dict() == data
    assert data["entities"][0]["mentions"][0]["sentence"] == [0, 41]


# -- the default model -------------------------------------------------------------------


def test_default_model_finds_people_places_organisations(nlp: object) -> None:
    result = entityx.extract("Barack Obama met the head of the United Nations in Paris.")
    found = {(e.type, e.name) for e in result.entities}
    assert ("person", "Barack Obama") in found
    assert ("place", "Paris") in found
    assert ("organisation", "United Nations") in found


@pytest.mark.parametrize(("text", "expected"), [
    # chat and web text in lower case, a headline in capitals: the model was
    # trained with case variants of its documents (models/augment.py)
    ("talked to angela merkel in berlin yesterday, then flew to paris",
     {("person", "angela merkel"), ("place", "berlin"), ("place", "paris")}),
    ("SAMSUNG AND APPLE SHARES FALL IN SEOUL AND NEW YORK",
     {("organisation", "SAMSUNG"), ("place", "SEOUL"), ("place", "NEW YORK")}),
])
def test_default_model_reads_text_in_one_case(text: str, expected: set[tuple[str, str]]) -> None:
    found = {(e.type, e.name) for e in entityx.extract(text).entities}
    assert expected <= found


def test_default_model_names_an_entity_by_its_capitalised_form() -> None:
    # a forum post writes the place in lower case, first and most often: the
    # entity is still named "Berlin"
    text = ("flying into berlin next week, any tips for berlin? "
            "I lived in Berlin for two years.")
    places = [e for e in entityx.extract(text).entities if e.type == "place"]
    assert [(e.name, e.count) for e in places] == [("Berlin", 3)]
    assert places[0].aliases == ["berlin"]


def test_default_model_pipeline(nlp: object) -> None:
    from spacy.language import Language

    assert isinstance(nlp, Language)
    assert nlp.pipe_names[:2] == ["entityx_layout", "sentencizer"]
    assert nlp.pipe_names[-1] == "entityx_titles"
    assert "ner" in nlp.pipe_names
    labels = set(nlp.get_pipe("ner").labels)
    assert {"PERSON", "ORG"} <= labels and labels & {"LOC", "GPE"}


def test_unknown_model_is_a_clear_error() -> None:
    from entityx.errors import ModelError

    with pytest.raises(ModelError, match="cannot load model"):
        entityx.extract("Ms Pugh spoke.", model="no_such_pipeline_package")


def test_no_mention_crosses_a_paragraph_break() -> None:
    text = ("Harbour City 2-1 Eastfield Rovers\n\nMaya Okonkwo scored twice as Harbour City "
            "won the cup final at Riverside Park on Sunday.\n")
    result = entityx.extract(text)
    assert result.entities
    for entity in result.entities:
        for m in entity.mentions:
            assert "\n\n" not in m.text
            assert "\n\n" not in text[m.sentence_start:m.sentence_end].strip()


def test_extract_from_several_threads_at_once() -> None:
    """A web server's threads share the process's one pipeline: each call
    gets what it would get alone (spaCy's memory zones of two calls must
    not nest: that raised E018 'Can't retrieve string for hash')."""
    import threading

    texts = [f"Mr Zq{i}x Blorvak{i} met Angela Merkel and Wuvan{i} Trelk in Berlin{i}ville. " * 10
             for i in range(16)]
    alone = [entityx.extract(t).to_dict() for t in texts]
    failures: list[str] = []

    def work(k: int) -> None:
        for _ in range(2):
            for i in range(k % 2, len(texts), 2):
                try:
                    if entityx.extract(texts[i]).to_dict() != alone[i]:
                        failures.append(f"text {i}: other entities")
                except Exception as exc:  # noqa: BLE001 - collected for the assertion
                    failures.append(f"text {i}: {exc!r}")

    threads = [threading.Thread(target=work, args=(k,)) for k in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert failures == []
