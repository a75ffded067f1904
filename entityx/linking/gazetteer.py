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
    if len(words) > 1 and words[0] == "the":
        words = words[1:]
    return " ".join(words)


class Gazetteer:
    """Places and the names they are known by."""

    def __init__(self, path: Path = DATA) -> None:
        self.places: list[Place] = []
        # key -> [(place index, weak)]: weak for GeoNames' alternate spellings
        self.names: dict[str, list[tuple[int, bool]]] = {}
        # (country, admin1) -> the state/region row for that division
        self.divisions: dict[tuple[str, str], int] = {}
        with gzip.open(path, "rt", encoding="utf-8") as f:
            for i, line in enumerate(f):
                (gid, kind, name, country, admin1, lat, lon, pop, cap, neighbours,
                 names) = line.rstrip("\n").split("\t")
                place = Place(
                    i, int(gid) if gid else None, kind, name, country or None, admin1 or None,
                    float(lat) if lat else None, float(lon) if lon else None, int(pop),
                    cap == "1", frozenset(neighbours.split(",")) if neighbours else frozenset(),
                )
                self.places.append(place)
                self._add(name, i, False)
                if names:
                    for alt in names.split("|"):
                        weak = alt.startswith("~")
                        self._add(alt[1:] if weak else alt, i, weak)
                if kind in ("state", "region") and country and admin1:
                    self.divisions.setdefault((country, admin1), i)

    def _add(self, name: str, index: int, weak: bool) -> None:
        key = normalise(name)
        if not key:
            return
        entries = self.names.setdefault(key, [])
        for n, (j, w) in enumerate(entries):
            if j == index:
                if w and not weak:
                    entries[n] = (index, False)
                return
        entries.append((index, weak))

    def lookup(self, name: str) -> list[tuple[Place, bool]]:
        """The places a name may be, each with whether the match is weak."""
        return [(self.places[i], weak) for i, weak in self.names.get(normalise(name), ())]

    def division_of(self, place: Place) -> Place | None:
        """The state or region a city lies in, when the gazetteer has it."""
        if place.kind != "city" or not place.country or not place.admin1:
            return None
        i = self.divisions.get((place.country, place.admin1))
        return None if i is None else self.places[i]


_lock = threading.Lock()
_loaded: Gazetteer | None = None


def gazetteer() -> Gazetteer:
    """The gazetteer, read on first call (about a third of a second)."""
    global _loaded
    if _loaded is None:
        with _lock:
            if _loaded is None:
                _loaded = Gazetteer()
    return _loaded
