"""Place linking over a document's merged entities: each place gets its
gazetteer entry (decided in resolve.py) or None, and places with the same
entry become one entity."""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

from ..labels import PLACE
from ..merge import display, name_and_aliases, name_key
from ..results import Entity, Mention
from .resolve import resolve


def _merged(group: list[Entity], link: dict[str, Any]) -> Entity:
    """One entity from places with the same link: all mentions in text order,
    the fullest / most common written form as its name, the others aliases."""
    mentions: list[Mention] = sorted((m for e in group for m in e.mentions),
                                     key=lambda m: (m.start, m.end))
    written = [display(m.text) for m in mentions]
    forms = Counter(written)
    for e in group:  # names with no mention of their own still count
        forms.update({f: 0 for f in [e.name, *e.aliases] if f not in forms})
    name, aliases = name_and_aliases(
        forms, written + [f for e in group for f in [e.name, *e.aliases]])
    titles: list[str] = []
    for e in group:
        titles.extend(t for t in e.titles if t not in titles)
    return Entity(name=name, type=group[0].type, mentions=mentions, aliases=aliases,
                  titles=titles, link=link, linked=True)


def link_places(entities: list[Entity], text: str) -> list[Entity]:
    """Link every place entity (``entity.link``; ``entity.linked`` set) and
    merge places with the same link into one. Other entities pass through.

    The order is the one :func:`entityx.merge.group_mentions` gives: most
    mentions first, then first seen.
    """
    places = [e for e in entities if e.type == PLACE]
    if not places:
        return entities
    links = resolve(places, text)
    groups: dict[int, list[Entity]] = defaultdict(list)
    for e, place in zip(places, links, strict=True):
        e.linked = True
        e.link = place.link() if place else None
        if place:
            groups[place.index].append(e)
    merged: dict[int, Entity] = {}  # id() of the group's first entity -> merged one
    dropped: set[int] = set()
    for group in groups.values():
        if len(group) > 1:
            merged[id(group[0])] = _merged(group, group[0].link or {})
            dropped.update(id(e) for e in group[1:])
    if not merged:
        return entities
    out = [merged.get(id(e), e) for e in entities if id(e) not in dropped]
    out.sort(key=lambda e: (-e.count, e.mentions[0].start if e.mentions else 0))
    return out


def summary_key(entity: Entity) -> tuple[Any, ...]:
    """What makes entities of several documents one entry of ``--summary``: a
    linked place its gazetteer entry, anything else its type and name."""
    link = getattr(entity, "link", None)
    if entity.type == PLACE and link:
        ident = link.get("geonames_id") or (link.get("kind"), link.get("name"),
                                            link.get("country"))
        return (PLACE, "link", ident)
    return (entity.type, name_key(entity.name, entity.type))

