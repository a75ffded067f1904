"""Bar charts and the world map, drawn as plain HTML and inline SVG.

Drawn in Python, not in the browser, so they show without script and print;
every string from the input is escaped. Each bar and point carries its entity's
number (``data-entity``) so the page's script can select it on a click.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from functools import lru_cache
from html import escape
from importlib import resources
from typing import Any, Protocol

TYPES = ("person", "place", "organisation")
HEADINGS = {"person": "People", "place": "Places", "organisation": "Organisations"}
TOP = 10
SCALE = 4  # map units per degree, as in world.txt (scripts/build_world_map.py)
MAP_TOP, MAP_BOTTOM = 84, -58  # latitudes shown (Antarctica is left out)
MAX_SOURCES = 8  # document names in a point's hover text
LABELS = 8  # the most-mentioned places are named on the map


class Counted(Protocol):
    name: str
    type: str
    link: dict[str, Any] | None
    linked: bool
    mentions: int
    docs: list[int]


def _n(count: int, word: str) -> str:
    return f"{count:,} {word}{'' if count == 1 else 's'}"


def _ranked(aggs: Sequence[Counted], etype: str) -> list[tuple[int, Counted]]:
    chosen = [(i, a) for i, a in enumerate(aggs) if a.type == etype]
    chosen.sort(key=lambda ia: (-ia[1].mentions, -len(ia[1].docs), ia[1].name.casefold()))
    return chosen[:TOP]


def bar_charts(aggs: Sequence[Counted], documents: int) -> str:
    """One chart per type: the most-mentioned entities, mentions and documents."""
    figures = []
    for etype in TYPES:
        ranked = _ranked(aggs, etype)
        if not ranked:
            body = '<p class="empty">None found.</p>'
        else:
            top = max(a.mentions for _, a in ranked) or 1
            rows = []
            for gid, a in ranked:
                docs = len(a.docs) // 2
                rows.append(
                    f'<li class="bar-row" tabindex="0" data-entity="{gid}" data-docs="{docs}" '
                    f'data-mentions="{a.mentions}"><span class="bar-name">{escape(a.name)}</span>'
                    f'<span class="bar-track"><span class="bar b-mentions t-{etype}" '
                    f'style="width:{100 * a.mentions / top:.1f}%"></span>'
                    f'<span class="bar b-docs" style="width:{100 * docs / top:.1f}%"></span></span>'
                    f'<span class="bar-num">{_n(a.mentions, "mention")} · '
                    f'{_n(docs, "doc")}</span></li>')
            body = f'<ol class="bars">{"".join(rows)}</ol>'
        figures.append(f'<figure class="chart" data-type="{etype}"><figcaption>'
                       f"{HEADINGS[etype]}</figcaption>{body}</figure>")
    legend = ('<p class="legend"><span class="key b-mentions"></span> mentions '
              '<span class="key b-docs"></span> documents '
              f"(of {_n(documents, 'input')})</p>")
    return f'<div class="charts">{"".join(figures)}</div>{legend}'


@lru_cache(maxsize=1)
def _outlines() -> str:
    text = resources.files(__package__).joinpath("world.txt").read_text(encoding="utf-8")
    paths = []
    for line in text.splitlines():
        if line and not line.startswith("#"):
            _, name, d = line.split("\t")
            paths.append(f'<path d="{d}"><title>{escape(name)}</title></path>')
    return f'<g class="land">{"".join(paths)}</g>'


def _xy(a: Counted) -> tuple[float, float] | None:
    link = a.link or {}
    lat, lon = link.get("lat"), link.get("lon")
    if not isinstance(lat, (int, float)) or not isinstance(lon, (int, float)):
        return None
    return ((min(max(lon, -180), 180) + 180) * SCALE,
            (90 - min(max(lat, MAP_BOTTOM), MAP_TOP)) * SCALE)


def _point(gid: int, a: Counted, top: int, sources: Sequence[str], zoom: float) -> str | None:
    xy = _xy(a)
    if xy is None:
        return None
    x, y = xy
    link = a.link or {}
    r = (4 + 14 * math.sqrt(a.mentions / top)) / zoom
    docs = [sources[i] for i in a.docs[::2]]
    shown = ", ".join(docs[:MAX_SOURCES])
    if len(docs) > MAX_SOURCES:
        shown += f" and {len(docs) - MAX_SOURCES:,} more"
    where = ", ".join(str(v) for v in (link.get("kind"), link.get("country")) if v)
    label = (f"{a.name}{f' ({where})' if where else ''}: {_n(a.mentions, 'mention')} in "
             f"{_n(len(docs), 'document')}: {shown}")
    return (f'<circle class="pt" tabindex="0" data-entity="{gid}" data-mentions="{a.mentions}" '
            f'data-docs="{len(docs)}" cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}">'
            f"<title>{escape(label)}</title></circle>")


def _labels(linked: Sequence[Counted], view: tuple[float, float, float, float],
            zoom: float) -> list[str]:
    """Names for the most-mentioned points, right or left of them, none overlapping."""
    placed: list[tuple[float, float, float, float]] = []
    out: list[str] = []
    gap = 10 / zoom
    for a in linked:
        xy = _xy(a)
        if xy is None or len(out) == LABELS:
            continue
        x, y = xy
        width = 11 * len(a.name) / zoom  # about 11 units a letter at zoom 1
        for anchor, left in (("start", x + gap), ("end", x - gap - width)):
            box = (left, y - 14 / zoom, left + width, y + 8 / zoom)
            if box[0] >= view[0] and box[2] <= view[0] + view[2] and not any(
                    box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3]
                    for b in placed):
                placed.append(box)
                at = x + gap if anchor == "start" else x - gap
                out.append(f'<text x="{at:.1f}" y="{y + 6 / zoom:.1f}" text-anchor="{anchor}">'
                           f"{escape(a.name)}</text>")
                break
    return out


def _view(xys: Sequence[tuple[float, float]]) -> tuple[float, float, float, float]:
    """The part of the world map to show: all of it, or the region holding every
    point (with a margin) when that is under half the map's width."""
    full = (0.0, (90 - MAP_TOP) * SCALE, 360.0 * SCALE, (MAP_TOP - MAP_BOTTOM) * SCALE)
    if not xys:
        return full
    margin = 12 * SCALE
    x0, x1 = min(x for x, _ in xys) - margin, max(x for x, _ in xys) + margin
    y0, y1 = min(y for _, y in xys) - margin, max(y for _, y in xys) + margin
    width, height = max(x1 - x0, 40 * SCALE), max(y1 - y0, 20 * SCALE)
    aspect = full[2] / full[3]
    width, height = max(width, height * aspect), max(height, width / aspect)
    if width > full[2] / 2:
        return full
    left = min(max((x0 + x1 - width) / 2, full[0]), full[0] + full[2] - width)
    top = min(max((y0 + y1 - height) / 2, full[1]), full[1] + full[3] - height)
    return (left, top, width, height)


def world_map(aggs: Sequence[Counted], sources: Sequence[str]) -> str:
    """Country outlines with one point per linked place, sized by its mentions."""
    places = [(i, a) for i, a in enumerate(aggs) if a.type == "place"]
    linked = [(i, a) for i, a in places if a.link]
    top = max((a.mentions for _, a in linked), default=1)
    # biggest first, so small points stay on top and can be hovered
    linked.sort(key=lambda ia: -ia[1].mentions)
    view = _view([xy for xy in (_xy(a) for _, a in linked) if xy])
    zoom = 360 * SCALE / view[2]
    points = [p for p in (_point(i, a, top, sources, zoom) for i, a in linked) if p]
    labels = _labels([a for _, a in linked], view, zoom)
    svg = (f'<svg class="world" viewBox="{" ".join(f"{v:.0f}" for v in view)}" role="img" '
           f'aria-label="World map: {_n(len(points), "linked place")}">'
           f'{_outlines()}<g class="points">{"".join(points)}</g>'
           f'<g class="labels" style="font-size:{20 / zoom:.1f}px">{"".join(labels)}</g></svg>')
    if places and not any(a.linked for _, a in places):
        why = "place linking was off for this run"
    else:
        why = (f"{len(places) - len(linked):,} of {len(places):,} places not linked (not in "
               "the gazetteer, or ambiguous)")
    note = (f'<p class="map-note">{_n(len(points), "place")} on the map; {why}. '
            "Sizes follow mentions; hover a point for its documents.</p>")
    return svg + note
