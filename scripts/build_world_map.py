"""Build entityx/output/report/world.txt: country outlines for the HTML report's map.

Source: Natural Earth 1:110m admin-0 countries (public domain), as bundled in
the geopandas < 1.0 wheel (``naturalearth_lowres``). Build-time only: the wheel
is fetched with ``pip download`` and read in place with pyshp; neither is a
run-time dependency.

Output, one line per country: ``ISO_A3<TAB>name<TAB>SVG path``, in an
equirectangular projection with 4 units per degree (x = (lon + 180) * 4,
y = (90 - lat) * 4), relative moves, integers. Antarctica is left out (the
map's lower edge is 58° S).

    pip install pyshp && python scripts/build_world_map.py
"""

from __future__ import annotations

import argparse
import io
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

SCALE = 4  # units per degree
OUT = Path(__file__).resolve().parent.parent / "entityx" / "output" / "report" / "world.txt"
BASE = "geopandas/datasets/naturalearth_lowres/naturalearth_lowres"


def fetch_wheel(folder: str) -> Path:
    subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d", folder,
                    "geopandas<1"], check=True)
    return next(Path(folder).glob("geopandas-*.whl"))


def ring_path(points: list[tuple[float, float]]) -> str:
    """One closed ring as ``M x y l dx dy ... z``, repeated points dropped."""
    xy = [(round((lon + 180) * SCALE), round((90 - lat) * SCALE)) for lon, lat in points]
    kept = [xy[0]]
    for p in xy[1:]:
        if p != kept[-1]:
            kept.append(p)
    if len(kept) > 1 and kept[-1] == kept[0]:
        kept.pop()
    if len(kept) < 3:
        return ""
    head = f"M{kept[0][0]} {kept[0][1]}"
    steps = []
    for (x0, y0), (x1, y1) in zip(kept, kept[1:], strict=False):
        steps.append(f"{x1 - x0} {y1 - y0}")
    # SVG lets the numbers after one "l" run on; a minus sign separates itself
    return head + "l" + " ".join(steps).replace(" -", "-") + "z"


def build(wheel: Path) -> list[str]:
    import shapefile  # pyshp

    with zipfile.ZipFile(wheel) as z:
        reader = shapefile.Reader(shp=io.BytesIO(z.read(BASE + ".shp")),
                                  dbf=io.BytesIO(z.read(BASE + ".dbf")),
                                  shx=io.BytesIO(z.read(BASE + ".shx")),
                                  encoding=z.read(BASE + ".cpg").decode().strip())
        lines = []
        for rec in reader.iterShapeRecords():
            attrs = rec.record.as_dict()
            if attrs["continent"] == "Antarctica":
                continue
            shape = rec.shape
            parts = list(shape.parts) + [len(shape.points)]
            rings = [ring_path(shape.points[a:b]) for a, b in zip(parts, parts[1:], strict=False)]
            d = "".join(r for r in rings if r)
            if d:
                lines.append(f"{attrs['iso_a3']}\t{attrs['name']}\t{d}")
    return sorted(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wheel", type=Path, help="a geopandas<1 wheel already downloaded")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        wheel = args.wheel or fetch_wheel(tmp)
        lines = build(wheel)
    OUT.write_text("# Natural Earth 1:110m admin-0 countries (public domain); "
                   "scripts/build_world_map.py\n" + "\n".join(lines) + "\n", encoding="utf-8")
    print(f"{OUT}: {len(lines)} countries, {OUT.stat().st_size:,} bytes")


if __name__ == "__main__":
    main()
