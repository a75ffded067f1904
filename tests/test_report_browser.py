"""The HTML report in a real browser: headless Chromium driven by Playwright.

Reports are built from the embedded model's real output. Place links are given
by hand here (the same shape the linker writes), so the map is checked against
known coordinates whatever the gazetteer says.

Chromium is Debian's package (`apt-get install chromium`, done by .ci/run). In CI
these tests fail rather than skip when it is missing.
"""

from __future__ import annotations

import os
import shutil
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from _report_support import (
    HOSTILE,
    SAMPLE_LINKS,
    link_places,
    real_result,
    write_report,
)
from conftest import SHARED_SAMPLE

from entityx.results import DocumentResult

CHROMIUM = os.environ.get("ENTITYX_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
# Chromium's own background traffic (updates, field trials, safe browsing) off,
# so the only request a test sees is the page's own.
ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-component-update",
        "--disable-default-apps", "--disable-sync", "--no-first-run",
        "--disable-domain-reliability", "--disable-client-side-phishing-detection",
        "--metrics-recording-only", "--disable-features=Translate,OptimizationHints"]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing: .ci/run installs Debian's chromium")
        pytest.skip("chromium is not installed (apt-get install chromium)")
    if os.environ.get("CI"):
        from playwright import sync_api
    else:
        sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


class Opened:
    """A report opened in a fresh page, with every request and console error kept."""

    def __init__(self, browser: Any, path: Path, **context: Any) -> None:
        self.context = browser.new_context(**context)
        self.page = self.context.new_page()
        self.page.set_default_timeout(10_000)  # a broken page fails fast
        self.url = path.resolve().as_uri()
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        self.page.goto(self.url, wait_until="load")

    def clean(self) -> None:
        """Nothing fetched but the file itself, nothing logged as an error."""
        assert self.requests == [self.url]
        assert self.errors == []
        assert self.dialogs == []

    def close(self) -> None:
        self.context.close()


@pytest.fixture(scope="module")
def sample_results() -> list[DocumentResult]:
    sample = real_result(SHARED_SAMPLE.read_text(encoding="utf-8"), str(SHARED_SAMPLE))
    link_places(sample, SAMPLE_LINKS)
    # astral characters before the names: JavaScript counts them as two
    emoji = real_result("🙂🙂 Angela Merkel met Emmanuel Macron in Paris. 🌍 Then Merkel flew "
                        "to Berlin with officials of the European Commission.", "emoji.txt")
    failed = DocumentResult(source="missing.txt", error="missing.txt: no such file")
    return [sample, emoji, failed]


@pytest.fixture(scope="module")
def sample_report(sample_results: list[DocumentResult], tmp_path_factory: Any) -> Path:
    return write_report(sample_results, tmp_path_factory.mktemp("report") / "report.html")


@pytest.fixture
def opened(browser: Any, sample_report: Path) -> Iterator[Opened]:
    page = Opened(browser, sample_report, viewport={"width": 1200, "height": 900})
    yield page
    page.close()


def mention_counts(results: list[DocumentResult]) -> Counter[str]:
    counts: Counter[str] = Counter()
    for r in results:
        for e in r.entities:
            counts[e.type] += e.count
    return counts


def test_every_mention_is_highlighted_with_its_type(opened: Opened,
                                                   sample_results: list[DocumentResult],
                                                   tmp_path: Path) -> None:
    page = opened.page
    page.click("#open-all")
    expected = mention_counts(sample_results)
    assert expected["person"] and expected["place"] and expected["organisation"]
    for etype in ("person", "place", "organisation"):
        assert page.locator(f"#doc-list mark.t-{etype}").count() == expected[etype]
        shown = page.locator(f'.count[data-count="{etype}"]').get_attribute("data-value")
        assert int(shown) == len({e.name for r in sample_results for e in r.entities
                                  if e.type == etype and not e.link}
                                 | {e.link["name"] for r in sample_results for e in r.entities
                                    if e.type == etype and e.link})
    # each highlight is exactly its mention's text (offsets right, emoji included)
    marks = page.eval_on_selector_all("#doc-list mark", "ns => ns.map(n => n.textContent)")
    assert Counter(marks) == Counter(m.text for r in sample_results for e in r.entities
                                     for m in e.mentions)
    assert page.locator("#failed-list li").inner_text() == "missing.txt: missing.txt: no such file"
    page.screenshot(path=str(tmp_path / "report.png"), full_page=True)
    assert (tmp_path / "report.png").stat().st_size > 10_000
    opened.clean()


def test_bar_charts_and_map_counts(opened: Opened, sample_results: list[DocumentResult]) -> None:
    page = opened.page
    rows = page.eval_on_selector_all(
        '.chart[data-type="person"] .bar-row',
        "ns => ns.map(n => [n.querySelector('.bar-name').textContent, +n.dataset.mentions,"
        " +n.dataset.docs])")
    people: Counter[str] = Counter()
    docs: Counter[str] = Counter()
    for r in sample_results:
        for e in r.entities:
            if e.type == "person":
                people[e.name] += e.count
                docs[e.name] += 1
    assert rows[0][:2] == list(people.most_common(1)[0])
    assert {name: (m, d) for name, m, d in rows} == {
        name: (people[name], docs[name]) for name, _, _ in rows}
    assert len(rows) == min(10, len(people))
    points = page.eval_on_selector_all(
        "svg.world circle.pt", "ns => ns.map(n => [n.querySelector('title').textContent,"
        " +n.dataset.mentions, +n.getAttribute('cx'), +n.getAttribute('cy')])")
    linked: dict[str, tuple[int, dict[str, Any], list[str]]] = {}
    for r in sample_results:
        for e in r.entities:
            if e.link:
                count, _, sources = linked.get(e.link["name"], (0, e.link, []))
                linked[e.link["name"]] = (count + e.count, e.link, [*sources, r.source])
    assert len(points) == len(linked) >= len(SAMPLE_LINKS)
    for title, count, x, y in points:
        name = title.split(" (")[0]
        total, link, sources = linked[name]
        assert total == count
        assert (x, y) == pytest.approx(((link["lon"] + 180) * 4, (90 - link["lat"]) * 4),
                                       abs=0.1)
        assert all(source in title for source in sources)  # hover names the documents
    assert page.locator("svg.world .land path").count() > 150
    opened.clean()


def test_choosing_an_entity_highlights_its_mentions(opened: Opened,
                                                   sample_results: list[DocumentResult]) -> None:
    page = opened.page
    merkel = next(e for e in sample_results[1].entities if "Merkel" in e.name)
    page.fill("#entity-filter", "merkel")
    assert page.locator("#entity-list .ent").count() == 1
    page.click("#entity-list .ent")
    selected = page.eval_on_selector_all("mark.sel", "ns => ns.map(n => n.textContent)")
    assert sorted(selected) == sorted(m.text for m in merkel.mentions)
    assert page.locator("#entity-detail .doc-link").all_inner_texts() == ["emoji.txt"]
    assert page.locator("#doc-1").get_attribute("open") is not None
    # a bar in a chart selects its entity too
    first_bar = page.locator('.chart[data-type="place"] .bar-row').first
    first_bar.click()
    name = first_bar.locator(".bar-name").inner_text()
    place = next(e for r in sample_results for e in r.entities
                 if e.type == "place" and (e.link or {}).get("name", e.name) == name)
    assert page.locator("mark.sel").count() == place.count
    assert page.locator("#entity-detail h3").inner_text() == name
    # and so does a map point, from the keyboard
    point = page.locator("circle.pt").last
    point.focus()
    page.keyboard.press("Enter")
    assert page.locator("mark.sel").count() == int(point.get_attribute("data-mentions"))
    # the type filter hides the other types from the index
    page.fill("#entity-filter", "")
    page.click('.type-toggle[data-type="person"]')
    page.click('.type-toggle[data-type="place"]')
    shown = set(page.eval_on_selector_all("#entity-list .ent", "ns => ns.map(n => n.className)"))
    assert shown == {"ent t-organisation"}
    opened.clean()


def test_hostile_document_runs_nothing(browser: Any, tmp_path: Path) -> None:
    hostile = real_result(HOSTILE, '<img src=x onerror="window.pwned=9">.txt')
    failed = DocumentResult(source="</script><script>window.pwned=8</script>",
                            error="<b onmouseover=alert(1)>bad</b>")
    path = write_report([hostile, failed], tmp_path / "hostile.html")
    opened = Opened(browser, path)
    page = opened.page
    page.click("#open-all")
    # an inline handler would run on these events; none may exist
    page.eval_on_selector_all("body *", """ns => ns.forEach(n => ["mouseover", "click", "load"]
        .forEach(t => n.dispatchEvent(new Event(t, {bubbles: false}))))""")
    assert page.evaluate("typeof window.pwned") == "undefined"
    assert page.locator("script").count() == 2  # the data and the report's own
    assert page.locator("img, iframe, object, embed, style:not(head style)").count() == 0
    assert page.locator("a").count() == 0
    text = page.locator("#doc-0 .text").inner_text()
    for piece in ("<script>window.pwned=1</script>", "</script>", "<img src=x onerror=",
                  "javascript:window.pwned=4"):
        assert piece in text
    assert page.locator("#doc-0 summary .src").inner_text() == '<img src=x onerror="window.pwned=9">.txt'
    assert "<b onmouseover=alert(1)>bad</b>" in page.locator("#failed-list").inner_text()
    opened.clean()
    opened.close()


def test_narrow_window_and_print(browser: Any, sample_report: Path, tmp_path: Path) -> None:
    opened = Opened(browser, sample_report, viewport={"width": 360, "height": 740})
    page = opened.page
    page.click("#doc-0 summary")
    # nothing wider than the window: no sideways scrolling
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.screenshot(path=str(tmp_path / "narrow.png"), full_page=True)
    page.emulate_media(media="print")
    assert page.locator("#index").is_hidden() and page.locator("#doc-1").is_hidden()
    assert page.locator("#doc-0 .text").is_visible() and page.locator("svg.world").is_visible()
    pdf = page.pdf(path=str(tmp_path / "report.pdf"))
    assert pdf.startswith(b"%PDF")
    opened.clean()
    opened.close()


def test_sample_report_from_the_command(browser: Any, run_entityx: Any, tmp_path: Path) -> None:
    """The installed command, the real place linker: the issue's sample report."""
    out = tmp_path / "r.html"
    done = run_entityx("extract", str(SHARED_SAMPLE), "-f", "html", "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert done.stdout == ""
    opened = Opened(browser, out)
    page = opened.page
    points = {title.split(" (")[0]: (x / 4 - 180, 90 - y / 4) for title, x, y in
              page.eval_on_selector_all("circle.pt", "ns => ns.map(n => [n.textContent,"
                                        " +n.getAttribute('cx'), +n.getAttribute('cy')])")}
    where = {"Kyiv": (30.52, 50.45), "Moscow": (37.62, 55.75), "Brussels": (4.35, 50.85),
             "Saudi Arabia": (45.0, 24.0), "Pennsylvania": (-77.5, 41.0)}
    for name, (lon, lat) in where.items():
        assert points[name] == pytest.approx((lon, lat), abs=5), name
    assert len([n for n in points if n in ("US", "U.S.", "United States", "America")]) == 1
    names = page.eval_on_selector_all("#entity-list .ent .name", "ns => ns.map(n => n.textContent)")
    assert {"Nato", "Kremlin", "Donald Trump", "Vladimir Putin"} <= set(names)
    assert page.locator("#doc-0").get_attribute("open") is not None  # one input: shown open
    opened.clean()
    opened.close()
