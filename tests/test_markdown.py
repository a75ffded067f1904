"""The Markdown reader: markup written as spaces, words and offsets kept."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from entityx.cli import app
from entityx.readers import RawInput, ReadOptions, choose
from entityx.readers.markdown import blank_markup

NOTE = """\
# Meeting notes

## Attendees

* **Angela Merkel** (CDU)
* *Emmanuel Macron*
- [Olaf Scholz](https://en.wikipedia.org/wiki/Olaf_Scholz "Olaf Scholz")

Summary
=======

The talks in **Brussels** were hosted by the [European Commission][ec].
__Ursula von der Leyen__ said that `Nato` must grow. See _The Economist_.

> Quote from **Vladimir Putin**: "We are ready." <br>

[ec]: https://ec.europa.eu
"""


# Each expected text marks a blanked character "▫" (a space in the output),
# so that it lines up with its markdown character for character.
@pytest.mark.parametrize(("markdown", "plain"), [
    ("## Early life ##", "▫▫ Early life▫▫▫"),
    ("**Angela Merkel** (CDU)", "▫▫Angela Merkel▫▫ (CDU)"),
    ("__Ursula von der Leyen__ said", "▫▫Ursula von der Leyen▫▫ said"),
    ("***both*** and ~~gone~~", "▫▫▫both▫▫▫ and ▫▫gone▫▫"),
    ("**bold _and italic_**", "▫▫bold ▫and italic▫▫▫"),
    ('[Olaf Scholz](https://x.org/a_(b) "t") spoke', "▫Olaf Scholz" + "▫" * 26 + " spoke"),
    ("![Angela Merkel in Berlin](m.jpg)", "▫▫Angela Merkel in Berlin▫▫▫▫▫▫▫▫"),
    ("the [European Commission][ec].", "the ▫European Commission▫▫▫▫▫."),
    ("[ec]: https://ec.europa.eu", "▫" * 26),
    ("> > Quote from Putin", "▫▫▫▫Quote from Putin"),
    ("  * item", "  ▫ item"),
    ("| Name | City |", "| Name | City |"),
    ("|------|:----:|", "▫" * 15),
    ("said `Nato` <br/> and <!-- a note -->", "said ▫Nato▫ ▫▫▫▫▫ and ▫▫▫▫▫▫▫▫▫▫▫▫▫▫▫"),
    ("mail <ann@example.org> or <https://x.org>", "mail ▫ann@example.org▫ or ▫https://x.org▫"),
    ("\\*not emphasis\\*", "▫*not emphasis▫*"),
    ("---", "▫▫▫"),
])
def test_markup_becomes_spaces(markdown: str, plain: str) -> None:
    assert len(plain) == len(markdown)
    assert blank_markup(markdown) == plain.replace("▫", " ")


@pytest.mark.parametrize("text", [
    "snake_case_name and file_name.txt", "5 * 3 * 2 = 30", "a ** b", "1. Oxfam",
    "C# and F#", "Tom's 3-4 win", "x < y > z", "[1 - 3] and [10]", "I ~~ you",
])
def test_what_is_no_markup_stays(text: str) -> None:
    assert blank_markup(text) == text


def test_fenced_code_keeps_its_lines_and_loses_its_fences() -> None:
    text = "```python\nname = '**Ann**'  # [x](y)\n```\nAfter **it**\n~~~\n# not a heading\n~~~\n"
    assert blank_markup(text) == ("         \nname = '**Ann**'  # [x](y)\n   \nAfter   it  \n"
                                  "   \n# not a heading\n   \n")


def test_the_blanked_text_has_the_files_length_line_ends_included() -> None:
    text = NOTE.replace("\n", "\r\n")
    blanked = blank_markup(text)
    assert len(blanked) == len(text)
    assert [i for i, c in enumerate(text) if c in "\r\n"] == \
           [i for i, c in enumerate(blanked) if c in "\r\n"]


def test_md_files_are_read_as_markdown() -> None:
    raw = RawInput("notes.md", NOTE.encode(), ".md")
    reader = choose(raw)
    assert reader.kind == "markdown"
    document = reader.read(raw, ReadOptions())
    assert len(document.text) == len(NOTE) and "**" not in document.text
    assert choose(RawInput("n.markdown", b"x", ".markdown")).kind == "markdown"
    assert choose(RawInput("n.txt", b"**x**", ".txt")).kind == "text"


def test_names_in_markup_are_found_with_offsets_into_the_file(tmp_path: Path) -> None:
    path = tmp_path / "notes.md"
    path.write_text(NOTE, encoding="utf-8")
    result = CliRunner().invoke(app, ["extract", str(path), "-f", "json", "--with-text"])
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout)
    assert record["kind"] == "markdown"
    found = {(e["name"], e["type"]) for e in record["entities"]}
    # As plain text, "Scholz](https://..." was one token and "Leyen__" a
    # person's last word: neither name came out whole.
    assert {("Olaf Scholz", "person"), ("Ursula von der Leyen", "person"),
            ("Angela Merkel", "person"), ("European Commission", "organisation"),
            ("Brussels", "place"), ("Vladimir Putin", "person")} <= found
    for entity in record["entities"]:
        for mention in entity["mentions"]:
            assert NOTE[mention["start"]:mention["end"]] == mention["text"]
            assert record["text"][mention["start"]:mention["end"]] == mention["text"]
    assert "https://" not in record["text"] and len(record["text"]) == len(NOTE)


_MARKUP = st.text(alphabet=st.sampled_from(list("*_~`#>[]()!<>|-:\\ \n\r\tAnn Lee\"/.=")) ,
                  max_size=200)


@settings(max_examples=300, deadline=None)
@given(_MARKUP)
def test_any_text_keeps_its_length_and_every_character_that_is_not_markup(text: str) -> None:
    blanked = blank_markup(text)
    assert len(blanked) == len(text)
    # Characters only ever become spaces; line ends never move.
    assert all(b == c or b == " " for b, c in zip(blanked, text, strict=True))
    assert [i for i, c in enumerate(text) if c in "\r\n"] == \
           [i for i, c in enumerate(blanked) if c in "\r\n"]


def test_character_references_are_the_characters_they_stand_for() -> None:
    z = "\u200b"
    assert blank_markup("AT&amp;T and Johnson &amp; Johnson") == (
        f"AT&{z * 4}T and Johnson &{z * 4} Johnson")
    assert blank_markup("Trump&#39;s&nbsp;visit &#x2014;") == f"Trump'{z * 4}s\u00a0{z * 5}visit —{z * 7}"
    for text in ("&bogus; R&D; a & b", "&#99999999;", "AT&T"):
        assert blank_markup(text) == text


def test_names_with_character_references_are_read_whole(tmp_path: Path) -> None:
    path = tmp_path / "shares.md"
    text = "Shares of AT&amp;T and Johnson &amp; Johnson rose after **Trump&#39;s** visit.\n"
    path.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(app, ["extract", str(path), "-f", "json"])
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout)
    found = {(e["name"], e["type"]) for e in record["entities"]}
    assert {("AT&T", "organisation"), ("Johnson & Johnson", "organisation"),
            ("Trump", "person")} <= found
    for entity in record["entities"]:
        for mention in entity["mentions"]:
            assert len(text[mention["start"]:mention["end"]]) == len(mention["text"])
