"""Which gazetteer entry each place entity of a document is, decided from the
document, or to None when the name is unknown or stays ambiguous.

Each candidate place of a name gets a prior (a country or continent before a
city; then population and capitals) plus evidence from the document's other
places as resolved so far: a state or country named in the document that
contains the candidate, a city of the document inside a candidate region or
country, neighbouring countries, closeness to the other resolved places, and
"X, Y" written in the text (Paris, Texas). Rounds repeat until the choices
settle. When the best candidate leads the runner-up by less than
:data:`MARGIN`, the entity is left unlinked rather than guessed.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from difflib import SequenceMatcher
from typing import Any

from ..results import Entity
from .gazetteer import Gazetteer, Place, gazetteer, normalise

MARGIN = 1.0  # score lead (about a factor of 10 in population) needed to link
ROUNDS = 4

# Priors, in units of log10(population).
COUNTRY_BOOST = 2.0  # a country is named far more often than a town of its size
CAPITAL_BOOST = 2.0
CONTINENT_PRIOR = 9.5
REGION_PRIOR = 7.0  # reviewed regions, nations and seas
STATE_PRIOR = 7.0  # US states (no population in the data)
PROVINCE_PRIOR = 5.0  # provinces known by name only
# Towns: log10(population) times this, so that a town ten times larger
# leads by more than MARGIN before the document says anything.
CITY_WEIGHT = 1.25
WEAK_PENALTY = 2.5  # matched on a GeoNames alternate spelling only

# Evidence from the document.
IN_NAMED_DIVISION = 3.5  # a city inside a state/region named in the document
CONTAINS_CITY = 4.0  # a state/region/country holding a city of the document
IN_NAMED_COUNTRY = 2.0
SAME_COUNTRY_AS_PLACE = 1.0
SIBLING_DIVISION = 2.0  # "New South Wales, Victoria, South Australia": states of one country
NEIGHBOUR = 1.0
NEARBY = 1.5  # at most, for a place within NEARBY_KM of another resolved place
NEARBY_KM = 500.0
WRITTEN_INSIDE = 6.0  # "Paris, Texas": Paris inside a candidate of Texas
WRITTEN_AROUND = 3.0  # "Seattle, Washington": the state holding a candidate of Seattle
# A town named like a state of its own country (Oregon, Ohio; Delaware,
# Ohio) is not what a bare "Oregon" means, unless it is a capital or large.
TOWN_LIKE_STATE_MAX = 1_000_000
# A town smaller than this that nothing else in the document supports (no
# other place of its country, none near it), while the document does name
# places elsewhere, is a namesake of a place the gazetteer lacks (Olympia,
# Washington in a text about Greece): left unlinked.
UNSUPPORTED_TOWN_MAX = 100_000

_COMMA = re.compile(r"\s*,\s*")
_SUBNATIONAL = ("city", "state", "region", "province")


def _prior(place: Place, weak: bool) -> float:
    if place.kind == "country":
        score = math.log10(max(place.population, 10_000)) + COUNTRY_BOOST
    elif place.kind == "continent":
        score = CONTINENT_PRIOR
    elif place.kind in ("region", "sea"):
        score = REGION_PRIOR
    elif place.kind == "state":
        score = STATE_PRIOR
    elif place.kind == "province":
        score = PROVINCE_PRIOR
    else:
        score = (CITY_WEIGHT * math.log10(max(place.population, 1000))
                 + (CAPITAL_BOOST if place.capital else 0))
    return score - (WEAK_PENALTY if weak else 0.0)


def _km(a: Place, b: Place) -> float:
    assert a.lat is not None and a.lon is not None and b.lat is not None and b.lon is not None
    p1, p2 = math.radians(a.lat), math.radians(b.lat)
    dp, dl = p2 - p1, math.radians(b.lon - a.lon)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 12742.0 * math.asin(min(1.0, math.sqrt(h)))


_DEGREES_NEAR = NEARBY_KM / 111.0 + 1.0  # a latitude gap beyond this is not near


def _nearest_km(place: Place, others: list[Place]) -> float | None:
    """Distance to the nearest of ``others`` within reach of NEARBY_KM (None
    when none is: most pairs are ruled out by their latitudes alone)."""
    if place.lat is None:
        return None
    best = None
    for p in others:
        if p.lat is not None and abs(p.lat - place.lat) < _DEGREES_NEAR:
            km = _km(place, p)
            if km < NEARBY_KM and (best is None or km < best):
                best = km
    return best


def _inside(place: Place, container: Place) -> bool:
    """Whether ``place`` lies in ``container`` (a country, state or region)."""
    if place is container or not place.country or place.country != container.country:
        return False
    if container.kind == "country":
        return place.kind != "country"
    return (container.kind in ("state", "region") and place.kind == "city"
            and container.admin1 is not None and place.admin1 == container.admin1)


def _candidates(gaz: Gazetteer, entity: Entity) -> dict[int, tuple[Place, bool]]:
    """Every place any of the entity's names may be (strong match wins)."""
    found: dict[int, tuple[Place, bool]] = {}
    names = {entity.name, *entity.aliases, *(m.text for m in entity.mentions)}
    for name in names:
        for place, weak in gaz.lookup(name):
            if place.index not in found or not weak:
                found[place.index] = (place, weak)
    # A province that shares a name with a city or region of its country is
    # named after it (Moscow Oblast, Sevilla); a capital that shares its
    # country's name (Singapore, Djibouti, Kuwait) is the country: the
    # country code is the same either way, so keep the better-known one.
    countries = {p.country for p, _ in found.values() if p.kind == "country"}
    others = {p.country for p, _ in found.values() if p.kind not in ("province", "country")}
    states = {p.country for p, _ in found.values() if p.kind in ("state", "region")}
    return {i: (p, w) for i, (p, w) in found.items()
            if not (p.kind == "province" and p.country in others | countries)
            and not (p.kind == "city" and p.country in countries)
            and not (p.kind == "city" and p.country in states and not p.capital
                     and p.population < TOWN_LIKE_STATE_MAX)}


def _written_inside(places: list[Entity], text: str) -> dict[int, set[int]]:
    """For "X, Y" in the text (X and Y places): entity index of X -> of Y."""
    starts: dict[int, int] = {}
    for j, e in enumerate(places):
        for m in e.mentions:
            starts[m.start] = j
    pairs: dict[int, set[int]] = defaultdict(set)
    for i, e in enumerate(places):
        for m in e.mentions:
            sep = _COMMA.match(text, m.end)
            k = starts.get(sep.end()) if sep else None
            if k is not None and k != i:
                pairs[i].add(k)
    return pairs


class _Context:
    """The places resolved so far, counted so that each candidate is scored
    against "the others" (all but its own entity's choice) in constant time."""

    def __init__(self, resolved: dict[int, Place]) -> None:
        self.resolved = resolved
        self.named_countries: Counter[str | None] = Counter()
        self.place_countries: Counter[str | None] = Counter()
        self.divisions: Counter[tuple[str | None, str | None]] = Counter()
        self.division_countries: Counter[str | None] = Counter()
        self.city_divisions: Counter[tuple[str | None, str | None]] = Counter()
        self.city_countries: Counter[str | None] = Counter()
        self.points: list[tuple[int, Place]] = []
        for j, p in resolved.items():
            for key, counter in self._keys(p):
                counter[key] += 1
            if p.kind in _SUBNATIONAL and p.lat is not None:
                self.points.append((j, p))

    def _keys(self, p: Place) -> list[tuple[Any, Counter[Any]]]:
        if p.kind == "country":
            return [(p.country, self.named_countries)]
        keys: list[tuple[Any, Counter[Any]]] = [(p.country, self.place_countries)]
        if p.kind in ("state", "region") and p.admin1:
            keys += [((p.country, p.admin1), self.divisions),
                     (p.country, self.division_countries)]
        if p.kind == "city":
            keys += [((p.country, p.admin1), self.city_divisions),
                     (p.country, self.city_countries)]
        return keys

    def others(self, me: int, key: Any, counter: Counter[Any]) -> bool:
        """Whether a place other than entity ``me``'s choice has ``key``."""
        n = counter[key]
        mine = self.resolved.get(me)
        if n and mine is not None and any(k == key and c is counter for k, c in self._keys(mine)):
            n -= 1
        return n > 0


def _score(place: Place, prior: float, me: int, ctx: _Context,
           containers: list[list[Place]], contents: list[list[Place]]) -> float:
    score = prior
    if not ctx.resolved and not containers and not contents:
        return score
    sub = place.kind in _SUBNATIONAL
    if sub and place.country:
        if ctx.others(me, place.country, ctx.named_countries):
            score += IN_NAMED_COUNTRY
        elif ctx.others(me, place.country, ctx.place_countries):
            score += SAME_COUNTRY_AS_PLACE
        if place.kind == "city" and place.admin1 and ctx.others(
                me, (place.country, place.admin1), ctx.divisions):
            score += IN_NAMED_DIVISION
    if place.kind in ("state", "region") and place.admin1:
        if ctx.others(me, (place.country, place.admin1), ctx.city_divisions):
            score += CONTAINS_CITY
        if ctx.others(me, place.country, ctx.division_countries):
            score += SIBLING_DIVISION
    if place.kind == "country":
        if ctx.others(me, place.country, ctx.city_countries):
            score += CONTAINS_CITY
        if any(ctx.others(me, n, ctx.named_countries) for n in place.neighbours):
            score += NEIGHBOUR
    if sub and place.lat is not None:
        near = _nearest_km(place, [p for j, p in ctx.points if j != me])
        if near is not None:
            score += NEARBY * max(0.0, 1.0 - near / NEARBY_KM)
    if any(_inside(place, c) for cs in containers for c in cs):
        score += WRITTEN_INSIDE
    if any(_inside(c, place) for cs in contents for c in cs):
        score += WRITTEN_AROUND
    return score


def resolve(places: list[Entity], text: str, gaz: Gazetteer | None = None
            ) -> list[Place | None]:
    """The gazetteer entry of each place entity, or None."""
    gaz = gaz or gazetteer()
    cands = [list(_candidates(gaz, e).values()) for e in places]
    inside = _written_inside(places, text)
    containers = {i: [[p for p, _ in cands[j]] for j in js] for i, js in inside.items()}
    contents: dict[int, list[list[Place]]] = defaultdict(list)
    for i, js in inside.items():
        for j in js:
            contents[j].append([p for p, _ in cands[i]])
    resolved: dict[int, Place] = {i: c[0][0] for i, c in enumerate(cands) if len(c) == 1}
    if len(resolved) == sum(1 for c in cands if c):  # nothing to choose
        return _supported(resolved, cands, places, inside)
    priors = [[_prior(p, w) for p, w in options] for options in cands]
    resolved = {}
    for _ in range(ROUNDS):
        ctx = _Context(resolved)
        choice: dict[int, Place] = {}
        for i, options in enumerate(cands):
            if len(options) == 1:
                choice[i] = options[0][0]
            elif options:
                outer, inner = containers.get(i, []), contents.get(i, [])
                scored = [(_score(p, prior, i, ctx, outer, inner), p)
                          for (p, _), prior in zip(options, priors[i], strict=True)]
                top = max(scored, key=lambda t: (t[0], -t[1].index))
                runner_up = max(sc for sc, p in scored if p is not top[1])
                if top[0] - runner_up >= MARGIN:
                    choice[i] = top[1]
        if choice == resolved:
            break
        resolved = choice
    return _supported(resolved, cands, places, inside)


def _supported(resolved: dict[int, Place], cands: list[list[tuple[Place, bool]]],
               places: list[Entity], inside: dict[int, set[int]]) -> list[Place | None]:
    """The choices, less the doubtful ones that nothing firm in the document
    supports (two namesakes do not hold each other up), and those written
    "X, Y" with Y a state or country they are not in ("Stephenville,
    Newfoundland" when the gazetteer has only Stephenville, Texas)."""
    doubtful = {i for i, p in resolved.items()
                if _doubtful(p, next(w for q, w in cands[i] if q is p), places[i].name)}
    firm = _Context({i: p for i, p in resolved.items() if i not in doubtful})

    def misplaced(i: int) -> bool:
        areas = [p for j in inside.get(i, ()) for p, _ in cands[j]
                 if p.kind in ("country", "state", "region")]
        return bool(areas) and not any(_inside(resolved[i], a) for a in areas)

    return [None if i in doubtful and (_unsupported(resolved[i], i, firm) or misplaced(i))
            else resolved.get(i) for i in range(len(places))]


def _doubtful(place: Place, weak: bool, name: str) -> bool:
    """A small town, or a place matched on an alternate name unlike its own
    ("Acropolis", a GeoNames name of Little Rock; not "Kiev" for Kyiv)."""
    if weak and SequenceMatcher(None, normalise(name), normalise(place.name)).ratio() < 0.6:
        return True
    return place.kind == "city" and place.population < UNSUPPORTED_TOWN_MAX and not place.capital


def _unsupported(place: Place, me: int, ctx: _Context) -> bool:
    """No other place of the document in its country or near it, while the
    document does name places."""
    if len(ctx.resolved) - (me in ctx.resolved) == 0:
        return False  # nothing else to go by
    if any(ctx.others(me, place.country, c) for c in (ctx.named_countries, ctx.place_countries)):
        return False
    near = _nearest_km(place, [p for j, p in ctx.points if j != me])
    return near is None or near >= NEARBY_KM
