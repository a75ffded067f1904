"""The ``entityx`` command: formats, inputs, options, errors and exit statuses.

Most tests run the Typer app in-process (CliRunner keeps stdout and stderr
apart); a few run the installed ``entityx`` command in a subprocess, as a
user would. Texts lean on honorifics ("Ms Pugh") where an exact result is
asserted: the title rules make those people whatever the model says.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import entityx
from entityx.cli import app
from entityx.output import ENTITY_COLUMNS, MENTION_COLUMNS
from entityx.sink import Environment

DOC_A = "Ms Pugh met Dr Alexander Tayler in Paris on Monday.\nMs Pugh flew home on Tuesday.\n"
DOC_B = "Mr Smith told Ms Pugh that the plan had failed.\n"
DOC_C = "Mr. Jones said nothing at all.\n"
MIXED = "Ms Pugh met Dr Alexander Tayler at the United Nations in Paris.\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01"


def invoke(runner: CliRunner, *args: str, input: str | bytes | None = None) -> Any:
    return runner.invoke(app, list(args), input=input)


def people(doc: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {e["name"]: e for e in doc["entities"] if e["type"] == "person"}


def without_source(doc: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in doc.items() if k != "source"}


@pytest.fixture
def three_docs(make_file: Callable[[str, str], Path]) -> list[Path]:
    return [make_file("a.txt", DOC_A), make_file("b.txt", DOC_B), make_file("c.txt", DOC_C)]


# -- formats ------------------------------------------------------------------


def test_json_one_file_is_one_object(runner: CliRunner, three_docs: list[Path]) -> None:
    result = invoke(runner, "extract", str(three_docs[0]), "-f", "json")
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)  # the whole of stdout is one JSON value
    assert isinstance(doc, dict)
    assert doc["source"] == str(three_docs[0])
    assert doc["chars"] == len(DOC_A)
    pugh = people(doc)["Pugh"]
    assert pugh["count"] == 2
    assert pugh["titles"] == ["Ms"]
    assert [(m["start"], m["end"], m["title"]) for m in pugh["mentions"]] == [
        (3, 7, "Ms"), (DOC_A.index("Pugh flew"), DOC_A.index("Pugh flew") + 4, "Ms")]
    tayler = people(doc)["Alexander Tayler"]
    assert tayler["titles"] == ["Dr"]
    assert set(tayler) == {"name", "type", "count", "aliases", "titles", "mentions"}
    assert set(tayler["mentions"][0]) == {"text", "start", "end", "title", "sentence"}


def test_json_many_files_is_a_list_in_order(runner: CliRunner, three_docs: list[Path]) -> None:
    result = invoke(runner, "extract", *map(str, three_docs), "-f", "json")
    assert result.exit_code == 0, result.stderr
    docs = json.loads(result.stdout)
    assert [d["source"] for d in docs] == [str(p) for p in three_docs]
    assert "Smith" in people(docs[1]) and "Jones" in people(docs[2])


def test_json_folder_with_one_file_is_still_a_list(runner: CliRunner,
                                                   make_file: Callable[[str, str], Path]) -> None:
    path = make_file("only/a.txt", DOC_A)
    result = invoke(runner, "extract", str(path.parent), "-f", "json")
    assert result.exit_code == 0, result.stderr
    docs = json.loads(result.stdout)
    assert isinstance(docs, list) and [d["source"] for d in docs] == [str(path)]


def test_jsonl_one_document_per_line(runner: CliRunner, three_docs: list[Path]) -> None:
    result = invoke(runner, "extract", *map(str, three_docs), "-f", "jsonl")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 3
    docs = [json.loads(line) for line in lines]
    assert [d["source"] for d in docs] == [str(p) for p in three_docs]
    # the same data as -f json
    as_json = json.loads(invoke(runner, "extract", *map(str, three_docs), "-f", "json").stdout)
    assert docs == as_json


def test_csv_one_row_per_entity(runner: CliRunner, three_docs: list[Path]) -> None:
    result = invoke(runner, "extract", *map(str, three_docs), "-f", "csv")
    assert result.exit_code == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert list(rows[0]) == [*ENTITY_COLUMNS, "error"]
    as_json = json.loads(invoke(runner, "extract", *map(str, three_docs), "-f", "json").stdout)
    expected = [(d["source"], e["type"], e["name"], str(e["count"]), "; ".join(e["titles"]))
                for d in as_json for e in d["entities"]]
    assert [(r["source"], r["type"], r["name"], r["count"], r["titles"]) for r in rows] == expected
    assert (str(three_docs[0]), "person", "Pugh", "2", "Ms") in expected
    assert all(r["error"] == "" for r in rows)


def test_csv_mentions_one_row_per_mention(runner: CliRunner, three_docs: list[Path]) -> None:
    result = invoke(runner, "extract", str(three_docs[0]), "-f", "csv", "--mentions")
    assert result.exit_code == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert list(rows[0]) == [*MENTION_COLUMNS, "error"]
    pugh = [r for r in rows if r["name"] == "Pugh"]
    assert len(pugh) == 2
    for row in rows:
        assert DOC_A[int(row["start"]):int(row["end"])] == row["text"]
    assert {r["title"] for r in pugh} == {"Ms"}


def test_mentions_needs_csv(runner: CliRunner, three_docs: list[Path]) -> None:
    result = invoke(runner, "extract", str(three_docs[0]), "-f", "json", "--mentions")
    assert result.exit_code == 2
    assert result.stdout == ""


def test_table_lists_people_with_titles(runner: CliRunner, three_docs: list[Path]) -> None:
    result = invoke(runner, "extract", str(three_docs[0]), "-f", "table")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "People (2)" in out
    pugh_line = next(line for line in out.splitlines() if "Pugh" in line)
    assert "2" in pugh_line and "Ms" in pugh_line
    # the most-mentioned person comes first
    assert out.index("Pugh") < out.index("Alexander Tayler")


def test_table_for_several_files_names_each(runner: CliRunner, three_docs: list[Path]) -> None:
    result = invoke(runner, "extract", *map(str, three_docs), "-f", "table")
    assert result.exit_code == 0, result.stderr
    for path in three_docs:
        assert path.name in result.stdout
    assert "Smith" in result.stdout and "Jones" in result.stdout


def test_default_format_when_piped_is_json(runner: CliRunner, three_docs: list[Path]) -> None:
    result = invoke(runner, "extract", str(three_docs[0]))
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["source"] == str(three_docs[0])


def test_default_format_at_a_terminal_is_a_table(runner: CliRunner,
                                                 three_docs: list[Path]) -> None:
    at_terminal = Environment(stdin_isatty=True, stdout_isatty=True, stderr_isatty=True)
    result = runner.invoke(app, ["extract", str(three_docs[0])], obj=at_terminal)
    assert result.exit_code == 0, result.stderr
    assert "People (2)" in result.stdout and "Pugh" in result.stdout
    with pytest.raises(ValueError):
        json.loads(result.stdout)


def test_output_suffix_beats_the_terminal(runner: CliRunner, three_docs: list[Path],
                                          tmp_path: Path) -> None:
    at_terminal = Environment(stdin_isatty=True, stdout_isatty=True, stderr_isatty=True)
    out = tmp_path / "out.csv"
    result = runner.invoke(app, ["extract", str(three_docs[0]), "-o", str(out)], obj=at_terminal)
    assert result.exit_code == 0, result.stderr
    assert out.read_text(encoding="utf-8").startswith("source,type,name,count")


def test_no_input_at_a_terminal_is_a_usage_error(runner: CliRunner) -> None:
    at_terminal = Environment(stdin_isatty=True, stdout_isatty=True, stderr_isatty=True)
    result = runner.invoke(app, ["extract"], obj=at_terminal)
    assert result.exit_code == 2
    assert "give files or folders" in result.stderr


# -- standard input -------------------------------------------------------------


@pytest.mark.parametrize("args", [["-"], []], ids=["dash", "no-path"])
def test_stdin(runner: CliRunner, args: list[str]) -> None:
    result = invoke(runner, "extract", *args, "-f", "json", input=DOC_B)
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    assert doc["source"] == "<stdin>"
    assert doc["chars"] == len(DOC_B)
    assert {"Smith", "Pugh"} <= set(people(doc))


def test_stdin_with_files(runner: CliRunner, three_docs: list[Path]) -> None:
    result = invoke(runner, "extract", str(three_docs[0]), "-", "-f", "jsonl", input=DOC_C)
    assert result.exit_code == 0, result.stderr
    docs = [json.loads(line) for line in result.stdout.splitlines()]
    assert [d["source"] for d in docs] == [str(three_docs[0]), "<stdin>"]
    assert "Jones" in people(docs[1])


def test_stdin_twice_is_a_usage_error(runner: CliRunner) -> None:
    result = invoke(runner, "extract", "-", "-", input=DOC_B)
    assert result.exit_code == 2
    assert result.stdout == ""


# -- folders ------------------------------------------------------------------------


@pytest.fixture
def corpus(make_file: Callable[[str, str], Path], tmp_path: Path) -> Path:
    make_file("corpus/a.txt", DOC_A)
    make_file("corpus/sub/b.txt", DOC_B)
    make_file("corpus/sub/deeper/c.md", DOC_C)
    make_file("corpus/.hidden.txt", DOC_B)
    make_file("corpus/.git/config.txt", DOC_B)
    return tmp_path / "corpus"


def test_folder_is_read_recursively_skipping_hidden(runner: CliRunner, corpus: Path) -> None:
    result = invoke(runner, "extract", str(corpus), "-f", "json")
    assert result.exit_code == 0, result.stderr
    sources = [d["source"] for d in json.loads(result.stdout)]
    assert sources == [str(corpus / "a.txt"), str(corpus / "sub" / "b.txt"),
                       str(corpus / "sub" / "deeper" / "c.md")]


def test_glob_chooses_files_in_folders(runner: CliRunner, corpus: Path) -> None:
    result = invoke(runner, "extract", str(corpus), "--glob", "*.txt", "-f", "jsonl")
    assert result.exit_code == 0, result.stderr
    sources = [json.loads(line)["source"] for line in result.stdout.splitlines()]
    assert sources == [str(corpus / "a.txt"), str(corpus / "sub" / "b.txt")]


def test_empty_folder_is_reported(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    result = invoke(runner, "extract", str(tmp_path / "empty"), "-f", "json")
    assert result.exit_code == 1
    assert "no input files found" in result.stderr
    assert result.stdout == ""


# -- --types ------------------------------------------------------------------------


@pytest.mark.parametrize(("value", "chosen"), [
    ("people", {"person"}),
    ("PER", {"person"}),
    ("person", {"person"}),
    ("GPE", {"place"}),
    ("places", {"place"}),
    ("org", {"organisation"}),
    ("ORG", {"organisation"}),
    ("people,org", {"person", "organisation"}),
    ("LOC, persons", {"person", "place"}),
])
def test_types_aliases(runner: CliRunner, make_file: Callable[[str, str], Path],
                       value: str, chosen: set[str]) -> None:
    path = make_file("mixed.txt", MIXED)
    everything = json.loads(invoke(runner, "extract", str(path), "-f", "json").stdout)
    result = invoke(runner, "extract", str(path), "-f", "json", "--types", value)
    assert result.exit_code == 0, result.stderr
    filtered = json.loads(result.stdout)
    expected = {(e["type"], e["name"], e["count"]) for e in everything["entities"]
                if e["type"] in chosen}
    got = {(e["type"], e["name"], e["count"]) for e in filtered["entities"]}
    assert got == expected
    # not vacuous: each chosen type is in the text (a person, a place, an organisation)
    assert {t for t, _, _ in got} == chosen


def test_bad_type_is_a_usage_error(runner: CliRunner, make_file: Callable[[str, str], Path]) -> None:
    path = make_file("a.txt", DOC_A)
    result = invoke(runner, "extract", str(path), "--types", "people,bogus")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "bogus" in result.stderr


def test_bad_type_message_is_one_line(runner: CliRunner, make_file: Callable[[str, str], Path]
                                      ) -> None:
    path = make_file("a.txt", DOC_A)
    result = invoke(runner, "extract", str(path), "--types", "bogus")
    assert result.exit_code == 2
    lines = [line for line in result.stderr.splitlines() if "bogus" in line]
    assert len(lines) == 1
    # the whole message, with the choices, on that line
    assert "person" in lines[0] and "organisation" in lines[0]
    assert not any(c in result.stderr for c in "╭│╰")


# -- --summary ------------------------------------------------------------------------


def test_summary_counts_mentions_and_documents(runner: CliRunner, three_docs: list[Path]) -> None:
    result = invoke(runner, "extract", *map(str, three_docs), "--summary", "-f", "json")
    assert result.exit_code == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["documents"] == 3 and summary["failed"] == 0
    by_name = {(e["type"], e["name"]): e for e in summary["entities"]}
    pugh = by_name[("person", "Pugh")]
    assert (pugh["mentions"], pugh["documents"]) == (3, 2)  # 2 in a.txt, 1 in b.txt
    assert pugh["titles"] == ["Ms"]
    assert (by_name[("person", "Jones")]["mentions"], by_name[("person", "Jones")]["documents"]) \
        == (1, 1)
    # most mentioned first
    assert summary["entities"][0]["name"] == "Pugh"


def test_summary_csv(runner: CliRunner, three_docs: list[Path]) -> None:
    result = invoke(runner, "extract", *map(str, three_docs), "--summary", "-f", "csv")
    assert result.exit_code == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert list(rows[0]) == ["type", "name", "mentions", "documents", "aliases", "titles"]
    pugh = next(r for r in rows if r["name"] == "Pugh")
    assert (pugh["type"], pugh["mentions"], pugh["documents"]) == ("person", "3", "2")


def test_summary_counts_failed_inputs(runner: CliRunner, three_docs: list[Path],
                                      tmp_path: Path) -> None:
    result = invoke(runner, "extract", str(three_docs[0]), str(tmp_path / "missing.txt"),
                    "--summary", "-f", "json")
    assert result.exit_code == 1
    summary = json.loads(result.stdout)
    assert (summary["documents"], summary["failed"]) == (1, 1)


# -- -o / --output ------------------------------------------------------------------


@pytest.mark.parametrize("suffix", ["json", "jsonl", "csv"])
def test_output_file(runner: CliRunner, three_docs: list[Path], tmp_path: Path,
                     suffix: str) -> None:
    out = tmp_path / "out" / f"result.{suffix}"
    result = invoke(runner, "extract", *map(str, three_docs[:2]), "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    text = out.read_text(encoding="utf-8")
    # the format follows the extension
    stdout_same = invoke(runner, "extract", *map(str, three_docs[:2]), "-f", suffix).stdout
    assert text == stdout_same
    if suffix == "json":
        assert len(json.loads(text)) == 2
    # no temporary file left beside it
    assert sorted(p.name for p in out.parent.iterdir()) == [out.name]


def test_output_file_with_explicit_format(runner: CliRunner, three_docs: list[Path],
                                          tmp_path: Path) -> None:
    out = tmp_path / "result.txt"
    result = invoke(runner, "extract", str(three_docs[0]), "-f", "jsonl", "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert json.loads(out.read_text(encoding="utf-8"))["source"] == str(three_docs[0])


# -- failures in a batch -------------------------------------------------------------


@pytest.fixture
def batch_with_failures(make_file: Callable[[str, str], Path], tmp_path: Path) -> list[str]:
    good_a = make_file("a.txt", DOC_A)
    binary = tmp_path / "image.txt"
    binary.write_bytes(PNG)
    good_b = make_file("b.txt", DOC_B)
    return [str(good_a), str(binary), str(tmp_path / "missing.txt"), str(good_b)]


def test_failing_inputs_json(runner: CliRunner, batch_with_failures: list[str]) -> None:
    result = invoke(runner, "extract", *batch_with_failures, "-f", "json")
    assert result.exit_code == 1
    docs = json.loads(result.stdout)
    assert [d["source"] for d in docs] == batch_with_failures
    good_a, binary, missing, good_b = docs
    assert "binary" in binary["error"] and "entities" not in binary
    assert "no such file" in missing["error"] and "entities" not in missing
    # the good files' results are complete: the same as when run alone
    for doc, path in ((good_a, batch_with_failures[0]), (good_b, batch_with_failures[3])):
        alone = json.loads(invoke(runner, "extract", path, "-f", "json").stdout)
        assert doc == alone
    # each failure on stderr, naming the path
    errors = [line for line in result.stderr.splitlines() if ": error: " in line]
    assert len(errors) == 2
    assert batch_with_failures[1] in errors[0] and "binary" in errors[0]
    assert batch_with_failures[2] in errors[1]


def test_failing_inputs_jsonl_and_csv(runner: CliRunner, batch_with_failures: list[str]) -> None:
    result = invoke(runner, "extract", *batch_with_failures, "-f", "jsonl")
    assert result.exit_code == 1
    docs = [json.loads(line) for line in result.stdout.splitlines()]
    assert [("error" in d) for d in docs] == [False, True, True, False]
    assert "Pugh" in people(docs[0]) and "Smith" in people(docs[3])

    result = invoke(runner, "extract", *batch_with_failures, "-f", "csv")
    assert result.exit_code == 1
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    errors = {r["source"]: r["error"] for r in rows if r["error"]}
    assert set(errors) == set(batch_with_failures[1:3])
    assert {r["source"] for r in rows if not r["error"]} == {batch_with_failures[0],
                                                            batch_with_failures[3]}


def test_failing_folder_entry(runner: CliRunner, corpus: Path) -> None:
    (corpus / "sub" / "scan.pdf").write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    result = invoke(runner, "extract", str(corpus), "-f", "json")
    assert result.exit_code == 1
    docs = json.loads(result.stdout)
    failed = [d for d in docs if "error" in d]
    assert [d["source"] for d in failed] == [str(corpus / "sub" / "scan.pdf")]
    assert "PDF" in failed[0]["error"]
    assert len(docs) == 4 and all("entities" in d for d in docs if d not in failed)
    assert str(corpus / "sub" / "scan.pdf") in result.stderr


def test_warnings_go_to_stderr_not_into_the_data(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "latin1.txt"
    path.write_bytes("Ms Pugh visited the café in Zürich with Mr Müller.".encode("latin-1"))
    result = invoke(runner, "extract", str(path), "-f", "json")
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    assert "warning" in result.stderr and str(path) in result.stderr
    assert doc["warnings"] and "UTF-8" in doc["warnings"][0]
    assert {"Pugh", "Müller"} <= set(people(doc))
    quiet = invoke(runner, "extract", str(path), "-f", "json", "-q")
    assert quiet.stderr == ""
    assert json.loads(quiet.stdout) == doc


# -- --version, --help -------------------------------------------------------------------


def test_version(runner: CliRunner) -> None:
    result = invoke(runner, "--version")
    assert result.exit_code == 0
    assert result.stdout == f"entityx {entityx.__version__}\n"


COMMANDS = [c.name or (c.callback.__name__ if c.callback else "") for c in app.registered_commands]


def test_commands_are_known() -> None:
    assert sorted(COMMANDS) == ["evaluate", "extract"]


@pytest.mark.parametrize("command", COMMANDS)
def test_help_shows_examples(runner: CliRunner, command: str) -> None:
    result = invoke(runner, command, "--help")
    assert result.exit_code == 0
    assert "Examples" in result.stdout
    assert f"entityx {command} " in result.stdout
    short = invoke(runner, command, "-h")
    assert short.stdout == result.stdout


def test_help_keeps_square_brackets(runner: CliRunner) -> None:
    # Rich markup would take "[dask]" for a style and drop it from the help.
    result = runner.invoke(app, ["extract", "--help"], terminal_width=200)
    assert result.exit_code == 0
    text = " ".join(result.stdout.split())
    assert "entityx[dask]" in text and "text[start:end]" in text


def test_main_help_shows_examples(runner: CliRunner) -> None:
    result = invoke(runner, "--help")
    assert result.exit_code == 0
    assert "entityx extract article.txt" in result.stdout


def test_main_help_lists_commands(runner: CliRunner) -> None:
    result = invoke(runner, "--help")
    assert result.exit_code == 0
    for command in COMMANDS:
        assert command in result.stdout


# -- the installed command, in a subprocess ----------------------------------------------


RunEntityx = Callable[..., Any]


def test_installed_version(run_entityx: RunEntityx) -> None:
    proc = run_entityx("--version")
    assert proc.returncode == 0
    assert proc.stdout == f"entityx {entityx.__version__}\n"


def test_installed_piped_stdin_defaults_to_json(run_entityx: RunEntityx) -> None:
    proc = run_entityx("extract", input=DOC_A)
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    assert doc["source"] == "<stdin>"
    assert people(doc)["Pugh"]["count"] == 2


def test_installed_batch_with_failures(run_entityx: RunEntityx,
                                       batch_with_failures: list[str]) -> None:
    proc = run_entityx("extract", *batch_with_failures, "-f", "jsonl")
    assert proc.returncode == 1
    docs = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [d["source"] for d in docs] == batch_with_failures
    assert [("error" in d) for d in docs] == [False, True, True, False]
    assert people(docs[0])["Pugh"]["count"] == 2
    for path in batch_with_failures[1:3]:
        assert any(path in line and "error" in line for line in proc.stderr.splitlines())


def test_installed_folder_and_csv_from_stdin(run_entityx: RunEntityx, corpus: Path) -> None:
    proc = run_entityx("extract", str(corpus), "-f", "json")
    assert proc.returncode == 0, proc.stderr
    assert len(json.loads(proc.stdout)) == 3
    proc = run_entityx("extract", "-", "-f", "csv", "--mentions", input=DOC_B)
    assert proc.returncode == 0, proc.stderr
    rows = list(csv.DictReader(io.StringIO(proc.stdout)))
    assert {r["source"] for r in rows} == {"<stdin>"}
    assert {"Smith", "Pugh"} <= {r["name"] for r in rows}


@pytest.mark.parametrize("args", [
    ["-f", "table"],
    ["-f", "csv"],
    ["-f", "json", "--types", "people"],
    ["--summary", "-f", "csv"],
    ["--summary", "-f", "table"],
], ids=lambda a: " ".join(a))
def test_installed_command_gives_the_same_output(run_entityx: RunEntityx, runner: CliRunner,
                                                 three_docs: list[Path], args: list[str]) -> None:
    paths = [str(p) for p in three_docs]
    proc = run_entityx("extract", *paths, *args)
    assert proc.returncode == 0, proc.stderr
    in_process = invoke(runner, "extract", *paths, *args)
    assert proc.stdout == in_process.stdout
    assert "Pugh" in proc.stdout


def test_installed_output_file_and_bad_type(run_entityx: RunEntityx, three_docs: list[Path],
                                            tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    proc = run_entityx("extract", *map(str, three_docs), "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == ""
    assert [json.loads(line)["source"] for line in out.read_text().splitlines()] == [
        str(p) for p in three_docs]
    proc = run_entityx("extract", str(three_docs[0]), "--types", "animals")
    assert proc.returncode == 2
    assert proc.stdout == "" and "animals" in proc.stderr


@pytest.mark.parametrize("command", COMMANDS)
def test_installed_help(run_entityx: RunEntityx, command: str) -> None:
    proc = run_entityx(command, "--help")
    assert proc.returncode == 0
    assert "Examples" in proc.stdout and f"entityx {command} " in proc.stdout


def test_help_does_not_load_spacy(run_entityx: RunEntityx) -> None:
    import subprocess
    import sys

    code = ("import sys; from entityx.cli import main; main(['extract', '--help']); "
            "main(['--version']); sys.exit(1 if 'spacy' in sys.modules else 0)")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert "Examples" in proc.stdout


# -- the shared sample: the acceptance criteria ---------------------------------------------

SAMPLE_PEOPLE = ["Donald Trump", "Vladimir Putin", "Volodymyr Zelensky", "JD Vance", "Marco Rubio",
                 "Keith Kellogg", "Pete Hegseth", "Joe Biden", "Marc Fogel", "Alexander Vinnik"]
SAMPLE_PLACES = ["Ukraine", "Russia", "US", "Saudi Arabia", "Germany", "Brussels", "Kyiv",
                 "Pennsylvania", "Moscow"]
SAMPLE_ORGS = ["Nato", "Kremlin"]

def _named(doc: dict[str, Any], etype: str) -> list[str]:
    return [e["name"] for e in doc["entities"] if e["type"] == etype]


@pytest.mark.parametrize("name", SAMPLE_PEOPLE)
def test_sample_person_listed_once(shared_sample_json: dict[str, Any], name: str) -> None:
    assert _named(shared_sample_json, "person").count(name) == 1


def test_sample_people_are_exactly_these(shared_sample_json: dict[str, Any]) -> None:
    assert sorted(_named(shared_sample_json, "person")) == sorted(SAMPLE_PEOPLE)


def test_sample_trump_and_putin(shared_sample_json: dict[str, Any]) -> None:
    by_name = people(shared_sample_json)
    trump, putin = by_name["Donald Trump"], by_name["Vladimir Putin"]
    assert trump["count"] == 9
    assert {"President", "Mr"} <= set(trump["titles"])
    assert {m["text"] for m in trump["mentions"]} == {"Donald Trump", "Trump"}
    assert putin["count"] == 6
    assert {"President", "Mr"} <= set(putin["titles"])
    assert {m["text"] for m in putin["mentions"]} == {"Vladimir Putin", "Putin"}


def test_sample_names_carry_no_titles(shared_sample_json: dict[str, Any]) -> None:
    title_words = {"president", "mr", "vice", "secretary", "state", "defence", "general",
                   "retired", "russian", "ukrainian", "schoolteacher"}
    for entity in shared_sample_json["entities"]:
        if entity["type"] == "person":
            for form in [entity["name"], *entity["aliases"]]:
                assert form.split()[0].lower().rstrip(".") not in title_words, form
    titles = {e["name"]: e["titles"] for e in shared_sample_json["entities"]}
    assert "Secretary of State" in titles["Marco Rubio"]
    assert "Defence Secretary" in titles["Pete Hegseth"]
    assert "Vice President" in titles["JD Vance"]


@pytest.mark.parametrize("name", SAMPLE_PLACES)
def test_sample_places(shared_sample_json: dict[str, Any], name: str) -> None:
    assert name in _named(shared_sample_json, "place")


@pytest.mark.parametrize("name", SAMPLE_ORGS)
def test_sample_organisations(shared_sample_json: dict[str, Any], name: str) -> None:
    assert name in _named(shared_sample_json, "organisation")


def test_sample_title_words_are_not_entities(shared_sample_json: dict[str, Any]) -> None:
    names = {e["name"] for e in shared_sample_json["entities"]}
    assert not names & {"State", "Defence", "Secretary of State", "Defence Secretary"}


def test_sample_kyiv_is_not_a_person(shared_sample_json: dict[str, Any]) -> None:
    assert "Kyiv" not in _named(shared_sample_json, "person")


def test_sample_no_possessive_or_hyphen_tail(shared_sample_json: dict[str, Any]) -> None:
    forms = [form for e in shared_sample_json["entities"]
             for form in [e["name"], *e["aliases"], *(m["text"] for m in e["mentions"])]]
    assert forms
    for form in forms:
        assert "Trump’s" not in form and "Trump's" not in form
        assert "Biden-era" not in form
        assert not form.endswith(("’s", "'s"))
