"""The ``entityx`` command: Typer commands only.

Options are parsed here, the work is done by :mod:`entityx.api` and
:mod:`entityx.evaluate`, and every error becomes one line on stderr and an
exit status (:class:`entityx.errors.ExitStatus`). spaCy is imported only
when a command runs, so ``entityx --help`` starts instantly.
"""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn, Optional

import typer

from . import __version__
from .errors import EntityxError, ExitStatus
from .output import Format

if TYPE_CHECKING:
    from .results import DocumentResult

app = typer.Typer(
    name="entityx",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
    context_settings={"help_option_names": ["-h", "--help"]},
    pretty_exceptions_enable=False,
)


class Terminated(KeyboardInterrupt):
    """SIGTERM, handled like Ctrl-C but with its own exit status."""


class _Interrupts:
    """SIGINT and SIGTERM as KeyboardInterrupt and Terminated, but never in
    the middle of writing a result: a signal that comes then is raised just
    after it, so the output holds whole records and the count of finished
    inputs is exact. A second signal is raised at once (a write stuck on a
    full pipe can still be stopped)."""

    def __init__(self) -> None:
        self.holding = False
        self.pending: int | None = None

    def _handle(self, signum: int, frame: Any) -> None:
        if self.holding and self.pending is None:
            self.pending = signum
            return
        self._raise(signum)

    @staticmethod
    def _raise(signum: int) -> None:
        raise Terminated() if signum == signal.SIGTERM else KeyboardInterrupt()

    @contextmanager
    def installed(self) -> Iterator[None]:
        previous = {sig: signal.signal(sig, self._handle) for sig in (signal.SIGINT, signal.SIGTERM)}
        try:
            yield
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)

    @contextmanager
    def held(self) -> Iterator[None]:
        self.holding = True
        try:
            yield
        finally:
            self.holding = False
        if self.pending is not None:
            signum, self.pending = self.pending, None
            self._raise(signum)


def _err(message: str, *, kind: str = "error") -> None:
    sys.stderr.write(f"entityx: {kind}: {message}\n")
    sys.stderr.flush()


@contextmanager
def _errors() -> Iterator[None]:
    """entityx errors as one line on stderr and their exit status
    (ENTITYX_TRACEBACK=1 shows the traceback instead)."""
    try:
        yield
    except EntityxError as exc:
        if os.environ.get("ENTITYX_TRACEBACK") == "1":
            raise
        _err(str(exc))
        raise typer.Exit(int(exc.exit_status)) from None


def _usage(where: str, message: str) -> NoReturn:
    """A usage error: one line on stderr, exit status 2."""
    _err(f"{where}: {message}")
    raise typer.Exit(int(ExitStatus.USAGE))


def _version(value: bool) -> None:
    if value:
        typer.echo(f"entityx {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[Optional[bool], typer.Option(  # noqa: UP045 - typer needs Optional
        "--version", callback=_version, is_eager=True, help="Show the version and exit.")] = None,
) -> None:
    """People, places and organisations in English text: offline, fast, one command.

    [bold]entityx extract article.txt[/bold]   a table of who, where and which organisations
    [bold]entityx extract corpus/ -f jsonl | jq …[/bold]   the same for programs
    """


def _resolve_format(fmt: Format | None, output: Path | None) -> Format:
    if fmt is not None:
        return fmt
    if output is not None:
        suffix = output.suffix.lower().lstrip(".")
        return Format(suffix) if suffix in {"json", "jsonl", "csv"} else Format.json
    return Format.table if sys.stdout.isatty() else Format.json


def _done_sources(output: Path, retry: set[str]) -> set[str]:
    """Sources already in a JSONL output file, for --resume. A torn last line
    (a killed run) is cut off so the file ends on a complete line, and the
    error records of the inputs in ``retry`` are dropped, as they are tried
    again: each input ends up in the file once."""
    import json

    done: set[str] = set()
    if not output.exists():
        return done
    data = output.read_bytes()
    lines = data[:data.rfind(b"\n") + 1].splitlines(keepends=True)
    kept: list[bytes] = []
    for line in lines:
        try:
            record = json.loads(line)
        except ValueError:
            kept.append(line)  # not ours to judge: left as it is
            continue
        if not isinstance(record, dict) or not isinstance(record.get("source"), str):
            kept.append(line)
        elif "error" not in record:
            done.add(record["source"])
            kept.append(line)
        elif record["source"] not in retry:
            kept.append(line)
    if len(kept) < len(lines) or sum(map(len, lines)) < len(data):
        tmp = output.with_name(f".{output.name}.{os.getpid()}.tmp")
        tmp.write_bytes(b"".join(kept))
        os.replace(tmp, output)
    return done


EXTRACT_EPILOG = """\
[bold]Examples[/bold]

  entityx extract article.txt                      table at a terminal, JSON when piped
  entityx extract corpus/ --glob '*.txt' -f jsonl -o out.jsonl --jobs 4
  entityx extract corpus/ -f jsonl | jq -c '.entities[] | select(.type=="person") | .name'
  cat article.txt | entityx extract -f csv --types people,places
  entityx extract corpus/ --summary -f csv         each entity once over all files

[bold]Output[/bold]: one result per input — [italic]source[/italic], [italic]chars[/italic] and
[italic]entities[/italic] (name, type, count, aliases, titles, mentions with start/end character
offsets into the decoded text), or [italic]source[/italic] and [italic]error[/italic] for an input
that could not be read. Without -f: a table when stdout is a terminal, JSON otherwise.

[bold]Exit status[/bold]: 0 all inputs done, 1 some could not be read (each reported on stderr,
with an error record in json/jsonl/csv), 2 usage error, 130/143 interrupted (output so far
stays complete and parseable; with -o FILE -f jsonl, --resume continues).
"""


@app.command(epilog=EXTRACT_EPILOG)
def extract(
    paths: Annotated[Optional[list[str]], typer.Argument(  # noqa: UP045
        help="Files or folders (read recursively); '-' or nothing reads piped stdin.",
        show_default=False)] = None,
    fmt: Annotated[Optional[Format], typer.Option(  # noqa: UP045
        "--format", "-f", help="table | json | jsonl | csv. Default: table on a terminal, "
        "else json (or from -o's extension).", show_default=False)] = None,
    types: Annotated[str, typer.Option(
        "--types", "-t", help="Entity types to report, comma-separated: person, place, "
        "organisation (aliases: people, places, org, PER, LOC, GPE, ORG…).")] = "person,place,organisation",
    model: Annotated[Optional[str], typer.Option(  # noqa: UP045
        "--model", "-m", help="An installed spaCy pipeline or a pipeline folder "
        "(default: entityx's embedded model).", show_default=False)] = None,
    jobs: Annotated[int, typer.Option(
        "--jobs", "-j", min=1, help="Worker processes for batches (each loads the model).")] = 1,
    summary: Annotated[bool, typer.Option(
        "--summary", help="One aggregate over all inputs: each entity with its total "
        "mentions and the number of documents it appears in.")] = False,
    mentions: Annotated[bool, typer.Option(
        "--mentions", help="CSV: one row per mention instead of one per entity.")] = False,
    glob: Annotated[Optional[str], typer.Option(  # noqa: UP045
        "--glob", "-g", help="In folders, only files whose name matches, e.g. '*.txt' "
        "(a pattern with '/' matches the path below the folder).", show_default=False)] = None,
    output: Annotated[Optional[Path], typer.Option(  # noqa: UP045
        "--output", "-o", help="Write to FILE instead of stdout; it is replaced only "
        "when complete (jsonl: appended line by line).", show_default=False, dir_okay=False)] = None,
    resume: Annotated[bool, typer.Option(
        "--resume", help="With -o FILE and jsonl: skip inputs already in FILE and append "
        "the rest (continues a stopped batch).")] = False,
    max_bytes: Annotated[int, typer.Option(
        "--max-bytes", min=1, help="Refuse inputs larger than this many bytes.")] = 25 * 1024 * 1024,
    encoding: Annotated[Optional[str], typer.Option(  # noqa: UP045
        "--encoding", "-e", help="Decode inputs with this encoding instead of detecting it "
        "(a BOM, UTF-8, Windows-1252 if mostly ASCII, else a detected one).",
        show_default=False)] = None,
    quiet: Annotated[bool, typer.Option(
        "--quiet", "-q", help="No progress bar and no warnings (errors are still shown).")] = False,
) -> None:
    """Find the people, places and organisations in documents."""
    from .labels import parse_types

    try:
        chosen_types = parse_types([types])
    except ValueError as exc:
        _usage("--types", str(exc))
    if not chosen_types:
        _usage("--types", "give at least one type")
    fmt = _resolve_format(fmt, output)
    if resume and (output is None or fmt is not Format.jsonl):
        _usage("--resume", "needs -o FILE and -f jsonl")
    if mentions and fmt is not Format.csv:
        _usage("--mentions", "only applies to -f csv (json and jsonl always hold mentions)")
    paths = list(paths or [])
    if not paths:
        if sys.stdin.isatty():
            _usage("PATHS", "give files or folders, or pipe text on stdin")
        paths = ["-"]
    if paths.count("-") > 1:
        _usage("PATHS", "'-' (stdin) can be given once")
    with _errors():
        code = _run_extract(paths, fmt=fmt, types=chosen_types, model=model, jobs=jobs,
                            summary=summary, mentions=mentions, glob=glob, output=output,
                            resume=resume, max_bytes=max_bytes, encoding=encoding, quiet=quiet)
    raise typer.Exit(int(code))


def _run_extract(paths: list[str], *, fmt: Format, types: tuple[str, ...], model: str | None,
                 jobs: int, summary: bool, mentions: bool, glob: str | None,
                 output: Path | None, resume: bool, max_bytes: int, encoding: str | None,
                 quiet: bool) -> ExitStatus:
    from .api import extract_sources, tune_malloc
    from .output import Summary, make_writer
    from .pipeline import load_pipeline
    from .sources import discover

    tune_malloc()  # before any worker is forked: they inherit it
    sources = list(discover(paths, glob))
    single = len(paths) == 1 and (paths[0] == "-" or not os.path.isdir(paths[0]))
    if not sources:
        _err(f"no input files found in {', '.join(paths)}" + (f" matching {glob!r}" if glob else ""))
        return ExitStatus.PARTIAL
    skipped = 0
    if resume and output is not None:
        done = _done_sources(output, {s.name for s in sources})
        before = len(sources)
        sources = [s for s in sources if s.name not in done]
        skipped = before - len(sources)
        if skipped and not quiet:
            _err(f"resuming: {skipped} input(s) already in {output}", kind="note")

    if model is not None or sources:
        load_pipeline(model)  # fail early, once, with a clear message

    interrupts = _Interrupts()
    with interrupts.installed():
        sink, finish = _open_output(output, append=resume)
        writer = None if summary else make_writer(fmt, sink, many=not single, mentions=mentions)
        totals = Summary() if summary else None
        failed = done_count = 0
        status = ExitStatus.OK
        progress = _progress(len(sources), quiet)
        try:
            for result in extract_sources(sources, model=model, types=types, jobs=jobs,
                                          max_bytes=max_bytes, encoding=encoding):
                with interrupts.held():
                    _report(result, quiet)
                    failed += result.error is not None
                    if writer is not None:
                        writer.write(result)
                    else:
                        assert totals is not None
                        totals.add(result)
                    done_count += 1
                if progress is not None:
                    progress.advance(progress.task_ids[0])
        except KeyboardInterrupt as exc:
            status = ExitStatus.TERMINATED if isinstance(exc, Terminated) else ExitStatus.INTERRUPTED
            if progress is not None:
                progress.stop()
            _err(f"interrupted after {done_count} of {len(sources)} input(s); the output holds "
                 "every finished one" + (" (run again with --resume to continue)"
                                         if output is not None and fmt is Format.jsonl else ""),
                 kind="note")
        finally:
            if progress is not None:
                progress.stop()
        # Close the output even when interrupted (a JSON list gets its "]"),
        # and let no signal cut that short: a file is then complete or absent.
        with interrupts.held():
            if writer is not None:
                writer.close()
            elif totals is not None:
                totals.write(fmt, sink)
            finish()
    if failed:
        _err(f"{failed} of {done_count} input(s) could not be read", kind="note")
    if status is ExitStatus.OK and failed:
        status = ExitStatus.PARTIAL
    return status


def _report(result: DocumentResult, quiet: bool) -> None:
    from .sources import printable

    if result.error is not None:
        _err(f"{printable(result.source)}: {printable(result.error)}")
    elif not quiet:
        for warning in result.warnings:
            _err(f"{printable(result.source)}: {printable(warning)}", kind="warning")


def _progress(total: int, quiet: bool) -> Any:
    if quiet or total < 2 or not sys.stderr.isatty():
        return None
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

    progress = Progress("[progress.description]{task.description}", BarColumn(),
                        MofNCompleteColumn(), TimeRemainingColumn(),
                        console=Console(stderr=True), transient=True)
    progress.add_task("extracting", total=total)
    progress.start()
    return progress


def _buffered_stdout() -> Any:
    """sys.stdout, or a buffered twin of it when it is unbuffered (python -u,
    PYTHONUNBUFFERED=1): its text layer then writes straight to the file and
    drops whatever a write cut short by a signal left unwritten (a pipe that
    is full when Ctrl-C comes), tearing a line. A BufferedWriter finishes it."""
    import io

    raw = getattr(sys.stdout, "buffer", None)
    if not isinstance(raw, io.RawIOBase):
        return sys.stdout
    sys.stdout.flush()
    return io.TextIOWrapper(io.BufferedWriter(io.FileIO(raw.fileno(), "w", closefd=False)),
                            encoding=sys.stdout.encoding, errors=sys.stdout.errors)


def _open_output(output: Path | None, *, append: bool) -> tuple[Any, Any]:
    """The stream to write to and a function that finishes it.

    A file is written to a temporary sibling and renamed into place at the end
    (never half-written); jsonl with --resume appends whole lines instead.
    """
    if output is None:
        stdout = _buffered_stdout()
        return stdout, stdout.flush
    output.parent.mkdir(parents=True, exist_ok=True)
    if append:
        handle = output.open("a", encoding="utf-8", newline="")
        return handle, handle.close
    tmp = output.with_name(f".{output.name}.{os.getpid()}.tmp")
    handle = tmp.open("w", encoding="utf-8", newline="")

    def finish() -> None:
        handle.close()
        os.replace(tmp, output)

    return handle, finish


@app.command(epilog="""\
[bold]Examples[/bold]

  entityx evaluate ../shared/data/conll2003/test.iob2
  entityx evaluate test.iob2 --map NORP=ignore --map FAC=place -f json
  entityx evaluate gold.spacy --model en_core_web_sm

Gold files: token<TAB>tag (CoNLL-style columns, BIO/IOB/BIOES tags, -DOCSTART- lines) or
spaCy .spacy files. Labels map onto person / place / organisation (PER, PERSON → person; LOC,
GPE, FAC → place; ORG → organisation; the rest ignored); --map changes that. Gold spans are
normalised to entityx's guideline (no leading "the", no possessive) unless --no-normalise.
Scores are exact span matches with the right type.
""")
def evaluate(
    gold: Annotated[list[Path], typer.Argument(help="Gold files (.iob2/.conll/.bio/... or .spacy).",
                                               exists=True, dir_okay=False, show_default=False)],
    model: Annotated[Optional[str], typer.Option(  # noqa: UP045
        "--model", "-m", help="Pipeline to score (default: the embedded model).",
        show_default=False)] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table | json")] = "table",
    label_map: Annotated[Optional[list[str]], typer.Option(  # noqa: UP045
        "--map", help="LABEL=TYPE for gold labels: TYPE is person, place, organisation or "
        "ignore. Repeatable.", show_default=False)] = None,
    normalise: Annotated[bool, typer.Option(
        "--normalise/--no-normalise", help="Trim gold spans to the guideline.")] = True,
    types: Annotated[str, typer.Option("--types", "-t", help="Types to score.")] =
        "person,place,organisation",
) -> None:
    """Score entityx (or --model) on gold-annotated text: precision, recall, F1 per type."""
    from .evaluate import evaluate_files, parse_label_map, render_report
    from .labels import parse_types

    if fmt not in ("table", "json"):
        _usage("--format", "choose table or json")
    try:
        mapping = parse_label_map(label_map or [])
    except ValueError as exc:
        _usage("--map", str(exc))
    try:
        chosen = parse_types([types])
    except ValueError as exc:
        _usage("--types", str(exc))
    with _errors():
        report = evaluate_files(gold, model=model, label_map=mapping, normalise=normalise,
                                types=chosen)
    render_report(report, fmt, sys.stdout)


def main(argv: list[str] | None = None) -> int:
    """Entry point: run the app, turning entityx errors into one line and a status."""
    try:
        app(args=argv, prog_name="entityx", standalone_mode=True)
    except SystemExit as exc:
        return int(exc.code or 0) if not isinstance(exc.code, str) else 1
    except KeyboardInterrupt as exc:
        _err("interrupted", kind="note")
        return int(ExitStatus.TERMINATED if isinstance(exc, Terminated) else ExitStatus.INTERRUPTED)
    except BrokenPipeError:
        # the reader (head, jq -e …) went away: not an error of ours
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return int(ExitStatus.OK)
    return 0
