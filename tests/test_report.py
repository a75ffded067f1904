"""The HTML report's page as written (no browser): escaping, the embedded data,
counting across documents, titles and offsets."""

from __future__ import annotations

import io
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from _report_support import HOSTILE, SAMPLE_LINKS, link_places, make_link, real_result
from conftest import SHARED_SAMPLE
from hypothesis import given, settings
from hypothesis import strategies as st

from entityx.output.html import HTMLReportWriter, title_span, utf16_offsets
from entityx.results import DocumentResult, Entity, Mention


def render(results: list[DocumentResult], *, many: bool = True) -> str:
    stream = io.StringIO()
    writer = HTMLReportWriter(stream, many=many)
    for result in results:
        writer.write(result)
    writer.close()
    return stream.getvalue()


class Elements(HTMLParser):
    """Start tags and script bodies, as an HTML parser sees them."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, Any]]] = []
        self.scripts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        if self.lasttag == "script" and self.tags and self.tags[-1][0] == "script":
            self.scripts.append(data)


def parse(page: str) -> Elements:
    parser = Elements()
    parser.feed(page)
    parser.close()
    return parser


def payload(page: str) -> dict[str, Any]:
    body = re.search(r'<script type="application/json" id="entityx-data">(.*?)</script>',
                     page, re.S)
    assert body is not None
    return json.loads(body.group(1))  # type: ignore[no-any-return]


def test_hostile_text_stays_inside_the_data() -> None:
    hostile = real_result(HOSTILE, "</script><script>alert(1)</script>.txt")
    page = render([hostile, DocumentResult(source="<b>x</b>", error="<img src=x onerror=y>")])
    elements = parse(page)
    tags = [t for t, _ in elements.tags]
    assert tags.count("script") == 2 and tags.count("style") == 1 and tags.count("svg") == 1
    assert not {"img", "a", "iframe", "object", "embed"} & set(tags)
    data = payload(page)
    assert data["docs"][0]["t"] == HOSTILE
    assert data["docs"][0]["s"] == "</script><script>alert(1)</script>.txt"
    assert "<img src=x onerror=y>" not in page and "&lt;img src=x onerror=y&gt;" in page
    assert "<b>x</b>" not in page


def test_page_fetches_nothing() -> None:
    page = render([real_result(SHARED_SAMPLE.read_text(encoding="utf-8"), "sample.txt")])
    csp = next(a["content"] for t, a in parse(page).tags
               if t == "meta" and a.get("http-equiv") == "Content-Security-Policy")
    assert "default-src 'none'" in csp and "connect-src" not in csp
    assert "://" not in page  # no URL of any kind: no CDN, font or tile
    assert not re.search(r"\b(src|href)=", page)


def test_linked_places_are_one_entity_across_documents() -> None:
    one = real_result("The US and Russia met in Saudi Arabia. The US said no.", "a.txt")
    two = real_result("Officials in the United States spoke to Russia.", "b.txt")
    for result in (one, two):
        link_places(result, {**SAMPLE_LINKS, "US": ("country", "US", 39.8, -98.5, 6252001),
                             "United States": ("country", "US", 39.8, -98.5, 6252001)})
        for entity in result.entities:
            if entity.link and entity.link["geonames_id"] == 6252001:
                entity.link["name"] = "United States"
    us = [e for r in (one, two) for e in r.entities if e.name in ("US", "United States")]
    assert len(us) == 2, "the model should find both spellings"
    page = render([one, two])
    entities = payload(page)["entities"]
    united = [e for e in entities if e[0] == "United States"]
    assert united == [["United States", 1, 2, sum(e.count for e in us), [0, us[0].count,
                                                                            1, us[1].count]]]
    circles = re.findall(r'<circle class="pt" tabindex="0" data-entity="\d+" data-mentions="(\d+)" '
                         r'data-docs="(\d+)"[^>]*><title>United States', page)
    assert circles == [(str(sum(e.count for e in us)), "2")]


def test_titles_are_found_before_their_names() -> None:
    text = "Secretary of State Marco Rubio and Mr Trump met Defence Secretary, Pete Hegseth."
    assert title_span(text, text.index("Marco"), "Secretary of State") == (0, 18)
    assert title_span(text, text.index("Trump"), "Mr") == (35, 37)
    at = text.index("Pete")
    assert text[slice(*title_span(text, at, "Defence Secretary") or (0, 0))] == "Defence Secretary"
    assert title_span(text, text.index("Trump"), "Secretary of State") is None


def test_sample_titles_are_marked() -> None:
    sample = real_result(SHARED_SAMPLE.read_text(encoding="utf-8"), "sample.txt")
    doc = payload(render([sample], many=False))["docs"][0]
    marked = [doc["t"][a:b] for a, b in zip(doc["ti"][::2], doc["ti"][1::2], strict=True)]
    titled = [m.title for e in sample.entities for m in e.mentions if m.title]
    assert titled and len(marked) == len(titled)
    assert sorted(t.lower() for t in marked) == sorted(t.lower() for t in titled)


def test_offsets_count_utf16_units_as_javascript_does() -> None:
    text = "🙂 Angela Merkel met 🌍🌍 Macron."
    table = utf16_offsets(text)
    assert table is not None and utf16_offsets("plain text") is None
    start = text.index("Macron")
    assert text.encode("utf-16-le")[2 * table[start]:2 * table[start + 6]].decode(
        "utf-16-le") == "Macron"
    result = DocumentResult(source="e.txt", chars=len(text), text=text, entities=[
        Entity("Macron", "person", [Mention("Macron", start, start + 6)])])
    assert payload(render([result]))["docs"][0]["m"] == [table[start], table[start + 6], 0]


def test_overlapping_mentions_are_counted_and_said() -> None:
    text = "New York City Council"
    result = DocumentResult(source="o.txt", chars=len(text), text=text, entities=[
        Entity("New York City Council", "organisation", [Mention(text, 0, 21)]),
        Entity("New York City", "place", [Mention("New York City", 0, 13)],
               link=make_link("New York City", "city", "US", 40.7, -74.0, 5128581))])
    page = render([result])
    assert payload(page)["docs"][0]["m"] == [0, 21, 0]
    assert "1 mention is counted but not highlighted (overlapping another" in page
    assert 'data-count="mentions" data-value="2"' in page


def test_failed_inputs_and_an_empty_run() -> None:
    page = render([DocumentResult(source="gone.txt", error="gone.txt: no such file")])
    assert 'data-count="failed" data-value="1"' in page
    assert "<li><code>gone.txt</code>: gone.txt: no such file</li>" in page
    empty = render([])
    assert 'data-count="documents" data-value="0"' in empty
    assert payload(empty)["docs"] == [] and "None found." in empty


def test_command_writes_the_report(runner: Any, tmp_path: Path) -> None:
    from entityx.cli import app

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("Angela Merkel visited Paris with Emmanuel Macron.",
                                  encoding="utf-8")
    out = tmp_path / "report.htm"  # the suffix picks the format
    result = runner.invoke(app, ["extract", str(folder / "a.txt"), str(folder / "b.txt"),
                                 "-o", str(out)])
    assert result.exit_code == 1, result.output
    assert result.stdout == ""
    data = payload(out.read_text(encoding="utf-8"))
    assert [d["s"].rsplit("/", 1)[-1] for d in data["docs"]] == ["a.txt", "b.txt"]
    assert data["docs"][0]["t"].startswith("Angela Merkel") and "err" in data["docs"][1]
    names = {e[0] for e in data["entities"]}
    assert {"Angela Merkel", "Emmanuel Macron"} <= names


PIECES = ["<", ">", "&", "/", "script", "SCRIPT", "<!--", "-->", " ", "\n", "\u2028", "é",
          "🙂", "A", "Merkel", '"', "\\", "\x00", "\ud800"]


@settings(max_examples=60, deadline=None)
@given(text=st.lists(st.sampled_from(PIECES), max_size=40).map("".join))
def test_any_text_round_trips_through_the_page(text: str) -> None:
    found = [i for i in range(len(text)) if text.startswith("Merkel", i)]
    result = DocumentResult(source=text[:20], chars=len(text), text=text, entities=[
        Entity("Merkel", "person", [Mention("Merkel", i, i + 6) for i in found])] if found
        else [])
    page = render([result])
    assert [t for t, _ in parse(page).tags].count("script") == 2
    doc = payload(page)["docs"][0]
    shown = text.replace("\ud800", "\ufffd")  # lone surrogates cannot be written
    assert doc["t"] == shown and doc["s"] == shown[:20]
    units = shown.encode("utf-16-le")
    spans = list(zip(doc["m"][::3], doc["m"][1::3], strict=True))
    assert [units[2 * a:2 * b].decode("utf-16-le") for a, b in spans] == ["Merkel"] * len(found)


def test_map_shows_the_region_holding_the_places() -> None:
    def report(places: dict[str, tuple[float, float]]) -> tuple[list[float], list[tuple[float, float]]]:
        text = " and ".join(places)
        entities, at = [], 0
        for name, (lat, lon) in places.items():
            entities.append(Entity(name, "place", [Mention(name, at, at + len(name))],
                                   link=make_link(name, "city", "US", lat, lon, 0), linked=True))
            at += len(name) + 5
        page = render([DocumentResult(source="p.txt", chars=len(text), text=text,
                                      entities=entities)])
        view = re.search(r'<svg class="world" viewBox="([^"]+)"', page)
        assert view is not None
        points = re.findall(r'cx="([\d.]+)" cy="([\d.]+)"', page)
        return [float(v) for v in view.group(1).split()], [(float(x), float(y)) for x, y in points]

    (x, y, w, h), points = report({"Austin": (30.27, -97.74), "Boston": (42.36, -71.06),
                                   "Denver": (39.74, -104.98)})
    assert w < 1440 / 2 and w / h == pytest.approx(1440 / 568, rel=0.02)
    assert all(x < px < x + w and y < py < y + h for px, py in points) and len(points) == 3
    (x, y, w, h), _ = report({"Austin": (30.27, -97.74), "Perth": (-31.95, 115.86)})
    assert (x, y, w, h) == (0, 24, 1440, 568)
