"""What an analyst checks before a batch: format, rows, dates, governorates, totals."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from analysis import data, gazetteer
from analysis.metrics import casualties as casualty_metrics
from analysis.metrics.casualties import aggregates
from analysis.sections import text


def summarise(path: str | Path, format: str | None = None) -> dict[str, Any]:
    """Read and validate ``path`` and describe it as a JSON-ready mapping."""
    dataset = data.read(path, format)
    frame, fmt = dataset.frame, dataset.format
    result: dict[str, Any] = {
        "path": str(dataset.path),
        "format": fmt.name,
        "source": fmt.title,
        "domain": fmt.domain,
        "kind": fmt.kind,
        "rows": len(frame),
        "date_min": None,
        "date_max": None,
    }
    date_column = fmt.date_column
    if date_column and date_column in frame and frame[date_column].notna().any():
        last = frame[date_column].max()
        if date_column == "month":  # a monthly table covers its last month to the end
            last = last + pd.offsets.MonthEnd(0)
        result["date_min"] = frame[date_column].min().date().isoformat()
        result["date_max"] = last.date().isoformat()
    year_column = fmt.extra.get("year_column")
    if year_column and frame[year_column].notna().any():
        result["year_min"] = int(frame[year_column].min())
        result["year_max"] = int(frame[year_column].max())
    if "admin1_pcode" in frame:
        covered = sorted(frame["admin1_pcode"].dropna().unique())
        names = gazetteer.by_pcode()
        result["governorates"] = [
            {"admin1_pcode": p, "admin1_name": names[p].name} for p in covered
        ]
    if fmt.domain == "boundaries":
        from analysis.data.boundaries import describe

        result.update(describe(dataset.path, fmt.name))
    counted = frame
    if fmt.extra.get("stocks") and "year" in frame and frame["year"].notna().any():
        # End-of-year stocks are never summed across years: the totals are the last year's.
        last = int(frame["year"].max())
        counted = frame[frame["year"] == last]
        result["totals_year"] = last
        result["totals_note"] = (
            f"the rows of {last}, the file's last year (stocks at its end, returns during it),"
            " summed over every origin and country of asylum in the file"
        )
    totals = {
        column: _to_int(counted[column].sum(min_count=1))
        for column in fmt.count_columns
        if column in counted and column != "people_count"
    }
    if year_column and not fmt.extra.get("stocks") and totals and "year_min" in result:
        result["totals_note"] = (
            f"counts during each year, summed over {result['year_min']}-{result['year_max']} "
            "and over every origin and country of asylum in the file"
        )
    if fmt.extra.get("cumulative"):
        totals = {}  # cumulative reported figures: a sum of rows is no count of people
        result["totals_note"] = "rows are cumulative reported figures: they are not added up"
    result["totals"] = totals
    if "flow" in frame and "people_count" in frame:
        by_flow = frame.groupby(frame["flow"].astype(str))["people_count"].sum(min_count=1)
        result["totals_by_flow"] = {flow: _to_int(total) for flow, total in by_flow.items()}
        result["totals_note"] = "arrivals and returns are counted apart and never added"
    if fmt.extra.get("series_column"):
        # Overlapping series (ACLED political violence includes civilian targeting): apart.
        result["totals_by_series"] = aggregates.totals_by_series(frame)
        result["totals_note"] = (
            "series are counted apart and never added: political violence includes civilian "
            "targeting"
        )
    if fmt.domain == "casualties" and fmt.kind == "events":
        result["precision"] = {
            column: [
                {
                    column: text.term("not_given") if pd.isna(row[column]) else str(row[column]),
                    "events": int(row["events"]),
                    "deaths_best": _to_int(row["deaths_best"]),
                }
                for _, row in casualty_metrics.by_precision(frame, column).iterrows()
            ]
            for column in ("date_precision", "place_precision")
        }
        spans = frame["date_latest"] > frame["date_earliest"]
        missing = frame["admin1_pcode"].isna()
        result["dated_to_a_span"] = {
            "events": int(spans.sum()),
            "deaths_best": _to_int(frame.loc[spans, "deaths_best"].sum()),
        }
        result["no_governorate"] = {
            "events": int(missing.sum()),
            "deaths_best": _to_int(frame.loc[missing, "deaths_best"].sum()),
        }
        result["duplicates_dropped"] = _to_int(frame["copies_dropped"].fillna(0).sum())
        marked = casualty_metrics.quality.provisional(frame, fmt.title)
        result["provisional_events"] = 0 if marked is None else int(marked.value)
    result["notes"] = [text.note(m) for m in casualty_metrics.quality_notes(frame)]
    # What reading found against the file's own labels (an HXL tag contradicting its header).
    result["reading"] = list(dataset.notes)
    return result


def _to_int(value: Any) -> int | float | None:
    if value is None or pd.isna(value):
        return None
    number = float(value)
    return int(number) if number.is_integer() else round(number, 2)


def as_text(summary: dict[str, Any]) -> str:
    lines = [
        f"file        {summary['path']}",
        f"format      {summary['format']} ({summary['source']}; "
        f"{summary['domain']} {summary['kind']})",
        f"rows        {summary['rows']:,}",
    ]
    if summary.get("date_min"):
        lines.append(f"dates       {summary['date_min']} .. {summary['date_max']}")
    if summary.get("year_min") is not None:
        lines.append(f"years       {summary['year_min']} .. {summary['year_max']}")
    if "governorates" in summary:
        govs = summary["governorates"]
        listed = ", ".join(f"{g['admin1_name']} ({g['admin1_pcode']})" for g in govs)
        lines.append(f"governorates {len(govs)} of 14: {listed}")
    if summary.get("districts") is not None:
        lines.append(f"districts   {summary['districts']} of 62 (admin2 layer)")
    if summary.get("valid_on"):
        lines.append(f"valid on    {summary['valid_on']}")
    for column, total in summary["totals"].items():
        shown = f"{total:,}" if total is not None else "none"
        lines.append(f"total       {column} = {shown}")
    for series, totals in summary.get("totals_by_series", {}).items():
        shown = ", ".join(f"{k} = {v:,}" for k, v in totals.items() if v is not None)
        lines.append(f"total       {series}: {shown}")
    for flow, total in summary.get("totals_by_flow", {}).items():
        lines.append(f"total       people_count ({flow}) = {total:,}")
    total = summary["totals"].get("deaths_best")
    for column, rows in summary.get("precision", {}).items():
        name = "dated to" if column == "date_precision" else "located to"
        for row in rows:
            share = ""
            if total and row["deaths_best"] is not None:
                share = f" ({100 * row['deaths_best'] / total:.1f}% of deaths)"
            lines.append(
                f"{name:<11} {row[column]}: {row['events']:,} events, "
                f"{row['deaths_best'] or 0:,} deaths{share}"
            )
    if "no_governorate" in summary:
        row = summary["no_governorate"]
        lines.append(
            f"no governorate {row['events']:,} events, {row['deaths_best'] or 0:,} deaths "
            "(country totals only)"
        )
    if "duplicates_dropped" in summary:
        lines.append(f"duplicates  {summary['duplicates_dropped']:,} exact duplicate rows dropped")
    if summary.get("totals_note"):
        lines.append(f"note        {summary['totals_note']}")
    for note in summary.get("notes", []):
        lines.append(f"note        {note}")
    for note in summary.get("reading", []):
        lines.append(f"hxl         {note}")
    return "\n".join(lines)
