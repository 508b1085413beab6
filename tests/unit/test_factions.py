"""Faction and actor names as published -> palette roles."""

import csv
from pathlib import Path

import pandas as pd
import pytest

from analysis import factions
from analysis.charts.palettes import FACTION_COLOURS

BUNDLED = Path(__file__).resolve().parents[2] / "data" / "offensive_2024"


@pytest.mark.parametrize(
    ("name", "role"),
    [
        # The bundled 2024 changes of control.
        ("HTS-led MOC", "hts_moc"),
        ("MOC (HTS-led)", "hts_moc"),
        ("SNA (Dawn of Freedom)", "sna"),
        ("SDF", "sdf"),
        ("SDF (Manbij Military Council)", "sdf"),
        ("Southern Operations Room / local factions", "southern"),
        ("Southern Operations Room", "southern"),
        ("Southern rebels", "southern"),
        ("local Druze factions (Al-Jabal Brigade per Wikipedia summary)", "southern"),
        ("Opposition", "other"),
        ("Syrian Free Army", "other"),
        ("SAA", "government"),
        ("Assad government / SAA", "government"),
        ("SAA / SDF (contested)", "government"),
        # The bundled territory shares.
        ("Syrian regime", "government"),
        ("Syrian government forces", "government"),
        ("Opposition factions", "other"),
        ("HTS-led opposition", "hts_moc"),
        ("ISIS", "isis"),
        # ACLED actors.
        ("Military Forces of Syria (2000-)", "government"),
        (
            "Military Forces of Syria (2000-) Tiger Paramilitary Forces (Qawat al Nimr)",
            "government",
        ),
        ("Police Forces of Syria", "government"),
        ("NDF: National Defence Forces", "government"),
        ("QDW: National Defence Forces", "government"),
        ("Militia (Pro-Government)", "government"),
        ("Military Forces of Iraq (2014-2018) Popular Mobilization Forces", "government"),
        ("LaQ: Quds Brigade", "government"),
        ("HTS: Hayat Tahrir al Sham", "hts_moc"),
        ("Jabhat Fateh al Sham", "hts_moc"),
        ("Al Fath Al Mubeen Operation Room", "hts_moc"),
        ("QSD: Syrian Democratic Forces", "sdf"),
        ("YPG: People's Protection Units", "sdf"),
        ("YPG: Peoples Protection Units", "sdf"),
        ("Islamic State (Syria)", "isis"),
        ("Khalid ibn al Walid Army", "isis"),
        ("Opposition Rebels (Syria)", "other"),
        ("Operation Euphrates Shield", "sna"),
        ("Operation Olive Branch", "sna"),
        ("Operation Peace Spring", "sna"),
        ("Military Forces of Turkey (2016-)", "sna"),
        ("JWS: Syrian National Army", "sna"),
        ("JaS: Levant Front", "sna"),
        ("Rijal al Karama", "southern"),
        ("Unidentified Armed Group (Syria)", "other"),
        ("AAS: Ahrar al Sham", "sna"),  # NLF member; the NLF joined the SNA in 2019
        ("JTW: National Liberation Front", "sna"),
        ("Jaysh al Islam", "sna"),
        ("FaR: Al Rahman Corps", "sna"),
        ("HNDZ: Nour al Din al Zinki Movement", "sna"),
        ("JTS: Syria Liberation Front", "sna"),
        ("Ahrar al Sharqiyah", "sna"),
        ("Dar'a Popular Resistance", "southern"),
        ("JOS: Lions of the East Army", "southern"),
        ("Hurras al Deen", "other"),  # al-Qaeda's Syrian branch: outside HTS
        ("Military Forces of Israel (2009-2021)", "other"),
        # UCDP side names.
        ("Government of Syria", "government"),
        ("Government of Turkey", "sna"),
        ("IS", "isis"),
        ("SDF", "sdf"),
        ("Syrian insurgents", "other"),
    ],
)
def test_names_as_published_get_their_role(name, role):
    assert factions.role(name) == role


@pytest.mark.parametrize(
    ("name", "role"),
    [
        ("JSH: Free Syrian Army", "other"),  # 'Syrian Army' inside, but not the SAA
        ("ISIS Hunters", "government"),  # Russian-trained, pro-government
        ("Global Coalition Against Daesh", "other"),  # fights ISIS, is not ISIS
        ("the gaining faction is not stated", "other"),  # 'is' is not IS
        ("Saab", "other"),  # 'SAA' only as a word, in capitals
    ],
)
def test_names_that_contain_another_roles_keyword(name, role):
    assert factions.role(name) == role


def test_a_name_listing_several_forces_takes_the_first_named():
    assert factions.role("Opposition (Southern Operations Room; MOC/HTS)") == "southern"
    assert factions.role("MOC/HTS with the Southern Operations Room") == "hts_moc"


@pytest.mark.parametrize("name", ["", "   ", None, float("nan"), pd.NA, "Martians"])
def test_empty_or_unknown_is_other(name):
    assert factions.role(name) == "other"


def test_every_role_has_one_label_and_one_colour():
    assert set(factions.ROLES) == set(FACTION_COLOURS) == set(factions.FACTION_LABELS)
    assert len(set(FACTION_COLOURS.values())) == len(factions.ROLES)
    assert len(set(factions.FACTION_LABELS.values())) == len(factions.ROLES)
    assert {role for role, _ in factions.RULES} <= set(factions.ROLES)


def test_roles_keeps_the_index_and_legend_order_is_fixed():
    names = pd.Series(["SDF", None, "SAA"], index=[10, 20, 30])
    out = factions.roles(names)
    assert list(out.index) == [10, 20, 30]
    assert list(out) == ["sdf", "other", "government"]
    assert factions.in_legend_order(["other", "sdf", "government"]) == [
        "government",
        "sdf",
        "other",
    ]


def test_every_bundled_faction_name_is_classified_on_purpose():
    """Only names that do not say which coalition they belong to end up as 'other'."""
    with (BUNDLED / "control_changes.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    names = {r["faction_gaining"] for r in rows} | {r["faction_losing"] for r in rows}
    other = sorted(n for n in names if factions.role(n) == "other")
    assert other == ["", "Opposition", "Syrian Free Army"]


def test_rules_come_from_a_data_file_checked_on_load(tmp_path):
    from analysis.errors import DataValidationError

    assert factions.RULES_FILE.name == "factions.yaml"
    good = factions.RULES_FILE.read_text(encoding="utf-8")
    labels, rules = factions._load(factions.RULES_FILE)
    assert tuple(labels) == factions.ROLES and len(rules) == len(factions.RULES)
    for broken, message in [
        (good.replace("  - role: isis\n    pattern:", "  - role: daesh\n    pattern:", 1), "daesh"),
        (good + "  - role: other\n    pattern: '(unclosed'\n", "does not compile"),
        (good + "  - role: other\n    patern: 'x'\n", "must have 'role' and 'pattern'"),
    ]:
        path = tmp_path / "factions.yaml"
        path.write_text(broken, encoding="utf-8")
        with pytest.raises(DataValidationError, match=message) as caught:
            factions._load(path)
        assert str(path) in str(caught.value)


def test_real_acled_actors_left_unassigned_are_only_unspecific_names(realdata):
    """Count the ACLED rows whose actors stay 'other', checked with the csv module."""
    path = realdata(
        "acled_syria_battles_2017_2023", "acled_syria_battles_2017-01-01_2023-06-02.csv"
    )
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    named = [r["actor1"] for r in rows] + [r["actor2"] for r in rows if r["actor2"]]
    other = [n for n in named if factions.role(n) == "other"]
    for group in ("Jaysh al Islam", "FaR: Al Rahman Corps", "JTW: National Liberation Front"):
        assert group in named and group not in other
    # the two largest unassigned names say nothing about a coalition
    counts = pd.Series(other).value_counts()
    assert list(counts.index[:2]) == [
        "Opposition Rebels (Syria)",
        "Unidentified Armed Group (Syria)",
    ]
    assert len(other) < 0.3 * len(named)


def test_bundled_faction_names_have_arabic_names_and_keep_their_roles():
    """Every faction name of the bundled changes and shares is shown in Arabic in the Arabic
    edition, as published in English; a user's name the table does not list stays as is."""
    from analysis import i18n

    names = set()
    for file, columns in (
        ("control_changes.csv", ("faction_gaining", "faction_losing")),
        ("territory_shares.csv", ("faction",)),
    ):
        with (BUNDLED / file).open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                names |= {row[c] for c in columns if row[c]}
    with i18n.editing("ar"):
        shown = {name: factions.shown(name) for name in names}
        assert (
            factions.shown("Military Forces of Syria (2000-)") == "Military Forces of Syria (2000-)"
        )
        assert factions.shown(None) == ""
    assert not [name for name, arabic in shown.items() if arabic == name]
    assert shown["SDF"] == "قوات سوريا الديمقراطية (قسد)"
    assert shown["SAA"] == "الجيش العربي السوري"
    with i18n.editing("en"):
        assert all(factions.shown(name) == name for name in names)
    # the roles are matched on the published names, whatever the edition
    with i18n.editing("ar"):
        assert factions.role("SDF (Manbij Military Council)") == "sdf"


def test_a_names_entry_without_its_arabic_name_is_refused(tmp_path):
    from analysis.errors import DataValidationError

    good = factions.RULES_FILE.read_text(encoding="utf-8")
    broken = good.replace("  - {name: SAA, ar: الجيش العربي السوري}\n", "  - {name: SAA}\n", 1)
    assert broken != good
    path = tmp_path / "factions.yaml"
    path.write_text(broken, encoding="utf-8")
    with pytest.raises(DataValidationError, match="exactly 'name' and 'ar'"):
        factions._load_names(path)
