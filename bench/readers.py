"""Readers: the library comparison behind entityx's PDF and HTML readers, and
what reading costs inside a run.

    nice -n 10 python bench/readers.py            # everything (~10 minutes)
    nice -n 10 python bench/readers.py pdf html   # some sections (pdf-quality: the fast half)

Sections (figures printed, nothing asserted; see bench/README.md, "Readers"):

* ``pdf``: pypdfium2, pypdf and pdfminer.six on the same PDFs: pages/s on a
  200-page file, peak RSS on 200 and 1,000 pages (each library in its own
  process), and text quality on the committed fixtures made by LibreOffice
  and Chromium (word sequence against the source text, ligatures left,
  running header lines left, hyphens at line ends).
* ``html``: entityx's rules, trafilatura, jusText and lxml's whole-page text
  on the committed news pages: article words kept, boilerplate-only names
  leaked, pages/s.
* ``run``: ``entityx extract`` on the 200-page PDF and on the same text as
  .txt (words/s, and the ratio; the goal is >= 0.8), and peak RSS of the
  command on 200 and 1,000 pages.

The big PDFs are made once by LibreOffice (``soffice``) from the bench
documents (``bench/make_docs.py``; the samples if those are missing) and kept
in ``bench/data/readers/`` (git-ignored).
"""

from __future__ import annotations

import difflib
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "bench" / "data" / "readers"
FIXTURES = ROOT / "tests" / "fixtures" / "docs"
SAMPLE = ROOT / "samples" / "trump-putin-call.txt"
LIBRARIES = ("pypdfium2", "pypdf", "pdfminer.six")
ROUNDS = 3


# -- inputs ---------------------------------------------------------------------


def _long_text(words: int) -> str:
    docs = sorted((ROOT / "bench" / "data" / "docs").glob("*.txt"))
    texts = [p.read_text(encoding="utf-8") for p in docs] or [SAMPLE.read_text(encoding="utf-8")]
    out: list[str] = []
    count = 0
    i = 0
    while count < words:
        text = texts[i % len(texts)]
        out.append(text.strip())
        count += len(text.split())
        i += 1
    return "\n\n".join(out) + "\n"


def make_pdf(pages: int) -> tuple[Path, Path]:
    """A PDF of about ``pages`` pages made by LibreOffice, and its source text."""
    DATA.mkdir(parents=True, exist_ok=True)
    txt = DATA / f"long-{pages}.txt"
    pdf = DATA / f"long-{pages}.pdf"
    if not pdf.exists():
        txt.write_text(_long_text(pages * 620), encoding="utf-8")
        with tempfile.TemporaryDirectory() as profile:
            subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless",
                            "--convert-to", "pdf", "--outdir", str(DATA), str(txt)],
                           check=True, capture_output=True)
    return pdf, txt


# -- PDF libraries ----------------------------------------------------------------

# Each library's plain "text of every page" call, run in a child process so
# that its peak RSS is its own. Prints a JSON list of page texts or a count.
_EXTRACT = r"""
import json, resource, sys, time
lib, path, keep = sys.argv[1], sys.argv[2], sys.argv[3] == "keep"
start = time.perf_counter()
texts = []
if lib == "pypdfium2":
    import pypdfium2 as pdfium
    pdf = pdfium.PdfDocument(path)
    for i in range(len(pdf)):
        page = pdf[i]; tp = page.get_textpage()
        texts.append(tp.get_text_range()); tp.close(); page.close()
    pdf.close()
elif lib == "pypdf":
    import pypdf
    for page in pypdf.PdfReader(path).pages:
        texts.append(page.extract_text())
else:
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LTTextContainer
    for layout in extract_pages(path):
        texts.append("".join(e.get_text() for e in layout if isinstance(e, LTTextContainer)))
seconds = time.perf_counter() - start
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"pages": len(texts), "seconds": seconds, "rss_mb": rss,
                  "texts": texts if keep else None}))
"""


def run_library(lib: str, path: Path, keep: bool = False) -> dict:
    out = subprocess.run([sys.executable, "-c", _EXTRACT, lib, str(path), "keep" if keep else ""],
                         check=True, capture_output=True, text=True)
    return json.loads(out.stdout)


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.casefold())


def similarity(text: str, source: str) -> float:
    """How much of the source's word sequence the text reproduces, in order."""
    a, b = _words(text), _words(source)
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    return sum(block.size for block in matcher.get_matching_blocks()) / max(len(b), 1)


def pdf_quality() -> None:
    from entityx.readers.base import RawInput, ReadOptions
    from entityx.readers.pdf import PdfReader

    source = SAMPLE.read_text(encoding="utf-8")
    print("\n## PDF text quality (committed fixtures; source: the sample article)")
    print(f"{'file':22} {'library':13} {'words in order':>14} {'ligatures':>9} "
          f"{'header lines':>12} {'hyphen breaks':>13}  first line")
    for name, header in (("sample-chromium.pdf", r"\d+/\d+/\d+, \d+:\d+|file://"),
                         ("briefing.pdf", r"Ledger Briefing|^Page \d"),
                         ("briefing-2col.pdf", r"Ledger Briefing|^Page \d")):
        for lib in (*LIBRARIES, "entityx"):
            path = FIXTURES / name
            if lib == "entityx":
                raw = RawInput(name, path.read_bytes(), ".pdf")
                text = PdfReader().read(raw, ReadOptions()).text
            else:
                text = "\n".join(run_library(lib, path, keep=True)["texts"])
            ligatures = sum(text.count(chr(c)) for c in range(0xFB00, 0xFB07))
            headers = sum(1 for line in text.splitlines() if re.search(header, line.strip()))
            breaks = len(re.findall(r"\w[-\ufffe]\r?\n?\w", text)) - len(re.findall(r"\w-\w", source))
            first = text.strip().splitlines()[0][:40] if text.strip() else ""
            print(f"{name:22} {lib:13} {similarity(text, source):14.1%} {ligatures:9} "
                  f"{headers:12} {breaks:13}  {first!r}")


def pdf_speed() -> None:
    print("\n## PDF libraries: speed and memory (one process each)")
    print(f"{'library':13} {'pages':>6} {'seconds':>8} {'pages/s':>8} {'peak RSS MB':>11}")
    for pages in (200, 1000):
        pdf, _ = make_pdf(pages)
        for lib in LIBRARIES:
            if lib == "pdfminer.six" and pages > 200:
                continue  # ~20 minutes on our machine; its 200-page figures say enough
            r = run_library(lib, pdf)
            print(f"{lib:13} {r['pages']:6} {r['seconds']:8.1f} {r['pages'] / r['seconds']:8.1f} "
                  f"{r['rss_mb']:11.0f}")


# -- HTML -------------------------------------------------------------------------

_PAGES = {
    # page: (source text of its article, names found only in its boilerplate)
    "news-article.html": (SAMPLE, ("Bartholomew Quince", "Cornelius Ashdown", "Meridian",
                                   "Priya Raman", "Ignatius Fairweather", "Rosalind Okafor",
                                   "Skip to content", "Accept all")),
    "council-divs.html": (ROOT / "samples" / "batch" / "council-vote.txt",
                          ("Halvorsen", "Winifred Blakemore", "Desmond Oyelaran", "Cornelia Sandoval",
                           "Lysander Pembroke", "cookie")),
    "lab-discovery.xhtml": (ROOT / "samples" / "batch" / "lab-discovery.txt",
                            ("Oswin Tregarthen", "Evangeline Marchbanks")),
    "blog-post.html": (ROOT / "samples" / "batch" / "cup-final.txt",
                       ("Percival Dunmore", "Gwendolyn Ashcroft", "Florence Whitlock",
                        "Augustin Mallory", "Reginald Pimm", "Winnie Athelstan", "Thaddeus Brook",
                        "Isadora Venn", "Leave a Reply", "cookies")),
}


def _html_ours(data: bytes) -> str:
    from entityx.readers.base import RawInput, ReadOptions
    from entityx.readers.html import HtmlReader

    return HtmlReader().read(RawInput("page.html", data, ".html"), ReadOptions()).text


def _html_trafilatura(data: bytes) -> str:
    import trafilatura

    return trafilatura.extract(data.decode("utf-8", "replace"), include_comments=False) or ""


def _html_justext(data: bytes) -> str:
    import justext

    paragraphs = justext.justext(data, justext.get_stoplist("English"))
    return "\n".join(p.text for p in paragraphs if not p.is_boilerplate)


def _html_whole(data: bytes) -> str:
    import lxml.html

    root = lxml.html.document_fromstring(data)
    for bad in root.xpath("//script|//style"):
        bad.drop_tree()
    return root.text_content()


def html_compare() -> None:
    methods = {"entityx": _html_ours, "trafilatura": _html_trafilatura,
               "jusText": _html_justext, "lxml whole page": _html_whole}
    print("\n## HTML main text (committed news pages)")
    print(f"{'page':22} {'method':16} {'article words':>13} {'boilerplate leaked':>18} {'pages/s':>8}")
    for page, (source, boilerplate) in _PAGES.items():
        data = (FIXTURES / page).read_bytes()
        truth = source.read_text(encoding="utf-8")
        for name, method in methods.items():
            try:
                text = method(data)
            except Exception as exc:  # a method that fails on a page is a result too
                print(f"{page:22} {name:16} failed: {type(exc).__name__}: {exc}")
                continue
            leaked = [b for b in boilerplate if b.casefold() in text.casefold()]
            start = time.perf_counter()
            rounds = 0
            while time.perf_counter() - start < 1.0:
                method(data)
                rounds += 1
            speed = rounds / (time.perf_counter() - start)
            print(f"{page:22} {name:16} {similarity(text, truth):13.1%} "
                  f"{len(leaked):>3} {', '.join(leaked)[:14]:14} {speed:8.0f}")


# -- inside a run -----------------------------------------------------------------


def _entityx(path: Path) -> tuple[float, float, float, dict]:
    """Wall seconds, CPU seconds, peak RSS (MB) and the record of one
    ``entityx extract``."""
    exe = Path(sys.executable).with_name("entityx")
    with tempfile.TemporaryFile("w+", encoding="utf-8") as out:
        start = time.perf_counter()
        proc = subprocess.Popen([str(exe), "extract", str(path), "-f", "jsonl", "--jobs", "1"],
                                stdout=out, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        record = json.loads(out.readline())
    return seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, record


def run_compare() -> None:
    from entityx.readers.base import RawInput, ReadOptions
    from entityx.readers.pdf import PdfReader

    print("\n## entityx extract: PDF against the same text as .txt (--jobs 1)")
    pdf, txt = make_pdf(200)
    words = len(txt.read_text(encoding="utf-8").split())
    start = time.perf_counter()
    doc = PdfReader().read(RawInput(str(pdf), pdf.read_bytes(), ".pdf"), ReadOptions())
    read_s = time.perf_counter() - start
    print(f"200-page PDF: {len(doc.pages or [])} pages, {words:,} words; reading alone "
          f"{read_s:.1f} s ({len(doc.pages or []) / read_s:.0f} pages/s)")
    # Alternated, three times each: the shared machine's load moves wall
    # times by more than the difference being measured, so CPU time (user +
    # system, which load moves much less) is compared, best and median.
    runs: dict[str, list[tuple[float, float]]] = {".txt": [], ".pdf": []}
    rss: dict[str, float] = {}
    for _ in range(ROUNDS):
        for suffix, path in ((".txt", txt), (".pdf", pdf)):
            wall, cpu, peak, rec = _entityx(path)
            runs[suffix].append((wall, cpu))
            rss[suffix] = peak
    print(f"{'input':6} {'wall s (each run)':>22} {'CPU s (each run)':>22} "
          f"{'words/CPU s, best':>17} {'peak RSS MB':>11}")
    for suffix, times in runs.items():
        walls = ", ".join(f"{w:.1f}" for w, _ in times)
        cpus = ", ".join(f"{c:.1f}" for _, c in times)
        best = min(c for _, c in times)
        print(f"{suffix:6} {walls:>22} {cpus:>22} {words / best:17.0f} {rss[suffix]:11.0f}")

    def ratio(pick: Callable[[list[float]], float], index: int) -> float:
        return pick([t[index] for t in runs[".txt"]]) / pick([t[index] for t in runs[".pdf"]])

    print(f"ratio PDF ÷ .txt words/s: CPU best {ratio(min, 1):.2f}, CPU median "
          f"{ratio(statistics.median, 1):.2f}; wall best {ratio(min, 0):.2f}, wall median "
          f"{ratio(statistics.median, 0):.2f}   (PDF record: {len(rec.get('entities', []))} "
          f"entities, error {rec.get('error')})")
    print("\n## reader memory: 200 against 1,000 pages (child process each)")
    for pages in (200, 1000):
        path, _ = make_pdf(pages)
        code = ("import resource,sys;from entityx.readers.pdf import PdfReader;"
                "from entityx.readers.base import RawInput,ReadOptions;"
                "d=PdfReader().read(RawInput('x',open(sys.argv[1],'rb').read(),'.pdf'),"
                "ReadOptions(max_bytes=1<<30));"
                "print(len(d.pages), len(d.text), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss//1024)")
        out = subprocess.run([sys.executable, "-c", code, str(path)], check=True,
                             capture_output=True, text=True).stdout.split()
        size = path.stat().st_size / 2**20
        print(f"{out[0]:>5} pages ({size:.1f} MB file, {int(out[1]) / 2**20:.1f} M chars of text): "
              f"peak RSS {out[2]} MB")


SECTIONS = {"pdf": (pdf_quality, pdf_speed), "pdf-quality": (pdf_quality,),
            "html": (html_compare,), "run": (run_compare,)}


if __name__ == "__main__":
    chosen = sys.argv[1:] or list(SECTIONS)
    for section in chosen:
        for step in SECTIONS[section]:
            step()
