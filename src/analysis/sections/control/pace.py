"""How fast places changed hands, and how far one faction's front reached."""

from __future__ import annotations

from markupsafe import Markup

from analysis import factions, places
from analysis.charts import control as charts
from analysis.charts.bins import bin_words
from analysis.i18n import _, number
from analysis.metrics import control as metrics
from analysis.metrics.results import day_text
from analysis.metrics.time import NAMES, bin_label, bin_span
from analysis.metrics.weak_source import weak_disclosure
from analysis.sections.blocks import Block, figure, heading
from analysis.sections.control.report import Control
from analysis.sections.text import sentence
from analysis.sections.weak_source import Marks, attach


def timeline_section(report: Control) -> list[Block]:
    period = report.period
    if period.empty:
        return []  # Sources and method says why (:func:`.sources.left_out`)
    blocks = [heading(_("Pace of the changes of control"))]
    freq, unit = report.freq, NAMES[report.freq]
    words = {"unit": bin_words(freq)[0], "where": report.scope.where, "period": report.scope.period}
    table = metrics.changes_by_bin(period, report.span, freq)
    totals = metrics.places_by_gaining_role(period).set_index("gaining_role")["places"]
    ax = charts.advance_timeline(
        table,
        report.span,
        freq,
        source=report.source,
        as_of=day_text(report.as_of),
        totals=totals.to_dict(),
    )
    drawn = Marks("control-pace")
    drawn.add(weak_disclosure(metrics.changes_result(period, report.span, report.source)))
    blocks.append(
        attach(
            figure(
                ax.figure,
                name="pace",
                alt=_(
                    "Stacked bar chart of changes of control per %(unit)s by gaining faction, "
                    "%(where)s, %(period)s."
                )
                % words,
                caption=Markup("{}{}").format(
                    _("Changes of control per %(unit)s, coloured by the faction gaining the place.")
                    % words,
                    drawn.mark() if drawn.any else "",
                ),
            ),
            drawn,
        )
    )
    busiest = metrics.busiest_bin(period, report.span, freq, report.source)
    whole = busiest.period == bin_span(busiest.period.start, freq)
    when = bin_label(busiest.period.start, freq) if whole and freq in ("M", "Y") else None
    said = Marks("control-pace-text", number=2 if drawn.any else 1, after=drawn)
    blocks.append(sentence("control_busiest", unit=unit, busiest=busiest, when=when, marks=said))
    if said.any:
        blocks.append(said.note())
    return blocks


def front_of(report: Control):
    """The front the report follows (:func:`analysis.metrics.control.front`), or None."""
    return metrics.front(
        report.period, report.span, report.freq, report.source, report.front_faction
    )


def no_front(report: Control) -> dict[str, object] | None:
    """Why the front is not shown (for :func:`.sources.left_out`), None when it is: no change
    of the period has coordinates, or the faction asked for gained none that has."""
    if report.period.empty or front_of(report) is not None:
        return None
    period = report.period
    if report.front_faction and not period.dropna(subset=["latitude"]).empty:
        role = metrics.front_role(period, report.front_faction)
        return {"part": "front_faction", "label": factions.label(role)}
    return {"part": "front_none"}


def front_section(report: Control) -> list[Block]:
    front = front_of(report)
    if front is None:
        return []  # Sources and method says why (:func:`.sources.left_out`)
    blocks = [heading(_("Distance of one front from its starting point"))]
    words = {
        "unit": bin_words(report.freq)[0],
        "where": report.scope.where,
        "period": report.scope.period,
        "faction": front.label,
    }
    ax = charts.front_distance(
        front.by_bin,
        front.points,
        report.span,
        report.freq,
        role=front.role,
        source=report.source,
        as_of=day_text(report.as_of),
        origin=front.origin,
        farthest=front.farthest_at,
        support=front.support.value,
        supported=front.supported_at,
        link_km=metrics.LINK_KM,
        support_km=metrics.SUPPORT_KM,
    )
    drawn = Marks("control-front-chart")
    drawn.add(front.weak)
    blocks.append(
        attach(
            figure(
                ax.figure,
                name="front",
                alt=_(
                    "Chart of the distance in km from its starting point of each place gained in "
                    "one connected advance of %(faction)s, %(where)s, %(period)s, with the "
                    "farthest place per %(unit)s; isolated places hollow."
                )
                % words,
                caption=Markup("{}{}").format(
                    _(
                        "Great-circle distance of each place %(faction)s gained in one connected "
                        "advance from the centroid of the advance's places on its first day; "
                        "other factions' gains and separate advances are not drawn."
                    )
                    % words,
                    drawn.mark() if drawn.any else "",
                ),
            ),
            drawn,
        )
    )
    said = Marks("control-front-text", number=2 if drawn.any else 1, after=drawn)
    blocks.append(
        sentence(
            "control_front",
            label=front.label,
            named=front.named,
            starters=[places.shown(name) for name in front.starters],
            first_day=front.first_day,
            farthest=front.farthest,
            support=front.support,
            supported=front.supported,
            isolated=front.isolated,
            separate=front.separate,
            separate_places=[(places.shown(name), day) for name, day in front.separate_places],
            others=[factions.label(r) for r in front.others],
            link=number(metrics.LINK_KM, 2),
            radius=number(metrics.SUPPORT_KM, 2),
            marks=said,
        )
    )
    note = said.note()
    if note is not None:
        blocks.append(note)
    return blocks


def front_method(report: Control) -> Block:
    """How the front's advance, starting point, distances and support are computed (for
    Sources and method)."""
    return sentence(
        "control_front_method",
        radius=charts.fixed(metrics.EARTH_RADIUS_KM, 1),
        link=number(metrics.LINK_KM, 2),
        support=number(metrics.SUPPORT_KM, 2),
        unit=NAMES[report.freq],
    )
