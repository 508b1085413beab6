"""``sitrep render``: parameters checked, notebook executed, HTML and PDF exported.

Outputs are written to a temporary folder beside the destination and moved into place only
when every step has succeeded, so a failed run never leaves a half-written report and never
replaces a good one.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import re
import shutil
import unicodedata
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from analysis import gazetteer, i18n, oserrors
from analysis.errors import RenderError
from analysis.i18n import N_
from analysis.parameters import is_bundled
from analysis.report import export, lifetime, outdir, ownership, params, staging
from analysis.report._startup import import_papermill
from analysis.report.advice import read_advice
from analysis.report.execute import DEFAULT_CELL_TIMEOUT, execute
from analysis.report.kernels import WarmKernel, notebook_imports, start_timeout
from analysis.report.lock import ReportLock, report_busy

FORMATS = ("ipynb", "html", "pdf")


@dataclass
class RenderResult:
    notebook: Path
    parameters: dict[str, Any]
    outputs: dict[str, Path] = field(default_factory=dict)
    advice: list[str] = field(default_factory=list)
    """What the notebook advised its operator (never in the published report)."""


MAX_STEM_BYTES = 120  # a file name may hold 255 bytes; staging and ".failed.ipynb" add more


def short_hash(value: Any, length: int = 6) -> str:
    return hashlib.sha1(str(value).encode("utf-8", "surrogatepass")).hexdigest()[:length]


def slug(value: Any) -> str:
    """A readable file-name piece for any value: letters and digits of any script (Arabic stays
    Arabic), lower-cased, everything else a single ``-``; a path gives its file name."""
    text = unicodedata.normalize("NFKC", str(value))
    if "/" in text or os.sep in text:
        text = text.rstrip("/").rsplit("/", 1)[-1]
    text = re.sub(r"[\W_]+", "-", text.lower()).strip("-")
    if len(text) > 40:  # one value never crowds out the others
        text = text[:32].rstrip("-") + "-" + short_hash(text, 8)
    return text or f"x{short_hash(value)}"


def cap(name: str, limit: int = MAX_STEM_BYTES) -> str:
    """``name`` if it fits in ``limit`` bytes (UTF-8); else its start and a short hash of it all."""
    if len(name.encode()) <= limit:
        return name
    mark = "-" + short_hash(name, 8)
    head = name.encode()[: limit - len(mark)].decode(errors="ignore").rstrip("-_")
    return head + mark


def place_slug(governorate: str) -> str:
    """A governorate in a file name, as a person reads it: its gazetteer name in lower case,
    apostrophes dropped, other gaps as ``-`` (``hama``, ``rural-damascus``, ``dara``)."""
    name = gazetteer.resolve(governorate).name.replace("'", "").replace("\u2019", "")
    return slug(name)


def report_stem(notebook: Path, values: dict[str, Any]) -> str:
    """File name stem a person can read: notebook, place and period
    (``casualties_hama_2024-12-01_2024-12-08``), the edition when it is not English with Latin
    digits (``..._ar``, ``..._ar_arabic-digits``), then, when any data file is not the notebook's
    default, one short hash of all of them (``casualties_2024-12-01_2024-12-08_1a2b3c``), so
    reports made from other data never take each other's names."""
    parts = [notebook.stem]
    governorate = str(values.get("governorate", gazetteer.ALL))
    if governorate.lower() != gazetteer.ALL:
        parts.append(place_slug(governorate))
    for key in ("start_date", "end_date"):
        if values.get(key):
            parts.append(str(values[key]))
    edition = edition_of(values)  # the Arabic edition beside the English one, never over it
    if edition.language != i18n.ENGLISH.language:
        parts.append(edition.language)
    if edition.digits != i18n.ENGLISH.digits:
        parts.append(f"{edition.digits}-digits")
    declared = params.notebook_parameters(notebook)
    data = []
    for name in sorted(declared):
        if not name.endswith("_path") or name not in values:
            continue
        value, default = values[name], declared[name].default
        if str(value) == str(default) or (is_bundled(value) and is_bundled(default)):
            continue
        data.append(f"{name}={'bundled' if is_bundled(value) else value}")
    if data:
        parts.append(short_hash("\n".join(data)))
    return cap("_".join(parts))


def edition_of(values: dict[str, Any]) -> i18n.Edition:
    """The edition of a run's parameters (``language``, ``digits``; English for a notebook
    that has neither)."""
    return i18n.Edition(
        str(values.get("language", "en")).strip().lower(),
        str(values.get("digits", "latin")).strip().lower(),
    )


REPORT_NAMES = {
    "casualties": N_("Casualties"),
    "displacement": N_("Displacement"),
    "explore": N_("Explore"),
    "situation_report": N_("Situation report"),
    "territorial_control": N_("Territorial control"),
    "trends": N_("Trends"),
}
"""The name each notebook's report is titled with (by the notebook's stem)."""


def report_title(notebook: Path, values: dict[str, Any]) -> str:
    """The report's title in its edition: ``Territorial control: Aleppo governorate, Syria,
    2024-11-27 to 2024-12-31`` (ISO dates, in the edition's digits)."""
    edition = edition_of(values)
    with i18n.editing(edition.language, edition.digits):
        return _title(notebook, values)


def _title(notebook: Path, values: dict[str, Any]) -> str:
    name = REPORT_NAMES.get(notebook.stem)
    name = i18n.gettext(name) if name else notebook.stem.replace("_", " ").capitalize()
    governorate = str(values.get("governorate", gazetteer.ALL))
    if governorate.lower() == gazetteer.ALL:
        where = i18n.pgettext("report title", "Syria")
    else:
        where = i18n.pgettext("report title", "%(governorate)s governorate, Syria") % {
            "governorate": gazetteer.resolve(governorate).shown
        }
    if not (values.get("start_date") or values.get("end_date")):
        return i18n.pgettext("report title", "%(report)s: %(place)s") % {
            "report": name,
            "place": where,
        }
    start, end = (i18n.digits(str(values.get(k) or "…")) for k in ("start_date", "end_date"))
    return i18n.pgettext("report title", "%(report)s: %(place)s, %(start)s to %(end)s") % {
        "report": name,
        "place": where,
        "start": start,
        "end": end,
    }


@lifetime.stops_on_signals
def render(
    notebook: str | Path,
    given: dict[str, Any] | None = None,
    out_dir: str | Path = "reports",
    *,
    formats: tuple[str, ...] = FORMATS,
    cell_timeout: int = DEFAULT_CELL_TIMEOUT,
) -> RenderResult:
    """Check ``given`` against the notebook's parameters and the output folder (a folder that
    cannot be written or has no room for the report is refused, :mod:`~analysis.report.outdir`),
    then render the report.

    Once the parameters are known to be good, this process takes the report's lock in the
    output folder (a second writer of the same report is refused) and removes the staging
    folders that killed writers left there; then the kernel starts (and imports the report
    code) and Chromium starts, each in the background, while this process loads nbconvert;
    the PDF is then printed by that browser. SIGTERM and SIGHUP stop it as Ctrl-C does: the
    kernel and Chromium are stopped and the staging folder is removed.
    """
    notebook = Path(notebook).resolve()
    check_formats(formats)
    values = params.resolve(notebook, given or {})
    stem = report_stem(notebook, _effective(notebook, values))
    outdir.check(out_dir, [stem], formats)  # a file, read-only, no room: one line, no kernel
    kernel_limit = start_timeout(cell_timeout)  # seconds to start, and to warm up
    params.check_data(notebook, values)  # every data file read and validated (cached) first
    if "pdf" in formats:
        export.find_browser()  # fail before the kernel starts, not after
    out = _output_folder(out_dir, notebook)
    lock = ReportLock(out, stem)
    try:
        acquired = lock.acquire()
    except OSError as exc:
        raise _write_error(exc, out, notebook) from None
    if not acquired:
        raise report_busy(out, stem, staging.holder(out, stem))
    try:
        staging.remove_stale(out, held=[lock])  # left by a render or batch that was killed
        return _render_locked(notebook, values, out, stem, formats, cell_timeout, kernel_limit)
    finally:
        lock.release()


def _render_locked(
    notebook, values, out, stem, formats, cell_timeout, kernel_limit
) -> RenderResult:
    warm = WarmKernel(notebook_imports(notebook))
    browser = staged = None
    # The kernel and Chromium are started by this pool's threads, which live until the end
    # of the block: both die with them (and with this process, however it is killed).
    with ThreadPoolExecutor(max_workers=3, thread_name_prefix="sitrep-start") as pool:
        kernel_ready = pool.submit(warm.ready, kernel_limit)
        browser_ready = None
        try:
            # While the kernel starts (in its own process), this one loads papermill and
            # nbconvert and compiles the HTML template; then Chromium starts, at low priority,
            # so that it takes what CPU the kernel leaves.
            import_papermill()
            if "html" in formats or "pdf" in formats:
                export.warm_up()
            browser_ready = pool.submit(_start_browser) if "pdf" in formats else None
            km = kernel_ready.result()
            staged = stage(
                notebook,
                values,
                out,
                formats=formats,
                cell_timeout=cell_timeout,
                stem=stem,
                km=km,
            )
            stopping = pool.submit(warm.discard)  # the kernel is done: stop it meanwhile

            def print_pdf(html: Path, pdf: Path) -> None:
                nonlocal browser
                browser = browser_ready.result()  # a browser that failed to start raises here
                browser.print_pdf(html, pdf)

            result = finalize(staged, print_pdf=print_pdf if browser_ready else None)
            stopping.result()
            return result
        finally:
            warm.discard()
            if browser_ready is not None:
                with contextlib.suppress(Exception):
                    (browser or browser_ready.result()).close()
            if staged is not None:  # stopped between execution and printing
                staging.remove(staged.staging)


def _effective(notebook: Path, values: dict[str, Any]) -> dict[str, Any]:
    """Every parameter of the notebook: ``values``, else its default."""
    declared = params.notebook_parameters(notebook)
    return {name: values.get(name, p.default) for name, p in declared.items()}


def _output_folder(out_dir: str | Path, notebook: Path) -> Path:
    out = Path(out_dir).resolve()
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _write_error(exc, out, notebook) from None
    return out


def _start_browser():
    from analysis.report.browser import Browser

    return Browser(nice=10)


def check_formats(formats: tuple[str, ...]) -> None:
    unknown = set(formats) - set(FORMATS)
    if unknown or not formats:
        raise RenderError(
            f"unknown output format(s) {sorted(unknown) or 'none given'}; choose from "
            f"{', '.join(FORMATS)}."
        )


@dataclass
class Staged:
    """An executed run whose files wait in a hidden staging folder inside the output folder."""

    notebook: Path
    parameters: dict[str, Any]
    out: Path
    stem: str
    formats: tuple[str, ...]
    staging: Path
    files: dict[str, Path]


def _write_error(exc: OSError, out: Path, notebook: Path) -> RenderError:
    if exc.errno is None:  # not a file-system error (e.g. a template lookup)
        return RenderError(f"exporting {notebook.name} failed: {exc}")
    if exc.errno in (errno.ENOENT, errno.ENOTDIR) and not out.is_dir():
        return RenderError(
            f"could not write the report to {out}: no such folder (it was removed or renamed "
            "while the report ran); run again, or choose another folder with --out."
        )
    return RenderError(
        f"could not write the report to {out}: {oserrors.describe(exc, out)}. Earlier reports "
        "there are untouched."
    )


def stage(
    notebook: Path,
    values: dict[str, Any],
    out_dir: str | Path,
    *,
    formats: tuple[str, ...] = FORMATS,
    cell_timeout: int = DEFAULT_CELL_TIMEOUT,
    stem: str | None = None,
    km: Any = None,
    owner: ownership.Process | None = None,
) -> Staged:
    """Execute the notebook and write the notebook and HTML into a staging folder.

    Nothing is visible in ``out_dir`` until :func:`finalize`; on failure the staging folder is
    removed. The caller holds the report's lock; ``owner`` is the process that holds it and
    will finalize (a batch's main process), by default this one.
    """
    effective = _effective(notebook, values)
    out = Path(out_dir).resolve()
    try:
        out.mkdir(parents=True, exist_ok=True)
        stem = stem or report_stem(notebook, effective)
        folder = staging.create(out, stem, owner)
    except OSError as exc:
        raise _write_error(exc, out, notebook) from None
    try:
        executed = folder / f"{stem}.ipynb"
        try:
            executed_nb = execute(notebook, executed, values, cell_timeout=cell_timeout, km=km)
        except RenderError as exc:
            if not executed.exists():
                raise
            failed = out / f"{stem}.failed.ipynb"
            shutil.move(executed, failed)
            exc.args = (str(exc).replace(str(executed), str(failed)),)
            exc.failed_notebook = failed
            raise
        files = {"ipynb": executed}
        if "html" in formats or "pdf" in formats:
            html_file = folder / f"{stem}.html"
            html_file.write_text(
                export.to_html(
                    executed_nb, report_title(notebook, effective), edition_of(effective)
                ),
                encoding="utf-8",
            )
            files["html"] = html_file
    except OSError as exc:
        staging.remove(folder)
        raise _write_error(exc, out, notebook) from None
    except BaseException:
        staging.remove(folder)
        raise
    return Staged(notebook, effective, out, stem, tuple(formats), folder, files)


class PdfFailed(RenderError):
    """The PDF could not be printed; the run's HTML and notebook are kept under ``kept``."""

    def __init__(self, message: str, kept: dict[str, Path]) -> None:
        super().__init__(message)
        self.kept = kept


def finalize(staged: Staged, print_pdf: Callable[[Path, Path], None] | None) -> RenderResult:
    """Print the PDF if asked (``print_pdf(html, pdf)``, a :class:`Browser`'s), then move every
    output into place as a set (:func:`staging.replace_set`: all of them or none).

    A PDF that cannot be printed leaves the earlier report as it was; the run's HTML and
    notebook are kept beside it as ``NAME.pdf-failed.html`` and ``NAME.pdf-failed.ipynb``
    (:class:`PdfFailed` names them)."""
    result = RenderResult(
        notebook=staged.notebook,
        parameters=staged.parameters,
        advice=read_advice(staged.files["ipynb"]),
    )
    out, stem = staged.out, staged.stem
    try:
        if "pdf" in staged.formats:
            pdf_file = staged.staging / f"{stem}.pdf"
            if print_pdf is None:
                raise RenderError("a PDF was asked for but no browser was given to print it")
            try:
                print_pdf(staged.files["html"], pdf_file)
            except RenderError as exc:
                raise _keep_without_pdf(staged, exc) from None
            staged.files["pdf"] = pdf_file
        moves = [(staged.files[kind], out / staged.files[kind].name) for kind in staged.formats]
        try:
            staging.replace_set(moves, staged.staging)
        except OSError as exc:
            raise _replace_error(exc) from None
        result.outputs = {
            kind: target for kind, (_, target) in zip(staged.formats, moves, strict=True)
        }
        for leftover in _superseded(out, stem):
            with contextlib.suppress(OSError):
                leftover.unlink(missing_ok=True)
    except OSError as exc:
        raise _write_error(exc, out, staged.notebook) from None
    finally:
        staging.remove(staged.staging)
    return result


def _replace_error(exc: OSError) -> RenderError:
    """A report file that could not be replaced: none was (:func:`staging.replace_set`)."""
    target = Path(exc.filename) if exc.filename else None
    where = f"{target.name} in {target.parent}" if target else "a file of the report"
    reason = oserrors.describe(exc, target.parent if target else None, instead="")
    if exc.errno == errno.EPERM:
        reason = "permission denied; the file may be immutable or append-only (lsattr shows it)"
    return RenderError(
        f"cannot replace {where}: {reason}. No file of the report was replaced: the earlier "
        "report there is unchanged."
    )


def _superseded(out: Path, stem: str) -> list[Path]:
    """Files of an earlier failed run of this report, which a good run makes obsolete."""
    return [
        out / f"{stem}.failed.ipynb",
        out / f"{stem}.{staging.PDF_FAILED}.html",
        out / f"{stem}.{staging.PDF_FAILED}.ipynb",
    ]


def _keep_without_pdf(staged: Staged, exc: RenderError) -> RenderError:
    """Move the run's notebook and HTML beside the report as ``NAME.pdf-failed.*``; the error
    to raise, naming them."""
    kinds = [kind for kind in ("html", "ipynb") if kind in staged.files]
    kept = {kind: staged.out / f"{staged.stem}.{staging.PDF_FAILED}.{kind}" for kind in kinds}
    try:
        staging.replace_set([(staged.files[k], kept[k]) for k in kinds], staged.staging)
    except OSError as error:
        return RenderError(f"{exc} {_write_error(error, staged.out, staged.notebook)}")
    names = " and ".join(path.name for path in kept.values())
    return PdfFailed(
        f"{str(exc).rstrip('.')}. The HTML and notebook of this run are kept as {names}; the "
        "earlier report there is unchanged.",
        kept,
    )
