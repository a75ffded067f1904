"""The HTML report: one self-contained page for a whole run.

``write`` keeps each document's text and entities; ``close`` renders the page:
counts, bar charts and the world map are drawn here (plain HTML and SVG, so they
show and print without script); the entity index and the documents are built in
the browser by ``report/report.js`` from one embedded JSON object, each document
only when it is opened, so a report of 1,000 documents stays small and fast.

Safety: every string from the input goes through ``html.escape`` here or
``textContent`` in the script; the JSON has ``<``, ``>`` and ``&`` escaped, so
no ``</script>`` can end its element early. A Content-Security-Policy forbids
every fetch, so the page works, and can only work, offline.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from html import escape
from importlib import resources
from typing import Any, TextIO

from ..results import DocumentResult
from .base import Writer
from .report.charts import TYPES, bar_charts, world_map
from .summary import summary_key

CSP = ("default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; "
       "img-src data:; base-uri 'none'; form-action 'none'")

# Inside a <script> element only "</" can end it; escaping every <, > and & in
# the JSON (legal JSON escapes) rules out "</script>" and "<!--" alike.
_JSON_SAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026",
                            "\u2028": "\\u2028", "\u2029": "\\u2029"})
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
_SURROGATE = re.compile("[\ud800-\udfff]")
# between a title and its name: spaces, a full stop, a comma ("Secretary of State, Marco Rubio")
_TITLE_GAP = re.compile(r"[\s.,]{0,3}")


@dataclass
class Agg:
    """One entity across all documents (places with the same link are one)."""

    name: str
    type: str
    link: dict[str, Any] | None = None
    linked: bool = False  # a linker looked at it (False: linking was off)
    mentions: int = 0
    docs: list[int] = field(default_factory=list)  # document index, mentions there, ...


def title_span(text: str, start: int, title: str) -> tuple[int, int] | None:
    """Where ``title`` is written just before the mention at ``start``, if it is."""
    head = text[max(0, start - len(title) - 3):start]
    at = head.lower().rfind(title.lower())
    if at < 0 or not _TITLE_GAP.fullmatch(head[at + len(title):]):
        return None
    begin = start - len(head) + at
    return begin, begin + len(title)


def utf16_offsets(text: str) -> list[int] | None:
    """Python offset -> JavaScript (UTF-16) offset, or None when they agree."""
    if not _ASTRAL.search(text):
        return None
    table: list[int] = []
    extra = 0
    for ch in text:
        table.append(len(table) + extra)
        if ord(ch) > 0xFFFF:
            extra += 1
    table.append(len(text) + extra)
    return table


class HTMLReportWriter(Writer):
    """Collects every result; ``close`` writes the report (a whole-run format)."""

    def __init__(self, stream: TextIO, *, many: bool = True, mentions: bool = False) -> None:
        super().__init__(stream, many=many, mentions=mentions)
        self.docs: list[dict[str, Any]] = []
        self.failed: list[tuple[str, str]] = []
        self.aggs: list[Agg] = []
        self.ids: dict[tuple[Any, ...], int] = {}
        self.skipped = 0  # mentions that could not be highlighted (overlaps, no text)

    def _write(self, result: DocumentResult) -> None:
        doc: dict[str, Any] = {"s": result.source}
        if result.kind != "text":
            doc["k"] = result.kind
        if result.warnings:
            doc["w"] = list(result.warnings)
        if result.error is not None:
            doc["err"] = result.error
            self.failed.append((result.source, result.error))
            self.docs.append(doc)
            return
        text = result.text or ""
        index = len(self.docs)
        spans: list[tuple[int, int, int, int]] = []  # start, end, entity, 0=mention 1=title
        for entity in result.entities:
            link = entity.link
            key = summary_key(entity)  # a linked place: its gazetteer entry
            gid = self.ids.get(key)
            if gid is None:
                gid = self.ids[key] = len(self.aggs)
                name = link["name"] if link and link.get("name") else entity.name
                self.aggs.append(Agg(name, entity.type, link))
            agg = self.aggs[gid]
            agg.linked = agg.linked or entity.linked
            if agg.docs and agg.docs[-2] == index:
                agg.docs[-1] += entity.count
            else:
                agg.docs += [index, entity.count]
            agg.mentions += entity.count
            for m in entity.mentions:
                spans.append((m.start, m.end, gid, 0))
                found = title_span(text, m.start, m.title) if m.title else None
                if found:
                    spans.append((found[0], found[1], gid, 1))
        doc["t"] = text
        doc["m"], doc["ti"] = self._layout(text, spans)
        self.docs.append(doc)

    def _layout(self, text: str, spans: list[tuple[int, int, int, int]]) -> tuple[list[int], list[int]]:
        """Flat [start, end, entity, ...] mention and [start, end, ...] title lists, in
        order, without overlaps, in JavaScript's UTF-16 offsets."""
        spans.sort(key=lambda s: (s[0], s[3] == 0, -s[1]))
        to16 = utf16_offsets(text)
        mentions: list[int] = []
        titles: list[int] = []
        end = 0
        for start, stop, gid, is_title in spans:
            if start < end or not 0 <= start < stop <= len(text):
                self.skipped += 0 if is_title else 1
                continue
            end = stop
            a, b = (to16[start], to16[stop]) if to16 else (start, stop)
            if is_title:
                titles += [a, b]
            else:
                mentions += [a, b, gid]
        return mentions, titles

    def close(self) -> None:
        self.stream.write(self.render())
        super().close()

    def render(self) -> str:
        aggs = self.aggs
        entities = [[a.name, TYPES.index(a.type) if a.type in TYPES else len(TYPES),
                     len(a.docs) // 2, a.mentions, a.docs] for a in aggs]
        data = {"types": list(TYPES), "many": self.many, "docs": self.docs,
                "entities": entities,
                "links": {i: a.link for i, a in enumerate(aggs) if a.link}}
        payload = json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(_JSON_SAFE)
        sources = [d["s"] for d in self.docs]
        title = (f"entityx report: {self.docs[0]['s']}" if len(self.docs) == 1
                 else f"entityx report: {len(self.docs):,} documents")
        body = [
            self._header(aggs),
            '<section id="charts"><h2>Most mentioned</h2>',
            bar_charts(aggs, len(self.docs)),
            "</section>",
            '<section id="map"><h2>Places on the map</h2>',
            world_map(aggs, sources),
            "</section>",
            _asset("body.html"),
        ]
        # a lone surrogate (from a file name, say) cannot be written as UTF-8; one
        # character for one, so every offset stays right
        return _SURROGATE.sub("\ufffd", (
            '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            '<meta name="referrer" content="no-referrer">\n'
            f"<title>{escape(title)}</title>\n<style>\n{_asset('report.css')}</style>\n"
            "</head>\n<body>\n" + "\n".join(body) + "\n"
            f'<script type="application/json" id="entityx-data">{payload}</script>\n'
            f"<script>\n{_asset('report.js')}</script>\n</body>\n</html>\n"
        ))

    def _header(self, aggs: list[Agg]) -> str:
        ok = sum(1 for d in self.docs if "err" not in d)
        by_type = {t: [0, 0] for t in TYPES}
        for a in aggs:
            if a.type in by_type:
                by_type[a.type][0] += 1
                by_type[a.type][1] += a.mentions
        total = sum(a.mentions for a in aggs)
        cells = [("documents", ok, "document" + "s" * (ok != 1) + " read"),
                 ("mentions", total, "mention" + "s" * (total != 1))]
        cells += [(t, n, f"{_plural(t, n)} ({m:,} mention{'s' * (m != 1)})")
                  for t, (n, m) in by_type.items()]
        failed = len(self.failed)
        cells.append(("failed", failed, "input" + "s" * (failed != 1) + " failed"))
        items = "".join(f'<div class="count c-{k}" data-count="{k}" data-value="{v}"><b>{v:,}</b> '
                        f"{escape(label)}</div>"
                        for k, v, label in cells)
        out = ['<header><h1>entityx report</h1>', f'<div class="counts">{items}</div>']
        if self.failed:
            rows = "".join(f"<li><code>{escape(s)}</code>: {escape(e)}</li>" for s, e in self.failed)
            out.append(f'<details class="failed" open><summary>{failed:,} input'
                       f'{"s" * (failed != 1)} could not be read</summary>'
                       f'<ul id="failed-list">{rows}</ul></details>')
        if self.skipped:
            out.append(f'<p class="note">{self.skipped:,} mention'
                       f'{"s are" if self.skipped != 1 else " is"} counted but not highlighted '
                       "(overlapping another, or outside the text).</p>")
        out.append("</header>")
        return "".join(out)


def _plural(etype: str, count: int) -> str:
    if count == 1:
        return etype
    return {"person": "people"}.get(etype, etype + "s")


def _asset(name: str) -> str:
    return resources.files(__package__).joinpath("report", name).read_text(encoding="utf-8")
