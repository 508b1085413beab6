"""Reported shares of territory: they come with the bundled dataset only, so a report on the
user's own file says only that its file records changes, not shares (nothing of the bundled
data)."""

from __future__ import annotations

import pandas as pd
from markupsafe import Markup

from analysis import factions, i18n, organisations, places
from analysis.charts import control as charts
from analysis.i18n import _, pgettext
from analysis.metrics import control as metrics
from analysis.metrics.control.shares import BEFORE
from analysis.metrics.results import Result, day_text
from analysis.sections.blocks import Block, bullets, figure, heading
from analysis.sections.control.report import Control
from analysis.sections.text import sentence, sentence_note
from analysis.sections.weak_source import Marks, attach


def shares_section(report: Control) -> list[Block]:
    if no_shares(report) is not None:
        return []  # Sources and method says why (:func:`.sources.left_out`)
    blocks = [heading(_("Reported shares of territory"))]
    shares = report.shares
    drawn = metrics.drawn_shares(shares)
    if drawn.empty:
        blocks.append(
            sentence_note(
                "control_no_data",
                where=_("Syria"),
                period=report.span,
                what="share",
                source=report.shares_source,
                first=None,
                last=None,
            )
        )
    else:
        in_period = metrics.period_shares(shares, report.span)
        before = metrics.shares_before(shares, report.span)
        dated = [r.as_of for r in (*in_period, *before)]
        ax = charts.territory_shares(
            drawn,
            metrics.share_sums(shares),
            source=report.shares_source,
            as_of=day_text(max(dated)) if dated else None,
            period=report.span,
        )
        named = metrics.share_organisations(drawn)
        chart = Marks("control-shares-chart")
        chart.add(metrics.weak_shares(drawn))
        blocks.append(
            attach(
                figure(
                    ax.figure,
                    name="shares",
                    alt=_alt(named, weak=chart.any),
                    caption=Markup("{}{}").format(
                        _(
                            "Shares of Syria's territory by faction, as each organisation "
                            "(%(organisations)s) published them (qualifiers kept); reports dated "
                            "before the period are context, not the situation in it."
                        )
                        % {
                            "organisations": pgettext("list", ", ").join(
                                organisations.shown(name) for name in named
                            )
                        },
                        chart.mark() if chart.any else "",
                    ),
                ),
                chart,
            )
        )
        said = Marks("control-shares-text", number=2 if chart.any else 1, after=chart)
        blocks.append(
            sentence(
                "control_shares_latest",
                period=report.span,
                in_period=_reports(in_period),
                before=_reports(before),
                marks=said,
            )
        )
        if said.any:
            blocks.append(said.note())  # figures not in the chart's note
        for total in metrics.over_full_shares(shares):
            blocks.append(sentence_note("control_share_sum", total=total))
    if report.scope.governorate is not None:
        blocks.append(sentence_note("control_shares_national", where=report.scope.where))
    others = metrics.other_shares(shares)
    if len(others):
        blocks.append(
            bullets(
                _(
                    "Other reported control figures, not drawn (areas, counts, shares of one "
                    "governorate, or no number)"
                ),
                [_other(r) for r in others.itertuples(index=False)],
            )
        )
    blocks.extend(disagreements(shares, _("Where sources disagree on shares")))
    return blocks


def no_shares(report: Control) -> dict[str, object] | None:
    """Why the shares are not shown (for :func:`.sources.left_out`), None when they are: the
    file records changes, not shares; or nothing was reported up to the period's end."""
    if report.shares is None:
        return {"part": "shares_file", "source": report.source}
    shares = report.shares
    if (
        metrics.drawn_shares(shares).empty
        and not len(metrics.other_shares(shares))
        and not disagreements(shares, "")
    ):
        return {"part": "shares_none", "end": report.scope.end}
    return None


def _reports(results: list[Result]) -> list[dict]:
    """Share results grouped by report (organisation and date), in their order, with the notes
    they carry besides "before the period" (when the report was published, if long after)."""
    groups: dict[tuple, dict] = {}
    for r in results:
        group = groups.setdefault(
            (r.source, r.as_of), {"source": r.source, "as_of": r.as_of, "notes": [], "results": []}
        )
        group["notes"] += [n for n in r.notes if n != BEFORE and n not in group["notes"]]
        group["results"].append(r)
    return list(groups.values())


def listed_and(names: list[str]) -> str:
    """Names joined by commas, the last by "and" (in the edition's language)."""
    if len(names) < 2:
        return names[-1] if names else ""
    return _("%(names)s and %(last)s") % {
        "names": pgettext("list", ", ").join(names[:-1]),
        "last": names[-1],
    }


def _alt(named: list[str], *, weak: bool) -> str:
    said = {"organisations": listed_and([organisations.shown(name) for name in named])}
    if weak:
        return (
            _(
                "Stacked horizontal bars, one per report, of the share of Syria's territory held "
                "by each faction as published by %(organisations)s; reports dated before the "
                "period are labelled so; figures that sources dispute are outlined with dashes; "
                "figures resting on a single weak source are starred."
            )
            % said
        )
    return (
        _(
            "Stacked horizontal bars, one per report, of the share of Syria's territory held by "
            "each faction as published by %(organisations)s; reports dated before the period "
            "are labelled so; figures that sources dispute are outlined with dashes."
        )
        % said
    )


def _metric(code: str) -> str:
    """A metric of the shares file (its ``metric`` code) in words; a code not listed, as
    written with spaces."""
    words = {
        "share_of_territory": pgettext("control metric", "share of territory"),
        "share_of_governorate": pgettext("control metric", "share of governorate"),
        "area_gained": pgettext("control metric", "area gained"),
        "area_gained_since_27_Nov": pgettext("control metric", "area gained since 27 Nov"),
        "area_gained_since_30_Nov": pgettext("control metric", "area gained since 30 Nov"),
        "provincial_capitals_held": pgettext("control metric", "provincial capitals held"),
    }
    return words.get(code, code.replace("_", " "))


def _unit(code: str) -> str:
    """A unit of the shares file in words; one not listed, as published."""
    words = {
        "percent": pgettext("control unit", "percent"),
        "km2": pgettext("control unit", "km2"),
        "two-thirds": pgettext("control unit", "two-thirds"),
        "of 14 provincial capitals": pgettext("control unit", "of 14 provincial capitals"),
    }
    return words.get(code, code)


def _other(r) -> str:
    when = day_text(r.as_of_date) if pd.notna(r.as_of_date) else _("undated")
    value = f"{i18n.number(r.value, 2)} " if pd.notna(r.value) else ""
    amount = i18n.qualified(r.qualifier, f"{value}{_unit(str(r.unit))}")
    return _("%(organisation)s, %(day)s (%(scope)s): %(faction)s, %(metric)s: %(amount)s") % {
        "organisation": organisations.shown(r.organisation),
        "day": when,
        "scope": r.scope,
        "faction": factions.shown(r.faction),
        "metric": _metric(str(r.metric)),
        "amount": amount,
    }


def disagreements(frame: pd.DataFrame, title: str) -> list[Block]:
    """Rows with a ``conflict_note`` as a list (record id, place or faction, the note)."""
    if "conflict_note" not in frame:
        return []
    rows = frame.dropna(subset=["conflict_note"])
    if rows.empty:
        return []
    if "place" in rows:
        named = [
            places.shown(str(r.place), _coordinate(r, "latitude"), _coordinate(r, "longitude"))
            for r in rows.itertuples(index=False)
        ]
    else:
        named = [factions.shown(r.faction) for r in rows.itertuples(index=False)]
    return [
        bullets(
            title,
            [
                f"{r.record_id} ({name}): {r.conflict_note}"
                for r, name in zip(rows.itertuples(index=False), named, strict=True)
            ],
        )
    ]


def _coordinate(row, column: str) -> float | None:
    value = getattr(row, column, None)
    return None if value is None or pd.isna(value) else float(value)
