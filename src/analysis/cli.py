"""The ``sitrep`` command.

    sitrep data summary PATH [--format F] [--json]
    sitrep data formats [--domain D] [--json]
    sitrep params NOTEBOOK
    sitrep render NOTEBOOK [-p NAME VALUE]... [--out DIR] [--to ipynb,html,pdf] [--timeout S]
    sitrep batch BATCH.yaml [--out DIR] [--workers N] [--executor local|dask] [--dry-run] ...
    sitrep cache info|clear [--json]
    sitrep check REPORT [REPORT ...] [--json]

Errors print one short message and exit with status 2 (bad input) or 1 (failed run); ``--debug``
shows the traceback.
"""

from __future__ import annotations

import argparse
import codecs
import contextlib
import json
import os
import signal
import sys
from pathlib import Path

from analysis.report._startup import skip_lab_only_imports

skip_lab_only_imports()

from analysis.errors import (  # noqa: E402  (after the start-up guard on purpose)
    AnalysisError,
    DataValidationError,
    ParameterError,
)

_BUNDLED = "casualties, displacement, territorial_control, situation_report, trends"


def _notebook_path(name: str) -> Path:
    """A notebook path, or the name of a bundled notebook ("casualties")."""
    path = Path(name)
    try:
        if path.exists():
            return path
    except OSError:  # a name too long for the file system, a link loop
        from analysis.report.prechecks import path_problem

        raise ParameterError(path_problem(name, "notebook") or f"cannot open {name!r}.") from None
    from analysis.paths import notebooks_dir

    candidate = notebooks_dir() / (name if name.endswith(".ipynb") else f"{name}.ipynb")
    if candidate.exists():
        return candidate
    available = sorted(p.stem for p in notebooks_dir().glob("*.ipynb"))
    raise ParameterError(
        f"no notebook {name!r}. Give a path, or one of the bundled notebooks: "
        f"{', '.join(available)}."
    )


def _cmd_summary(args: argparse.Namespace) -> int:
    from analysis import summary

    try:
        result = summary.summarise(args.path, args.format)
    except AnalysisError as exc:
        if args.json and not args.debug:  # a refusal is one JSON object on stdout too
            print(json.dumps(_refusal(exc, args.path), ensure_ascii=False, indent=2))
        raise
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        print(summary.as_text(result))
    return 0


_HINT_STARTS = (
    "Check",
    "Correct",
    "Decompress",
    "Download",
    "Export",
    "Extract",
    "Fill",
    "Give",
    "Install",
    "Keep",
    "Name",
    "Or ",
    "Pass",
    "Point",
    "Re-save",
    "Remove",
    "Save",
    "Swap",
    "Use",
    "`sitrep",
)


def _refusal(exc: AnalysisError, path: str) -> dict[str, str]:
    """A refusal as ``{"error", "file", "hint"}``: the file as the message names it (with its
    ``::member``), what is wrong, and what to do (the message's closing advice)."""
    message = str(exc).strip()
    file = path
    for named in (path, str(Path(path).expanduser())):
        if message.startswith(named):
            head, sep, _ = message.partition(": ")
            file, message = (head, message[len(head) + 2 :]) if sep else (named, message)
            break
    sentences = [s for s in message.replace(". ", ".\n").split("\n") if s]
    at = next(
        (i for i, s in enumerate(sentences) if i and s.lstrip().startswith(_HINT_STARTS)), None
    )
    if at is None:
        error, hint = message, "`sitrep data formats` lists the formats read and their columns."
    else:
        error, hint = " ".join(sentences[:at]), " ".join(sentences[at:])
    return {"error": error, "file": file, "hint": hint}


def _cmd_formats(args: argparse.Namespace) -> int:
    from analysis import data

    listed = [f for f in data.FORMATS.values() if not args.domain or f.domain == args.domain]
    if args.json:
        print(
            json.dumps(
                [
                    {
                        "name": f.name,
                        "domain": f.domain,
                        "title": f.title,
                        "columns": list(f.needs),
                        "also": {c: list(f.also[c]) for c in f.needs if f.also.get(c)},
                        "origin": f.origin,
                        "files": list(f.suffixes),
                    }
                    for f in listed
                ],
                indent=2,
                ensure_ascii=False,
            )
        )
        return 0
    for f in listed:
        print(f"{f.name}  ({f.domain})  {f.title}")
        if f.needs:
            needs = f.needs_text()
        elif f.sniff is not None:
            needs = f"recognised from its content ({', '.join(f.suffixes)})"
        else:
            needs = "the same columns as another format; chosen from the file name"
        print(f"    needs: {needs}")
        if f.origin:
            print(f"    from:  {f.origin}")
    print(
        "\nFiles may also be zip, gzip or xlsx; name a file in an archive or a sheet of a workbook "
        "as PATH::NAME (archive.zip::GEDEvent_v25_1.csv, book.xlsx::Sheet name)."
    )
    return 0


def _cmd_cache(args: argparse.Namespace) -> int:
    from analysis.data import cachedir, limits

    human = limits.human
    if args.cache_command == "clear":
        result = cachedir.clear()
        if args.json:
            print(json.dumps(result, indent=2))
            return 0
        print(f"freed {human(result['bytes'])} ({result['removed']} entries) in {result['folder']}")
        if result["kept"]:
            print(
                f"kept {result['kept']} entries ({human(result['kept_bytes'])}) in use: used in "
                f"the last {cachedir.RECENT_S:.0f} s, or being written by a running sitrep; "
                "run `sitrep cache clear` again later to free them"
            )
        return 0
    result = cachedir.info()
    if args.json:
        print(json.dumps(result, indent=2))
        return 0

    bound = limits.CACHE_MAX
    source = (
        f"{bound.setting()}" if bound.source != "default" else "default; SITREP_CACHE_MAX sets it"
    )
    kinds = result["kinds"]
    count = sum(k["entries"] for k in kinds.values())
    state = "" if result["exists"] else " (not created yet)"
    if result["not_a_folder"]:
        state = " (not a folder: a file is in the way; set SITREP_CACHE_DIR to a folder)"
    print(f"folder      {result['folder']}{state}")
    print(f"bound       {human(result['bound'])} ({source})")
    print(f"holds       {human(result['total'])} in {count} entries")
    names = {
        "plain": "plain copies (of zip, gz, xlsx, semicolon... files)",
        "frames": "frames (validated tables)",
        "index": "index (last key seen per file)",
        "temporary": "being written",
    }
    for kind, name in names.items():
        print(f"  {kinds[kind]['entries']:>6}  {human(kinds[kind]['bytes']):>10}  {name}")
    print(f"last used   oldest {result['oldest_use'] or '-'}, newest {result['newest_use'] or '-'}")
    print(
        f"free disk   {human(result['free'])} (a write leaves at least {human(result['reserve'])})"
    )
    shown = ", ".join(
        f"{limit.variable}={limit.shown()}" + (" (default)" if limit.source == "default" else "")
        for limit in limits.ALL
        if limit is not bound
    )
    print(f"limits      {shown}")
    swept = result["swept"]
    if swept["removed"]:
        print(
            f"swept       {swept['removed']} temporary files of interrupted writes "
            f"({human(swept['bytes'])})"
        )
    for folder in result["not_ours"]:
        print(f"left alone  {folder} (not sitrep's: it holds other files)")
    return 0


class _FormatOption(argparse._StoreAction):
    """``--format NAME``, whose help lists the format names when help is shown: the readers
    (and pandas) are imported then, not each time the parser is built."""

    @property
    def help(self) -> str:
        from analysis import data

        return "skip detection and read as this format, one of: " + ", ".join(data.FORMATS)

    @help.setter
    def help(self, value: str | None) -> None:
        pass


def _cmd_params(args: argparse.Namespace) -> int:
    from analysis.report import params

    declared = params.notebook_parameters(_notebook_path(args.notebook))
    if args.json:
        print(
            json.dumps(
                {
                    n: {"type": p.type, "default": p.default, "meaning": p.meaning, "help": p.help}
                    for n, p in declared.items()
                },
                indent=2,
                ensure_ascii=False,
            )
        )
        return 0
    width = max((len(n) for n in declared), default=4)
    for name, p in declared.items():
        print(f"{name:<{width}}  {p.meaning:<38} default {p.default!r}")
        if p.help:
            print(f"{'':<{width}}  {p.help}")
    return 0


def _given(args: argparse.Namespace) -> dict[str, str | list[str]]:
    """The ``-p NAME VALUE`` pairs of the command line. A data file parameter (``*_path``)
    given more than once names several files read as one source (a list); any other name given
    twice is refused."""
    given: dict[str, str | list[str]] = {}
    for name, value in args.param or []:
        if name in given and not name.endswith("_path"):
            raise ParameterError(f"parameter {name!r} is given twice; give it once.")
        if name in given:
            before = given[name]
            given[name] = [*(before if isinstance(before, list) else [before]), value]
        else:
            given[name] = value
    return given


def _cmd_render(args: argparse.Namespace) -> int:
    from analysis.report.render import render

    given = _given(args)
    formats = tuple(f.strip() for f in args.to.split(",") if f.strip())
    result = render(
        _notebook_path(args.notebook),
        given,
        args.out,
        formats=formats,
        cell_timeout=args.timeout,
    )
    for kind, path in result.outputs.items():
        print(f"{kind:5} {path}")
    for text in result.advice:  # for the operator, never in the report
        print(f"sitrep: note: {text}", file=sys.stderr)
    return 0


def _cmd_batch(args: argparse.Namespace) -> int:
    from analysis.report import batch, manifest, runner

    plan = batch.load(args.batch, _given(args))
    if plan.merged:
        print(
            f"{plan.name}: {plan.merged} parameter set(s) name the same report as another "
            "(e.g. Aleppo, Halab and SY02; one file by two paths) and make no run of their own",
            file=sys.stderr,
        )
    out = Path(args.out) if args.out else Path("reports") / "batches" / plan.name
    if args.dry_run:
        return _dry_run(plan, out, args.force)
    _check_out(plan, out)
    options = runner.Options(
        out=out,
        workers=args.workers or max(1, os.cpu_count() or 1),
        executor=args.executor,
        scheduler=args.scheduler,
        continue_on_error=args.continue_on_error,
        force=args.force,
        quiet=args.quiet,
        isolate=args.isolate,
    )
    summary = runner.run_batch(plan, options)
    print(
        f"{plan.name}: {summary.ok} ok, {summary.failed} failed, {summary.skipped} skipped"
        + (f", {summary.not_run} not run" if summary.not_run else "")
        + f" in {summary.seconds:.1f} s. Front page: {out / manifest.INDEX}; manifest: "
        + f"{out / manifest.MANIFEST}",
        file=sys.stderr,
    )
    for line in summary.failures:
        print(f"  failed: {line}", file=sys.stderr)
    if summary.interrupted:
        print("  interrupted: run the same command again to resume", file=sys.stderr)
    return summary.exit_status


def _cmd_check(args: argparse.Namespace) -> int:
    """Check reports for what would stop their publication: one line per finding on stdout
    (or one JSON object), a summary on stderr; 1 when anything is found."""
    from collections import Counter

    from analysis.report import check

    checked = check.check(args.reports)
    findings = [f for report in checked for f in report.findings]
    if args.json:
        print(
            json.dumps(
                {"findings": len(findings), "reports": [r.as_dict() for r in checked]},
                indent=2,
                ensure_ascii=False,
            )
        )
    else:
        for finding in findings:
            print(finding.line())
    count = len(checked)
    reports = f"{count} report{'' if count == 1 else 's'}"
    if findings:
        by_rule = Counter(f.rule for f in findings)
        rules = ", ".join(f"{rule} {by_rule[rule]}" for rule in check.RULES if rule in by_rule)
        flagged = sum(1 for report in checked if report.findings)
        plural = "" if len(findings) == 1 else "s"
        summary = f"{len(findings)} finding{plural} in {flagged} of {reports} ({rules})"
    else:
        summary = f"{reports} checked, nothing found"
    # Rules that could not run for want of the other file, in the same one line.
    for missing, attribute in (("PDF", "pdf"), ("HTML", "html")):
        partial = [r for r in checked if getattr(r, attribute) is None]
        if partial:
            summary += (
                f"; {len(partial)} without {'its' if len(partial) == 1 else 'their'} {missing} "
                f"({', '.join(partial[0].skipped)} not run: give NAME.html and NAME.pdf together)"
            )
    print(f"sitrep check: {summary}", file=sys.stderr)
    return 1 if findings else 0


def _check_out(plan, out: Path) -> None:
    """Refuse an output folder where the batch cannot write (a file, read-only, not writable,
    names too long, no room for one report): one line, exit 2. Warn when the batch's reports
    may not all fit."""
    from analysis import oserrors
    from analysis.report import batch

    space = batch.check_outputs(plan, out)
    if space.all > space.free:
        print(
            f"sitrep: warning: {out} has {oserrors.size(space.free)} free on its disk and the "
            f"batch's reports may need about {oserrors.size(space.all)}; runs that find the "
            "disk full fail with 'disk full' (finished reports are kept).",
            file=sys.stderr,
        )


def _dry_run(plan, out: Path, force: bool) -> int:
    """List what ``sitrep batch`` would do, one run a line; run and write nothing."""
    from analysis.report import runner

    _check_out(plan, out)
    _, planned = runner.plan_runs(plan, out.resolve(), force)
    for item in planned:
        shown = " ".join(f"{k}={v}" for k, v in sorted(item.run.given.items()))
        print(f"{'skip' if item.unchanged else 'run':4}  {item.run.id}  {shown}".rstrip())
    skipped = sum(1 for item in planned if item.unchanged)
    print(
        f"{plan.name}: {len(planned)} runs, {len(planned) - skipped} to run, {skipped} unchanged "
        f"(skipped) in {out}. Nothing was run (--dry-run).",
        file=sys.stderr,
    )
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="sitrep",
        description="Sourced situation reports on Syria: casualties, displacement, control.",
    )
    parser.add_argument("--debug", action="store_true", help="show tracebacks on errors")
    parser.add_argument("--version", action="version", version=_version())
    commands = parser.add_subparsers(dest="command", required=True)

    data = commands.add_parser("data", help="inspect data files")
    data_commands = data.add_subparsers(dest="data_command", required=True)
    summary = data_commands.add_parser(
        "summary", help="read and validate a file; print format, rows, dates, governorates, totals"
    )
    summary.add_argument(
        "path",
        help="a data file (CSV, gz, zip, xlsx, GeoJSON); a file in an archive or a sheet as "
        "PATH::NAME",
    )
    summary.add_argument("--format", metavar="NAME", action=_FormatOption)
    summary.add_argument("--json", action="store_true", help="print one JSON object")
    summary.set_defaults(func=_cmd_summary)

    fmts = data_commands.add_parser(
        "formats",
        help="list the formats read, the columns each needs and where the data comes from",
    )
    fmts.add_argument(
        "--domain",
        choices=("casualties", "displacement", "control", "boundaries", "health"),
        help="only the formats of this kind of data",
    )
    fmts.add_argument("--json", action="store_true", help="print one JSON list")
    fmts.set_defaults(func=_cmd_formats)

    prm = commands.add_parser("params", help="list a notebook's parameters")
    prm.add_argument("notebook", help=f"notebook path or bundled name ({_BUNDLED})")
    prm.add_argument("--json", action="store_true", help="print one JSON object")
    prm.set_defaults(func=_cmd_params)

    render = commands.add_parser("render", help="execute a notebook and export HTML and PDF")
    render.add_argument("notebook", help=f"notebook path or bundled name ({_BUNDLED})")
    render.add_argument(
        "-p",
        "--param",
        nargs=2,
        action="append",
        metavar=("NAME", "VALUE"),
        help="set a parameter (repeatable; a *_path given twice or more: files read as one)",
    )
    render.add_argument("--out", default="reports", help="output folder (default: reports)")
    render.add_argument(
        "--to",
        default="ipynb,html,pdf",
        help="comma-separated outputs among ipynb, html, pdf (default: all)",
    )
    render.add_argument(
        "--timeout", type=int, default=600, help="seconds a single cell may run (default: 600)"
    )
    render.set_defaults(func=_cmd_render)

    bat = commands.add_parser("batch", help="render many parameter sets in parallel")
    bat.add_argument("batch", help="batch file (YAML), e.g. batches/governorates_offensive.yaml")
    bat.add_argument(
        "-p",
        "--param",
        nargs=2,
        action="append",
        metavar=("NAME", "VALUE"),
        help="set a shared parameter for every run, e.g. -p casualties_path acled.csv (repeatable)",
    )
    bat.add_argument("--out", help="output folder (default: reports/batches/<batch name>)")
    bat.add_argument("--workers", type=int, help="parallel workers (default: one per core)")
    bat.add_argument(
        "--executor",
        choices=("local", "dask"),
        default="local",
        help="where runs execute: local processes or a Dask cluster (default: local)",
    )
    bat.add_argument("--scheduler", help="Dask scheduler address, e.g. tcp://host:8786")
    bat.add_argument(
        "--continue-on-error",
        action="store_true",
        help="keep running the other runs when one fails",
    )
    bat.add_argument("--force", action="store_true", help="redo runs even when unchanged")
    bat.add_argument("--quiet", action="store_true", help="log lines instead of a progress bar")
    bat.add_argument(
        "--dry-run",
        action="store_true",
        help="check the batch file and list each run, to run or unchanged; run nothing",
    )
    bat.add_argument(
        "--isolate",
        action="store_true",
        help="a fresh kernel for every run (default: a warm kernel per worker, reset between runs)",
    )
    bat.set_defaults(func=_cmd_batch)

    chk = commands.add_parser(
        "check",
        help="find what would stop a report's publication (empty headings, operator phrases, ...)",
        description="Check reports made by sitrep for what a reader should never receive: empty "
        "headings, nearly blank pages, repeated tables, instructions to the operator, file "
        "names, broken ranges, plural agreement, disclosures missing beside their numbers. "
        "One line per finding; exit 1 when anything is found.",
    )
    chk.add_argument(
        "reports",
        nargs="+",
        metavar="REPORT",
        help="a report's .html or .pdf; give both (NAME.html NAME.pdf) for every rule and pages",
    )
    chk.add_argument("--json", action="store_true", help="print one JSON object")
    chk.set_defaults(func=_cmd_check)

    cch = commands.add_parser("cache", help="show or free the cache of converted files and frames")
    cache_commands = cch.add_subparsers(dest="cache_command", required=True)
    cache_info = cache_commands.add_parser(
        "info", help="the cache folder, its bound, what it holds, when it was used, free disk"
    )
    cache_info.add_argument("--json", action="store_true", help="print one JSON object")
    cache_info.set_defaults(func=_cmd_cache)
    cache_clear = cache_commands.add_parser(
        "clear", help="remove sitrep's entries from the cache (not those in use right now)"
    )
    cache_clear.add_argument("--json", action="store_true", help="print one JSON object")
    cache_clear.set_defaults(func=_cmd_cache)
    return parser


def _version() -> str:
    from analysis import __version__

    return f"sitrep {__version__}"


def _os_bytes(exc: UnicodeError) -> tuple[str | bytes, int]:
    """Write a file name's bytes that are not text (a byte 0xFF in ``--out``, which Python
    holds as a lone surrogate, PEP 383) as the bytes they are, as ``ls`` does; anything else
    that cannot be encoded as an escape."""
    if isinstance(exc, UnicodeEncodeError):
        piece = exc.object[exc.start : exc.end]
        if all(0xDC80 <= ord(c) <= 0xDCFF for c in piece):
            return bytes(ord(c) - 0xDC00 for c in piece), exc.end
    return codecs.backslashreplace_errors(exc)


def _names_as_given() -> None:
    """stdout and stderr never fail on a file name, whatever the locale (``LC_ALL=C`` too)."""
    codecs.register_error("sitrep-os-bytes", _os_bytes)
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(AttributeError, ValueError, OSError):
            stream.reconfigure(errors="sitrep-os-bytes")


def _reader_gone() -> int:
    """The reader of stdout has gone (``sitrep data formats | head -1``): exit quietly, as Unix
    tools do, with 128 + SIGPIPE. The rest of the output goes to /dev/null, so that Python's
    last flush does not fail again (the recipe of the ``signal`` module's documentation)."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)
    return 128 + signal.SIGPIPE


def main(argv: list[str] | None = None) -> int:
    _names_as_given()
    try:
        status = _main(argv)
        sys.stdout.flush()
    except BrokenPipeError:
        return _reader_gone()
    except SystemExit:  # --help, --version, a usage error: printed by argparse
        try:
            sys.stdout.flush()
        except BrokenPipeError:
            return _reader_gone()
        raise
    return status


def _main(argv: list[str] | None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except AnalysisError as exc:
        if args.debug:
            raise
        status = 2 if isinstance(exc, DataValidationError | ParameterError) else 1
        print(f"sitrep: error: {exc}", file=sys.stderr)
        return status
    except KeyboardInterrupt as exc:  # Ctrl-C, or SIGTERM/SIGHUP turned into one (report.lifetime)
        print("sitrep: interrupted", file=sys.stderr)
        return 128 + int(getattr(exc, "signum", 2))


if __name__ == "__main__":
    sys.exit(main())
