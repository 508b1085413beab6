"""Territorial control numbers: who last gained each place, how many places changed hands, the
pace and reach of one front, and reported shares of territory.

One module per job: :mod:`.last_holders` (who last gained each place, and how long ago),
:mod:`.changes` (places that changed hands, gains by faction), :mod:`.provincial_capitals`,
:mod:`.pace` (changes per time bin, busiest bin), :mod:`.fronts` (one faction's front and its
distances), :mod:`.table` (the order of the table of changes, rows shown and left out),
:mod:`.coverage` (dates covered, as-of) and :mod:`.shares` (reported shares of territory);
:mod:`.places` holds what they share. Every public name is importable from this package.

Every function takes a tidy frame (``CONTROL_CHANGES`` or ``TERRITORY_SHARES`` of
:mod:`analysis.data.schema`) and returns a tidy frame or :class:`~analysis.metrics.Result`
values; none reads files or draws.

Definitions used throughout:

- **A place** is a place name *and* its governorate (``place`` + ``admin1_pcode``): "Aleppo" in
  Aleppo governorate is one place however many times it changes hands. Rows without coordinates
  are places too: they count in every number and table, but cannot be drawn on a map.
- **A change of control** is one row of the data (the bundled file has one row per place
  changing hands; ACLED's "Government regains territory" and "Non-state actor overtakes
  territory" events). The gaining and losing factions are kept as published; ``gaining_role``
  is their palette role from :mod:`analysis.factions`.
- **The last known holder** of a place on a date is the gaining faction of its last recorded
  change up to that date. Event data records changes, not control: a place whose last change is
  years old may have changed hands since without an event in the file, so the holder is only
  as current as that change (:data:`AGES` groups places by how old it is).
- **A provincial capital** is a place named like its own governorate (gazetteer lookup of the
  place name gives the row's P-code: "Hama" in SY05, "Deir ez-Zor" in SY09). Syria's
  governorates are named after their capitals, except Rural Damascus, whose seat is Damascus.
- **A front** is one connected advance of one faction role (:func:`front`): its gains linked by
  a chain of gains each within :data:`LINK_KM` km of the next, the largest such advance of the
  faction. Its starting point is the centroid of the advance's located gains on its first day,
  and its reach on a day is the great-circle distance of the places it gained that day; the
  farthest place is stated with its support (the changes within :data:`SUPPORT_KM` km of it),
  and isolated places (no other gain near them) are flagged. Places other factions took, and
  the faction's own gains in separate advances, are never part of it.
"""

from analysis.metrics.control.changes import (
    changes_result,
    faction_names,
    gained_by,
    places_by_gaining_role,
    places_changed,
    places_changed_result,
    repeated_places,
)
from analysis.metrics.control.coverage import (
    covered,
    first_and_last,
    last_change,
    last_day,
    shown_as_of,
)
from analysis.metrics.control.fronts import (
    EARTH_RADIUS_KM,
    LINK_KM,
    SUPPORT_KM,
    Front,
    advances,
    front,
    front_distance,
    front_origin,
    front_role,
    haversine_km,
    linked_groups,
    place_distances,
    round_km,
)
from analysis.metrics.control.last_holders import (
    AGES,
    HeldCounts,
    age_dates,
    age_results,
    held_counts,
    holder_at,
    holders,
    holders_by_age,
    recent_since,
    unlocated,
    weak_holders,
    year_before,
)
from analysis.metrics.control.pace import (
    busiest_bin,
    changes_by_bin,
)
from analysis.metrics.control.places import (
    PLACE_KEY,
    describe_change,
    with_roles,
)
from analysis.metrics.control.provincial_capitals import (
    capital_names,
    capitals,
    capitals_changed,
    is_capital,
    recent_capitals,
)
from analysis.metrics.control.shares import (
    SHARE_OF_TERRITORY,
    drawn_shares,
    newest_shares,
    other_shares,
    over_full_shares,
    period_shares,
    share_organisations,
    share_sums,
    shares_before,
    shares_latest,
    shares_of_territory,
    weak_shares,
)
from analysis.metrics.control.table import (
    Shown,
    first_rows,
    ordered_changes,
    row_disclosures,
)

__all__ = [
    "AGES",
    "EARTH_RADIUS_KM",
    "LINK_KM",
    "PLACE_KEY",
    "SHARE_OF_TERRITORY",
    "SUPPORT_KM",
    "Front",
    "HeldCounts",
    "Shown",
    "advances",
    "age_dates",
    "age_results",
    "busiest_bin",
    "capital_names",
    "capitals",
    "capitals_changed",
    "changes_by_bin",
    "changes_result",
    "covered",
    "describe_change",
    "drawn_shares",
    "faction_names",
    "first_and_last",
    "first_rows",
    "front",
    "front_distance",
    "front_origin",
    "front_role",
    "gained_by",
    "haversine_km",
    "held_counts",
    "holder_at",
    "holders",
    "holders_by_age",
    "is_capital",
    "last_change",
    "last_day",
    "linked_groups",
    "newest_shares",
    "ordered_changes",
    "other_shares",
    "over_full_shares",
    "period_shares",
    "place_distances",
    "places_by_gaining_role",
    "places_changed",
    "places_changed_result",
    "recent_capitals",
    "recent_since",
    "repeated_places",
    "round_km",
    "row_disclosures",
    "share_organisations",
    "share_sums",
    "shares_before",
    "shares_latest",
    "shares_of_territory",
    "shown_as_of",
    "unlocated",
    "weak_holders",
    "weak_shares",
    "with_roles",
    "year_before",
]
