"""The document readers on files made by real producers (LibreOffice,
Chromium, hand-saved web pages and mail; tests/fixtures/docs/make.sh), and
on broken ones. Reader level: no model needed."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest

from entityx.documents import Document
from entityx.errors import InputError
from entityx.readers import READERS, RawInput, ReadOptions, choose
from entityx.readers.pdf import NO_TEXT, assemble

DOCS = Path(__file__).resolve().parent / "fixtures" / "docs"
SAMPLES = Path(__file__).resolve().parent.parent / "samples"
SAMPLE = (SAMPLES / "trump-putin-call.txt").read_text(encoding="utf-8")
TITLE = "Trump and Putin agree to begin Ukraine talks"


def words(text: str) -> list[str]:
    return re.findall(r"\w+", text)


def read(name: str, *, suffix: str | None = None, max_bytes: int = 25 << 20,
         data: bytes | None = None) -> Document:
    path = DOCS / name
    raw = RawInput(name, path.read_bytes() if data is None else data,
                   path.suffix.lower() if suffix is None else suffix)
    return choose(raw).read(raw, ReadOptions(max_bytes=max_bytes))


def refused(name: str, **kwargs: object) -> str:
    with pytest.raises(InputError) as caught:
        read(name, **kwargs)  # type: ignore[arg-type]
    assert caught.value.source == name
    assert "\n" not in caught.value.reason
    return caught.value.reason


# -- choosing a reader -----------------------------------------------------------


@pytest.mark.parametrize(("name", "kind"), [
    ("sample-lo.pdf", "pdf"), ("sample-chromium.pdf", "pdf"), ("sample-lo.docx", "docx"),
    ("briefing.odt", "odt"), ("briefing.epub", "epub"), ("news-article.html", "html"), ("council-divs.html", "html"),
    ("lab-discovery.xhtml", "html"), ("briefing-mail.eml", "email"), ("briefing-lo.fodt", "fodt"),
    ("src/briefing.fodt", "fodt"),
])
def test_signature_decides_whatever_the_name(name: str, kind: str) -> None:
    data = (DOCS / name).read_bytes()
    for suffix in (Path(name).suffix, ".txt", ""):
        assert choose(RawInput(name, data, suffix)).kind == kind


def test_suffix_decides_when_no_signature_matches() -> None:
    # A DOCX whose first member is large pushes "word/" out of the first 8 KiB.
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "x" * 20000)
    data = buffer.getvalue()
    assert choose(RawInput("a.docx", data, ".docx")).kind == "docx"
    assert choose(RawInput("notes.md", b"<b>not</b> a page\n", ".md")).kind == "markdown"
    assert choose(RawInput("notes.rst", b"Notes\n=====\n", ".rst")).kind == "text"
    assert choose(RawInput("page.htm", b"<p>Fragment</p>", ".htm")).kind == "html"
    assert choose(RawInput("x.bin", b"plain words", ".bin")).kind == "text"


def test_every_reader_has_a_distinct_kind_and_text_is_last() -> None:
    kinds = [reader.kind for reader in READERS]
    assert len(kinds) == len(set(kinds))
    assert kinds[-1] == "text"


# -- PDF ---------------------------------------------------------------------------


def test_pdf_from_libreoffice_reads_the_whole_text_in_order() -> None:
    doc = read("sample-lo.pdf")
    assert doc.kind == "pdf" and doc.warnings == [] and doc.pages == [0]
    assert words(doc.text) == words(SAMPLE)
    # Wrapped lines are joined: no line ends inside a sentence. (A paragraph
    # whose last line is full width cannot be told from a wrapped line.)
    lines = doc.text.splitlines()
    assert all(re.search(r"[.”]$", line) for line in lines)
    assert len(lines) >= len(SAMPLE.strip().splitlines()) - 2


def test_pdf_from_chromium_undoes_ligatures_hyphen_breaks_and_running_headers() -> None:
    raw = (DOCS / "sample-chromium.pdf").read_bytes()
    doc = read("sample-chromium.pdf")
    # Chromium printed "conﬂict" with a ligature and broke lines at hyphens.
    assert "conflict" in doc.text and "\ufb02" not in doc.text
    assert "non-committal" in doc.text and "Russia-Ukraine" in doc.text
    assert "\ufffe" not in doc.text and "-\n" not in doc.text
    # Its running header (date, title) and footer (file URL, page n/m) are gone.
    assert "file://" not in doc.text and not re.search(r"\d+/\d+/\d+", doc.text)
    assert words(doc.text) == words(TITLE) + words(SAMPLE)
    assert len(doc.pages or []) == 3 and b"/Count 3" in raw
    # Names broken over two lines are joined by a space.
    for name in ("Vladimir Putin", "Volodymyr Zelensky", "Keith Kellogg", "Marc Fogel"):
        assert name in doc.text


def test_pdf_pages_are_start_offsets_of_each_page() -> None:
    doc = read("sample-chromium.pdf")
    pages = doc.pages or []
    assert pages[0] == 0 and pages == sorted(pages) and pages[-1] < len(doc.text)
    page_texts = [doc.text[a:b] for a, b in zip(pages, [*pages[1:], len(doc.text)], strict=True)]
    import pypdfium2

    pdf = pypdfium2.PdfDocument(DOCS / "sample-chromium.pdf")
    for index, text in enumerate(page_texts):  # each starts with its page's first line
        textpage = pdf[index].get_textpage()
        first = textpage.get_text_range().splitlines()[0]
        textpage.close()
        assert text.startswith(first.replace("\ufffe", "-").strip())
    pdf.close()


def test_pdf_running_header_and_page_numbers_of_libreoffice_are_dropped() -> None:
    doc = read("briefing.pdf")
    assert len(doc.pages or []) == 2
    assert "Ledger Briefing" not in doc.text and not re.search(r"^Page \d", doc.text, re.M)
    # The footnote is kept; the table's cells are lines of their own (PDFium
    # makes up a space between them: left alone, "Ignacio Villanueva Adviser").
    assert "Marguerite Delacroix" in doc.text
    lines = doc.text.splitlines()
    for cell in ("Name", "Role", "Keith Kellogg", "Special envoy", "Ignacio Villanueva"):
        assert cell in lines


def test_two_columns_read_in_order_with_headings_and_footnotes_apart() -> None:
    doc = read("briefing-2col.pdf")
    found = iter(words(doc.text.replace("Russia.1", "Russia.")))
    assert all(word in found for word in words(SAMPLE))  # the article, in order
    lines = doc.text.splitlines()
    assert lines[0] == "Briefing: the Trump–Putin call"  # larger type: a line of its own
    assert "1Account confirmed to the desk by Marguerite Delacroix of the Atlantic Council." in lines
    assert "Ignacio Villanueva" in doc.text  # a name wrapped in a narrow cell stays whole


def test_running_lines_need_to_recur_on_most_pages() -> None:
    cities = ["Oslo", "Bergen", "Tromsø", "Bodø", "Narvik"]
    pages = ["\r\n".join(["ACME QUARTERLY REPORT",
                           *(f"{city} line {n} of the body." for n in range(8)), f"Page {i} of 5"])
             for i, city in enumerate(cities, 1)]
    pages[2] = pages[2].replace("ACME QUARTERLY REPORT", "ACME QUARTERLY REPORT\r\nA one-off heading")
    text, starts = assemble(pages)
    assert "ACME" not in text and "Page" not in text
    assert "A one-off heading" in text and text.count("of the body.") == 40
    assert len(starts) == 5


def test_line_end_hyphen_is_kept_unless_the_joined_word_occurs_elsewhere() -> None:
    # PDFium marks a hyphen it found at a line end with U+FFFE.
    text, _ = assemble(["The negoti\ufffeations began. Then negotiations stalled.\r\n"
                        "He was non\ufffecommittal. Zelen\ufffesky met Zelensky's aides."])
    assert "negotiations began" in text and "non-committal" in text
    assert "Zelensky met" in text
    text, _ = assemble(["A well-\nknown case of the Russia-\nUkraine talks."])
    assert "well-known" in text and "Russia-Ukraine" in text


def test_pdf_without_text_layer_is_a_warning_and_an_empty_document() -> None:
    doc = read("scanned.pdf")
    assert doc.text == "" and doc.warnings == [NO_TEXT] and doc.kind == "pdf"


def test_encrypted_pdf_is_refused_with_a_reason() -> None:
    assert refused("encrypted.pdf") == "encrypted: no password"


@pytest.mark.parametrize("cut", [0.1, 0.5, 0.97])
def test_truncated_pdf_is_refused(cut: float) -> None:
    data = (DOCS / "sample-lo.pdf").read_bytes()
    reason = refused("sample-lo.pdf", data=data[: int(len(data) * cut)])
    assert "truncated or corrupt PDF" in reason


def test_pdf_with_trailing_bytes_after_its_end_is_read() -> None:
    # mail gateways and uploads pad files; readers ignore what follows %%EOF
    data = (DOCS / "sample-lo.pdf").read_bytes() + b"\0" * 8192 + b"junk\n" * 2000
    assert read("sample-lo.pdf", data=data).text == read("sample-lo.pdf").text


def test_pdf_text_over_max_bytes_is_refused() -> None:
    reason = refused("sample-lo.pdf", max_bytes=1000)
    assert "text extracted is over the limit" in reason and "--max-bytes" in reason


# -- DOCX and ODT ------------------------------------------------------------------


@pytest.mark.parametrize("name", ["sample-lo.docx", "sample-lo.odt"])
def test_office_text_from_libreoffice_reads_every_paragraph(name: str) -> None:
    doc = read(name)
    assert doc.text.splitlines() == [line for line in SAMPLE.splitlines() if line.strip()]


@pytest.mark.parametrize("name", ["briefing.docx", "briefing.odt", "briefing-lo.fodt",
                                  "src/briefing.fodt"])
def test_office_body_table_footnote_header_and_footer(name: str) -> None:
    doc = read(name)
    lines = doc.text.splitlines()
    assert lines[0] == "Briefing: the Trump–Putin call"  # the body comes first
    for cell in ("Keith Kellogg", "Special envoy", "Ignacio Villanueva"):
        assert cell in lines  # table cells, a line each
    footnote = "Account confirmed to the desk by Marguerite Delacroix of the Atlantic Council."
    assert lines.count(footnote) == 1
    body_end = lines.index("The Kremlin was more cautious but it also noted that the deal "
                           "could help strengthen mutual trust.")
    assert lines.index(footnote) > body_end  # notes after the body, sentence left whole
    assert lines.count("Ledger Briefing — internal circulation") == 1


def _docx(document: bytes, extra: dict[str, bytes] | None = None,
          method: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as archive:
        archive.writestr("word/document.xml", document)
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return buffer.getvalue()


_W = b'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def test_docx_zip_bomb_stops_at_max_bytes() -> None:
    body = b"<w:document " + _W + b"><w:body><w:p><w:r><w:t>" + b" " * (8 << 20) + \
        b"</w:t></w:r></w:p></w:body></w:document>"
    data = _docx(body)
    assert len(data) < 100_000  # 8 MB of XML in a few KB
    reason = refused("bomb.docx", data=data, max_bytes=1 << 20)
    assert "zip bomb" in reason and "--max-bytes" in reason


def test_docx_skips_deleted_text_and_field_codes_and_reads_text_boxes_once() -> None:
    body = b"""<w:document %s xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006">
    <w:body><w:p><w:r><w:t xml:space="preserve">Signed by </w:t></w:r>
    <w:del><w:r><w:delText>Olaf Brandt</w:delText></w:r></w:del>
    <w:r><w:instrText>MERGEFIELD Surname</w:instrText></w:r>
    <w:r><w:t>Greta Lindqvist</w:t></w:r><w:r><w:tab/><w:t>Oslo</w:t></w:r>
    <w:r><mc:AlternateContent><mc:Choice><w:txbxContent><w:p><w:r><w:t>Boxed note</w:t></w:r></w:p>
    </w:txbxContent></mc:Choice><mc:Fallback><w:txbxContent><w:p><w:r><w:t>Boxed note</w:t></w:r>
    </w:p></w:txbxContent></mc:Fallback></mc:AlternateContent></w:r></w:p></w:body></w:document>""" % _W
    doc = read("x.docx", data=_docx(body))
    assert doc.text == "Signed by Greta Lindqvist\tOslo\nBoxed note"


@pytest.mark.parametrize(("data", "expected"), [
    (b"PK\x03\x04word/ then nothing", "truncated or corrupt DOCX"),
    (_docx(b"<w:document"), "truncated or corrupt DOCX"),
    (_docx(b"<?xml version='1.0'?><!DOCTYPE d [<!ENTITY a 'aaaa'>]><d>&a;</d>"), "DTD"),
])
def test_broken_docx_is_refused(data: bytes, expected: str) -> None:
    assert expected in refused("broken.docx", data=data)


def test_flat_odt_reads_as_its_odt_does() -> None:
    # LibreOffice's flat ODT of the briefing and its ODT of the same source
    assert read("briefing-lo.fodt").text == read("briefing.odt").text
    assert read("briefing-lo.fodt").kind == "fodt"


@pytest.mark.parametrize(("data", "expected"), [
    (None, "truncated or corrupt flat ODT"),  # cut in half
    (b"<?xml version='1.0'?><!DOCTYPE d [<!ENTITY a 'aaaa'>]><office:document "
     b'office:mimetype="application/vnd.oasis.opendocument.text">&a;</office:document>', "DTD"),
    (b'<office:documentx office:mimetype="application/vnd.oasis.opendocument.text" '
     b'xmlns:office="urn:x"/>', "root element is documentx"),
])
def test_broken_flat_odt_is_refused(data: bytes | None, expected: str) -> None:
    whole = (DOCS / "briefing-lo.fodt").read_bytes()
    reason = refused("briefing-lo.fodt", data=whole[: len(whole) // 2] if data is None else data)
    assert expected in reason


def test_docx_without_main_part_is_refused() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/styles.xml", "<x/>")
    assert "no main document part" in refused("x.docx", data=buffer.getvalue())


def test_epub_chapters_in_reading_order() -> None:
    doc = read("briefing.epub")
    lines = doc.text.splitlines()
    assert lines[0] == "Briefing: the Trump–Putin call"
    assert "Ignacio Villanueva" in lines and "Marguerite Delacroix" in doc.text
    found = iter(words(doc.text.replace("Russia.1", "Russia.")))  # the footnote mark
    assert all(word in found for word in words(SAMPLE))  # the article, in order


def test_epub_bomb_and_broken_package_are_refused() -> None:
    data = (DOCS / "briefing.epub").read_bytes()
    assert "zip bomb" in refused("briefing.epub", max_bytes=2000)
    assert "truncated or corrupt EPUB" in refused("briefing.epub", data=data[: len(data) // 2])


# -- HTML ----------------------------------------------------------------------------


def test_news_page_keeps_the_article_and_drops_the_boilerplate() -> None:
    doc = read("news-article.html")
    lines = doc.text.splitlines()
    assert lines[0] == TITLE  # the headline is a line of its own
    for paragraph in SAMPLE.splitlines():
        if paragraph.strip():
            assert paragraph in lines
    for boilerplate in ("Skip to content", "cookies", "Accept all", "Bartholomew Quince",
                        "Priya Raman", "Ignatius Fairweather", "Rosalind Okafor",
                        "dataLayer", "font-family", "Most read"):
        assert boilerplate not in doc.text
    assert doc.metadata["title"].startswith(TITLE)


def test_page_without_semantic_tags_declared_windows_1252() -> None:
    doc = read("council-divs.html")
    assert "a gap of £28m in its budget" in doc.text
    assert doc.text.splitlines()[0] == "Leeds votes to close two libraries"
    for boilerplate in ("Desmond Oyelaran", "cookie", "Cornelia Sandoval", "Lysander Pembroke",
                        "Winifred Blakemore", "Halvorsen", "Share on"):
        assert boilerplate not in doc.text


def test_blog_page_drops_comments_widgets_and_post_navigation() -> None:
    doc = read("blog-post.html")
    expected = (SAMPLES / "batch" / "cup-final.txt").read_text(encoding="utf-8")
    kept = iter(words(doc.text))
    assert all(word in kept for word in words(expected))  # the whole post, in order
    for boilerplate in ("Gwendolyn Ashcroft", "Florence Whitlock", "Augustin Mallory",
                        "Reginald Pimm", "Winnie Athelstan", "Thaddeus Brook", "Isadora Venn",
                        "Percival Dunmore", "Leave a Reply", "cookies", "Skip to content"):
        assert boilerplate not in doc.text


def test_xhtml_page() -> None:
    doc = read("lab-discovery.xhtml")
    expected = (SAMPLES / "batch" / "lab-discovery.txt").read_text(encoding="utf-8")
    assert words(doc.text) == words(expected)
    assert "Oswin Tregarthen" not in doc.text and "Evangeline Marchbanks" not in doc.text


def test_page_with_no_main_text_is_refused() -> None:
    assert "no main text" in refused("nav-only.html")


def test_deeply_nested_page_is_refused_not_read_in_part() -> None:
    def page(depth: int) -> bytes:
        return (b"<html><body>" + b"<div>" * depth + b"<p>Ada Lovelace wrote it.</p>"
                + b"</div>" * depth + b"</body></html>")

    assert read("ok.html", data=page(100)).text == "Ada Lovelace wrote it."
    assert "nested more than" in refused("deep.html", data=page(300))
    assert "nested more than" in refused("deep.html", data=page(100_000))


def test_html_blocks_become_lines_and_inline_text_stays_whole() -> None:
    data = (b"<!DOCTYPE html><html><body><h2>Head</h2><p>Dr <b>Ada</b> <i>Love</i>lace"
            b"<br>met <a href='#'>Charles Babbage</a>.</p><ul><li>one</li><li>two</li></ul>"
            b"</body></html>")
    assert read("p.html", data=data).text == "Head\nDr Ada Lovelace\nmet Charles Babbage.\none\ntwo"


# -- e-mail ---------------------------------------------------------------------------


def test_email_headers_and_text_part() -> None:
    doc = read("briefing-mail.eml")
    head, _, body = doc.text.partition("\n\n")
    assert head.splitlines() == [
        "From: Helen Castellano <h.castellano@ledger.example>",
        "To: José Ramírez <j.ramirez@ledger.example>",
        "Cc: World Desk <world@ledger.example>",
        "Subject: Notes from the Munich Security Conference — draft",
    ]
    assert "arrive in Munich on Friday. Keith Kellogg" in body  # quoted-printable undone
    assert "Anneliese Vogt at the Kiel Institute" in body
    assert "<p>" not in body and "JVBERi" not in body  # not the HTML part nor the attachment
    assert doc.metadata["subject"].startswith("Notes from the Munich")
    assert doc.warnings == ["1 attachment(s) not read"]


def test_html_only_email_gives_the_html_text() -> None:
    data = (b"From: a@example.org\r\nTo: b@example.org\r\nSubject: Hi\r\nMIME-Version: 1.0\r\n"
            b"Content-Type: text/html; charset=utf-8\r\n\r\n"
            b"<html><body><p>Meet Ines Duarte in Porto.</p><style>p{}</style></body></html>\r\n")
    doc = read("m.eml", data=data)
    assert doc.kind == "email"
    assert doc.text.endswith("\n\nMeet Ines Duarte in Porto.")


def test_text_starting_with_one_header_like_line_stays_text() -> None:
    data = b"From: the notebook of a traveller\nWe went to Lisbon.\n"
    assert choose(RawInput("n.txt", data, ".txt")).kind == "text"


def test_email_with_a_malformed_address_keeps_it_as_written() -> None:
    # The standard library's address parser fails on this one (IndexError).
    data = b"From: Helen Castellano <h.castellano@\r\nTo: b@example.org\r\nSubject: Hi\r\n\r\nBody.\r\n"
    doc = read("m.eml", data=data)
    assert doc.text.startswith("From: Helen Castellano <h.castellano@\nTo: b@example.org\n")


def test_email_recipients_the_address_parser_drops_are_kept() -> None:
    # Outlook separates recipients with ";" and old mailers put the name in
    # a comment: the standard library's parsed header keeps only "Miles
    # Dyson <m@example.org>" and "a@example.org", losing a person each.
    data = (b"From: a@example.org (Ann Lee)\r\n"
            b"To: Miles Dyson <m@example.org>; Kyle Reese <k@example.org>\r\n"
            b"Cc: =?utf-8?q?Jos=C3=A9_Ram=C3=ADrez?= <j@example.org>\r\n"
            b"Subject: Hi\r\n\r\nBody.\r\n")
    doc = read("m.eml", data=data)
    assert doc.text.splitlines()[:3] == [
        "From: a@example.org (Ann Lee)",
        "To: Miles Dyson <m@example.org>; Kyle Reese <k@example.org>",
        "Cc: José Ramírez <j@example.org>"]
    assert doc.metadata["to"] == "Miles Dyson <m@example.org>; Kyle Reese <k@example.org>"


def test_a_wrapper_named_like_boilerplate_is_not_dropped_with_the_article() -> None:
    article = "<p>Councillor Hester Lambe opened the new bridge in Derby on Monday.</p>" * 5
    data = (f"<!DOCTYPE html><html><body><div class='layout with-sidebar'>{article}"
            "<div class='sidebar'>Columnist Tobias Crane</div></div></body></html>").encode()
    doc = read("wrapped.html", data=data)
    assert doc.text.count("Hester Lambe") == 5 and "Tobias Crane" not in doc.text


def test_password_protected_or_old_word_file_named_docx() -> None:
    # Office keeps a password-protected DOCX in an OLE compound file whose
    # "EncryptedPackage" stream holds the encrypted zip; .doc is one too.
    cfb = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
    encrypted = cfb + "EncryptedPackage".encode("utf-16-le") + bytes(64)
    assert refused("secret.docx", data=encrypted) == \
        "encrypted DOCX: no password (save it without one)"
    assert "old Word (.doc) file" in refused("old.docx", data=cfb + bytes(64))
