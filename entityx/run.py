"""One ``entityx extract`` run: inputs through an engine, results through a
writer, with progress, per-input messages, interruptions and an exit status.

No Typer here: the command line builds :class:`RunOptions` and an
:class:`OutputPlan` and calls :func:`run_extract`.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from typing import Any

from .errors import EntityxError, ExitStatus
from .options import RunOptions
from .output.registry import FormatSpec
from .results import DocumentResult
from .sink import Environment, Interrupts, Terminated, done_sources, open_output


@dataclass(frozen=True)
class OutputPlan:
    fmt: FormatSpec
    output: str | None = None  # a file or URL; None: stdout
    summary: bool = False
    mentions: bool = False
    resume: bool = False
    quiet: bool = False
    many: bool = True  # several inputs (a JSON list), or one (an object)


def err(message: str, *, kind: str = "error") -> None:
    """One line on stderr: ``entityx: KIND: MESSAGE``."""
    sys.stderr.write(f"entityx: {kind}: {message}\n")
    sys.stderr.flush()


def run_extract(paths: list[str], options: RunOptions, plan: OutputPlan,
                env: Environment) -> ExitStatus:
    from .documents import discover
    from .engines import get_engine
    from .engines.local import tune_malloc
    from .pipeline import load_pipeline

    tune_malloc()  # before any worker is forked: they inherit it
    sources = list(discover(paths, options.glob))
    if not sources:
        err(f"no input files found in {', '.join(paths)}"
            + (f" matching {options.glob!r}" if options.glob else ""))
        return ExitStatus.PARTIAL
    if plan.resume and plan.output is not None:
        done = done_sources(plan.output, {s.name for s in sources})
        before = len(sources)
        sources = [s for s in sources if s.name not in done]
        if before > len(sources) and not plan.quiet:
            err(f"resuming: {before - len(sources)} input(s) already in {plan.output}", kind="note")
    if plan.fmt.needs_text:
        options = options.but(with_text=True)
    if options.engine == "local":
        load_pipeline(options.model)  # fail early, once, with a clear message
    engine = get_engine(options)
    return _write_all(engine.run(sources), len(sources), plan, env)


def _write_all(results: Any, total: int, plan: OutputPlan, env: Environment) -> ExitStatus:
    from .output.summary import Summary

    interrupts = Interrupts()
    with interrupts.installed():
        stream, finish = open_output(plan.output, append=plan.resume)
        writer = (None if plan.summary else
                  plan.fmt.load_writer()(stream, many=plan.many, mentions=plan.mentions))
        totals = Summary() if plan.summary else None
        failed = done = 0
        status = ExitStatus.OK
        stopped: EntityxError | None = None
        progress = _progress(total, plan.quiet, env)
        try:
            for result in results:
                with interrupts.held():
                    _report(result, plan.quiet)
                    failed += result.error is not None
                    if writer is not None:
                        writer.write(result)
                    else:
                        assert totals is not None
                        totals.add(result)
                    done += 1
                if progress is not None:
                    progress.advance(progress.task_ids[0])
        except KeyboardInterrupt as exc:
            status = ExitStatus.TERMINATED if isinstance(exc, Terminated) else ExitStatus.INTERRUPTED
            if progress is not None:
                progress.stop()
            resumable = plan.output is not None and plan.fmt.name == "jsonl"
            err(f"interrupted after {done} of {total} input(s); the output holds every "
                "finished one" + (" (run again with --resume to continue)" if resumable else ""),
                kind="note")
        except EntityxError as exc:
            # The engine failed as a whole (a Dask scheduler gone): what was
            # written is kept, complete, and the error is reported once.
            stopped = exc
        finally:
            if progress is not None:
                progress.stop()
        # Close the output even when interrupted (a JSON list gets its "]"),
        # and let no signal cut that short: a file is then complete or absent.
        with interrupts.held():
            if writer is not None:
                writer.close()
            elif totals is not None:
                totals.write(plan.fmt.name, stream)
            finish()
    if stopped is not None:
        if done:
            err(f"stopped after {done} of {total} input(s); the output holds every finished one",
                kind="note")
        raise stopped
    if failed:
        err(f"{failed} of {done} input(s) could not be read", kind="note")
    if status is ExitStatus.OK and failed:
        status = ExitStatus.PARTIAL
    return status


def _report(result: DocumentResult, quiet: bool) -> None:
    from .documents import printable

    if result.error is not None:
        err(f"{printable(result.source)}: {printable(result.error)}")
    elif not quiet:
        for warning in result.warnings:
            err(f"{printable(result.source)}: {printable(warning)}", kind="warning")


def _progress(total: int, quiet: bool, env: Environment) -> Any:
    if quiet or total < 2 or not env.stderr_isatty:
        return None
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

    progress = Progress("[progress.description]{task.description}", BarColumn(),
                        MofNCompleteColumn(), TimeRemainingColumn(),
                        console=Console(stderr=True), transient=True)
    progress.add_task("extracting", total=total)
    progress.start()
    return progress
