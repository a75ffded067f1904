"""``entityx evaluate`` and the gold readers, scored against a rule-based
pipeline whose predictions the test controls, so every count is known.

tests/fixtures/gold.iob2 (4 sentences, 34 tokens):

    Angela Merkel[PER] visited Paris[LOC] -LRB- France[LOC] -RRB- .
    The United Nations 's[ORG] report named Ms Pugh[PER] .
    Officials at Acme Corp[ORG] met Bob Jones[PER] in Lagos[GPE] .
    Nigerian[NORP] officials praised the Lagos[GPE] Summit[MISC] .

The pipeline predicts Angela Merkel (PERSON), Paris, France, Lagos and
Nigerian (GPE), "The United Nations 's" and Acme (ORG); entityx's rules add
Pugh (after "Ms") and trim "The ... 's". So, by hand:

    person        tp 2 (Angela Merkel, Pugh)   fp 0   fn 1 (Bob Jones)
    place         tp 4 (Paris, France, Lagos x2)  fp 0  fn 0
    organisation  tp 1 (United Nations)  fp 1 (Acme)  fn 1 (Acme Corp)
    ignored       1 (Nigerian: inside the NORP span, a type entityx does not report)

(Before unreported gold spans became unscored regions, Nigerian was a place
false positive: place fp 1.)
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import spacy
from typer.testing import CliRunner

from entityx.cli import app
from entityx.errors import EntityxError
from entityx.evaluate import (
    error_records,
    evaluate_files,
    parse_label_map,
    read_gold,
)
from entityx.gold import Sentence, read_bio, tags_to_spans, unreported_regions

GOLD = Path(__file__).resolve().parent / "fixtures" / "gold.iob2"

PATTERNS = [
    {"label": "PERSON", "pattern": "Angela Merkel"},
    {"label": "GPE", "pattern": "Paris"},
    {"label": "GPE", "pattern": "France"},
    {"label": "GPE", "pattern": "Lagos"},
    {"label": "GPE", "pattern": "Nigerian"},
    {"label": "ORG", "pattern": [{"LOWER": "the"}, {"LOWER": "united"}, {"LOWER": "nations"},
                                 {"ORTH": "'s"}]},
    {"label": "ORG", "pattern": "Acme"},
    {"label": "ORG", "pattern": "Kremlin"},
    {"label": "PERSON", "pattern": [{"TEXT": "("}, {"TEXT": "France"}]},  # only if unescaped
]


@pytest.fixture(scope="module")
def ruler_model(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A saved pipeline: blank English + an entity ruler. It is named "ner"
    because entityx refuses a pipeline without a component of that name."""
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("entity_ruler", name="ner")
    ruler.add_patterns(PATTERNS[:-1])
    path = tmp_path_factory.mktemp("model") / "ruler"
    nlp.to_disk(path)
    return str(path)


def scores(report: Any) -> dict[str, tuple[int, int, int]]:
    data = report if isinstance(report, dict) else report.to_dict()
    return {t: (s["tp"], s["fp"], s["fn"]) for t, s in data["types"].items()}


def gold_text(doc: Any) -> str:
    return "".join(w + (" " if s else "") for w, s in zip(doc.words, doc.spaces, strict=True))


# the fixture's 4 sentences in 2 documents (-DOCSTART- lines), scored whole by default
DOCUMENTS = 2
EXPECTED = {"person": (2, 0, 1), "place": (4, 0, 0), "organisation": (1, 1, 1)}


# -- reading gold ------------------------------------------------------------------------


def test_read_bio() -> None:
    sentences = list(read_bio(GOLD))
    assert len(sentences) == 4
    first = sentences[0]
    assert first.words == ["Angela", "Merkel", "visited", "Paris", "(", "France", ")", "."]
    assert first.spans == [(0, 2, "PER"), (3, 4, "LOC"), (5, 6, "LOC")]
    assert sentences[1].spans == [(0, 4, "ORG"), (7, 8, "PER")]
    assert sum(len(s.words) for s in sentences) == 34
    # the fixture holds two documents of two sentences (-DOCSTART- lines)
    assert [s.doc_start for s in sentences] == [True, False, True, False]


def test_documents_never_cross_a_document_start() -> None:
    from entityx.gold import documents

    starts = [True, False, False, True, False, True]
    got = list(documents(range(6), lambda i: starts[i], 2))
    assert got == [[0, 1], [2], [3, 4], [5]]


@pytest.mark.parametrize(("tags", "spans"), [
    (["B-PER", "I-PER", "O", "B-LOC"], [(0, 2, "PER"), (3, 4, "LOC")]),
    (["I-PER", "I-PER", "I-ORG"], [(0, 2, "PER"), (2, 3, "ORG")]),  # IOB1
    (["B-PER", "B-PER"], [(0, 1, "PER"), (1, 2, "PER")]),
    (["S-LOC", "B-ORG", "I-ORG", "E-ORG", "O"], [(0, 1, "LOC"), (1, 4, "ORG")]),  # BIOES
    (["O", "O"], []),
])
def test_tags_to_spans(tags: list[str], spans: list[tuple[int, int, str]]) -> None:
    assert tags_to_spans(tags) == spans


def _gold_spans(**options: Any) -> tuple[str, list[tuple[str, str]]]:
    """All gold documents' text, joined, and their spans' (text, type)."""
    texts, found = [], []
    for doc in read_gold(GOLD, **options):
        text = gold_text(doc)
        texts.append(text)
        found.extend((text[s:e], t) for s, e, t in doc.spans)
    return "".join(texts), sorted(found)


def test_read_gold_normalises_spans() -> None:
    text, found = _gold_spans()
    assert text.startswith("Angela Merkel visited Paris (France). The United Nations's report")
    assert found == sorted([
        ("Angela Merkel", "person"), ("Paris", "place"), ("France", "place"),
        ("United Nations", "organisation"), ("Pugh", "person"),
        ("Acme Corp", "organisation"), ("Bob Jones", "person"),
        ("Lagos", "place"), ("Lagos", "place"),
    ])  # NORP and MISC are no entityx type


def test_read_gold_without_normalising() -> None:
    _, found = _gold_spans(normalise=False)
    assert ("The United Nations's", "organisation") in found
    assert ("United Nations", "organisation") not in found


def test_bad_gold_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.iob2"
    bad.write_text("Angela\tB-PER\nMerkel\tPERSON\n", encoding="utf-8")
    with pytest.raises(EntityxError, match=r"bad.iob2:2: not a BIO tag"):
        list(read_gold(bad))


def test_parse_label_map() -> None:
    assert parse_label_map(["NORP=place", "MISC=ignore", "X=none", "FAC=org"]) == {
        "NORP": "place", "MISC": None, "X": None, "FAC": "organisation"}
    for bad in (["NORP"], ["=place"], ["NORP="], ["NORP=animal"]):
        with pytest.raises(ValueError):
            parse_label_map(bad)


# -- scoring ---------------------------------------------------------------------------------


def test_evaluate_counts(ruler_model: str) -> None:
    report = evaluate_files([GOLD], model=ruler_model)
    assert scores(report) == EXPECTED
    assert (report.documents, report.tokens) == (DOCUMENTS, 34)
    micro = report.micro
    assert (micro.tp, micro.fp, micro.fn) == (7, 1, 2)
    assert report.ignored == 1
    assert micro.precision == pytest.approx(7 / 8)
    assert micro.recall == pytest.approx(7 / 9)
    person = report.to_dict()["types"]["person"]
    assert person == {"precision": 100.0, "recall": 66.67, "f1": 80.0, "tp": 2, "fp": 0,
                      "fn": 1, "support": 3}


def test_brackets_reach_the_pipeline_unescaped(tmp_path: Path) -> None:
    # A pattern that matches only "(" "France": -LRB- must reach the
    # pipeline as "(" for it to fire (and then it is a wrong person).
    nlp = spacy.blank("en")
    nlp.add_pipe("entity_ruler", name="ner").add_patterns([PATTERNS[-1]])
    nlp.to_disk(tmp_path / "brackets")
    report = evaluate_files([GOLD], model=str(tmp_path / "brackets"))
    assert report.per_type["person"].fp == 1  # "France", trimmed of its bracket
    assert report.per_type["place"].fn == 4  # Paris, France and both Lagos missed


def test_map_adds_and_ignores_labels(ruler_model: str) -> None:
    norp = evaluate_files([GOLD], model=ruler_model, label_map={"NORP": "place"})
    assert scores(norp)["place"] == (5, 0, 0)
    no_gpe = evaluate_files([GOLD], model=ruler_model, label_map={"GPE": None})
    # GPE ignored: both Lagos and Nigerian lie in unscored regions (was (2, 3, 0))
    assert scores(no_gpe)["place"] == (2, 0, 0)
    assert no_gpe.ignored == 3


def test_without_normalising(ruler_model: str) -> None:
    report = evaluate_files([GOLD], model=ruler_model, normalise=False)
    assert scores(report)["organisation"] == (0, 2, 2)


def test_types(ruler_model: str) -> None:
    report = evaluate_files([GOLD], model=ruler_model, types=["person"])
    assert scores(report) == {"person": (2, 0, 1)}


def test_spacy_gold_file(ruler_model: str, tmp_path: Path) -> None:
    from spacy.tokens import DocBin

    nlp = spacy.blank("en")
    text = "Yesterday the Kremlin's two spokesmen met Ms Pugh in Moscow."
    doc = nlp.make_doc(text)
    doc.ents = [doc.char_span(text.index(sub), text.index(sub) + len(sub), label=label)
                for sub, label in [("the Kremlin's", "ORG"), ("two", "CARDINAL"),
                                   ("Pugh", "PERSON"), ("Moscow", "GPE")]]
    path = tmp_path / "gold.spacy"
    DocBin(docs=[doc]).to_disk(path)
    report = evaluate_files([path], model=ruler_model)
    assert scores(report) == {"person": (1, 0, 0), "place": (0, 0, 1),
                              "organisation": (1, 0, 0)}
    assert (report.documents, report.tokens) == (1, len(doc))


def test_several_gold_files(ruler_model: str, tmp_path: Path) -> None:
    copy = tmp_path / "copy.iob2"
    copy.write_text(GOLD.read_text(encoding="utf-8"), encoding="utf-8")
    report = evaluate_files([GOLD, copy], model=ruler_model)
    assert scores(report) == {t: (2 * a, 2 * b, 2 * c) for t, (a, b, c) in EXPECTED.items()}
    assert report.documents == 2 * DOCUMENTS


# -- gold spans of unreported types: unscored regions ---------------------------------------

REGIONS_GOLD = """\
Voters\tO
in\tO
the\tB-EVENT
2016\tI-EVENT
United\tI-EVENT
States\tI-EVENT
Senate\tI-EVENT
election\tI-EVENT
backed\tO
Smith\tB-PER
.\tO

The\tO
Lagos\tB-MISC
Summit\tI-MISC
opened\tO
in\tO
Abuja\tB-GPE
.\tO

Nigerian\tB-NORP
officials\tO
came\tO
.\tO
"""

REGIONS_PATTERNS = [
    {"label": "GPE", "pattern": "United States"},  # wholly inside the EVENT span
    {"label": "PERSON", "pattern": "Smith"},
    {"label": "ORG", "pattern": "Summit opened"},  # crosses the MISC span's end
    {"label": "GPE", "pattern": "Abuja"},
    {"label": "GPE", "pattern": "Nigerian"},  # the whole NORP span
]


@pytest.fixture(scope="module")
def regions_case(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    folder = tmp_path_factory.mktemp("regions")
    gold = folder / "regions.iob2"
    gold.write_text(REGIONS_GOLD, encoding="utf-8")
    nlp = spacy.blank("en")
    nlp.add_pipe("entity_ruler", name="ner").add_patterns(REGIONS_PATTERNS)
    nlp.to_disk(folder / "ruler")
    return gold, str(folder / "ruler")


def test_unreported_regions() -> None:
    sentence = Sentence(["Nigerian", "officials", "met", "Bob", "at", "Euro", "2024"],
                        [(0, 1, "NORP"), (3, 4, "PER"), (5, 7, "MISC")])
    assert unreported_regions(sentence) == [(0, 1), (5, 7)]
    assert unreported_regions(sentence, {"NORP": "place"}) == [(5, 7)]
    assert unreported_regions(sentence, {"PER": None}) == [(0, 1), (3, 4), (5, 7)]


def test_predictions_inside_unreported_spans_are_not_scored(
        regions_case: tuple[Path, str]) -> None:
    gold, model = regions_case
    report = evaluate_files([gold], model=model)
    # By hand: Smith and Abuja right; "United States" (inside the EVENT) and
    # "Nigerian" (the whole NORP span) neither right nor wrong; "Summit
    # opened" is not wholly inside "Lagos Summit", so it is wrong.
    assert scores(report) == {"person": (1, 0, 0), "place": (1, 0, 0),
                              "organisation": (0, 1, 0)}
    assert report.ignored == 2
    assert report.to_dict()["ignored"] == 2


def test_unreported_spans_scored_the_old_way(regions_case: tuple[Path, str]) -> None:
    gold, model = regions_case
    report = evaluate_files([gold], model=model, ignore_unreported=False)
    assert scores(report) == {"person": (1, 0, 0), "place": (1, 2, 0),
                              "organisation": (0, 1, 0)}
    assert report.ignored == 0


def test_a_label_mapped_to_a_type_is_no_region(regions_case: tuple[Path, str]) -> None:
    gold, model = regions_case
    report = evaluate_files([gold], model=model, label_map={"EVENT": "place"})
    # the event is now a gold place ("2016 United States Senate election",
    # "the" trimmed): "United States" is a wrong place and the event is missed
    assert scores(report)["place"] == (1, 1, 1)
    assert report.ignored == 1  # Nigerian


def test_spacy_gold_file_regions(tmp_path: Path) -> None:
    from spacy.tokens import DocBin

    nlp = spacy.blank("en")
    text = "Russian troops left the Crimean War museum in Moscow."
    doc = nlp.make_doc(text)
    doc.ents = [doc.char_span(text.index(sub), text.index(sub) + len(sub), label=label)
                for sub, label in [("Russian", "NORP"), ("the Crimean War", "EVENT"),
                                   ("Moscow", "GPE")]]
    path = tmp_path / "gold.spacy"
    DocBin(docs=[doc]).to_disk(path)
    ruler = spacy.blank("en")
    ruler.add_pipe("entity_ruler", name="ner").add_patterns([
        {"label": "GPE", "pattern": "Russian"}, {"label": "GPE", "pattern": "Crimean"},
        {"label": "GPE", "pattern": "Moscow"}, {"label": "ORG", "pattern": "War museum"}])
    ruler.to_disk(tmp_path / "ruler")
    report = evaluate_files([path], model=str(tmp_path / "ruler"))
    # Russian and Crimean lie inside unreported spans; "War museum" crosses one
    assert scores(report) == {"person": (0, 0, 0), "place": (1, 0, 0),
                              "organisation": (0, 1, 0)}
    assert report.ignored == 2


# -- the command --------------------------------------------------------------------------------


def test_cli_json(ruler_model: str) -> None:
    result = CliRunner().invoke(app, ["evaluate", str(GOLD), "--model", ruler_model,
                                      "-f", "json"])
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert scores(data) == EXPECTED
    assert data["micro"]["tp"] == 7 and data["files"] == [str(GOLD)]
    assert data["ignored"] == 1
    assert data["documents"] == DOCUMENTS and data["tokens"] == 34


def test_cli_table(ruler_model: str) -> None:
    result = CliRunner().invoke(app, ["evaluate", str(GOLD), "--model", ruler_model])
    assert result.exit_code == 0, result.stderr
    rows = {line.split()[1]: line.split()[2:] for line in result.stdout.splitlines()
            if line.split() and line.split()[0] == "│" and line.split()[1] in
            {"person", "place", "organisation", "micro"}}
    # precision, recall, F1, support (each cell followed by the column rule)
    assert [c for c in rows["person"] if c != "│"] == ["100.00", "66.67", "80.00", "3"]
    assert [c for c in rows["place"] if c != "│"] == ["100.00", "100.00", "100.00", "4"]
    assert [c for c in rows["organisation"] if c != "│"] == ["50.00", "50.00", "50.00", "2"]
    # micro P 7/8, R 7/9, F 2*7/(8+9)
    assert [c for c in rows["micro"] if c != "│"] == ["87.50", "77.78", "82.35", "9"]
    assert "not scored: 1 prediction inside gold spans of types entityx does not report" \
        in result.stdout


def test_cli_map_and_types(ruler_model: str) -> None:
    result = CliRunner().invoke(app, ["evaluate", str(GOLD), "--model", ruler_model, "-f", "json",
                                      "--map", "NORP=place", "--map", "GPE=ignore",
                                      "--types", "places"])
    assert result.exit_code == 0, result.stderr
    # Nigerian now gold; both Lagos predictions lie in ignored GPE spans (was (3, 2, 0))
    data = json.loads(result.stdout)
    assert scores(data) == {"place": (3, 0, 0)}
    assert data["ignored"] == 2


def test_cli_doc_sentences_scores_whole_gold_documents(ruler_model: str) -> None:
    result = CliRunner().invoke(app, ["evaluate", str(GOLD), "--model", ruler_model, "-f", "json",
                                      "--doc-sentences", "10"])
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["documents"] == 2 and data["tokens"] == 34  # one per -DOCSTART- section


@pytest.mark.parametrize(("marks", "units", "documents"), [
    (["-DOCSTART-", "", "-DOCSTART-"], "documents", 2),  # two documents marked: each whole
    (["-DOCSTART-"], "sentences", 4),  # one mark at the top marks nothing
    ([], "sentences", 4),  # no marks: unrelated sentences, each alone
])
def test_default_unit_is_the_files_documents(ruler_model: str, tmp_path: Path, marks: list[str],
                                             units: str, documents: int) -> None:
    blocks = GOLD.read_text(encoding="utf-8").split("-DOCSTART-\tO\n")
    body = [b.strip("\n") for b in blocks if b.strip()]
    assert len(body) == 2  # the fixture: two documents of two sentences
    lines = [marks[0] + "\tO", ""] if marks else []
    lines += [body[0], ""]
    if len(marks) == 3:
        lines += [marks[2] + "\tO", ""]
    lines += [body[1], ""]
    gold = tmp_path / "gold.iob2"
    gold.write_text("\n".join(lines), encoding="utf-8")
    result = CliRunner().invoke(app, ["evaluate", str(gold), "--model", ruler_model, "-f", "json"])
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert (data["documents"], data["units"]) == (documents, {str(gold): units})
    assert scores(data) == EXPECTED  # the ruler finds the same names either way
    # --doc-sentences 1: each sentence alone, whatever the file marks
    result = CliRunner().invoke(app, ["evaluate", str(gold), "--model", ruler_model, "-f", "json",
                                      "--doc-sentences", "1"])
    data = json.loads(result.stdout)
    assert (data["documents"], data["units"]) == (4, {str(gold): "sentences"})
    table = CliRunner().invoke(app, ["evaluate", str(gold), "--model", ruler_model])
    assert f"scored as: {units}" in table.stdout


def test_cli_score_unreported_is_the_old_rule(ruler_model: str) -> None:
    args = ["evaluate", str(GOLD), "--model", ruler_model, "-f", "json", "--map", "NORP=place",
            "--map", "GPE=ignore", "--types", "places"]
    result = CliRunner().invoke(app, [*args, "--score-unreported"])
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert scores(data) == {"place": (3, 2, 0)}  # the two Lagos predictions count as wrong
    assert data["ignored"] == 0


def test_cli_errors_lists_every_error(ruler_model: str, tmp_path: Path) -> None:
    out = tmp_path / "errors.jsonl"
    result = CliRunner().invoke(app, ["evaluate", str(GOLD), "--model", ruler_model, "-f", "json",
                                      "--errors", str(out)])
    assert result.exit_code == 0, result.stderr
    assert scores(json.loads(result.stdout)) == EXPECTED  # the report is unchanged
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    # organisation: Acme found for "Acme Corp" (fp 1, fn 1); person: Bob Jones missed.
    # Nigerian lies in an unreported NORP span: no error.
    assert [(r["document"], r["error"], r["gold"]["text"], [p["text"] for p in r["predicted"]])
            for r in records] == [(1, "span", "Acme Corp", ["Acme"]), (1, "missed", "Bob Jones", [])]
    acme = records[0]
    assert acme["gold"]["type"] == acme["predicted"][0]["type"] == "organisation"
    assert acme["file"] == str(GOLD)
    context, start = acme["context"], acme["context_start"]
    assert context[acme["gold"]["start"] - start:acme["gold"]["end"] - start] == "Acme Corp"


def test_error_records_kinds() -> None:
    text = "Ann Lee met Bo in Rome and at Acme Co with Zed."
    ann, lee, bo = (0, 7, "person"), (4, 7, "person"), (12, 14, "person")
    rome_gold, rome_org = (18, 22, "place"), (18, 22, "organisation")
    acme_gold, acme_co, zed = (30, 37, "organisation"), (30, 37, "place"), (43, 46, "person")
    records = list(error_records(text, {ann, bo, rome_gold, acme_gold}, {lee, rome_org, zed,
                                                                       acme_co}))
    assert [(r["error"], r["gold"] and r["gold"]["text"], [p["text"] for p in r["predicted"]])
            for r in records] == [
        ("span", "Ann Lee", ["Lee"]), ("missed", "Bo", []), ("type", "Rome", ["Rome"]),
        ("type", "Acme Co", ["Acme Co"]), ("spurious", None, ["Zed"])]
    assert records[2]["predicted"][0]["type"] == "organisation"
    assert records[-1]["context"] == text


def test_errors_add_up_to_the_counts(tmp_path: Path) -> None:
    """With the embedded model: every false negative in one record, every
    false positive in at least one."""
    out = tmp_path / "errors.jsonl"
    with out.open("w", encoding="utf-8") as stream:
        report = evaluate_files([GOLD], errors=stream, doc_sentences=10)
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    micro = report.micro
    assert micro.fn and micro.fp  # something to account for
    assert sum(1 for r in records if r["gold"]) == micro.fn
    found = {(r["document"], p["start"], p["end"], p["type"]) for r in records
             for p in r["predicted"]}
    assert len(found) == micro.fp


def test_cli_errors_file_that_cannot_be_written(ruler_model: str, tmp_path: Path) -> None:
    where = tmp_path / "no-such-dir" / "errors.jsonl"
    result = CliRunner().invoke(app, ["evaluate", str(GOLD), "--model", ruler_model,
                                      "--errors", str(where)])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert len(result.stderr.splitlines()) == 1 and "--errors" in result.stderr \
        and str(where) in result.stderr


@pytest.mark.parametrize("args", [
    ["--map", "NORP"], ["--map", "NORP=animal"], ["-f", "yaml"], ["--types", "animals"],
])
def test_cli_usage_errors(ruler_model: str, args: list[str]) -> None:
    result = CliRunner().invoke(app, ["evaluate", str(GOLD), "--model", ruler_model, *args])
    assert result.exit_code == 2
    assert result.stdout == ""


@pytest.mark.parametrize(("content", "message"), [
    ("Angela\nMerkel\n", "1: expected 'token<TAB>tag', got 'Angela'"),
    ("Angela\tB-PER\nMerkel\tPERSON\n", "2: not a BIO tag: 'PERSON'"),
])
def test_cli_bad_gold_file(ruler_model: str, tmp_path: Path, content: str, message: str) -> None:
    bad = tmp_path / "bad.iob2"
    bad.write_text(content, encoding="utf-8")
    result = CliRunner().invoke(app, ["evaluate", str(bad), "--model", ruler_model])
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [f"entityx: error: {bad}:{message}"]
    assert result.stdout == ""


def test_cli_missing_gold_file(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["evaluate", str(tmp_path / "nope.iob2")])
    assert result.exit_code == 2
    assert "nope.iob2" in result.stderr
