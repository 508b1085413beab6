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
import tempfile
import unicodedata
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from analysis import gazetteer, oserrors
from analysis.errors import RenderError
from analysis.parameters import is_bundled
from analysis.report import export, lifetime, outdir, params
from analysis.report._startup import import_papermill
from analysis.report.execute import DEFAULT_CELL_TIMEOUT, execute
from analysis.report.kernels import WarmKernel, notebook_imports, start_timeout

FORMATS = ("ipynb", "html", "pdf")


@dataclass
class RenderResult:
    notebook: Path
    parameters: dict[str, Any]
    outputs: dict[str, Path] = field(default_factory=dict)


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


def _data_slug(value: Any) -> str:
    """A data file in a name: a short slug of its file name and a hash of its full path, so two
    files of one name in different folders give different names."""
    return f"{slug(value)[:24].strip('-')}-{short_hash(value)}"


def report_stem(notebook: Path, values: dict[str, Any]) -> str:
    """File name stem: notebook, governorate, period (casualties_SY05_2024-12-01_2024-12-08),
    then every data file that is not the notebook's default, as a slug of its name and a hash of
    its full path, so reports made from other data never take each other's names
    (casualties_2024-12-01_2024-12-08_ged-syria-csv-1a2b3c)."""
    parts = [notebook.stem]
    governorate = str(values.get("governorate", gazetteer.ALL))
    if governorate.lower() != gazetteer.ALL:
        parts.append(gazetteer.resolve(governorate).pcode)
    for key in ("start_date", "end_date"):
        if values.get(key):
            parts.append(str(values[key]))
    declared = params.notebook_parameters(notebook)
    for name in sorted(declared):
        if not name.endswith("_path") or name not in values:
            continue
        value, default = values[name], declared[name].default
        if str(value) == str(default) or (is_bundled(value) and is_bundled(default)):
            continue
        parts.append("bundled" if is_bundled(value) else _data_slug(value))
    return cap("_".join(parts))


def report_title(notebook: Path, values: dict[str, Any]) -> str:
    governorate = str(values.get("governorate", gazetteer.ALL))
    where = (
        "Syria"
        if governorate.lower() == gazetteer.ALL
        else f"{gazetteer.resolve(governorate).name} governorate, Syria"
    )
    period = ""
    if values.get("start_date") or values.get("end_date"):
        period = f", {values.get('start_date') or '…'} to {values.get('end_date') or '…'}"
    return f"{notebook.stem.replace('_', ' ').capitalize()}: {where}{period}"


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

    Once the parameters are known to be good, the kernel starts (and imports the report
    code) and Chromium starts, each in the background, while this process loads nbconvert;
    the PDF is then printed by that browser. SIGTERM and SIGHUP stop it as Ctrl-C does: the
    kernel and Chromium are stopped and the staging folder is removed.
    """
    notebook = Path(notebook).resolve()
    check_formats(formats)
    values = params.resolve(notebook, given or {})
    declared = params.notebook_parameters(notebook)
    stem = report_stem(notebook, {n: values.get(n, p.default) for n, p in declared.items()})
    outdir.check(out_dir, [stem], formats)  # a file, read-only, no room: one line, no kernel
    kernel_limit = start_timeout(cell_timeout)  # seconds to start, and to warm up
    params.check_data(notebook, values)  # every data file read and validated (cached) first
    if "pdf" in formats:
        export.find_browser()  # fail before the kernel starts, not after
    lifetime.remove_stale_staging(out_dir)  # left by a render that was killed,
    lifetime.remove_stale_profiles()  # as its Chromium profile
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
                out_dir,
                formats=formats,
                cell_timeout=cell_timeout,
                km=km,
            )
            stopping = pool.submit(warm.discard)  # the kernel is done: stop it meanwhile
            browser = browser_ready.result() if browser_ready else None
            result = finalize(staged, print_pdf=browser.print_pdf if browser else None)
            stopping.result()
            return result
        finally:
            warm.discard()
            if browser_ready is not None:
                with contextlib.suppress(Exception):
                    (browser or browser_ready.result()).close()
            if staged is not None:  # stopped between execution and printing
                shutil.rmtree(staged.staging, ignore_errors=True)


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
) -> Staged:
    """Execute the notebook and write the notebook and HTML into a staging folder.

    Nothing is visible in ``out_dir`` until
    :func:`finalize`; on failure the staging folder is removed.
    """
    declared = params.notebook_parameters(notebook)
    effective = {name: values.get(name, p.default) for name, p in declared.items()}
    out = Path(out_dir).resolve()
    try:
        out.mkdir(parents=True, exist_ok=True)
        stem = stem or report_stem(notebook, effective)
        staging = Path(tempfile.mkdtemp(prefix=lifetime.staging_prefix(stem), dir=out))
    except OSError as exc:
        raise RenderError(
            f"cannot write in the output folder {out}: {exc.strerror or exc}. Check its "
            "permissions and free space, or choose another folder with --out."
        ) from None
    try:
        executed = staging / f"{stem}.ipynb"
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
            html_file = staging / f"{stem}.html"
            html_file.write_text(
                export.to_html(executed_nb, report_title(notebook, effective)),
                encoding="utf-8",
            )
            files["html"] = html_file
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise _write_error(exc, out, notebook) from None
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return Staged(notebook, effective, out, stem, tuple(formats), staging, files)


def finalize(staged: Staged, print_pdf: Callable[[Path, Path], None] | None) -> RenderResult:
    """Print the PDF if asked (``print_pdf(html, pdf)``, a :class:`Browser`'s), then move every
    output into place (each move is atomic)."""
    result = RenderResult(notebook=staged.notebook, parameters=staged.parameters)
    try:
        if "pdf" in staged.formats:
            pdf_file = staged.staging / f"{staged.stem}.pdf"
            if print_pdf is None:
                raise RenderError("a PDF was asked for but no browser was given to print it")
            print_pdf(staged.files["html"], pdf_file)
            staged.files["pdf"] = pdf_file
        for kind in staged.formats:
            target = staged.out / staged.files[kind].name
            os.replace(staged.files[kind], target)
            result.outputs[kind] = target
        (staged.out / f"{staged.stem}.failed.ipynb").unlink(missing_ok=True)
    except OSError as exc:
        raise _write_error(exc, staged.out, staged.notebook) from None
    finally:
        shutil.rmtree(staged.staging, ignore_errors=True)
    return result
