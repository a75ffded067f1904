"""Hostile files and safe output, through the installed ``entityx`` command.

The nasty-file corpus is built by a fixture (nothing binary is committed).
What entityx does with each kind of input (the policy of entityx/sources.py):

=============================================  ==========================================
input                                          outcome
=============================================  ==========================================
UTF-8, UTF-16 LE/BE with a BOM                 processed
empty file, whitespace only                    processed: a document with no entities
larger than spaCy's max_length                 processed in chunks, offsets into the whole
odd names (spaces, newline, comma, non-ASCII,  processed; a name that is not UTF-8 is
bytes that are not UTF-8)                      written with \\xNN escapes
Latin-1 / Windows-1252, stray invalid UTF-8    processed with a warning (decoded as
                                               Windows-1252)
NUL bytes inside otherwise-text                processed with a warning
binary data (PNG signature, control bytes)     error
unreadable (chmod 000)                         error: permission denied
symbolic link loop, broken symbolic link       error
FIFO, socket, device                           error: not a regular file (never opened,
                                               so never waited on)
larger than --max-bytes                        error naming the limit and --max-bytes
=============================================  ==========================================

An error is one line on stderr (``entityx: error: PATH: REASON``, control
characters in PATH escaped), an ``error`` record in json/jsonl/csv, and exit
status 1; the other inputs' results are complete. A warning is one line on
stderr and a ``warnings`` field.

Also here: CSV cells that a spreadsheet would run are neutralised; quotes,
commas, newlines, tabs and control characters in names and entity text
never break the JSON, JSONL, CSV or table structure; and extraction never
touches the network.
"""

from __future__ import annotations

import csv
import io
import json
import os
import stat
import subprocess
import sys
import textwrap
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from _support import entityx_command

from entityx.merge import name_key
from entityx.output import LINK_COLUMNS, Format, Summary, make_writer, safe_cell
from entityx.results import DocumentResult, Entity, Mention
from entityx.sources import printable

TIMEOUT = 180  # a hung run (a FIFO opened for reading) fails instead of blocking the suite


def run(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None
        ) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if k != "ENTITYX_TRACEBACK"}
    return subprocess.run([entityx_command(), *args], stdin=subprocess.DEVNULL,
                          capture_output=True, text=True, encoding="utf-8", cwd=cwd,
                          env={**environ, **(env or {})}, timeout=TIMEOUT)


def permissions_enforced(folder: Path) -> bool:
    """Whether a chmod 000 file is unreadable here (not so for root)."""
    probe = folder / ".probe"
    probe.write_text("x")
    probe.chmod(0)
    try:
        with probe.open("rb"):
            return False
    except PermissionError:
        return True
    finally:
        probe.chmod(stat.S_IRUSR | stat.S_IWUSR)
        probe.unlink()


# -- the nasty-file corpus -------------------------------------------------------------

# Honorifics make persons whatever the model says (the title rule), so these
# names are found by any model.
TEXT = "Dr Angela Merkel met Mr Olaf Scholz in Berlin.\n"
LATIN = "Dr François Hollande met Ms Zoë Müller in Zürich.\n"


@dataclass(frozen=True)
class Expect:
    outcome: str  # "ok", "warning" or "error"
    reason: str = ""  # part of the warning or error message
    text: str | None = None  # the decoded text
    people: tuple[str, ...] = ()  # person mentions that must be found


@dataclass(frozen=True)
class Corpus:
    root: Path
    expect: dict[str, Expect]  # by source name, as entityx reports it
    max_length: int

    def source(self, rel: str) -> str:
        return os.path.join(str(self.root), rel)


def huge_text(max_length: int) -> tuple[str, tuple[str, ...]]:
    """A text longer than spaCy's max_length with a name at the start, in the
    middle and after max_length (cheap to process: mostly long blank lines)."""
    blank = " " * 9_999 + "\n"
    parts = ["Dr Angela Merkel spoke first.\n"]
    while sum(map(len, parts)) < max_length // 2:
        parts.append(blank)
    parts.append("Mr Olaf Scholz spoke next.\n")
    while sum(map(len, parts)) < max_length + 20_000:
        parts.append(blank)
    parts.append("Ms Jacinda Ardern spoke last.\n")
    return "".join(parts), ("Angela Merkel", "Olaf Scholz", "Jacinda Ardern")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    from entityx.pipeline import load_pipeline

    max_length = load_pipeline().max_length
    root = tmp_path_factory.mktemp("nasty")
    expect: dict[str, Expect] = {}

    def add(rel: str | bytes, data: bytes, outcome: str, reason: str = "",
            text: str | None = None, people: tuple[str, ...] = ()) -> None:
        path = os.path.join(os.fsencode(root), os.fsencode(rel))
        with open(path, "wb") as handle:
            handle.write(data)
        name = rel if isinstance(rel, str) else rel.decode("utf-8", "backslashreplace")
        expect[os.path.join(str(root), name)] = Expect(outcome, reason, text, people)

    names = ("Angela Merkel", "Olaf Scholz")
    add("plain.txt", TEXT.encode(), "ok", text=TEXT, people=names)
    add("utf16-le.txt", b"\xff\xfe" + TEXT.encode("utf-16-le"), "ok", text=TEXT, people=names)
    add("utf16-be.txt", b"\xfe\xff" + TEXT.encode("utf-16-be"), "ok", text=TEXT, people=names)
    add("latin-1.txt", LATIN.encode("latin-1"), "warning", "Windows-1252", text=LATIN,
        people=("François Hollande", "Zoë Müller"))
    bad = b"Dr Angela Merkel \xff\xfe met Mr Olaf Scholz in Berlin.\n"
    add("invalid-utf8.txt", bad, "warning", "not valid UTF-8", text=bad.decode("cp1252"),
        people=names)
    nul = "Dr Angela Merkel met\x00 Mr Olaf Scholz in Berlin.\n"
    add("nul-inside.txt", nul.encode(), "warning", "1 NUL character", text=nul, people=names)
    add("empty.txt", b"", "ok", text="")
    blank = " \n\t \r\n\x0b\x0c \u00a0\u2003\u3000\n"
    add("whitespace-only.txt", blank.encode(), "ok", text=blank)
    huge, huge_people = huge_text(max_length)
    add("huge.txt", huge.encode(), "ok", text=huge, people=huge_people)
    add("name with spaces.txt", TEXT.encode(), "ok", text=TEXT, people=names)
    add("new\nline, comma.txt", TEXT.encode(), "ok", text=TEXT, people=names)
    add("ünïcødé 名前 مرحبا.txt", TEXT.encode(), "ok", text=TEXT, people=names)
    add(b"not-utf8-\xe9.txt", TEXT.encode(), "ok", text=TEXT, people=names)

    add("picture.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "error",
        "binary file (a PNG image)")
    add("control-bytes.txt", bytes(range(32)) * 20, "error", "binary file")
    if permissions_enforced(root):
        add("locked.txt", TEXT.encode(), "error", "permission denied")
        (root / "locked.txt").chmod(0)
    (root / "loop").mkdir()
    (root / "loop" / "up").symlink_to("..", target_is_directory=True)
    expect[str(root / "loop" / "up")] = Expect("error", "symbolic link loop")
    (root / "self-link").symlink_to("self-link")
    expect[str(root / "self-link")] = Expect("error", "symbolic link loop")
    (root / "broken-link.txt").symlink_to("no-such-target.txt")
    expect[str(root / "broken-link.txt")] = Expect("error", "broken symbolic link")
    os.mkfifo(root / "fifo")
    expect[str(root / "fifo")] = Expect("error", "not a regular file: a FIFO")
    return Corpus(root, expect, max_length)


def check_records(corpus: Corpus, records: list[dict[str, Any]]) -> None:
    counts = Counter(r["source"] for r in records)
    assert counts == Counter(set(corpus.expect)), "each input exactly once"
    for record in records:
        want = corpus.expect[record["source"]]
        if want.outcome == "error":
            assert set(record) == {"source", "error"}, record
            assert want.reason in record["error"]
            continue
        assert "error" not in record, record
        if want.outcome == "warning":
            assert any(want.reason in w for w in record.get("warnings", [])), record
        else:
            assert "warnings" not in record, record
        assert want.text is not None
        assert record["chars"] == len(want.text)
        found = set()
        for entity in record["entities"]:
            for m in entity["mentions"]:
                assert want.text[m["start"]:m["end"]] == m["text"]
                if entity["type"] == "person":
                    found.add(m["text"])
        assert set(want.people) <= found, (record["source"], found)
        if not want.text.strip():
            assert record["entities"] == []


def check_stderr(corpus: Corpus, stderr: str) -> None:
    lines = stderr.splitlines()
    assert "Traceback" not in stderr
    assert all(line.startswith("entityx: ") for line in lines), stderr
    for source, want in corpus.expect.items():
        shown = printable(source)
        about = [line for line in lines if f": {shown}: " in line]
        if want.outcome == "ok":
            assert about == [], about
        else:
            assert len(about) == 1, (source, about)
            assert about[0].startswith(f"entityx: {want.outcome}: {shown}: ")
            assert want.reason in about[0]
    failed = sum(w.outcome == "error" for w in corpus.expect.values())
    assert f"{failed} of {len(corpus.expect)} input(s) could not be read" in stderr


def test_corpus_jsonl(corpus: Corpus) -> None:
    proc = run("extract", str(corpus.root), "-f", "jsonl")
    assert proc.returncode == 1, proc.stderr
    assert proc.stdout.endswith("\n")
    records = [json.loads(line) for line in proc.stdout.split("\n")[:-1]]
    check_records(corpus, records)
    check_stderr(corpus, proc.stderr)
    huge = next(r for r in records if r["source"] == corpus.source("huge.txt"))
    assert huge["chars"] > corpus.max_length
    last = [m["start"] for e in huge["entities"] for m in e["mentions"]
            if m["text"] == "Jacinda Ardern"]
    assert last and last[0] > corpus.max_length


def test_corpus_json(corpus: Corpus) -> None:
    proc = run("extract", str(corpus.root), "-f", "json")
    assert proc.returncode == 1, proc.stderr
    records = json.loads(proc.stdout)
    assert isinstance(records, list)
    check_records(corpus, records)
    check_stderr(corpus, proc.stderr)


def test_corpus_csv_has_an_error_row_for_each_failure(corpus: Corpus) -> None:
    proc = run("extract", str(corpus.root), "-f", "csv", "-q")
    assert proc.returncode == 1, proc.stderr
    rows = list(csv.DictReader(io.StringIO(proc.stdout, newline="")))
    errors = Counter(r["source"] for r in rows if r["error"])
    assert errors == Counter({s for s, w in corpus.expect.items() if w.outcome == "error"})
    assert {r["source"] for r in rows if not r["error"]} <= set(corpus.expect)


def test_file_over_max_bytes_is_refused(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_text("Dr Angela Merkel spoke. " * 100)  # 2,400 bytes
    small = tmp_path / "small.txt"
    small.write_text(TEXT)
    proc = run("extract", str(big), str(small), "--max-bytes", "1000", "-f", "jsonl")
    assert proc.returncode == 1
    errors = [line for line in proc.stderr.splitlines() if line.startswith("entityx: error:")]
    assert errors == [f"entityx: error: {big}: file is 2.3 KB, over the limit of 1000 bytes; "
                      "raise the limit with --max-bytes"]
    first, second = (json.loads(line) for line in proc.stdout.splitlines())
    assert first == {"source": str(big), "error": errors[0].split(": ", 3)[3]}
    assert second["source"] == str(small) and "entities" in second


def test_unreadable_file_is_reported(tmp_path: Path) -> None:
    if not permissions_enforced(tmp_path):
        pytest.skip("file permissions are not enforced here (running as root)")
    locked = tmp_path / "locked.txt"
    locked.write_text(TEXT)
    locked.chmod(0)
    proc = run("extract", str(locked), "-f", "json")
    assert proc.returncode == 1
    assert json.loads(proc.stdout) == {"source": str(locked), "error": "permission denied"}
    assert proc.stderr.splitlines()[0] == f"entityx: error: {locked}: permission denied"


def test_stdin_with_nul_and_latin1_is_read(tmp_path: Path) -> None:
    data = "Dr François Hollande met\x00 Mr Olaf Scholz.".encode("latin-1")
    proc = subprocess.run([entityx_command(), "extract", "-f", "json"], input=data,
                          capture_output=True, timeout=TIMEOUT)
    assert proc.returncode == 0, proc.stderr
    people = {m["text"] for e in json.loads(proc.stdout)["entities"] for m in e["mentions"]}
    assert "François Hollande" in people


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_stdin_decoding_warning_is_reported(jobs: str) -> None:
    data = "Dr François Hollande met Mr Olaf Scholz.".encode("latin-1")
    proc = subprocess.run([entityx_command(), "extract", "-f", "json", "--jobs", jobs],
                          input=data, capture_output=True, timeout=TIMEOUT)
    assert proc.returncode == 0, proc.stderr
    record = json.loads(proc.stdout)
    assert any("not valid UTF-8" in w for w in record["warnings"])
    assert b"entityx: warning: <stdin>: not valid UTF-8" in proc.stderr


def test_binary_stdin_is_an_error_record() -> None:
    proc = subprocess.run([entityx_command(), "extract", "-f", "json"],
                          input=b"\x89PNG\r\n\x1a\n" + bytes(range(256)),
                          capture_output=True, timeout=TIMEOUT)
    assert proc.returncode == 1
    assert json.loads(proc.stdout) == {"source": "<stdin>",
                                       "error": "binary file (a PNG image), not text"}


# -- safe output -----------------------------------------------------------------------

FORMULAS = ["=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1", "=HYPERLINK(\"http://x\",\"y\")"]


@pytest.mark.parametrize("value", FORMULAS)
def test_safe_cell_neutralises_formulas(value: str) -> None:
    assert safe_cell(value) == "'" + value


@pytest.mark.parametrize("value, cell", [("Angela Merkel", "Angela Merkel"), (12, "12"),
                                         (None, ""), ("", ""), ("a=b", "a=b")])
def test_safe_cell_leaves_the_rest(value: object, cell: str) -> None:
    assert safe_cell(value) == cell


NASTY = ['Angela "Angie" Merkel', "Merkel, Angela", "Angela\nMerkel", "Angela\tMerkel",
         "Angela\rMerkel", "Angela\x00\x07\x1b[31mMerkel", "Angela\u2028Merkel\x85",
         "'quoted'", '"', ",", "\\"]


def nasty_result(source: str) -> DocumentResult:
    """A result whose every string is hostile, formulas included."""
    entities = []
    position = 0
    for i, name in enumerate(NASTY + FORMULAS):
        mention = Mention(text=name, start=position, end=position + len(name),
                          title=FORMULAS[i % len(FORMULAS)] if i % 2 else None,
                          sentence_start=position, sentence_end=position + len(name))
        position += len(name) + 1
        entities.append(Entity(name=name, type=("person", "place", "organisation")[i % 3],
                               mentions=[mention], aliases=[FORMULAS[i % len(FORMULAS)], name],
                               titles=[name]))
    return DocumentResult(source=source, entities=entities, chars=position,
                          warnings=["=warning, \"with\"\nnewline"])


SOURCES = ['dir/a "quoted", name\nwith\ttab\r\x1b[31m\x07.txt', "=cmd|' /C calc'!A0.txt",
           "@evil.txt", "-rf.txt", "+1.txt", "plain.txt"]


def write_all(fmt: Format, results: list[DocumentResult], **kwargs: Any) -> str:
    stream = io.StringIO(newline="")
    writer = make_writer(fmt, stream, many=len(results) > 1, **kwargs)
    for result in results:
        writer.write(result)
    writer.close()
    return stream.getvalue()


def nasty_results() -> list[DocumentResult]:
    results = [nasty_result(s) for s in SOURCES]
    results.append(DocumentResult(source="=error\n.txt", error="=bad, \"file\"\r\nhere"))
    return results


def test_json_and_jsonl_survive_hostile_strings() -> None:
    results = nasty_results()
    assert json.loads(write_all(Format.json, results)) == [r.to_dict() for r in results]
    assert json.loads(write_all(Format.json, results[:1])) == results[0].to_dict()
    jsonl = write_all(Format.jsonl, results)
    # one line per document, even for readers that split on U+2028 or NEL
    lines = jsonl.splitlines()
    assert len(lines) == len(results)
    assert [json.loads(line) for line in lines] == [r.to_dict() for r in results]


def parse_csv(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


@pytest.mark.parametrize("mentions", [False, True], ids=["entities", "mentions"])
def test_csv_survives_hostile_strings_and_neutralises_formulas(mentions: bool) -> None:
    results = nasty_results()
    rows = parse_csv(write_all(Format.csv, results, mentions=mentions))
    header, body = rows[0], rows[1:]
    expected = []
    for r in results:
        if r.error is not None:
            cells = {"source": r.source, "error": r.error}
            expected.append([safe_cell(cells.get(c, "")) for c in header])
        for e in r.entities:
            if mentions:
                expected += [[safe_cell(v) for v in (r.source, e.type, e.name, m.text, m.start,
                                                      m.end, m.title, *NO_LINK, "")]
                             for m in e.mentions]
            else:
                expected.append([safe_cell(v) for v in (r.source, e.type, e.name, e.count,
                                                         "; ".join(e.aliases),
                                                         "; ".join(e.titles), *NO_LINK, "")])
    assert body == expected
    for row in body:
        assert len(row) == len(header)
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")) or is_number(cell), row


NO_LINK = [""] * len(LINK_COLUMNS)  # the link cells of an entity with no link


def link_cells(entity: dict[str, Any]) -> list[str]:
    """The CSV link cells of an entity from the JSON output."""
    link = entity.get("link")
    if not link:
        return NO_LINK
    return ["" if link[k] is None else str(link[k])
            for k in ("name", "kind", "country", "lat", "lon", "geonames_id")]


def is_number(cell: str) -> bool:
    """A plain number (a negative longitude): a spreadsheet reads it as one."""
    try:
        float(cell)
    except ValueError:
        return False
    return True


def test_summary_csv_neutralises_formulas() -> None:
    summary = Summary()
    for result in nasty_results():
        summary.add(result)
    stream = io.StringIO(newline="")
    summary.write(Format.csv, stream)
    rows = parse_csv(stream.getvalue())
    assert rows[0] == ["type", "name", "mentions", "documents", "aliases", "titles"]
    names = {row[1] for row in rows[1:]}
    assert names <= {safe_cell(n) for n in NASTY + FORMULAS}
    # one row per name as merging reads names: "Angela\nMerkel", "Angela\tMerkel"
    # and "Merkel, Angela" are one person across documents, as in one
    types = ("person", "place", "organisation")  # as nasty_result gives them
    assert len(rows) - 1 == len({(types[i % 3], name_key(n, types[i % 3]))
                                 for i, n in enumerate(NASTY + FORMULAS)})
    assert len(rows) - 1 < len(NASTY + FORMULAS)
    assert safe_cell("=1+1") in names and safe_cell("\\") in names
    for row in rows[1:]:
        assert len(row) == 6
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), row


def test_table_shows_control_characters_escaped() -> None:
    results = nasty_results()
    out = write_all(Format.table, results)
    assert not set(out) & {"\r", "\t", "\x00", "\x07", "\x1b", "\x85", "\u2028"}
    assert "\\x1b[31m" in out and "name\\nwith\\ttab" in out
    summary = Summary()
    for result in results:
        summary.add(result)
    stream = io.StringIO()
    summary.write(Format.table, stream)
    assert not set(stream.getvalue()) & {"\r", "\t", "\x00", "\x07", "\x1b", "\x85", "\u2028"}


# -- hostile names and text through the command ----------------------------------------

HOSTILE_TEXT = ('Dr Angela "Angie" Merkel, of Berlin, met Mr Joe\tBiden and Ms Jacinda\x07Ardern.\n'
                "Mr O'Brien, of Smith, Jones & Co., said \"=HYPERLINK(1)\" to Dr -Putin "
                "and Mr @Trump in São Paulo.\r\nMr \x1b[31mRed\x1b[0m Smith arrived.\n")


@pytest.fixture(scope="module")
def hostile_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("hostile")
    path = folder / 'new\nline, "quoted",\ttab.txt'
    path.write_text(HOSTILE_TEXT, encoding="utf-8", newline="")
    return path


@pytest.fixture(scope="module")
def hostile_json(hostile_file: Path) -> dict[str, Any]:
    proc = run("extract", str(hostile_file), "-f", "json")
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    assert doc["source"] == str(hostile_file)
    for entity in doc["entities"]:
        for m in entity["mentions"]:
            assert HOSTILE_TEXT[m["start"]:m["end"]] == m["text"]
    assert doc["entities"], "nothing found: the checks below would be empty"
    return doc


def test_hostile_name_jsonl(hostile_file: Path, hostile_json: dict[str, Any]) -> None:
    proc = run("extract", str(hostile_file.parent), "-f", "jsonl")
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert len(lines) == 1
    assert json.loads(lines[0]) == hostile_json


def test_hostile_name_csv(hostile_file: Path, hostile_json: dict[str, Any]) -> None:
    entities = hostile_json["entities"]
    proc = run("extract", str(hostile_file), "-f", "csv")
    assert proc.returncode == 0, proc.stderr
    rows = parse_csv(proc.stdout)
    assert rows[0] == ["source", "type", "name", "count", "aliases", "titles", *LINK_COLUMNS,
                       "error"]
    assert rows[1:] == [[str(hostile_file), e["type"], safe_cell(e["name"]), str(e["count"]),
                         safe_cell("; ".join(e["aliases"])), safe_cell("; ".join(e["titles"])),
                         *link_cells(e), ""] for e in entities]

    proc = run("extract", str(hostile_file), "-f", "csv", "--mentions")
    assert proc.returncode == 0, proc.stderr
    rows = parse_csv(proc.stdout)
    assert rows[1:] == [[str(hostile_file), e["type"], safe_cell(e["name"]), safe_cell(m["text"]),
                         str(m["start"]), str(m["end"]), safe_cell(m["title"] or ""),
                         *link_cells(e), ""]
                        for e in entities for m in e["mentions"]]


def test_hostile_name_summary_csv(hostile_file: Path, hostile_json: dict[str, Any]) -> None:
    proc = run("extract", str(hostile_file), "--summary", "-f", "csv")
    assert proc.returncode == 0, proc.stderr
    rows = parse_csv(proc.stdout)
    assert all(len(row) == 6 for row in rows)
    assert {row[2] for row in rows[1:]} <= {str(e["count"]) for e in hostile_json["entities"]}
    for row in rows[1:]:
        assert not any(cell.startswith(("=", "+", "-", "@")) for cell in row)


def test_hostile_name_table(hostile_file: Path, hostile_json: dict[str, Any]) -> None:
    proc = run("extract", str(hostile_file), str(hostile_file), "-f", "table",
               env={"COLUMNS": "250"})
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert not set(out) & {"\r", "\t", "\x07", "\x1b"}
    assert printable(str(hostile_file)) in out
    # one line per entity: no cell text broke a row
    rows = [line for line in out.splitlines() if line.startswith("│")]
    assert len(rows) == 2 * len(hostile_json["entities"])


# -- no network ------------------------------------------------------------------------

NO_NETWORK = textwrap.dedent("""
    import socket, sys
    attempts = []

    def refuse(*args, **kwargs):
        attempts.append(args)
        raise OSError("network access attempted")

    def guard(method):
        def guarded(self, *args, **kwargs):
            if self.family != socket.AF_UNIX:
                refuse(self.family, *args)
            return method(self, *args, **kwargs)
        return guarded

    # Opening a socket is allowed (urllib3 probes IPv6 on import by binding
    # ::1); looking up a name or reaching out to an address is not.
    for name in ("connect", "connect_ex", "sendto", "sendmsg"):
        setattr(socket.socket, name, guard(getattr(socket.socket, name)))
    for name in ("getaddrinfo", "gethostbyname", "gethostbyname_ex", "create_connection"):
        setattr(socket, name, refuse)

    import entityx
    from entityx.cli import main

    status = main(["extract", *sys.argv[1:], "-f", "jsonl"])
    assert status == 0, status
    status = main(["extract", *sys.argv[1:], "-f", "jsonl", "--jobs", "2"])
    assert status == 0, status
    people = {e.name for e in entityx.extract(open(sys.argv[1]).read()).entities}
    assert "Angela Merkel" in people, people
    if attempts:
        sys.exit(f"network access attempted: {attempts}")
""")


def test_no_network_access(tmp_path: Path) -> None:
    """Loading the model and extracting, also with worker processes, with
    every way to reach the network made to fail (and recorded)."""
    paths = []
    for i in range(3):
        paths.append(tmp_path / f"doc{i}.txt")
        paths[-1].write_text(TEXT)
    proc = subprocess.run([sys.executable, "-c", NO_NETWORK, *map(str, paths)],
                          capture_output=True, text=True, timeout=TIMEOUT)
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert len(lines) == 6 and all(json.loads(line)["entities"] for line in lines)
