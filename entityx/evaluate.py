"""``entityx evaluate``: score the pipeline, rules included, on gold text.

Gold documents keep their own tokenisation: the pipeline runs on a spaCy
``Doc`` built from the gold tokens (curly quotes made straight and Unicode
hyphens "-", as ``entityx extract`` gives the model text), and the mentions it reports (after
entityx's title rules and name cleaning) are compared with the gold spans as
character offsets, by exact match and type.

Gold spans of types entityx does not report (MISC, NORP, EVENT, DATE, a label
mapped to "ignore"...) are regions nobody is judged on: a prediction lying
wholly inside one is neither a true nor a false positive ("United States"
inside "the 2016 United States Senate election"). Counting such predictions
as spurious punishes the model for the corpus's choice of types, not for
an error; they are counted apart as ``ignored``.

The unit scored is the document, as ``entityx extract`` reads a file, so
that the document-level rules (a name found once labels its repeats,
acronyms, ordinary case) take effect: each document a gold file marks with
``-DOCSTART-`` lines is scored whole. A file that marks no documents (or
only one, a ``-DOCSTART-`` at its top) is a list of unrelated sentences,
and each sentence is scored alone: entities never run across sentence
boundaries of the gold data (fragment-like corpora such as WikiANN have no
punctuation to split on). ``doc_sentences`` (``--doc-sentences N``) scores
up to N consecutive sentences of one gold document instead; 1 is each
sentence alone, the scoring of ``entityx evaluate`` before 2026-12-01.

With an ``errors`` stream, every false negative and false positive is also
written as a JSON line (:func:`error_records`): what was missed, what was
found that is not there, and what was found with the wrong type or span.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any, TextIO

from .errors import EntityxError
from .gold import (
    GoldFormatError,
    Sentence,
    documents,
    map_sentence,
    normalise_span,
    read_bio,
    token_spaces,
    unreported_regions,
)
from .labels import TYPES, label_to_type, parse_types

Span = tuple[int, int, str]  # character offsets and entityx type

# The default unit (None): the documents the file marks, whole, or each
# sentence alone where it marks none (see the module docstring).
SENTS_PER_DOC: int | None = None
WHOLE = 1 << 62  # "no limit" for documents()
IGNORE = ("ignore", "none", "o", "-")


@dataclass
class GoldDoc:
    words: list[str]
    spaces: list[bool]
    spans: set[tuple[int, int, str]]  # character offsets, entityx type
    # character extents of gold spans of unreported types (see the module docstring)
    regions: list[tuple[int, int]] = field(default_factory=list)

    def in_region(self, start: int, end: int) -> bool:
        return any(rs <= start and end <= re_ for rs, re_ in self.regions)


@dataclass
class TypeScore:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {"precision": round(100 * self.precision, 2), "recall": round(100 * self.recall, 2),
                "f1": round(100 * self.f1, 2), "tp": self.tp, "fp": self.fp, "fn": self.fn,
                "support": self.tp + self.fn}


@dataclass
class Report:
    model: str
    files: list[str]
    documents: int = 0
    tokens: int = 0
    per_type: dict[str, TypeScore] = field(default_factory=dict)
    ignored: int = 0  # predictions inside gold spans of unreported types, not scored
    # how each file was cut into documents: "documents" (as marked, whole),
    # "sentences" (each alone) or "up to N sentences"
    units: dict[str, str] = field(default_factory=dict)

    @property
    def micro(self) -> TypeScore:
        total = TypeScore()
        for s in self.per_type.values():
            total.tp += s.tp
            total.fp += s.fp
            total.fn += s.fn
        return total

    def to_dict(self) -> dict[str, Any]:
        return {"model": self.model, "files": self.files, "documents": self.documents,
                "tokens": self.tokens,
                "types": {t: s.to_dict() for t, s in self.per_type.items()},
                "micro": self.micro.to_dict(), "ignored": self.ignored, "units": self.units}


def parse_label_map(items: Sequence[str]) -> dict[str, str | None]:
    """``["GPE=place", "NORP=ignore"]`` -> ``{"GPE": "place", "NORP": None}``."""
    mapping: dict[str, str | None] = {}
    for item in items:
        label, sep, target = item.partition("=")
        if not sep or not label.strip() or not target.strip():
            raise ValueError(f"--map expects LABEL=TYPE, got {item!r}")
        target = target.strip()
        if target.lower() in IGNORE:
            mapping[label.strip()] = None
        else:
            resolved = parse_types([target])
            mapping[label.strip()] = resolved[0]
    return mapping


def _sentences_to_doc(sentences: list[tuple[Sentence, list[tuple[int, int]]]]) -> GoldDoc:
    """One gold document from (mapped sentence, unreported regions) pairs."""
    words: list[str] = []
    spaces: list[bool] = []
    spans: set[tuple[int, int, str]] = set()
    regions: list[tuple[int, int]] = []
    base = 0
    for sentence, token_regions in sentences:
        text, starts, spaces_ = token_spaces(sentence.words)
        spaces.extend(spaces_)
        begins = [base + start for start in starts]
        ends = [begin + len(word) for begin, word in zip(begins, sentence.words, strict=True)]
        spans.update((begins[s], ends[e - 1], etype) for s, e, etype in sentence.spans)
        regions.extend((begins[s], ends[e - 1]) for s, e in token_regions)
        words.extend(sentence.words)
        base += len(text) + 1  # the space that joins sentences
    return GoldDoc(words, spaces, spans, regions)


def marks_documents(path: Path) -> bool:
    """Whether a BIO file divides its sentences into documents: two or more
    ``-DOCSTART-`` lines (one at the top alone marks nothing)."""
    seen = 0
    try:
        with path.open(encoding="utf-8", errors="replace") as lines:
            for line in lines:
                if line.startswith("-DOCSTART-"):
                    seen += 1
                    if seen == 2:
                        return True
    except OSError:
        return False  # read_gold reports it
    return False


def document_size(path: Path, doc_sentences: int | None = SENTS_PER_DOC) -> tuple[int, str]:
    """How many sentences of ``path`` make one scored document at most, and
    that unit in words ("documents", "sentences", "up to N sentences")."""
    if path.suffix == ".spacy":
        return WHOLE, "documents"
    if doc_sentences is None:
        return (WHOLE, "documents") if marks_documents(path) else (1, "sentences")
    if doc_sentences == 1:
        return 1, "sentences"
    return doc_sentences, f"up to {doc_sentences} sentences"


def read_gold(path: Path, label_map: Mapping[str, str | None] | None = None, *,
              normalise: bool = True, vocab: Any = None,
              doc_sentences: int | None = SENTS_PER_DOC) -> Iterator[GoldDoc]:
    """Gold documents from a BIO file or a ``.spacy`` file: each document the
    file marks, whole, or each sentence alone where it marks none; with
    ``doc_sentences``, up to that many consecutive sentences of one gold
    document each."""
    if path.suffix == ".spacy":
        yield from _read_docbin(path, label_map, normalise, vocab)
        return
    size, _ = document_size(path, doc_sentences)
    try:
        sentences = ((map_sentence(s, label_map, normalise=normalise),
                      unreported_regions(s, label_map)) for s in read_bio(path))
        for batch in documents(sentences, lambda pair: pair[0].doc_start, size):
            yield _sentences_to_doc(batch)
    except GoldFormatError as exc:
        raise EntityxError(str(exc)) from None
    except UnicodeDecodeError as exc:
        raise EntityxError(f"{path}: not UTF-8 text ({exc.reason})") from None


def _read_docbin(path: Path, label_map: Mapping[str, str | None] | None, normalise: bool,
                 vocab: Any) -> Iterator[GoldDoc]:
    from spacy.tokens import DocBin

    try:
        docbin = DocBin().from_disk(path)
    except Exception as exc:  # noqa: BLE001 - any unreadable file
        raise EntityxError(f"{path}: not a spaCy DocBin file ({exc})") from None
    for doc in docbin.get_docs(vocab):
        words = [t.text for t in doc]
        spans: set[tuple[int, int, str]] = set()
        regions: list[tuple[int, int]] = []
        for ent in doc.ents:
            etype = label_to_type(ent.label_, label_map)
            if etype is None:
                regions.append((ent.start_char, ent.end_char))
                continue
            start, end = ent.start, ent.end
            if normalise:
                trimmed = normalise_span(words, start, end)
                if trimmed is None:
                    continue
                start, end = trimmed
            spans.add((doc[start].idx, doc[end - 1].idx + len(doc[end - 1]), etype))
        yield GoldDoc(words, [bool(t.whitespace_) for t in doc], spans, regions)


def evaluate_files(paths: Sequence[Path], *, model: str | None = None,
                   label_map: Mapping[str, str | None] | None = None, normalise: bool = True,
                   types: Sequence[str] = TYPES, batch_docs: int = 64,
                   ignore_unreported: bool = True, doc_sentences: int | None = SENTS_PER_DOC,
                   errors: TextIO | None = None) -> Report:
    """Score the pipeline on gold files; see the module docstring.

    ``ignore_unreported=False`` scores a prediction inside a gold span of an
    unreported type as a false positive (the scoring before 2026-11-30).
    ``errors``: a stream for one JSON line per error (:func:`error_records`).
    """
    from spacy.tokens import Doc

    from .extractor import as_trained
    from .mentions import doc_mentions
    from .pipeline import load_pipeline

    nlp = load_pipeline(model)
    report = Report(model=model or "entityx (embedded)", files=[str(p) for p in paths],
                    per_type={t: TypeScore() for t in types})
    for path in paths:
        report.units[str(path)] = document_size(path, doc_sentences)[1]
        golds = read_gold(path, label_map, normalise=normalise, vocab=nlp.vocab,
                          doc_sentences=doc_sentences)
        number = 0
        while batch := list(islice(golds, batch_docs)):
            with nlp.memory_zone():
                docs = [Doc(nlp.vocab, words=[as_trained(w) for w in g.words],
                            spaces=g.spaces) for g in batch]
                for gold, doc in zip(batch, nlp.pipe(docs), strict=True):
                    predicted = {(m.start, m.end, t) for t, m in doc_mentions(doc, types)}
                    missed, spurious = _score(report, gold, predicted, types, ignore_unreported)
                    if errors is not None:
                        for record in error_records(doc.text, missed, spurious):
                            errors.write(json.dumps({"file": str(path), "document": number,
                                                     **record}, ensure_ascii=False) + "\n")
                    report.documents += 1
                    report.tokens += len(doc)
                    number += 1
    return report


def _score(report: Report, gold: GoldDoc, predicted: set[Span], types: Sequence[str],
           ignore_unreported: bool) -> tuple[set[Span], set[Span]]:
    """Add one document's counts to ``report``; its false negatives and
    false positives."""
    expected = {s for s in gold.spans if s[2] in types}
    missed: set[Span] = set()
    wrong: set[Span] = set()
    for t in types:
        p = {s for s in predicted if s[2] == t}
        g = {s for s in expected if s[2] == t}
        spurious = p - g
        if ignore_unreported and gold.regions:
            kept = {s for s in spurious if not gold.in_region(s[0], s[1])}
            report.ignored += len(spurious) - len(kept)
            spurious = kept
        score = report.per_type[t]
        score.tp += len(p & g)
        score.fp += len(spurious)
        score.fn += len(g - p)
        missed |= g - p
        wrong |= spurious
    return missed, wrong


# Characters of text shown on each side of an error.
CONTEXT_CHARS = 60


def error_records(text: str, missed: set[Span], spurious: set[Span]) -> Iterator[dict[str, Any]]:
    """One record per error of a document, in text order.

    A gold span predicted with the same extent but another type is a
    ``type`` error; one that predictions overlap is a ``span`` error (the
    name cut, run on, or split; with its type right or not); otherwise it
    was ``missed``. Predictions in none of these are ``spurious``. Every
    false negative is in one record, every false positive in at least one.
    """
    def span(s: Span) -> dict[str, Any]:
        return {"text": text[s[0]:s[1]], "type": s[2], "start": s[0], "end": s[1]}

    def record(kind: str, gold: Span | None, found: list[Span]) -> dict[str, Any]:
        first = min([s[0] for s in found] + ([gold[0]] if gold else []))
        last = max([s[1] for s in found] + ([gold[1]] if gold else []))
        start = max(0, first - CONTEXT_CHARS)
        return {"error": kind, "gold": span(gold) if gold else None,
                "predicted": [span(s) for s in found],
                "context": text[start:last + CONTEXT_CHARS].replace("\n", " "),
                "context_start": start}

    used: set[Span] = set()
    records: list[tuple[int, dict[str, Any]]] = []
    for g in sorted(missed):
        same = sorted(p for p in spurious if p[:2] == g[:2])
        overlapping = sorted(p for p in spurious if p[0] < g[1] and g[0] < p[1])
        kind = "type" if same else "span" if overlapping else "missed"
        found = same or overlapping
        used.update(found)
        records.append((g[0], record(kind, g, found)))
    records += [(p[0], record("spurious", None, [p])) for p in sorted(spurious - used)]
    for _, found_record in sorted(records, key=lambda pair: pair[0]):
        yield found_record


def render_report(report: Report, fmt: str, stream: TextIO) -> None:
    if fmt == "json":
        stream.write(json.dumps(report.to_dict(), indent=2) + "\n")
        return
    from rich.console import Console
    from rich.table import Table

    console = Console(file=stream, highlight=False)
    console.print(f"{report.model} on {', '.join(report.files)}: "
                  f"{report.documents} documents, {report.tokens} tokens", markup=False)
    units = sorted(set(report.units.values()))
    if units:
        console.print(f"scored as: {', '.join(units)}"
                      + (" (each document of the file whole)" if units == ["documents"] else ""),
                      markup=False)
    if report.ignored:
        what = "prediction" if report.ignored == 1 else "predictions"
        console.print(f"not scored: {report.ignored} {what} inside gold spans of types entityx "
                      "does not report (MISC, NORP, events...)", markup=False)
    table = Table()
    for column in ("type", "precision", "recall", "F1", "support"):
        table.add_column(column, justify="left" if column == "type" else "right")
    rows = [*report.per_type.items(), ("micro", report.micro)]
    for name, s in rows:
        table.add_row(name, f"{100 * s.precision:.2f}", f"{100 * s.recall:.2f}",
                      f"{100 * s.f1:.2f}", str(s.tp + s.fn),
                      style="bold" if name == "micro" else None)
    console.print(table)
