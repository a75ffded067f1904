"""The ``entityx`` command: Typer commands only.

Options are parsed here into :class:`~entityx.options.RunOptions` and an
output plan; the work is done by :mod:`entityx.run` and
:mod:`entityx.evaluate`, and every error becomes one line on stderr and an
exit status (:class:`entityx.errors.ExitStatus`). spaCy is imported only
when a command runs, so ``entityx --help`` starts instantly. ``extract`` is
longer than other functions because its signature declares every option
(one annotated parameter each, with its help); its body is short.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Annotated, NoReturn, Optional

import typer

from . import __version__
from .errors import EntityxError, ExitStatus
from .output.registry import FORMATS, Format, FormatSpec, format_for_suffix, get_format
from .sink import Environment, Terminated

app = typer.Typer(
    name="entityx",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
    context_settings={"help_option_names": ["-h", "--help"]},
    pretty_exceptions_enable=False,
)


def _err(message: str, *, kind: str = "error") -> None:
    from .run import err

    err(message, kind=kind)


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


def _resolve_format(fmt: Format | None, output: str | None, env: Environment) -> FormatSpec:
    """-f; else from -o's suffix (json if it has none we know); else a table
    at a terminal and JSON otherwise."""
    if fmt is not None:
        return get_format(fmt)
    if output is not None:
        suffix = os.path.splitext(output.rsplit("/", 1)[-1])[1]
        return format_for_suffix(suffix) or get_format("json")
    return get_format("table" if env.stdout_isatty else "json")


def _check_output(spec: FormatSpec, output: str | None, env: Environment, *, summary: bool,
                  mentions: bool, resume: bool) -> None:
    """Usage errors in the output options."""
    if output is not None and os.path.isdir(output):
        _usage("--output", f"{output} is a folder; give a file name")
    if resume and (output is None or spec.name != "jsonl"):
        _usage("--resume", "needs -o FILE and -f jsonl")
    if mentions and not spec.mentions:
        _usage("--mentions", "only applies to -f csv (json and jsonl always hold mentions)")
    if summary and spec.summary is None:
        _usage("--summary", f"-f {spec.name} has no summary form")
    if spec.whole_run and output is None and env.stdout_isatty:
        _usage("--format", f"-f {spec.name} writes one file: add -o FILE (or redirect stdout)")


def _input_paths(paths: list[str] | None, env: Environment) -> list[str]:
    """The inputs: as given, else piped stdin."""
    paths = list(paths or [])
    if not paths:
        if env.stdin_isatty:
            _usage("PATHS", "give files or folders, or pipe text on stdin")
        paths = ["-"]
    if paths.count("-") > 1:
        _usage("PATHS", "'-' (stdin) can be given once")
    return paths


def _is_folder(path: str) -> bool:
    """Whether an input names many documents (a folder, a URL prefix): JSON
    output is then a list, even if it holds one."""
    if path == "-":
        return False
    from .documents import is_url

    if is_url(path):
        from .remote import url_is_folder

        return url_is_folder(path)
    return os.path.isdir(path)


def _environment(ctx: typer.Context) -> Environment:
    """The terminal facts: the process's, or those a test passed as ``obj``."""
    return ctx.obj if isinstance(ctx.obj, Environment) else Environment.from_process()


EXTRACT_EPILOG = """\
[bold]Examples[/bold]

  entityx extract article.txt                      table at a terminal, JSON when piped
  entityx extract corpus/ --glob '*.txt' -f jsonl -o out.jsonl --jobs 4
  entityx extract corpus/ -f jsonl | jq -c '.entities[] | select(.type=="person") | .name'
  cat article.txt | entityx extract -f csv --types people,places
  entityx extract corpus/ --summary -f csv         each entity once over all files
  entityx extract report.pdf minutes.docx page.html mail.eml
  entityx extract corpus/ -o report.html           a self-contained report with a map
  entityx extract s3://bucket/docs/ --engine dask --scheduler tcp://host:8786 -o out.jsonl

[bold]Inputs[/bold]: text, PDF (text layer), DOCX, ODT, HTML (main text only), EML, EPUB, chosen by
their first bytes, then their suffix.

[bold]Output[/bold]: one result per input — [italic]source[/italic], [italic]chars[/italic] and
[italic]entities[/italic] (name, type, count, aliases, titles, a place's link to the gazetteer,
mentions with start/end character offsets into the text read), or [italic]source[/italic] and
[italic]error[/italic] for an input that could not be read. Without -f: a table when stdout is a
terminal, JSON otherwise (or as -o's suffix says).

[bold]Exit status[/bold]: 0 all inputs done, 1 some could not be read (each reported on stderr,
with an error record in json/jsonl/csv), 2 usage error, 130/143 interrupted (output so far
stays complete and parseable; with -o FILE -f jsonl, --resume continues).
"""


@app.command(epilog=EXTRACT_EPILOG)
def extract(
    ctx: typer.Context,
    paths: Annotated[Optional[list[str]], typer.Argument(  # noqa: UP045
        help="Files or folders (read recursively); '-' or nothing reads piped stdin.",
        show_default=False)] = None,
    fmt: Annotated[Optional[Format], typer.Option(  # noqa: UP045
        "--format", "-f", help=f"{' | '.join(FORMATS)}. Default: table on a terminal, "
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
    output: Annotated[Optional[str], typer.Option(  # noqa: UP045
        "--output", "-o", help="Write to FILE instead of stdout; it is replaced only "
        "when complete (jsonl: appended line by line).", show_default=False)] = None,
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
    with_text: Annotated[bool, typer.Option(
        "--with-text", help="Add each document's text (as read: from a PDF, a web page…) as "
        "'text', so that text\\[start:end] is each mention.")] = False,
    link: Annotated[bool, typer.Option(
        "--link/--no-link", help="Link places to a gazetteer entry (country, coordinates) "
        "and merge places with the same link.")] = True,
    engine: Annotated[str, typer.Option(
        "--engine", help="local (this machine, --jobs processes) or dask (a Dask cluster: "
        "--scheduler ADDRESS, else a local cluster of --jobs workers; pip install "
        "'entityx\\[dask]').")] = "local",
    scheduler: Annotated[Optional[str], typer.Option(  # noqa: UP045
        "--scheduler", help="With --engine dask: the address of a running Dask scheduler, "
        "e.g. tcp://10.0.0.5:8786.", show_default=False)] = None,
) -> None:
    """Find the people, places and organisations in documents."""
    from .labels import parse_types
    from .options import ENGINES, RunOptions
    from .run import OutputPlan, run_extract

    env = _environment(ctx)
    try:
        chosen_types = parse_types([types])
    except ValueError as exc:
        _usage("--types", str(exc))
    if not chosen_types:
        _usage("--types", "give at least one type")
    spec = _resolve_format(fmt, output, env)
    _check_output(spec, output, env, summary=summary, mentions=mentions, resume=resume)
    paths = _input_paths(paths, env)
    if engine not in ENGINES:
        _usage("--engine", f"choose {' or '.join(ENGINES)}")
    if scheduler is not None and engine != "dask":
        _usage("--scheduler", "only applies to --engine dask")
    options = RunOptions(model=model, types=chosen_types, jobs=jobs, glob=glob,
                         max_bytes=max_bytes, encoding=encoding, with_text=with_text,
                         link=link, engine=engine, scheduler=scheduler)
    single = len(paths) == 1 and not _is_folder(paths[0])
    plan = OutputPlan(fmt=spec, output=output, summary=summary, mentions=mentions,
                      resume=resume, quiet=quiet, many=not single)
    with _errors():
        code = run_extract(paths, options, plan, env)
    raise typer.Exit(int(code))


@app.command(epilog="""\
[bold]Examples[/bold]

  entityx evaluate ../shared/data/conll2003/test.iob2
  entityx evaluate test.iob2 --map NORP=ignore --map FAC=place -f json
  entityx evaluate gold.spacy --model en_core_web_sm

Gold files: token<TAB>tag (CoNLL-style columns, BIO/IOB/BIOES tags, -DOCSTART- lines) or
spaCy .spacy files. Labels map onto person / place / organisation (PER, PERSON → person; LOC,
GPE, FAC → place; ORG → organisation; the rest ignored); --map changes that. Gold spans are
normalised to entityx's guideline (no leading "the", no possessive) unless --no-normalise.
Scores are exact span matches with the right type. Gold spans of types entityx does not report
(MISC, NORP, events, works, dates, labels mapped to ignore) are not scored: a prediction lying
wholly inside one counts neither as right nor as wrong (reported as 'ignored').
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
        "ignore (an ignored label's spans are not scored, nor are predictions inside them). "
        "Repeatable.", show_default=False)] = None,
    normalise: Annotated[bool, typer.Option(
        "--normalise/--no-normalise", help="Trim gold spans to the guideline.")] = True,
    types: Annotated[str, typer.Option("--types", "-t", help="Types to score.")] =
        "person,place,organisation",
    doc_sentences: Annotated[Optional[int], typer.Option(  # noqa: UP045
        "--doc-sentences", min=1, show_default=False, help="Score up to N consecutive gold "
        "sentences as one document (never across a -DOCSTART- line). Default: each document "
        "the file marks with -DOCSTART- lines, whole, as extract reads a file, so that the "
        "document-level rules (a name found once labels its repeats; acronyms) take effect; "
        "each sentence alone in a file that marks no documents. 1: each sentence alone "
        "(the scoring before 2026-12-01).")] = None,
    score_unreported: Annotated[bool, typer.Option(
        "--score-unreported", help="Count a prediction inside a gold span of an unreported "
        "type as a false positive (the scoring before 2026-11-30).")] = False,
    errors_path: Annotated[Optional[Path], typer.Option(  # noqa: UP045
        "--errors", help="Write every error to FILE as JSON Lines: each missed, spurious, "
        "mistyped or mis-cut name with its gold and predicted spans and the text around it.",
        metavar="FILE", dir_okay=False, show_default=False)] = None,
) -> None:
    """Score entityx (or --model) on gold-annotated text: precision, recall, F1 per type.

    Gold spans of types entityx does not report are not scored (see below)."""
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
    with ExitStack() as stack:
        errors = None
        if errors_path is not None:
            try:
                errors = stack.enter_context(errors_path.open("w", encoding="utf-8"))
            except OSError as exc:
                _usage("--errors", f"cannot write {errors_path}: {exc.strerror or exc}")
        with _errors():
            report = evaluate_files(gold, model=model, label_map=mapping, normalise=normalise,
                                    types=chosen, ignore_unreported=not score_unreported,
                                    doc_sentences=doc_sentences, errors=errors)
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
