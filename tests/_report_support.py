"""Helpers for the HTML report tests: real results, hand-made links, writing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from entityx.output.html import HTMLReportWriter
from entityx.results import DocumentResult

# name -> (kind, country, lat, lon, geonames id): the linker's shape, given by hand
SAMPLE_LINKS: dict[str, tuple[str, str, float, float, int]] = {
    "Kyiv": ("city", "UA", 50.45, 30.52, 703448),
    "Moscow": ("city", "RU", 55.75, 37.62, 524901),
    "Brussels": ("city", "BE", 50.85, 4.35, 2800866),
    "Saudi Arabia": ("country", "SA", 24.0, 45.0, 102358),
    "Pennsylvania": ("region", "US", 40.27, -76.88, 6254927),
    "Ukraine": ("country", "UA", 49.0, 32.0, 690791),
    "Russia": ("country", "RU", 60.0, 100.0, 2017370),
    "Germany": ("country", "DE", 51.5, 10.5, 2921044),
}

HOSTILE = """Barack Obama wrote to Angela Merkel from Chicago.
<script>window.pwned=1</script>
</script><script>window.pwned=2</script><!--
</script ><script>window.pwned=6</script > </SCRIPT/x><script>window.pwned=7</script>
<!--<script> a comment opening a script, which swallows what follows: </script>
<img src=x onerror="window.pwned=3"> and <svg onload="window.pwned=5"></svg>
<a href="javascript:window.pwned=4">Click here</a>, said the Microsoft spokesman.
<style>body { display: none }</style> & &amp; &lt;b&gt; "quotes" 'apostrophes' \u2028 end.
Angela Merkel replied from Berlin.
"""


def real_result(text: str, source: str) -> DocumentResult:
    """What the embedded model finds in ``text``, with the text kept."""
    from entityx.api import extract

    result = extract(text, source=source)
    result.text = text
    return result


def make_link(name: str, kind: str, country: str, lat: float, lon: float,
              geonames_id: int) -> dict[str, Any]:
    return {"name": name, "kind": kind, "country": country, "lat": lat, "lon": lon,
            "geonames_id": geonames_id}


def link_places(result: DocumentResult, table: dict[str, tuple[str, str, float, float, int]]
                ) -> None:
    for entity in result.entities:
        if entity.type == "place":
            found = table.get(entity.name)
            entity.link = make_link(entity.name, *found) if found else None
            entity.linked = True


def write_report(results: list[DocumentResult], path: Path, *, many: bool = True) -> Path:
    with open(path, "w", encoding="utf-8") as stream:
        writer = HTMLReportWriter(stream, many=many)
        for result in results:
            writer.write(result)
        writer.close()
    return path
