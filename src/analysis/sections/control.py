"""The territorial control report: who holds each place at the end of the period, how fast and
how far the front moved, reported shares of territory and every change of control.

Changes of control come from the bundled 2024 dataset or an ACLED export (its territory
sub-events); boundaries from the bundled Natural Earth map, an OCHA COD-AB or a geoBoundaries
file. Definitions (place, change of control, provincial capital, front distance) are those of
:mod:`analysis.control`; faction roles those of :mod:`analysis.factions`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd

from analysis import control, data, factions, metrics
from analysis.charts import control as charts
from analysis.data import acled, bundled
from analysis.data import boundaries as boundaries_io
from analysis.data.formats import detect
from analysis.data.provenance import read_provenance
from analysis.errors import DataValidationError
from analysis.sections.blocks import Block, esc, figure, heading, note, paragraph, table
from analysis.sections.common import (
    KeyFigure,
    Scope,
    day,
    key_figures_box,
    number,
    sources_list,
    title,
)

ACLED_NOTE = "ACLED event "
"""Prefix of the ``notes`` the ACLED control reader writes (followed by the event id)."""
MAX_TABLE_ROWS = 200
"""Longest table of changes printed; longer periods say how many rows were left out."""
MAX_LISTED = 12
"""Longest list of place names in a sentence."""
_URL = re.compile(r"https?://[^\s;,)]+")


@dataclass
class Control:
    scope: Scope
    changes: pd.DataFrame  # every change in the governorate, any date (for who holds what)
    period: pd.DataFrame  # changes in the period and governorate, with gaining/losing roles
    source: str
    source_format: str  # format name of the changes file ("bundled_control", "acled_control")
    as_of: str | None
    first_date: pd.Timestamp | None  # the file's first and last change (any governorate)
    last_date: pd.Timestamp | None
    boundaries: gpd.GeoDataFrame
    boundaries_source: str
    shares: pd.DataFrame | None  # bundled shares dated up to the end date (or undated)
    shares_source: str | None
    shares_as_of: str | None


def _is_bundled(path: str | None) -> bool:
    return path in (None, "", data.BUNDLED)


def _as_of(dataset: data.Dataset) -> str | None:
    try:
        return day(pd.Timestamp(read_provenance(dataset.path).as_of))
    except (DataValidationError, ValueError):
        return None


def _boundaries(path: str | None) -> tuple[gpd.GeoDataFrame, str]:
    if _is_bundled(path):
        return boundaries_io.read_boundaries(None), "Natural Earth admin-1 (bundled map)"
    gdf = boundaries_io.read_boundaries(path)
    label = f"{detect(Path(path)).title} ({Path(path).name})"
    return boundaries_io.simplified(gdf), label


def load(
    control_path: str,
    boundaries_path: str,
    start_date: str,
    end_date: str,
    governorate: str,
) -> Control:
    """Read and filter everything the report shows."""
    scope = Scope.from_parameters(start_date, end_date, governorate)
    if _is_bundled(control_path):
        given = data.read(bundled.bundled_path("control_changes.csv"))
    else:
        given = data.read(control_path, domain="control")
    if given.kind != "changes":
        raise DataValidationError(
            f"{given.path}: a {given.format.title} file holds {given.kind}, not changes of "
            "control. Give the bundled control_changes.csv or an ACLED export as control_path."
        )
    frame = given.frame
    first = frame["event_date"].min() if len(frame) else None
    last = frame["event_date"].max() if len(frame) else None
    as_of = _as_of(given) or (day(last) if last is not None else None)
    changes = metrics.in_governorate(frame, governorate)
    period = control.with_roles(metrics.in_period(changes, scope.start, scope.end))
    shapes, shapes_source = _boundaries(boundaries_path)
    shares = shares_source = shares_as_of = None
    if _is_bundled(control_path):
        found = data.read(bundled.bundled_path("territory_shares.csv"))
        dated = found.frame["as_of_date"]
        shares = found.frame[dated.isna() | (dated < scope.end + pd.Timedelta(days=1))]
        shares_source, shares_as_of = found.source_label, _as_of(found)
    return Control(
        scope=scope,
        changes=changes,
        period=period,
        source=given.source_label,
        source_format=given.format.name,
        as_of=as_of,
        first_date=first,
        last_date=last,
        boundaries=shapes,
        boundaries_source=shapes_source,
        shares=shares,
        shares_source=shares_source,
        shares_as_of=shares_as_of,
    )


def _listed(names: object) -> str:
    """Names joined by commas, at most MAX_LISTED of them."""
    names = list(names)
    shown = ", ".join(names[:MAX_LISTED])
    return shown + (
        f" and {number(len(names) - MAX_LISTED)} more" if len(names) > MAX_LISTED else ""
    )


def _plural(n: int, noun: str) -> str:
    return f"{number(n)} {noun}{'' if n == 1 else 's'}"


def header(report: Control) -> Block:
    return title("Territorial control", report.scope)


def _no_data(report: Control, what: str = "changes of control") -> Block:
    covers = (
        f"the file's changes of control run from {day(report.first_date)} to "
        f"{day(report.last_date)}"
        if report.first_date is not None
        else "the file holds no change of control"
    )
    return note(
        "No data for {where}, {period}: no {what} in {source} ({covers}).",
        where=report.scope.where,
        period=report.scope.period,
        what=what,
        source=report.source,
        covers=covers,
    )


# ---------------------------------------------------------------------------------------------
# Key figures


def key_figures(report: Control) -> list[KeyFigure]:
    """Places that changed hands, by gaining faction, and provincial capitals; each with its
    source. Empty when nothing changed hands in the period."""
    period = report.period
    if period.empty:
        return []
    span = f"{day(period['event_date'].min())} to {day(period['event_date'].max())}"
    figures = [
        KeyFigure(
            "Places that changed hands",
            number(control.places_changed(period)),
            f"{number(len(period))} changes of control, {span}",
            report.source,
        )
    ]
    for row in control.places_by_gaining_role(period).itertuples(index=False):
        detail = "place gained" if row.places == 1 else "places gained"
        if row.changes != row.places:
            detail += f" ({number(row.changes)} changes)"
        figures.append(
            KeyFigure(f"Gained by {row.label}", number(row.places), detail, report.source)
        )
    names = control.capital_names(period)
    if names:
        figures.append(
            KeyFigure(
                "Provincial capitals that changed hands",
                number(len(names)),
                ", ".join(names),
                report.source,
            )
        )
    return figures


def key_figures_section(report: Control) -> list[Block]:
    blocks = [heading("Key figures")]
    period = report.period
    if period.empty:
        blocks.append(_no_data(report))
        return blocks
    blocks.append(key_figures_box(key_figures(report)))
    by_role = control.places_by_gaining_role(period)
    blocks.append(
        paragraph(
            "**{places} places changed hands** in {where} between {start} and {end} "
            "({changes} changes of control recorded in {source}). By gaining faction: {roles}.",
            places=number(control.places_changed(period)),
            where=report.scope.where,
            start=day(report.scope.start),
            end=day(report.scope.end),
            changes=number(len(period)),
            source=report.source,
            roles="; ".join(
                f"{r.label} {number(r.places)}" for r in by_role.itertuples(index=False)
            ),
        )
    )
    names = control.capital_names(period)
    if names:
        blocks.append(
            paragraph(
                "Provincial capitals among them ({count}): {names}. A place counts as a provincial "
                "capital when it bears its governorate's name.",
                count=number(len(names)),
                names=", ".join(names),
            )
        )
    repeated = period.groupby(["place", "admin1_pcode"], dropna=False).size()
    repeated = repeated[repeated > 1].sort_values(ascending=False, kind="stable")
    if len(repeated):
        listed = repeated.head(MAX_LISTED)
        more = len(repeated) - len(listed)
        blocks.append(
            paragraph(
                "{count} changed hands more than once in the period: {places}{more}. Each "
                "change is kept; the map shows the holder after the last one.",
                count=_plural(len(repeated), "place"),
                places=", ".join(f"{place} ({n} times)" for (place, _), n in listed.items()),
                more=f", and {number(more)} more (see the table)" if more else "",
            )
        )
    return blocks


# ---------------------------------------------------------------------------------------------
# Map


def map_section(report: Control) -> list[Block]:
    end = report.scope.end
    blocks = [heading(f"Who held each place on {day(end)}")]
    holders = control.holder_at(report.changes, end, since=report.scope.start)
    if holders.empty:
        blocks.append(_no_data(report, f"changes of control up to {day(end)}"))
        return blocks
    focus = report.scope.governorate.pcode if report.scope.governorate else None
    ax = charts.control_map(
        report.boundaries,
        holders,
        end,
        source=f"{report.source}; boundaries: {report.boundaries_source}",
        as_of=report.as_of,
        focus=focus,
    )
    counts = holders["holder_role"].value_counts()
    held = "; ".join(
        f"{factions.label(role)} {number(counts[role])}"
        for role in factions.in_legend_order(counts.index)
    )
    located = int(holders["has_coordinates"].sum())
    earlier = not holders["changed_since"].astype(bool).all()
    markers = "; circles changed hands in the period, squares earlier" if earlier else ""
    blocks.append(
        figure(
            ax.figure,
            alt=f"Map of {report.scope.where} with governorate boundaries and {located} places "
            f"coloured by the faction holding them on {day(end)} ({held}); provincial capitals "
            "are named in English and Arabic.",
            caption=f"Each place is coloured by the faction that gained it in its last recorded "
            f"change up to {day(end)}{markers}. "
            f"Source: {report.source}; boundaries: {report.boundaries_source}.",
        )
    )
    unlocated = holders[~holders["has_coordinates"].astype(bool)]
    if len(unlocated):
        blocks.append(
            note(
                "{n} of {total} places have no coordinates and are not on the map (they are in "
                "the table and in every count): {names}.",
                n=number(len(unlocated)),
                total=number(len(holders)),
                names=", ".join(str(p) for p in unlocated["place"]),
            )
        )
    last = holders["last_change"].max()
    if last < end:
        blocks.append(
            paragraph(
                "The last recorded change up to {end} is on {last}; the map shows who held each "
                "place after it.",
                end=day(end),
                last=day(last),
            )
        )
    return blocks


# ---------------------------------------------------------------------------------------------
# Pace and reach of the advance


def timeline_section(report: Control) -> list[Block]:
    blocks = [heading("Pace of the advance")]
    period = report.period
    if period.empty:
        blocks.append(_no_data(report))
        return blocks
    freq = charts.period_freq(period["event_date"])
    unit = "day" if freq == "D" else "week"
    ax = charts.advance_timeline(period, source=report.source, as_of=report.as_of, freq=freq)
    blocks.append(
        figure(
            ax.figure,
            alt=f"Stacked bar chart of places changing hands per {unit} by gaining faction, "
            f"{report.scope.where}, {report.scope.period}.",
            caption=f"Places changing hands per {unit}, coloured by the faction gaining them. "
            f"Source: {report.source}.",
        )
    )
    per = control.changes_per_day(period, freq=freq).groupby("period_start")["places"].sum()
    busiest = per.idxmax()
    blocks.append(
        paragraph(
            "The busiest {unit} was {when}, with {n} places changing hands.",
            unit=unit,
            when=day(busiest) if freq == "D" else f"the week of {day(busiest)}",
            n=number(per.max()),
        )
    )
    return blocks


def front_section(report: Control) -> list[Block]:
    blocks = [heading("Distance of the front from its starting point")]
    period = report.period
    origin = control.front_origin(period)
    if origin is None:
        blocks.append(_no_data(report, "change of control with coordinates"))
        return blocks
    freq = charts.period_freq(period["event_date"])
    unit = "day" if freq == "D" else "week"
    distances = control.front_distance(period, origin, freq=freq)
    points = control.place_distances(period, origin)
    ax = charts.front_distance(
        distances, source=report.source, as_of=report.as_of, points=points, origin=origin
    )
    blocks.append(
        figure(
            ax.figure,
            alt=f"Line chart of the distance in km from the starting point of the places that "
            f"changed hands each day, {report.scope.where}, {report.scope.period}: farthest and "
            f"median per {unit}, with every place as a point coloured by gaining faction.",
            caption="Great-circle distance of each day's captured places from the centroid of "
            f"the first day's changes. Source: {report.source}.",
        )
    )
    located = period.dropna(subset=["latitude", "longitude"])
    first_day = located["event_date"].dt.normalize().min()
    starters = located[located["event_date"].dt.normalize() == first_day]
    far = points.loc[points["distance_km"].astype(float).idxmax()]
    blocks.append(
        paragraph(
            "Starting point: the centroid of the {n} with coordinates that changed hands on "
            "{first} ({names}). The farthest place reached was **{place}** ({gov}), "
            "**{km} km** from it, on {when}.",
            n=_plural(len(starters), "place"),
            first=day(first_day),
            names=_listed(dict.fromkeys(str(p) for p in starters["place"])),
            place=far["place"],
            gov=_governorate_name(far["admin1_pcode"]),
            km=f"{control.round_km(far['distance_km']):,}",
            when=day(far["event_date"]),
        )
    )
    blocks.append(
        note(
            "Method: each change of control with coordinates is a point the front reached that "
            "day; its distance is the haversine great-circle distance (Earth radius {radius} km). "
            "With several fronts at once the daily maximum is the farthest front, not the depth "
            "of one: the points show which faction moved where.",
            radius=f"{control.EARTH_RADIUS_KM:,.1f}",
        )
    )
    return blocks


def _governorate_name(pcode: object) -> str:
    if pcode is None or pd.isna(pcode):
        return "no governorate given"
    from analysis import gazetteer

    gov = gazetteer.by_pcode().get(str(pcode))
    return gov.name if gov else str(pcode)


# ---------------------------------------------------------------------------------------------
# Shares of territory


def shares_section(report: Control) -> list[Block]:
    blocks = [heading("Reported shares of territory")]
    if report.shares is None:
        blocks.append(
            note(
                "Shares of territory come with the bundled dataset only; {source} records "
                "changes of control, not shares, so this section is left out.",
                source=report.source,
            )
        )
        return blocks
    shares = report.shares
    drawn = control.shares_of_territory(shares)
    numeric = drawn[(drawn["unit"] == "percent") & drawn["value"].notna()]
    if numeric.empty:
        blocks.append(
            note(
                "No data for shares of territory reported up to {end} in {source}.",
                end=day(report.scope.end),
                source=report.shares_source,
            )
        )
    else:
        ax = charts.territory_shares(shares, source=report.shares_source, as_of=report.shares_as_of)
        blocks.append(
            figure(
                ax.figure,
                alt="Stacked horizontal bars, one per report, of the share of Syria's territory "
                "held by each faction as published by AFP, Jusoor for Studies and SOHR; figures "
                "that sources dispute are outlined with dashes.",
                caption="Shares of Syria's territory by faction, as each organisation published "
                f"them (qualifiers kept). Source: {report.shares_source}.",
            )
        )
        latest = control.shares_latest(shares)
        newest = latest["as_of_date"].max()
        rows = latest[latest["as_of_date"] == newest]
        blocks.append(
            paragraph(
                "The latest dated share of territory up to {end}: **{org}, {when}**: {parts}.",
                end=day(report.scope.end),
                org=", ".join(dict.fromkeys(str(o) for o in rows["organisation"])),
                when=day(newest),
                parts=", ".join(
                    f"{r.faction} {(r.qualifier + ' ') if pd.notna(r.qualifier) else ''}"
                    f"{r.value:g}%"
                    for r in rows.itertuples(index=False)
                ),
            )
        )
        if newest < report.scope.start:
            blocks.append(
                paragraph(
                    "No share of territory was reported within {period}; the latest is from "
                    "{when}.",
                    period=report.scope.period,
                    when=day(newest),
                )
            )
        for row in control.share_sums(shares).itertuples(index=False):
            if row.total_pct > 100.005:
                blocks.append(
                    note(
                        "The shares {org} published for {when} sum to {total}%: see where "
                        "sources disagree, below.",
                        org=row.organisation,
                        when=day(row.as_of_date) if pd.notna(row.as_of_date) else "an undated map",
                        total=f"{row.total_pct:.2f}",
                    )
                )
    if report.scope.governorate is not None:
        blocks.append(
            note(
                "These shares cover Syria as a whole; none is specific to {where}.",
                where=report.scope.where,
            )
        )
    is_drawn = (
        (shares["metric"] == control.SHARE_OF_TERRITORY)
        & (shares["unit"] == "percent")
        & shares["value"].notna()
    )
    others = shares[~is_drawn.fillna(False).astype(bool)]
    if len(others):
        items = "".join(
            f"<li>{esc(r.organisation)}"
            f"{', ' + esc(day(r.as_of_date)) if pd.notna(r.as_of_date) else ', undated'} "
            f"({esc(r.scope)}): {esc(r.faction)}, {esc(r.metric.replace('_', ' '))}: "
            f"{esc(r.qualifier + ' ') if pd.notna(r.qualifier) else ''}"
            f"{esc(f'{r.value:g} ') if pd.notna(r.value) else ''}{esc(r.unit)}</li>"
            for r in others.sort_values("as_of_date").itertuples(index=False)
        )
        text = "; ".join(f"{r.organisation}: {r.faction}" for r in others.itertuples(index=False))
        blocks.append(
            Block(
                '<div class="sitrep-note"><p>Other reported control figures, not drawn (areas, '
                "counts, shares of one governorate, or no number):</p>"
                f"<ul>{items}</ul></div>",
                f"Other reported control figures: {text}",
            )
        )
    blocks.extend(_disagreements(shares, "Where sources disagree on shares"))
    return blocks


def _disagreements(frame: pd.DataFrame, heading_text: str) -> list[Block]:
    if "conflict_note" not in frame:
        return []
    rows = frame.dropna(subset=["conflict_note"])
    if rows.empty:
        return []
    label = "place" if "place" in rows else "faction"
    items = "".join(
        f"<li>{esc(r.record_id)} ({esc(getattr(r, label))}): {esc(r.conflict_note)}</li>"
        for r in rows.itertuples(index=False)
    )
    return [Block(f"<h3>{esc(heading_text)}</h3><ul>{items}</ul>", heading_text)]


# ---------------------------------------------------------------------------------------------
# Table of changes


def changes_table_section(report: Control) -> list[Block]:
    """Every change of the period (date, place, governorate, event, gaining and losing faction
    as published, a reference), then the notes published with them and where sources disagree.
    """
    blocks = [heading("Changes of control")]
    period = report.period
    if period.empty:
        blocks.append(_no_data(report))
        return blocks
    rows = period.sort_values("event_date", kind="stable").copy()
    located = rows["latitude"].notna() & rows["longitude"].notna()
    rows["place_shown"] = rows["place"].astype("string").fillna("") + np.where(located, "", " *")
    notes = rows["notes"].astype("string")
    if "record_id" in rows:
        ref = rows["record_id"].astype("string")
    else:  # ACLED: the notes column holds "ACLED event <id>"
        ref = notes.str.removeprefix(ACLED_NOTE)
        notes = notes.where(~notes.str.startswith(ACLED_NOTE, na=False))
    disputed = rows["conflict_note"].notna() if "conflict_note" in rows else False
    rows["ref"] = ref.fillna("") + np.where(disputed, " †", "")
    rows["remarks"] = notes.fillna("").map(_short_urls).astype("string")
    shown = rows.head(MAX_TABLE_ROWS)
    blocks.append(
        table(
            shown,
            columns={
                "event_date": "Date",
                "place_shown": "Place",
                "admin1_name": "Governorate",
                "event": "Event",
                "faction_gaining": "Gained by",
                "faction_losing": "Lost by",
                "ref": "Ref.",
            },
            caption=f"Changes of control, {report.scope.where}, {report.scope.period}, in date "
            "order, factions as published (their roles are listed under Sources and method). "
            "* no coordinates (not on the map); † sources disagree (see below). "
            f"Source: {report.source}.",
        )
    )
    if len(rows) > len(shown):
        blocks.append(
            note(
                "The period has {total} changes of control; the table lists the first {shown}. "
                "Narrow the period or choose a governorate to list them all.",
                total=number(len(rows)),
                shown=number(len(shown)),
            )
        )
    with_notes = shown[shown["remarks"].str.strip() != ""]
    if len(with_notes):
        blocks.append(
            table(
                with_notes,
                columns={"ref": "Ref.", "place_shown": "Place", "remarks": "Notes as published"},
                caption="Notes published with the changes above; [link] stands for a URL listed "
                "under Sources and method.",
            )
        )
    blocks.extend(_disagreements(period, "Where sources disagree on changes of control"))
    return blocks


# ---------------------------------------------------------------------------------------------
# Sources


def sources_section(report: Control) -> list[Block]:
    blocks = [heading("Sources and method")]
    blocks.append(
        paragraph(
            "A place is a place name in its governorate; a change of control is one recorded "
            "event of a place changing hands, with the factions gaining and losing it as "
            "published. Who holds a place on a date is the gaining faction of its last change up "
            "to that date: places that never changed hands in the data are not shown, and a "
            "holder is only as current as the last report. Faction names are grouped into "
            "roles (government and allies, HTS-led MOC, SNA and Turkish forces, SDF, southern "
            "factions, ISIS, other) by ordered rules in analysis.factions; names that do not say "
            "which coalition they belong to, such as 'Opposition', count as other. Each role "
            "has one colour-blind-safe colour in every chart."
        )
    )
    blocks.append(
        paragraph(
            "Changes of control: {source} (as of {as_of}). Boundaries: {shapes}.",
            source=report.source,
            as_of=report.as_of or "date not given",
            shapes=report.boundaries_source,
        )
    )
    if report.source_format == acled.CONTROL_FORMAT.name:
        blocks.append(
            paragraph(
                "ACLED codes territory changes as 'Government regains territory' and 'Non-state "
                "actor overtakes territory' events; actor 1 gains and actor 2 loses. ACLED's "
                "terms of use and attribution policy apply to its data."
            )
        )
    if not report.period.empty:
        blocks.append(
            table(
                roles_table(report.period),
                columns={"name": "Faction as published", "role": "Role", "mentions": "Changes"},
                numeric=("mentions",),
                caption="Faction names of the period's changes (gaining or losing) and the role "
                "each is counted and coloured as.",
            )
        )
    urls = _cited_urls(report.period)
    if urls:
        blocks.append(sources_list("Reports cited for the changes of control", urls))
    if report.shares is not None and not report.shares.empty:
        cited = report.shares[["organisation", "source_url"]].drop_duplicates()
        blocks.append(
            sources_list(
                "Reports cited for shares of territory",
                [(str(r.organisation), str(r.source_url)) for r in cited.itertuples(index=False)],
            )
        )
    return blocks


def _short_urls(text: str) -> str:
    """URLs inside notes as "[link]" (the full URLs are in the sources list): a URL cannot
    wrap, and would push the table off the printed page."""
    return _URL.sub("[link]", str(text))


def _cited_urls(period: pd.DataFrame) -> list[tuple[str, str]]:
    """(places citing it, URL) for every URL in the ``source`` and ``notes`` columns, in order
    of first use."""
    if period.empty:
        return []
    cited: dict[str, list[str]] = {}
    for column in ("source", "notes", "conflict_note"):
        if column not in period:
            continue
        for place, text in zip(period["place"], period[column], strict=True):
            if text is None or pd.isna(text):
                continue
            for url in _URL.findall(str(text)):
                places = cited.setdefault(url.rstrip("."), [])
                if str(place) not in places:
                    places.append(str(place))
    return [(", ".join(places), url) for url, places in cited.items()]


def roles_table(period: pd.DataFrame) -> pd.DataFrame:
    """Every faction name of the period as published, with its role and how often it appears."""
    names = pd.concat(
        [period["faction_gaining"], period["faction_losing"]], ignore_index=True
    ).astype("string")
    names = names.fillna("(not stated)")
    counts = names.value_counts().rename_axis("name").reset_index(name="mentions")
    counts["role"] = [
        factions.label(factions.role(None if n == "(not stated)" else n)) for n in counts["name"]
    ]
    order = {factions.label(r): i for i, r in enumerate(factions.ROLES)}
    counts["order"] = counts["role"].map(order)
    return counts.sort_values(["order", "mentions", "name"], ascending=[True, False, True])
