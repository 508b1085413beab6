"""The map of last known holders: changes of the period first, older ones as last known."""

from __future__ import annotations

from markupsafe import Markup

from analysis import factions, places
from analysis.charts import control as charts
from analysis.i18n import _, number, pgettext
from analysis.metrics import control as metrics
from analysis.metrics.results import day_text
from analysis.sections.blocks import Block, figure, heading
from analysis.sections.control.report import Control
from analysis.sections.disclosures import Notes
from analysis.sections.text import plural, sentence, sentence_note, term
from analysis.sections.weak_source import Marks, attach


def _drawn(
    report: Control, held, notes: Notes | None = None
) -> tuple[Block, Marks, dict[str, str], object]:
    """The map of ``held`` (last known holders) as a figure block with its weak-source note,
    the figure's marks, the age labels and the counts of places. With ``notes`` (the notes of
    the block the map belongs to), the caption's marker points at their weak-source note, which
    they render, and the map has no note of its own (one note names the places, not two)."""
    end = report.scope.end
    dates = metrics.age_dates(report.span)
    labels = {age: term("place_age", age=age, **dates) for age in metrics.AGES}
    ax = charts.control_map(
        report.boundaries,
        held,
        end,
        source=_("%(source)s; boundaries: %(attribution)s")
        % {"source": report.source, "attribution": report.boundaries_source},
        as_of=day_text(report.as_of),
        focus=report.scope.pcode,
        age_legend=labels,
        label_places=metrics.recent_capitals(held),
    )
    counts = metrics.held_counts(held)
    by_role = pgettext("list", "; ").join(
        f"{factions.label(role)} {number(n)}" for role, n in counts.by_role.items()
    )
    drawn = Marks("control-map")
    weak = metrics.weak_holders(held)
    marker = Markup("")
    if notes is not None and weak is not None:
        marker = notes.marker(weak)
    else:
        drawn.add(weak)
        marker = drawn.mark() if drawn.any else Markup("")
    said = {
        "where": report.scope.where,
        "places": plural(counts.located, "place"),
        "day": day_text(end),
        "counts": by_role,
        "recent": labels["recent"],
    }
    if weak is not None:
        alt = _(
            "Map of %(where)s with governorate boundaries and %(places)s coloured by their last "
            "known holder on %(day)s (%(counts)s); filled points changed hands %(recent)s, "
            "hollow points earlier; places whose last change rests on a single weak source are "
            "starred."
        )
    else:
        alt = _(
            "Map of %(where)s with governorate boundaries and %(places)s coloured by their last "
            "known holder on %(day)s (%(counts)s); filled points changed hands %(recent)s, "
            "hollow points earlier."
        )
    block = attach(
        figure(
            ax.figure,
            name="map",
            alt=alt % said,
            caption=Markup("{}{}").format(_caption(held, labels, end), marker),
        ),
        drawn,
    )
    return block, drawn, labels, counts


def map_figure(report: Control, notes: Notes | None = None) -> Block | None:
    """The map alone (the situation report's brief shows it), the places whose last change rests
    on a single weak source noted in ``notes`` when given, else in a note of its own; None when
    no place has a known holder."""
    held = metrics.holders(report.changes, report.span)
    return None if held.empty else _drawn(report, held, notes)[0]


def map_section(report: Control) -> list[Block]:
    end = report.scope.end
    held = metrics.holders(report.changes, report.span)
    if held.empty:
        return []  # Sources and method says why (:func:`.sources.left_out`)
    blocks = [heading(_("Last known holder of each place on %(day)s") % {"day": day_text(end)})]
    block, drawn, labels, counts = _drawn(report, held)
    blocks.append(block)
    ages = metrics.age_results(held, report.span, report.source)
    said = Marks("control-map-text", number=2 if drawn.any else 1, after=drawn)
    blocks.append(
        sentence(
            "control_map_ages",
            total=counts.places,
            end=end,
            ages=ages,
            labels=labels,
            marks=said,
        )
    )
    if said.any:
        blocks.append(said.note())
    if counts.unlocated:
        blocks.append(
            sentence_note(
                "control_unlocated",
                n=counts.unlocated,
                total=counts.places,
                names=[places.shown(name) for name in counts.unlocated_names],
            )
        )
    last = metrics.last_change(report.period)
    if last is not None and last < end:
        blocks.append(sentence("control_last_change", last=last, end=end))
    return blocks


def _caption(held, labels: dict[str, str], end) -> str:
    """What the map draws: only the age groups it has."""
    said = {"day": day_text(end), "recent": labels["recent"]}
    present = set(held["age"])
    older = []
    if "year_before" in present:
        older.append(_("hollow points %(when)s") % {"when": labels["year_before"]})
    if "older" in present:
        older.append(_("faded points %(when)s") % {"when": labels["older"]})
    if older:
        said["older"] = pgettext("list", "; ").join(older)
        return (
            _(
                "Each place is coloured by the faction that gained it in its last recorded "
                "change up to %(day)s; filled points changed hands %(recent)s; %(older)s: they "
                "show the last known holder, not current control."
            )
            % said
        )
    return (
        _(
            "Each place is coloured by the faction that gained it in its last recorded change "
            "up to %(day)s; filled points changed hands %(recent)s."
        )
        % said
    )
