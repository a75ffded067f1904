"""The result objects: the one definition of entityx's output schema."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Mention:
    """One occurrence of a name in the text.

    ``start``/``end`` are character offsets into the decoded input, so
    ``text == source_text[start:end]``. The span is the name alone: no title,
    no leading "the", no possessive.
    """

    text: str
    start: int
    end: int
    title: str | None = None
    sentence_start: int | None = None
    sentence_end: int | None = None
    page: int | None = None  # 1-based, for inputs with pages (PDF)

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "title": self.title,
            "sentence": [self.sentence_start, self.sentence_end],
        }
        if self.page is not None:
            data["page"] = self.page
        return data


@dataclass
class Entity:
    """A person, place or organisation: its mentions grouped by identity."""

    name: str
    type: str
    mentions: list[Mention] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)
    # Place linking: ``linked`` once a linker has looked at the entity, and
    # then ``link`` is the gazetteer entry or None (not found, ambiguous).
    link: dict[str, Any] | None = None
    linked: bool = False

    @property
    def count(self) -> int:
        return len(self.mentions)

    def to_dict(self, *, mentions: bool = True) -> dict[str, Any]:
        data: dict[str, Any] = {
            "name": self.name,
            "type": self.type,
            "count": self.count,
            "aliases": list(self.aliases),
            "titles": list(self.titles),
        }
        if self.linked:
            data["link"] = self.link
        if mentions:
            data["mentions"] = [m.to_dict() for m in self.mentions]
        return data


@dataclass
class DocumentResult:
    """What entityx found in one input, or why it could not read it."""

    source: str
    entities: list[Entity] = field(default_factory=list)
    chars: int = 0
    error: str | None = None
    warnings: list[str] = field(default_factory=list)
    kind: str = "text"  # the reader that read it: text, pdf, docx, html, email…
    text: str | None = None  # the text offsets refer to (--with-text)
    metadata: dict[str, Any] = field(default_factory=dict)  # a page's title, a mail's subject…

    @property
    def ok(self) -> bool:
        return self.error is None

    def to_dict(self) -> dict[str, Any]:
        if self.error is not None:
            return {"source": self.source, "error": self.error}
        data: dict[str, Any] = {"source": self.source}
        if self.kind != "text":
            data["kind"] = self.kind
        if self.metadata:
            data["metadata"] = dict(self.metadata)
        data["chars"] = self.chars
        if self.text is not None:
            data["text"] = self.text
        data["entities"] = [e.to_dict() for e in self.entities]
        if self.warnings:
            data["warnings"] = list(self.warnings)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> DocumentResult:
        """Rebuild a result from :meth:`to_dict` output (JSON round trip)."""
        entities = [
            Entity(
                name=e["name"],
                type=e["type"],
                aliases=list(e.get("aliases", [])),
                titles=list(e.get("titles", [])),
                link=e.get("link"),
                linked="link" in e,
                mentions=[
                    Mention(
                        text=m["text"],
                        start=m["start"],
                        end=m["end"],
                        title=m.get("title"),
                        sentence_start=(m.get("sentence") or [None, None])[0],
                        sentence_end=(m.get("sentence") or [None, None])[1],
                        page=m.get("page"),
                    )
                    for m in e.get("mentions", [])
                ],
            )
            for e in data.get("entities", [])
        ]
        return cls(
            source=data["source"],
            entities=entities,
            chars=data.get("chars", 0),
            error=data.get("error"),
            warnings=list(data.get("warnings", [])),
            kind=data.get("kind", "text"),
            text=data.get("text"),
            metadata=dict(data.get("metadata", {})),
        )
