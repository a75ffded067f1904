"""The committed gazetteer (gazetteer.tsv.gz, built by build.py), loaded on
first use and kept for the life of the process."""

from __future__ import annotations

import gzip
import re
import threading
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).resolve().parent / "gazetteer.tsv.gz"

_NON_WORD = re.compile(r"[^\w]+")
_APOSTROPHES = re.compile(r"['’‘`]")


@dataclass(frozen=True, slots=True)
class Place:
    """One row of the gazetteer."""

    index: int
    geonames_id: int | None
    kind: str  # city | country | state | region | province | continent | sea
    name: str
    country: str | None  # ISO 3166-1 alpha-2
    admin1: str | None  # GeoNames first-level division code (cities, states, regions)
    lat: float | None
    lon: float | None
    population: int
    capital: bool
    neighbours: frozenset[str]

    def link(self) -> dict[str, object]:
        """The ``link`` object written in every output format."""
        return {
            "name": self.name,
            "kind": self.kind,
            "country": self.country,
            "lat": self.lat,
            "lon": self.lon,
            "geonames_id": self.geonames_id,
        }


@lru_cache(maxsize=65536)
def normalise(name: str) -> str:
    """A lookup key: case, accents, full stops, apostrophes, hyphens and a
    leading "the" do not count ("U.S." = "US", "Kyiv's" is cleaned before)."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = _APOSTROPHES.sub("", text.replace(".", "")).casefold()
    words = _NON_WORD.sub(" ", text).split()
    words = ["st" if w == "saint" else w for w in words]
    if len(words) > 1 and all(len(w) == 1 for w in words):
        words = ["".join(words)]  # "U. S." is "US"
    if len(words) > 1 and words[0] == "the":
        words = words[1:]
    return " ".join(words)


class Gazetteer:
    """Places and the names they are known by.

    The file's last column holds each place's lookup keys, normalised at
    build time; a row is parsed into a :class:`Place` only when a lookup
    returns it, so loading is one pass of string splits.
    """

    def __init__(self, path: Path = DATA) -> None:
        with gzip.open(path, "rt", encoding="utf-8") as f:
            self._rows = f.read().splitlines()
        self._places: dict[int, Place] = {}
        # key -> [row * 2 + weak]: weak for GeoNames' alternate spellings
        # (plain ints: a third of the memory of (row, weak) tuples)
        self.names: dict[str, list[int]] = {}
        names = self.names
        for i, row in enumerate(self._rows):
            for key in row[row.rindex("\t") + 1:].split("|"):
                weak = key.startswith("~")
                entry = 2 * i + weak
                if weak:
                    key = key[1:]
                if key in names:
                    names[key].append(entry)
                else:
                    names[key] = [entry]

    def __len__(self) -> int:
        return len(self._rows)

    def place(self, index: int) -> Place:
        """The place of row ``index``."""
        place = self._places.get(index)
        if place is None:
            (gid, kind, name, country, admin1, lat, lon, pop, cap, neighbours,
             _) = self._rows[index].split("\t")
            place = self._places[index] = Place(
                index, int(gid) if gid else None, kind, name, country or None, admin1 or None,
                float(lat) if lat else None, float(lon) if lon else None, int(pop),
                cap == "1", frozenset(neighbours.split(",")) if neighbours else frozenset(),
            )
        return place

    def lookup(self, name: str) -> list[tuple[Place, bool]]:
        """The places a name may be, each with whether the match is weak."""
        return [(self.place(e >> 1), bool(e & 1)) for e in self.names.get(normalise(name), ())]


_lock = threading.Lock()
_loaded: Gazetteer | None = None


def gazetteer() -> Gazetteer:
    """The gazetteer, read on first call."""
    global _loaded
    if _loaded is None:
        with _lock:
            if _loaded is None:
                _loaded = Gazetteer()
    return _loaded
