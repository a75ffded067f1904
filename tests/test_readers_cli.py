"""Documents of every kind through the ``entityx`` command: the text that was
read (``--with-text``), offsets into it, ``kind`` and PDF ``page``, the
same entities whatever the sample article's format, boilerplate names left
out, and bad documents reported one line each while the batch goes on."""

from __future__ import annotations

import bisect
import io
import json
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from entityx.cli import app
from entityx.documents import Source, load

DOCS = Path(__file__).resolve().parent / "fixtures" / "docs"
SAMPLE = Path(__file__).resolve().parent.parent / "samples" / "trump-putin-call.txt"
COUNCIL = SAMPLE.parent / "batch" / "council-vote.txt"  # the body of council-divs.html
KINDS = {
    "sample-lo.pdf": "pdf", "sample-chromium.pdf": "pdf", "briefing.pdf": "pdf",
    "briefing-2col.pdf": "pdf",
    "sample-lo.docx": "docx", "briefing.docx": "docx", "sample-lo.odt": "odt",
    "briefing.odt": "odt", "briefing.epub": "epub", "news-article.html": "html", "council-divs.html": "html",
    "lab-discovery.xhtml": "html", "blog-post.html": "html", "briefing-mail.eml": "email",
    "briefing-lo.fodt": "fodt",
}
SAMPLE_FORMATS = ("sample-lo.pdf", "sample-chromium.pdf", "sample-lo.docx", "sample-lo.odt",
                  "news-article.html")


@pytest.fixture(scope="module")
def records() -> dict[str, dict[str, Any]]:
    """One run over the sample as .txt and every good fixture, with the text."""
    paths = [str(SAMPLE), str(COUNCIL), *(str(DOCS / name) for name in KINDS)]
    result = CliRunner().invoke(app, ["extract", *paths, "-f", "json", "--with-text"])
    assert result.exit_code == 0, result.output
    return {Path(r["source"]).name: r for r in json.loads(result.stdout)}


def names(record: dict[str, Any], kind: str) -> set[str]:
    return {e["name"] for e in record["entities"] if e["type"] == kind}


def test_every_kind_is_recorded_and_offsets_point_into_the_text(
        records: dict[str, dict[str, Any]]) -> None:
    assert "kind" not in records[SAMPLE.name]  # plain text: output as before
    assert records[SAMPLE.name]["text"] == SAMPLE.read_text(encoding="utf-8")
    for name, kind in KINDS.items():
        record = records[name]
        assert record["kind"] == kind
        text = record["text"]
        mentions = [m for e in record["entities"] for m in e["mentions"]]
        assert mentions, name
        for mention in mentions:
            assert text[mention["start"]:mention["end"]] == mention["text"], (name, mention)


def test_what_a_reader_learns_about_a_document_is_in_its_record(
        records: dict[str, dict[str, Any]]) -> None:
    mail = records["briefing-mail.eml"]["metadata"]
    assert mail["subject"].startswith("Notes from the Munich Security Conference")
    assert "h.castellano@ledger.example" in mail["from"]
    assert records["news-article.html"]["metadata"]["title"]
    assert "metadata" not in records[SAMPLE.name]  # plain text has none: output as before


def test_pdf_mentions_carry_the_page_they_are_on(records: dict[str, dict[str, Any]]) -> None:
    for name in ("sample-chromium.pdf", "briefing.pdf", "briefing-2col.pdf"):
        pages = load(Source(str(DOCS / name), DOCS / name)).pages
        assert pages is not None and len(pages) > 1
        seen = set()
        for entity in records[name]["entities"]:
            for mention in entity["mentions"]:
                assert mention["page"] == bisect.bisect_right(pages, mention["start"])
                seen.add(mention["page"])
        assert seen == set(range(1, len(pages) + 1))
    for entity in records["sample-lo.docx"]["entities"]:
        assert all("page" not in m for m in entity["mentions"])


@pytest.mark.parametrize("name", SAMPLE_FORMATS)
def test_the_sample_article_gives_the_same_entities_in_every_format(
        records: dict[str, dict[str, Any]], name: str) -> None:
    txt = records[SAMPLE.name]
    record = records[name]
    assert len(names(txt, "person")) == 10
    assert {"Nato", "Kremlin"} <= names(txt, "organisation")
    assert names(record, "person") == names(txt, "person")
    assert names(record, "organisation") == names(txt, "organisation")
    # A web page's byline ("our Washington staff") may add a place.
    assert names(record, "place") >= names(txt, "place")


def test_names_only_in_navigation_or_footer_are_not_reported(
        records: dict[str, dict[str, Any]]) -> None:
    news = names(records["news-article.html"], "person")
    assert {"Vladimir Putin", "Keith Kellogg"} <= news
    # The page's body gives what the same body as .txt gives.
    council = names(records["council-divs.html"], "person")
    assert "Tom Ashworth" in council
    assert council == names(records[COUNCIL.name], "person")
    assert {"Maya Okonkwo", "Carla Benitez", "Neil Fraser"} <= names(records["blog-post.html"],
                                                                     "person")
    everything = " ".join(e["name"] for name in ("news-article.html", "council-divs.html",
                                                 "lab-discovery.xhtml", "blog-post.html")
                          for e in records[name]["entities"])
    for boilerplate in ("Quince", "Ashdown", "Priya Raman", "Fairweather", "Okafor",
                        "Oyelaran", "Sandoval", "Pembroke", "Blakemore", "Tregarthen",
                        "Marchbanks", "Meridian", "Ledger Media", "Halvorsen", "Ashcroft",
                        "Whitlock", "Mallory", "Pimm", "Athelstan", "Thaddeus", "Isadora",
                        "Dunmore", "Frere"):
        assert boilerplate not in everything


def test_docx_footnotes_tables_and_email_headers_are_read(
        records: dict[str, dict[str, Any]]) -> None:
    for name in ("briefing.docx", "briefing.odt", "briefing.epub"):
        people = names(records[name], "person")
        assert {"Marguerite Delacroix", "Ignacio Villanueva"} <= people  # footnote, table
    mail = names(records["briefing-mail.eml"], "person")
    assert {"Helen Castellano", "Anneliese Vogt", "Keith Kellogg"} <= mail


def _bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"<w:document>" + b" " * (30 << 20) + b"</w:document>")
    return buffer.getvalue()


def test_a_batch_of_bad_documents_is_reported_and_goes_on(
        tmp_path: Path, run_entityx: Callable[..., Any]) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("sample-lo.pdf", "encrypted.pdf", "scanned.pdf", "nav-only.html",
                 "sample-lo.docx"):
        shutil.copy(DOCS / name, folder / name)
    pdf = (DOCS / "sample-lo.pdf").read_bytes()
    (folder / "truncated.pdf").write_bytes(pdf[: len(pdf) // 2])
    docx = (DOCS / "sample-lo.docx").read_bytes()
    (folder / "corrupt.docx").write_bytes(docx[:200] + bytes(500) + docx[700:])
    (folder / "bomb.docx").write_bytes(_bomb())
    (folder / "deep.html").write_bytes(b"<html><body>" + b"<div>" * 5000 + b"Ada</body></html>")
    (folder / "report.txt").write_bytes(pdf)  # a PDF named .txt is a PDF
    result = run_entityx("extract", str(folder), "-f", "jsonl", "--max-bytes", "10000000")
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    out = {Path(r["source"]).name: r for r in map(json.loads, result.stdout.splitlines())}
    assert sorted(out) == sorted(p.name for p in folder.iterdir())
    expected_errors = {
        "encrypted.pdf": "encrypted: no password", "truncated.pdf": "truncated or corrupt PDF",
        "corrupt.docx": "truncated or corrupt DOCX", "bomb.docx": "zip bomb",
        "nav-only.html": "no main text", "deep.html": "nested more than",
    }
    for name, record in out.items():
        if name in expected_errors:
            assert expected_errors[name] in record["error"], record
            lines = [line for line in result.stderr.splitlines() if name in line]
            assert len(lines) == 1 and expected_errors[name] in lines[0]
        else:
            assert "error" not in record, record
    assert out["report.txt"]["kind"] == "pdf" and out["report.txt"]["entities"]
    assert out["scanned.pdf"]["entities"] == []
    assert "no text layer — scanned? OCR is not supported" in result.stderr


def test_standard_input_is_read_by_its_signature() -> None:
    data = (DOCS / "sample-lo.docx").read_bytes()
    result = CliRunner().invoke(app, ["extract", "-", "-f", "json"], input=data)
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout)
    assert record["source"] == "<stdin>" and record["kind"] == "docx"
    assert "Vladimir Putin" in names(record, "person")
