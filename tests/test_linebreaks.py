"""Hard-wrapped text (entityx.linebreaks.unwrap) and Unicode spaces, alone and through extract."""

from __future__ import annotations

import pytest

import entityx
from entityx.linebreaks import unwrap

ARTICLE = (
    "TRUMP AND PUTIN TALK\n"
    "\n"
    "Donald Trump spoke by telephone with Vladimir Putin on Tuesday, and the\n"
    "two leaders discussed Ukraine, the Kremlin said. Mr Trump later told Joe\n"
    "Biden that the call went well, according to people close to the White\n"
    "House, who said the two men would meet in Helsinki next month to sign an\n"
    "agreement.\n"
    "\n"
    "The call lasted two hours.\n"
)


def test_breaks_inside_paragraphs_become_spaces_and_the_length_stays() -> None:
    text = unwrap(ARTICLE)
    assert len(text) == len(ARTICLE)
    assert "told Joe Biden that" in text and "the White House, who" in text
    # the headline, the blank lines and the paragraphs' last lines keep their breaks
    assert text.startswith("TRUMP AND PUTIN TALK\n\nDonald")
    assert "agreement.\n\nThe call lasted two hours.\n" in text
    # Windows line ends: both characters become spaces
    crlf = ARTICLE.replace("\n", "\r\n")
    text = unwrap(crlf)
    assert len(text) == len(crlf) and "told Joe  Biden that" in text
    assert text.startswith("TRUMP AND PUTIN TALK\r\n\r\nDonald")


@pytest.mark.parametrize("text", [
    # one paragraph a line (lines longer than any wrap width)
    "Donald Trump spoke by telephone with Vladimir Putin on Tuesday, and the two leaders "
    "discussed Ukraine for two hours, the Kremlin said in a statement on its website.\n" * 4,
    # a list of names: short lines of like length
    "Alice Smith\nBobby Jones\nCarol White\nDavid Brown\n",
    # a list of one word a line: no line has a space to measure a width by
    "Paris\nLondon\nBerlin\nMadrid\n",
    # too few lines to tell
    "Donald Trump spoke by telephone with Vladimir Putin on Tuesday, and the\ntwo leaders talked.",
    # lines of a table, columns set apart by runs of spaces
    "Name             Country        Role in the talks\n"
    "Donald Trump     United States  President of the US\n"
    "Vladimir Putin   Russia         President of Russia\n"
    "Volodymyr Zelensky  Ukraine     President of Ukraine\n",
])
def test_text_that_is_not_hard_wrapped_is_left_alone(text: str) -> None:
    assert unwrap(text) == text


def test_extract_reads_a_list_of_one_word_lines() -> None:
    # it raised ValueError (a traceback, and the batch stopped) until 2026-12-02
    result = entityx.extract("Paris\nLondon\nBerlin\nMadrid\n")
    assert result.ok and "Paris" in {e.name for e in result.entities}


def test_an_e_mail_keeps_its_header_lines_and_unwraps_its_body() -> None:
    header = ("From: Helen Castellano <h.castellano@ledger.example>\n"
              "To: Jose Ramirez <j.ramirez@ledger.example>\n"
              "Subject: Notes from the Munich Security Conference\n\n")
    text = header + ARTICLE.split("\n\n", 1)[1]
    out = unwrap(text)
    assert out.startswith(header) and "told Joe Biden that" in out
    # header lines beside paragraphs written on one line each: nothing is wrapped
    one_line = header + "Vice President JD Vance and Secretary of State Marco Rubio arrive in " \
        "Munich on Friday. Keith Kellogg will brief Nato ambassadors in Brussels first.\n"
    assert unwrap(one_line) == one_line


def test_a_word_broken_by_a_hyphen_keeps_its_break() -> None:
    text = ("The committee discussed the proposal at length on Tuesday and inter-\n"
            "national observers said the talks with the government had gone well\n"
            "enough for a second round of meetings to take place in Geneva soon\n"
            "after the summer.\n")
    out = unwrap(text)
    assert "inter-\nnational" in out and "gone well enough" in out


def test_extract_finds_a_name_broken_across_lines() -> None:
    result = entityx.extract(ARTICLE)
    people = {e.name: e for e in result.entities if e.type == "person"}
    assert "Joe Biden" in people
    mention = people["Joe Biden"].mentions[0]
    assert ARTICLE[mention.start:mention.end] == "Joe\nBiden"  # offsets into the text as given
    places = {e.name for e in result.entities if e.type != "person"}
    assert {"Ukraine", "Helsinki"} <= places
    assert not any("TALK" in name for name in people)  # the headline stays apart


def test_no_break_and_thin_spaces_are_spaces_for_the_model() -> None:
    # web pages bind names and titles with U+00A0; spaCy would make each a token
    text = "Mr.\u00a0Trump met Joe\u202fBiden and Vladimir\u00a0Putin in\u2009Helsinki."
    result = entityx.extract(text)
    people = {e.name: e for e in result.entities if e.type == "person"}
    assert {"Trump", "Joe Biden", "Vladimir Putin"} <= set(people)
    assert people["Trump"].titles == ["Mr"]
    biden = people["Joe Biden"].mentions[0]
    assert text[biden.start:biden.end] == "Joe\u202fBiden"  # offsets into the text as given
    assert "Helsinki" in {e.name for e in result.entities if e.type == "place"}


def test_wikipedia_reference_marks_are_no_part_of_a_name() -> None:
    # spaCy makes "Milbanke.[2" one token; the mark is blanked for the model
    text = ("She was the only child of poet Lord Byron and reformer Anne Isabella Milbanke.[2] "
            "She met Charles Babbage[a] in London.[citation needed]")
    result = entityx.extract(text)
    people = {e.name: e for e in result.entities if e.type == "person"}
    assert {"Anne Isabella Milbanke", "Charles Babbage"} <= set(people)
    anne = people["Anne Isabella Milbanke"].mentions[0]
    assert text[anne.start:anne.end] == "Anne Isabella Milbanke"
    assert "London" in {e.name for e in result.entities if e.type == "place"}
    assert not any("[" in e.name or "]" in e.name for e in result.entities)
