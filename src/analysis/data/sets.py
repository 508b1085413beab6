"""Several files of one source read as one table.

An analyst keeps UCDP's yearly GED for history and adds the monthly Candidate releases since,
keeps ACLED exports by year, or downloads Insecurity Insight's attacks on health care one year
at a time. A ``*_path`` parameter that names a folder, a glob pattern or a list
(:func:`analysis.parameters.members`) is read here as one table, with what each file brought.

Which files combine (:attr:`~analysis.data.formats.Format.series`): the releases of one
source, whose ids name the same records, and whose figures mean the same: UCDP GED with UCDP
Candidate events, ACLED exports with ACLED exports, Insecurity Insight / SHCC incident files with
each other. Anything else is refused in one line naming two files that do not go together:
ACLED events with ACLED's monthly aggregates on HDX (the counts already hold the events: every
death would count twice), UCDP with ACLED (different events, deaths counted differently: give
the other one as ``compare_path``), reported tolls or monthly counts of several files.

The same record in several files (same ``event_id``: UCDP ``id``, ACLED ``event_id_cnty``; the
same ``incident_id``) is counted once, from the later release:

1. a final record over a provisional one (UCDP GED over Candidate events: the ``provisional``
   column the UCDP reader fills);
2. otherwise the record of the newer file. Files are put in release order by the latest day
   their records reach (``date_latest``, else ``event_date``), then by the latest day the source
   recorded a row (ACLED ``timestamp``: an export made later), then by name
   (``GEDEvent_v24_0_11`` before ``GEDEvent_v24_0_12``). A file's modification time is never
   used: downloading or copying a file again changes it, and two machines would then disagree.

Each file's records are validated by its own reader first (exact copies within a file are
dropped there and counted in ``copies_dropped``). The incident ids that a health-care file lacks
are made of its name and line, so they never meet another file's.
"""

from __future__ import annotations

import os
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from analysis.data import cache
from analysis.data.formats import Format
from analysis.errors import DataValidationError

KEYS = {"events": "event_id", "incidents": "incident_id"}
"""The column that names one record, by the kind of data a set may hold."""
COMPARED = {
    "events": ("event_date", "date_latest", "deaths_best", "deaths_low", "deaths_high"),
    "incidents": ("event_date", "health_workers_killed", "health_workers_injured"),
}
"""The values of a record whose change between two releases makes it *revised*."""


@dataclass(frozen=True)
class Part:
    """One file of a set: what it holds, as read by its own reader."""

    name: str  # the file's name as the user gave it (``book.xlsx::Sheet`` for a sheet)
    format: Format = field(repr=False)
    records: int  # its events or incidents (exact copies within it dropped)
    first: pd.Timestamp | None  # its earliest and latest day (None: no dated record)
    last: pd.Timestamp | None
    replaced: int  # its records that a later release holds too (counted from that one)

    @property
    def source(self) -> str:
        """The file's format named in the edition's language."""
        return self.format.shown_title


@dataclass(frozen=True)
class FileSet:
    """What a set of files held: each file in release order (oldest first), and the records
    found in more than one file."""

    parts: tuple[Part, ...]
    kind: str  # "events" or "incidents"
    repeated: int  # records found in more than one file, counted once
    revised: int  # of those, records whose dates or figures differ between the files

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(p.name for p in self.parts)


def _span(frame: pd.DataFrame) -> tuple[pd.Timestamp | None, pd.Timestamp | None]:
    first = frame["event_date"].min() if len(frame) else pd.NaT
    last_column = "date_latest" if "date_latest" in frame else "event_date"
    last = frame[last_column].max() if len(frame) else pd.NaT
    return (None if pd.isna(first) else first), (None if pd.isna(last) else last)


def _recorded(frame: pd.DataFrame) -> pd.Timestamp:
    if "recorded_date" not in frame or not frame["recorded_date"].notna().any():
        return pd.Timestamp.min
    return frame["recorded_date"].max()


def check_together(named: list[tuple[str, Format]]) -> str:
    """The kind of records the files hold together (``events`` or ``incidents``); refused in one
    line naming two files whose data do not go together (see the module's notes)."""
    first_name, first = named[0]
    for name, fmt in named:
        if fmt.kind not in KEYS or not fmt.series:
            what = {
                "aggregates": "monthly counts",
                "tolls": "reported tolls",
            }.get(fmt.kind, f"{fmt.kind} data")
            raise DataValidationError(
                f"{name}: a {fmt.title} file holds {what}, which are not read with other files "
                "as one source; only event files of one source (UCDP GED and Candidate "
                "releases, ACLED exports) and attacks on health care combine. Give this file "
                "alone."
            )
    for name, fmt in named[1:]:
        if fmt.series != first.series:
            raise DataValidationError(
                f"{name} ({fmt.title}) and {first_name} ({first.title}) are different sources, "
                "whose records and deaths are counted differently: they are not read as one. "
                "Give one source's files together (the other as compare_path to set them side "
                "by side)."
            )
    return first.kind


def combine(read: list[tuple[str, Format, pd.DataFrame]]) -> tuple[pd.DataFrame, FileSet]:
    """The records of every file of a set as one frame (each record once, from the later
    release) and what each file held. ``read``: (file name, format, frame) of each file, as its
    reader returned it; the formats are those :func:`check_together` accepts."""
    kind = check_together([(name, fmt) for name, fmt, _ in read])
    key = KEYS[kind]
    spans = [_span(frame) for _, _, frame in read]
    order = sorted(
        range(len(read)),
        key=lambda i: (
            spans[i][1] or pd.Timestamp.min,
            _recorded(read[i][2]),
            read[i][0],
        ),
    )
    frames = []
    for rank, i in enumerate(order):
        frame = read[i][2]
        final = ~frame["provisional"].fillna(False) if "provisional" in frame else True
        frames.append(
            frame.assign(_final=final, _rank=rank, _row=range(len(frame))).reset_index(drop=True)
        )
    stacked = pd.concat(frames, ignore_index=True)
    ids = stacked[key].astype("string")
    best = stacked.assign(_id=ids).sort_values(["_id", "_final", "_rank"], kind="stable")
    winner = ~best["_id"].duplicated(keep="last")
    kept_index = best.index[winner.to_numpy()]
    lost = best[~winner.to_numpy()]
    several = ids.duplicated(keep=False)
    repeated = int(ids[several].nunique())
    compared = [c for c in COMPARED[kind] if c in stacked]
    variants = stacked.loc[several.to_numpy(), compared].astype("string").fillna("")
    variants["_id"] = ids[several]
    revised = int((variants.drop_duplicates().groupby("_id").size() > 1).sum())
    replaced = lost["_rank"].value_counts()
    merged = stacked.loc[kept_index].sort_values(["_rank", "_row"])
    merged = merged.drop(columns=["_final", "_rank", "_row"]).reset_index(drop=True)
    for column, dtype in read[order[0]][2].dtypes.items():
        if str(merged[column].dtype) != str(dtype):
            merged[column] = merged[column].astype(
                "category" if isinstance(dtype, pd.CategoricalDtype) else dtype
            )
    parts = tuple(
        Part(
            name=read[i][0],
            format=read[i][1],
            records=len(read[i][2]),
            first=spans[i][0],
            last=spans[i][1],
            replaced=int(replaced.get(rank, 0)),
        )
        for rank, i in enumerate(order)
    )
    return merged, FileSet(parts=parts, kind=kind, repeated=repeated, revised=revised)


KEPT_SETS = 4
"""Combined sets a process keeps in memory (a batch worker's warm kernel runs every report of a
batch on the same set: it is combined once)."""
_kept: OrderedDict[tuple, tuple[pd.DataFrame, FileSet]] = OrderedDict()


def remembered(
    files: list[tuple[str, Format]], build: Callable[[], tuple[pd.DataFrame, FileSet]]
) -> tuple[pd.DataFrame, FileSet]:
    """``build()``'s result for the set of ``files`` (each file and its format), keyed by their
    contents (SHA-256, :func:`analysis.data.cache.file_digest`): one set combined once per
    process while its files are unchanged; a file added, removed or changed is another key. A
    shallow copy of the frame for each caller, as the content cache gives
    (``SITREP_NO_CACHE=1``: built every time)."""
    if os.environ.get("SITREP_NO_CACHE"):
        return build()
    key = tuple((cache.file_digest(path), fmt.name) for path, fmt in files)
    found = _kept.get(key)
    if found is None:
        found = build()
        _kept[key] = found
        while len(_kept) > KEPT_SETS:
            _kept.popitem(last=False)
    _kept.move_to_end(key)
    frame, files = found
    return (frame if cache.sharing() else frame.copy(deep=False)), files


def chosen_format(files: FileSet) -> Format:
    """The format a set is named by: the one of most of its records (UCDP GED's for the yearly
    GED with a few monthly Candidate releases), the newest file's on a tie."""
    records: dict[str, int] = {}
    for part in files.parts:
        records[part.format.name] = records.get(part.format.name, 0) + part.records
    most = max(records.values())
    return [p.format for p in files.parts if records[p.format.name] == most][-1]


def name_of(value: object) -> str:
    """How a set given as ``value`` is named in messages: the folder or pattern as given, or a
    list's files."""
    if isinstance(value, list | tuple):
        return ", ".join(Path(str(v)).name for v in value)
    return str(value)


__all__ = ["COMPARED", "KEYS", "FileSet", "Part", "check_together", "chosen_format", "combine"]
