"""The casualties report on an event file (UCDP GED, ACLED): deaths in the events counted in the
period, how they were counted (date spans, no governorate, duplicates), deaths per day, week,
month or year, by type, by side or faction, by governorate, and the deadliest events."""

from __future__ import annotations

import pandas as pd

from analysis import gazetteer, places
from analysis.charts import casualties as charts
from analysis.charts import maps
from analysis.data.boundaries import map_boundaries
from analysis.i18n import _, ngettext, number, pgettext
from analysis.metrics import casualties as metrics
from analysis.metrics.casualties import districts as district_metrics
from analysis.metrics.casualties.quality import provisional
from analysis.metrics.results import Disclosure, Result
from analysis.metrics.time import NAMES
from analysis.sections.blocks import Block, figure, heading, table
from analysis.sections.casualties.report import Casualties
from analysis.sections.common import data_files
from analysis.sections.disclosures import Notes, key_figures_box, note_block
from analysis.sections.text import plain, render, sentence, sentence_note, term

LARGEST = 10
"""Rows of the deadliest-events table."""
CATEGORIES = 8
"""Bars in a chart by type or by side (the rest grouped)."""


def _worded(table: pd.DataFrame, column: str, words) -> pd.DataFrame:
    """``table`` (a breakdown of the metrics, cut by :func:`~analysis.metrics.casualties.top_rows`)
    with ``column`` in words: the row adding up the rest as "N others", every other row as
    ``words(row)``."""
    rows = table.itertuples(index=False)
    named = [
        term("others", count=row.others) if row.others else words(row._asdict()) for row in rows
    ]
    return table.assign(**{column: named})


def _violence(value: object) -> object:
    """UCDP's type of violence, a code of the reader (state-based, non-state, one-sided), in the
    report's language, as the charts and tables write it; anything else as published."""
    words = {
        "state-based": pgettext("type of violence", "state-based"),
        "non-state": pgettext("type of violence", "non-state"),
        "one-sided": pgettext("type of violence", "one-sided"),
    }
    return words.get(value, value) if isinstance(value, str) else value


def _or(value: object, word: str) -> object:
    """``value``, or ``word`` when it is missing."""
    return word if pd.isna(value) else value


def _side(row: dict) -> str:
    """A row of :func:`~analysis.metrics.casualties.deaths_by_side` in words: a side by its
    published name, the other parts by the catalogue's ``side_part``."""
    return row["side"] if row["part"] == "side" else term("side_part", part=row["part"])


def _rows(report: Casualties) -> pd.DataFrame:
    return metrics.counted(report.events, report.span)


def _results(report: Casualties) -> dict[str, Result]:
    """The period's ``events``, ``deaths`` and ``civilian_deaths`` (when known), each with its
    disclosures, made once (:func:`analysis.metrics.casualties.period_results`)."""
    found = metrics.period_results(report.events, report.span, report.source, **report.given())
    return found[metrics.ALL]


def headlines(report: Casualties) -> list[Result]:
    """``deaths`` (with the low-high range when the source has one), ``civilian_deaths`` (when
    the source counts them) and ``events``, each with its disclosures."""
    found = _results(report)
    return [found[k] for k in ("deaths", "civilian_deaths", "events") if k in found]


def provisional_events(report: Casualties) -> Result | None:
    """The counted events whose figures are provisional (UCDP Candidate), or None."""
    return provisional(_rows(report), report.source)


def _as_of(report: Casualties) -> str | None:
    return charts.as_of_text(metrics.last_day(_rows(report)))


def key_figures(report: Casualties) -> list[Block]:
    events, period, source = report.events, report.span, report.source
    found = headlines(report)
    by_key = {r.key: r for r in found}
    blocks = [heading(_("Key figures"))]
    if not by_key["events"].value:
        blocks.append(
            sentence_note(
                "casualties_no_events",
                where=report.scope.where,
                period=period,
                source=source,
                spanning=metrics.spanning(events, period, source),
            )
        )
        return blocks
    notes = Notes("casualties-key-figures")
    blocks.append(key_figures_box(found, notes))
    blocks.append(
        sentence(
            "casualties_events_total",
            deaths=by_key["deaths"],
            events=by_key["events"],
            civilians=by_key.get("civilian_deaths"),
            where=report.scope.where,
            noun=_noun(report),
            notes=notes,
        )
    )
    blocks.extend(notes.blocks())
    blocks.append(sentence("casualties_counting"))
    notes_ = report.file_notes
    if notes_["copies_dropped"].value or notes_["future"].value or notes_["after_record"].value:
        blocks.append(
            sentence_note(
                "casualties_file_quality",
                copies=notes_["copies_dropped"],
                future=notes_["future"],
                after=notes_["after_record"],
            )
        )
    return blocks


def _per_bin(report: Casualties, rows: pd.DataFrame) -> list[Block]:
    freq, period = report.freq, report.span
    binned, apart = metrics.deaths_by_bin(report.events, period, freq)
    spread = metrics.drawn_apart(report.events, period, freq, report.source)
    unit = charts.bin_word(freq)
    ranged = metrics.has_range(report.events)
    fig = charts.deaths_per_bin(
        binned,
        apart,
        period=period,
        freq=freq,
        ranged=ranged,
        source=report.source,
        as_of=_as_of(report),
    )
    what = _("best estimate, with the low–high range as a line") if ranged else _("as reported")
    said = {"unit": unit, "where": report.scope.where, "period": period.label}
    if spread.empty:
        alt = _("Bar chart of deaths per %(unit)s in recorded events, %(where)s, %(period)s") % said
    else:
        alt = (
            _(
                "Bar chart of deaths per %(unit)s in recorded events, %(where)s, %(period)s, with "
                "events dated only to a span drawn over it below"
            )
            % said
        )
    caption = _("Deaths per %(unit)s in events dated within the %(unit)s (%(what)s).") % {
        "unit": unit,
        "what": what,
    }
    blocks = [figure(fig, name="deaths", alt=alt, caption=caption)]
    if not spread.empty:
        blocks.append(
            sentence_note(
                "casualties_apart",
                events=spread.events.value,
                deaths=spread.deaths.value,
                unit=NAMES[freq],
            )
        )
    return blocks


def _by_type(report: Casualties, rows: pd.DataFrame) -> list[Block]:
    kinds = metrics.top_rows(metrics.deaths_by_type(rows), "type", CATEGORIES)
    kinds = _worded(kinds, "type", lambda row: _or(_violence(row["type"]), term("not_given")))
    column = metrics.type_column(rows)
    if column == "sub_event_type":
        title, named = _("Deaths by sub-event type"), _("sub-event type")
    else:
        title, named = _("Deaths by type of violence"), _("type of violence")
    ax = charts.deaths_by_category(
        kinds,
        label_column="type",
        title=title,
        xlabel=_("People killed"),
        source=report.source,
        as_of=_as_of(report),
    )
    return [
        figure(
            ax.figure,
            name="deaths_by_type",
            alt=_("Bar chart of deaths by %(named)s, %(where)s, %(period)s.")
            % {"named": named, "where": report.scope.where, "period": report.span.label},
            caption=_("Deaths by %(named)s in the events counted.") % {"named": named},
        )
    ]


def _by_side(report: Casualties, rows: pd.DataFrame) -> list[Block]:
    events, period, source = report.events, report.span, report.source
    if metrics.has_sides(events):
        sides = metrics.top_rows(metrics.deaths_by_side(rows), "side", CATEGORIES)
        sides = _worded(sides, "side", _side)
        ax = charts.deaths_by_category(
            sides,
            label_column="side",
            value_column="deaths",
            role_column="role",
            title=_("Deaths by side (UCDP)"),
            xlabel=_("People killed (best estimate)"),
            source=source,
            as_of=_as_of(report),
        )
        found = _results(report)
        unknown = metrics.unattributed_deaths(events, period, source, **report.given())
        notes = Notes("casualties-by-side")
        return [
            figure(
                ax.figure,
                name="deaths_by_side",
                alt=_("Bar chart of deaths by side, civilians and unattributed, %(period)s.")
                % {"period": period.label},
                caption=_(
                    "Deaths on each side as UCDP names it, civilians and deaths UCDP cannot "
                    "attribute; together they make the total."
                ),
            ),
            sentence(
                "casualties_sides",
                deaths=found["deaths"],
                civilians=found["civilian_deaths"],
                unknown=unknown,
                notes=notes,
            ),
            *notes.blocks(),
        ]
    roles = metrics.actor_roles(rows)
    if roles.empty:
        return []
    ax = charts.deaths_by_category(
        roles,
        label_column="label",
        role_column="role",
        title=_("Fatalities in events involving each faction"),
        xlabel=_("People killed in events where the faction is an actor"),
        source=source,
        as_of=_as_of(report),
    )
    return [
        figure(
            ax.figure,
            name="fatalities_by_faction",
            alt=_("Bar chart of fatalities in events involving each faction, %(period)s.")
            % {"period": period.label},
            caption=_(
                "Fatalities in events where each faction is actor 1 or actor 2; an event "
                "between two factions counts for both."
            ),
        ),
        sentence(
            "casualties_roles",
            unassigned=metrics.unassigned_actors(rows, source, period),
            total=len(rows),
            civilian_flag=bool(events["civilian_targeting"].notna().any()),
        ),
    ]


def _by_governorate(report: Casualties, rows: pd.DataFrame) -> list[Block]:
    totals = metrics.deaths_by_governorate(rows)
    totals["admin1_name"] = totals["admin1_name"].fillna(term("governorate_not_given"))
    totals = gazetteer.shown_names(totals)
    blocks = []
    if report.scope.governorate is None:
        shapes, attribution = map_boundaries(report.boundaries_path)
        values = metrics.deaths_per_governorate(totals, shapes["admin1_pcode"])
        ax = maps.choropleth(
            shapes,
            values,
            title=_("Deaths by governorate"),
            legend_label=_("People killed"),
            source=_("%(source)s; boundaries: %(attribution)s")
            % {"source": report.source, "attribution": attribution},
            as_of=_as_of(report),
        )
        blocks.append(
            figure(
                ax.figure,
                name="deaths_map",
                alt=_("Map of Syria's governorates shaded by deaths, %(period)s.")
                % {"period": report.span.label},
                caption=_(
                    "Deaths by governorate in the events counted; events without a "
                    "governorate are not mapped."
                ),
            )
        )
        unmapped = _results(report)["deaths"].disclosure("no_governorate")
        blocks.extend(note_block("casualties-map", [] if unmapped is None else [unmapped]))
    columns = {"admin1_name": _("Governorate"), "events": _("Events"), "deaths_best": _("Deaths")}
    if metrics.has_range(report.events):
        columns.update(
            {"deaths_best": _("Deaths (best)"), "deaths_low": _("Low"), "deaths_high": _("High")}
        )
    blocks.append(
        table(
            totals,
            columns=columns,
            numeric=("events", "deaths_best", "deaths_low", "deaths_high"),
            caption=_("Events and deaths by governorate, largest first."),
        )
    )
    return blocks


def _by_district(report: Casualties, rows: pd.DataFrame) -> list[Block]:
    """A governorate's events and deaths by district, when the boundaries hold districts: a
    map, how the events were placed (by their points; the others counted apart) and a table."""
    found = report.districts
    if found is None:
        return []
    counts = district_metrics.events_by_district(
        report.events, found.shapes, str(report.scope.pcode), report.span, report.source
    )
    totals = counts.table
    ax = maps.choropleth(
        found.drawn,
        district_metrics.district_values(totals, "deaths_best"),
        title=_("Deaths by district"),
        legend_label=_("People killed"),
        source=_("%(source)s; boundaries: %(attribution)s")
        % {"source": report.source, "attribution": found.attribution},
        as_of=_as_of(report),
        key="admin2_pcode",
    )
    notes = Notes("casualties-districts")
    columns = {"district": _("District"), "events": _("Events"), "deaths_best": _("Deaths")}
    if "deaths_low" in totals:
        columns.update(
            {"deaths_best": _("Deaths (best)"), "deaths_low": _("Low"), "deaths_high": _("High")}
        )
    return [
        figure(
            ax.figure,
            name="deaths_district_map",
            alt=_("Map of the districts of %(where)s shaded by deaths, %(period)s.")
            % {"where": report.scope.where, "period": report.span.label},
            caption=_(
                "Deaths by district in the events placed by their coordinates; events counted "
                "apart are not mapped."
            ),
        ),
        sentence(
            "casualties_districts",
            placed=counts.placed,
            imprecise=counts.imprecise,
            outside=counts.outside,
            where=report.scope.where,
            notes=notes,
        ),
        *notes.blocks(),
        table(
            totals.assign(district=[maps.district_name(row) for row in totals.itertuples()]),
            columns=columns,
            numeric=("events", "deaths_best", "deaths_low", "deaths_high"),
            caption=_(
                "Events and deaths by district (admin2), placed by their coordinates, largest "
                "first."
            ),
        ),
    ]


def _dated_to(row: pd.Series) -> str:
    """What the events of one date precision are dated to, from their spans."""
    return plain(
        render(
            "casualties_precision_label",
            precision=_or(row["date_precision"], None),
            days_min=int(row["days_min"]),
            days_max=int(row["days_max"]),
            calendar_months=bool(row["calendar_months"]),
        )
    )


def _precision(report: Casualties, rows: pd.DataFrame) -> list[Block]:
    dates = metrics.by_precision(rows, "date_precision")
    dates["label"] = [_dated_to(row) for _, row in dates.iterrows()]
    places = metrics.by_precision(rows, "place_precision")
    places["label"] = [
        term("place_precision", precision=_or(p, None)) for p in places["place_precision"]
    ]
    return [
        table(
            dates,
            columns={"label": _("Dated to"), "events": _("Events"), "deaths_best": _("Deaths")},
            numeric=("events", "deaths_best"),
            caption=_("Events counted by how precisely the source dates them."),
        ),
        table(
            places,
            columns={"label": _("Located to"), "events": _("Events"), "deaths_best": _("Deaths")},
            numeric=("events", "deaths_best"),
            caption=_("Events counted by how precisely the source locates them."),
        ),
    ]


def _largest(report: Casualties, rows: pd.DataFrame) -> list[Block]:
    largest, left_out = metrics.largest_events(rows, LARGEST)
    largest = places.shown_in(gazetteer.shown_names(largest))
    kind = metrics.type_column(rows)
    if kind == "event_type" and kind in largest:
        largest = largest.assign(**{kind: largest[kind].map(_violence)})
    columns = {
        "date_earliest": _("From"),
        "date_latest": _("To"),
        "admin1_name": _("Governorate"),
        "location": _("Place"),
        kind: _("Type"),
        "side_a": _("Side A / actor 1"),
        "side_b": _("Side B / actor 2"),
        "deaths_best": _("Deaths"),
    }
    return [
        sentence("casualties_largest_left_out", shown=len(largest), left_out=left_out),
        table(
            largest,
            columns=columns,
            numeric=("deaths_best",),
            caption=ngettext(
                "The %(count)s deadliest events counted.",
                "The %(count)s deadliest events counted.",
                len(largest),
            )
            % {"count": number(len(largest))},
        ),
    ]


def _noun(report: Casualties) -> str:
    return term("events_noun", kinds=() if report.coverage is None else report.coverage.noun_kinds)


def section(report: Casualties) -> list[Block]:
    """Deaths in the events counted, per bin, by type, side, governorate, how precisely dated
    and located, and the deadliest; nothing when no event is counted (the key figures say so,
    and Sources and method why the section is not there)."""
    rows = _rows(report)
    if rows.empty:
        return []
    blocks = [
        heading(
            _("Deaths in recorded %(events)s (%(source)s)")
            % {"events": _noun(report), "source": report.source}
        )
    ]
    sides = _("By side") if metrics.has_sides(report.events) else _("By faction")
    for title, part in (
        (_("Deaths per %(unit)s") % {"unit": charts.bin_word(report.freq)}, _per_bin),
        (_("By type of event"), _by_type),
        (sides, _by_side),
        (_("By governorate"), _by_governorate),
        (_("By district"), _by_district),
        (_("How precisely events are dated and located"), _precision),
        (_("Deadliest events"), _largest),
    ):
        made = part(report, rows)
        if made:
            blocks += [heading(title, level=3), *made]
    return blocks


def comparison_section(report: Casualties) -> list[Block]:
    """Two event datasets side by side, when a second file is given."""
    if report.comparison is None:
        return []
    period, freq = report.span, report.freq
    labels = (report.source, str(report.comparison_source))
    first, second = report.events, report.comparison
    if _neither_counted(report):
        return []  # Sources and method says why
    blocks = [heading(_("Two sources compared"))]
    by_gov = metrics.compare_by_governorate(
        metrics.counted(first, period), metrics.counted(second, period), labels
    )
    by_gov["admin1_name"] = by_gov["admin1_name"].fillna(term("governorate_not_given"))
    by_gov = gazetteer.shown_names(by_gov)
    last = max(
        (d for d in (metrics.last_day(metrics.counted(f, period)) for f in (first, second)) if d),
        default=None,
    )
    fig = charts.compare_sources(
        metrics.deaths_by_bin(first, period, freq)[0],
        metrics.deaths_by_bin(second, period, freq)[0],
        by_gov,
        labels=labels,
        period=period,
        freq=freq,
        as_of=charts.as_of_text(last),
    )
    notes = Notes("casualties-comparison-chart")
    for frame, label in zip((first, second), labels, strict=True):
        apart = metrics.drawn_apart(frame, period, freq, label)
        if apart.deaths.value:
            notes.add(
                Disclosure.of(
                    "undrawn",
                    deaths=apart.deaths.value,
                    events=apart.events.value,
                    bar=NAMES[freq],
                    why="span",
                ),
                label,
            )
    if notes:
        caption = _(
            "Same period and place, two datasets; events dated only to a span covering several "
            "%(units)s are left out of the left panel (counted in the note)."
        )
    else:
        caption = _(
            "Same period and place, two datasets; events dated only to a span covering several "
            "%(units)s are left out of the left panel."
        )
    blocks.append(
        figure(
            fig,
            name="comparison",
            alt=_("Deaths per %(unit)s and by governorate in two event datasets, %(period)s.")
            % {"unit": charts.bin_word(freq), "period": period.label},
            caption=caption % {"units": charts.bins_word(freq)},
        )
    )
    blocks.extend(notes.blocks())
    notes = Notes("casualties-comparison")
    blocks.append(
        sentence(
            "casualties_comparison",
            first_deaths=metrics.deaths(first, period, labels[0], **report.given()),
            first_events=metrics.event_count(first, period, labels[0], **report.given()),
            second_deaths=metrics.deaths(second, period, labels[1], **report.given(True)),
            second_events=metrics.event_count(second, period, labels[1], **report.given(True)),
            notes=notes,
        )
    )
    blocks.extend(notes.blocks())
    kinds = (report.coverage, report.comparison_coverage)
    if None not in kinds and not metrics.same_kinds(*kinds):
        blocks.append(sentence_note("casualties_compare_kinds", first=kinds[0], second=kinds[1]))
    return blocks


def _neither_counted(report: Casualties) -> bool:
    """Whether neither of two compared event files counts an event in the period."""
    return metrics.counted(report.events, report.span).empty and (
        report.comparison is None or metrics.counted(report.comparison, report.span).empty
    )


def left_out(report: Casualties) -> list[dict[str, object]]:
    """The deaths section when no event is counted; the comparison when neither file counts
    one."""
    found: list[dict[str, object]] = []
    scope = {"period": report.span, "where": report.scope.where}
    if _rows(report).empty:
        found.append({"part": "no_events", "noun": _noun(report), "source": report.source, **scope})
    if report.comparison is not None and _neither_counted(report):
        found.append({"part": "compare_empty", **scope})
    return found


def _provisional_source(events: pd.DataFrame | None, source: str, second: str = "") -> list[Block]:
    found = None if events is None else provisional(events, source)
    if found is None:
        return []
    return [
        sentence("casualties_provisional_source", events=found, total=len(events), second=second)
    ]


def sources_section(report: Casualties) -> list[Block]:
    return [
        heading(_("Sources and method")),
        sentence(
            "casualties_method_events",
            source=report.source,
            file=report.source_file,
            several=report.source_files is not None,
            coverage=report.coverage,
            ranged=metrics.has_range(report.events),
        ),
        *data_files(report.source_files),
        *_provisional_source(report.events, report.source),
        *(
            [
                sentence(
                    "casualties_comparison_source",
                    source=report.comparison_source,
                    file=report.comparison_file,
                    several=report.comparison_files is not None,
                    coverage=report.comparison_coverage,
                ),
                *data_files(report.comparison_files),
            ]
            if report.comparison_source
            else []
        ),
        *_provisional_source(
            report.comparison, str(report.comparison_source), str(report.comparison_source)
        ),
    ]
