"""The bundled 2024 offensive dataset: what it holds, and what its readers refuse."""

from __future__ import annotations

import csv
import hashlib
import re
from pathlib import Path

import pandas as pd
import pytest
import yaml

from analysis import data
from analysis.data import bundled
from analysis.errors import DataValidationError, ParameterError, UnknownGovernorateError

FOLDER = Path(bundled.bundled_path("casualty_tolls.csv")).parent
RAW = FOLDER.parent / "raw" / "offensive_2024"
CSV_FILES = (
    "casualty_tolls.csv",
    "displacement_figures.csv",
    "control_changes.csv",
    "territory_shares.csv",
)
READERS = {
    "casualty_tolls.csv": bundled.read_tolls,
    "displacement_figures.csv": bundled.read_displacement,
    "control_changes.csv": bundled.read_control,
    "territory_shares.csv": bundled.read_shares,
}
RECORD_ID = re.compile(r"\b(?:tolls|displacement|control|shares)-\d{3}\b")


FACTS = {  # output file -> the facts file in data/raw/offensive_2024 it is built from
    "casualty_tolls.csv": "casualties.csv",
    "displacement_figures.csv": "displacement.csv",
    "control_changes.csv": "control_events.csv",
    "territory_shares.csv": "control_shares.csv",
}


def _facts(name: str) -> list[dict[str, str]]:
    """The rows of a facts file, read with the csv module (not with the build or the readers)."""
    with (RAW / name).open(encoding="utf-8-sig", newline="") as handle:
        return [row for row in csv.DictReader(handle) if row]


@pytest.fixture(scope="module")
def frames() -> dict[str, pd.DataFrame]:
    return {name: READERS[name](FOLDER / name) for name in CSV_FILES}


@pytest.mark.parametrize(
    ("domain", "kind", "facts", "prefix"),
    [
        ("casualties", "tolls", "casualties.csv", "tolls"),
        ("displacement", "figures", "displacement.csv", "displacement"),
        ("control", "changes", "control_events.csv", "control"),
        ("control", "shares", "control_shares.csv", "shares"),
    ],
)
def test_bundled_tables_read_with_the_facts_row_counts(domain, kind, facts, prefix):
    rows = len(_facts(facts))
    frame = bundled.read_bundled(domain, kind)
    assert len(frame) == rows
    assert list(frame.columns[-3:]) == ["record_id", "conflict_note", "weak_source"]
    assert frame["record_id"].tolist() == [f"{prefix}-{i:03d}" for i in range(1, rows + 1)]


def test_final_sohr_toll_is_910_at_least(frames):
    tolls = frames["casualty_tolls.csv"]
    final = tolls[(tolls["organisation"] == "SOHR") & (tolls["as_of_date"] == "2024-12-08")]
    assert len(final) == 1
    row = final.iloc[0]
    assert (
        row["deaths_total"],
        row["deaths_rebels"],
        row["deaths_government_side"],
        row["deaths_civilians"],
    ) == (910, 392, 380, 138)
    assert row["qualifier"] == "at least"


def test_both_2_dec_sohr_splits_are_kept_and_point_at_each_other(frames):
    tolls = frames["casualty_tolls.csv"]
    splits = tolls[(tolls["as_of_date"] == "2024-12-02") & (tolls["deaths_total"] == 514)]
    assert sorted(zip(splits["deaths_rebels"], splits["deaths_government_side"], strict=True)) == [
        (267, 154),
        (268, 156),
    ]
    first, second = splits["record_id"].tolist()
    notes = dict(zip(splits["record_id"], splits["conflict_note"], strict=True))
    assert second in notes[first] and first in notes[second]


def test_qualifiers_and_disagreeing_rows_are_kept_as_data(frames):
    tolls = frames["casualty_tolls.csv"]
    sohr_6_dec = tolls[(tolls["as_of_date"] == "2024-12-06")].iloc[0]
    assert (sohr_6_dec["qualifier"], sohr_6_dec["deaths_total"]) == ("more than", 800)
    assert "820" in sohr_6_dec["conflict_note"]
    barran = tolls[tolls["source_url"] == "https://en.barran.press/news/topic/5531"].iloc[0]
    assert pd.isna(barran["deaths_total"]) and "238" in barran["conflict_note"]
    shares = frames["territory_shares.csv"]
    typo = shares[shares["value"] == 63.83].iloc[0]
    assert "typo" in typo["conflict_note"]


def test_every_row_has_a_source_url(frames):
    for name in ("casualty_tolls.csv", "displacement_figures.csv", "territory_shares.csv"):
        urls = frames[name]["source_url"]
        assert urls.str.fullmatch(r"https?://\S+").fillna(False).all(), name
    sources = frames["control_changes.csv"]["source"]
    assert sources.str.contains(r"https?://\S+").fillna(False).all()


def _latest_day(facts: str, columns: tuple[str, ...]) -> str:
    """The latest date in ``columns`` of a facts file; a month ("2025-12") is its first day."""
    days = []
    for row in _facts(facts):
        for column in columns:
            value = row.get(column) or ""
            days.append(f"{value}-01" if len(value) == 7 else value)
    return max(days)


def test_sidecar_checksums_match_the_files():
    # The shares (Jusoor's end-2025 map, published 6 Dec 2025) and the list of the pages cited
    # go past the dataset's as-of date (metadata.yaml gives them their own); the rest does not.
    as_of = {"territory_shares.csv": "2025-12-06", "sources.csv": "2025-12-06"}
    for name in (*CSV_FILES, "sources.csv"):
        path = FOLDER / name
        side = FOLDER / name.replace(".csv", ".provenance.yaml")
        meta = yaml.safe_load(side.read_text(encoding="utf-8"))
        assert meta["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest(), name
        assert meta["producer"] == "syria-sitrep contributors (compiled from published reports)"
        assert meta["as_of"] == as_of.get(name, "2024-12-31"), name
        assert f"(as of {meta['as_of']})" in meta["citation"], name
        assert meta["urls"], name
        if name in FACTS:  # no figure of the file is dated after the sidecar's as-of date
            assert _latest_day(FACTS[name], ("as_of_date", "date")) <= meta["as_of"], name
    columns = ("as_of_date", "report_date", "date")
    latest = max(_latest_day(facts, columns) for facts in FACTS.values())
    accessed = yaml.safe_load((FOLDER / "sources.provenance.yaml").read_text())["accessed"]
    assert accessed.startswith(f"{latest} or later"), accessed  # no page read before it was out


def test_sidecar_urls_are_the_sources_of_their_file(frames):
    for name in ("casualty_tolls.csv", "displacement_figures.csv", "territory_shares.csv"):
        meta = yaml.safe_load((FOLDER / name.replace(".csv", ".provenance.yaml")).read_text())
        assert meta["urls"] == list(dict.fromkeys(frames[name]["source_url"])), name


def test_record_ids_are_unique_within_and_across_files(frames):
    ids = pd.concat([frame["record_id"] for frame in frames.values()])
    assert ids.notna().all()
    assert ids.is_unique
    assert len(ids) == sum(len(_facts(name)) for name in FACTS.values())


def test_conflict_notes_and_disagreements_point_at_existing_records(frames):
    ids = set(pd.concat([frame["record_id"] for frame in frames.values()]))
    noted = set()
    for frame in frames.values():
        for record_id, note in zip(frame["record_id"], frame["conflict_note"], strict=True):
            if pd.notna(note):
                noted.add(record_id)
                assert set(RECORD_ID.findall(note)) <= ids, record_id
    text = (FOLDER / "DISAGREEMENTS.md").read_text(encoding="utf-8")
    listed = set(RECORD_ID.findall(text))
    assert listed <= ids
    # Every row carrying a conflict note is explained in DISAGREEMENTS.md, and vice versa.
    assert noted == listed
    for expected in (
        "Khan Shaykhun",
        "Kuweires",
        "Daraa",
        "Manbij",
        "Deir ez-Zor",
        "Latakia",
        "178,000",
        "1.1 million",
        "63.83",
        "72.8",
        "267",
        "820",
        "238",
    ):
        assert expected in text, expected


def test_rows_resting_on_a_single_weak_source_name_it(frames):
    # Independently of the build: the facts rows whose notes say "single weak source", read with
    # the csv module, and the curated disagreements that say it of a row (by its record id).
    curated = yaml.safe_load((RAW / "disagreements.yaml").read_text(encoding="utf-8"))
    said_in_curated = "single weak source" in str(curated)
    for name, facts_file in FACTS.items():
        frame = frames[name]
        expected = {
            f"{frame['record_id'].iloc[0].split('-')[0]}-{i:03d}"
            for i, row in enumerate(_facts(facts_file), start=1)
            if "single weak source" in row["notes"].lower()
        }
        from_conflicts = {
            rid
            for rid, note in zip(frame["record_id"], frame["conflict_note"], strict=True)
            if pd.notna(note) and "single weak source" in note.lower()
        }
        flagged = set(frame.loc[frame["weak_source"].notna(), "record_id"])
        assert flagged == expected | from_conflicts, name
    assert said_in_curated
    control = frames["control_changes.csv"].set_index("record_id")
    assert control.loc["control-002", "weak_source"] == "wikisum.wiki"
    for rid in ("control-037", "control-038", "control-039"):  # Latakia, Tartus, Jableh
        assert control.loc[rid, "weak_source"].startswith("a TASS 'Syrian source' report")
    tolls = frames["casualty_tolls.csv"]
    snhr_104 = tolls[(tolls["organisation"] == "SNHR") & (tolls["deaths_civilians"] == 104)]
    assert snhr_104["weak_source"].tolist() == ["thedailyexclusives.com"]
    shares = frames["territory_shares.csv"]
    reuters = shares[shares["organisation"] == "Reuters"]
    assert reuters["weak_source"].tolist() == ["english.hathalyoum.net"]
    assert frames["displacement_figures.csv"]["weak_source"].notna().sum() == 1


def test_displacement_governorate_only_for_a_single_origin(frames):
    figures = frames["displacement_figures.csv"]
    with_gov = figures.dropna(subset=["admin1_pcode"])
    assert list(zip(with_gov["area"], with_gov["admin1_pcode"], strict=True)) == [
        ("fled Aleppo governorate", "SY02"),
        ("fled Idleb governorate", "SY07"),
        ("fled Hama governorate", "SY05"),
    ]
    assert (figures["displaced_low"] <= figures["displaced_high"]).dropna().all()


def test_control_governorates_are_ocha_codes(frames):
    control = frames["control_changes.csv"]
    by_place = dict(zip(control["place"], control["admin1_pcode"], strict=False))
    assert by_place["Damascus"] == "SY01"
    assert by_place["Saydnaya prison"] == "SY03"
    assert by_place["Suwayda"] == "SY13"
    assert by_place["Jableh"] == "SY06"
    assert control["admin1_pcode"].notna().all()


def test_territory_share_dates_keep_the_published_label(frames):
    shares = frames["territory_shares.csv"]
    first = shares.iloc[0]
    assert (first["as_of_label"], first["as_of_date"]) == ("2017-01", pd.Timestamp("2017-01-01"))
    undated = shares[shares["as_of_label"].isna()]
    assert len(undated) == 2 and undated["as_of_date"].isna().all()
    assert shares.loc[shares["unit"] == "two-thirds", "value"].isna().all()


def test_formats_are_detected_and_flag_cumulative_figures():
    expected = {
        "casualty_tolls.csv": ("bundled_tolls", True),
        "displacement_figures.csv": ("bundled_displacement", True),
        "control_changes.csv": ("bundled_control", False),
        "territory_shares.csv": ("bundled_shares", False),
    }
    for name, (format_name, cumulative) in expected.items():
        dataset = data.read(FOLDER / name)
        assert dataset.format.name == format_name
        assert bool(dataset.format.extra.get("cumulative")) is cumulative
    assert data.FORMATS["bundled_tolls"].count_columns == (
        "deaths_total",
        "deaths_rebels",
        "deaths_government_side",
        "deaths_civilians",
    )


def test_bundled_path_accepts_names_and_refuses_unknown_ones():
    assert bundled.bundled_path("bundled_tolls") == FOLDER / "casualty_tolls.csv"
    assert bundled.bundled_path("casualty_tolls") == FOLDER / "casualty_tolls.csv"
    assert bundled.bundled_path("DISAGREEMENTS.md").name == "DISAGREEMENTS.md"
    with pytest.raises(DataValidationError, match="no such file"):
        bundled.bundled_path("nothing.csv")
    with pytest.raises(ParameterError, match="casualties"):
        bundled.read_bundled("casualties", "events")


# --- malformed copies -----------------------------------------------------------------------


def _rows(name: str) -> list[list[str]]:
    with (FOLDER / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def _write(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)
    return path


def _set(rows: list[list[str]], line: int, column: str, value: str) -> list[list[str]]:
    """Set a cell; ``line`` counts the header as line 1, as error messages do."""
    rows[line - 1][rows[0].index(column)] = value
    return rows


def _swap_range(rows: list[list[str]]) -> list[list[str]]:
    low, high = rows[0].index("displaced_low"), rows[0].index("displaced_high")
    line = next(i for i, r in enumerate(rows) if i and r[low]) + 1
    rows[line - 1][low], rows[line - 1][high] = rows[line - 1][high], rows[line - 1][low]
    return rows


def _drop_column(rows: list[list[str]], column: str) -> list[list[str]]:
    index = rows[0].index(column)
    return [r[:index] + r[index + 1 :] for r in rows]


MALFORMED = [
    ("casualty_tolls.csv", "source_url", lambda r: _set(r, 4, "source_url", ""), "line 4"),
    ("casualty_tolls.csv", "source_url", lambda r: _set(r, 5, "source_url", "Reuters"), "line 5"),
    (
        "casualty_tolls.csv",
        "deaths_civilians",
        lambda r: _set(r, 3, "deaths_civilians", "-20"),
        "line 3",
    ),
    (
        "casualty_tolls.csv",
        "report_date",
        lambda r: _set(r, 6, "report_date", "2024-13-40"),
        "line 6",
    ),
    (
        "casualty_tolls.csv",
        "record_id",
        lambda r: _set(r, 3, "record_id", "tolls-001"),
        "lines 2, 3",
    ),
    ("casualty_tolls.csv", "source_url", lambda r: _drop_column(r, "source_url"), "missing"),
    (
        "displacement_figures.csv",
        "displaced_count",
        lambda r: _set(r, 2, "displaced_count", "-14000"),
        "line 2",
    ),
    (
        "displacement_figures.csv",
        "as_of_date",
        lambda r: _set(r, 7, "as_of_date", "5 Dec 2024"),
        "line 7",
    ),
    ("displacement_figures.csv", "displaced_low", _swap_range, "line 8"),
    ("displacement_figures.csv", "source_url", lambda r: _set(r, 21, "source_url", ""), "line 21"),
    (
        "displacement_figures.csv",
        "admin1_pcode",
        lambda r: _set(r, 15, "admin1_pcode", "SY42"),
        "line 15",
    ),
    (
        "control_changes.csv",
        "admin1_name",
        lambda r: _set(r, 10, "admin1_name", "Atlantis"),
        "line 10",
    ),
    (
        "control_changes.csv",
        "admin1_pcode",
        lambda r: _set(r, 12, "admin1_pcode", "SY99"),
        "line 12",
    ),
    ("control_changes.csv", "admin1_name", lambda r: _set(r, 2, "admin1_name", "Homs"), "line 2"),
    ("control_changes.csv", "source", lambda r: _set(r, 8, "source", "Reuters, 30 Nov"), "line 8"),
    (
        "control_changes.csv",
        "event_date",
        lambda r: _set(r, 9, "event_date", "30/11/2024"),
        "line 9",
    ),
    ("control_changes.csv", "latitude", lambda r: _set(r, 3, "latitude", "-36.1"), "line 3"),
    ("territory_shares.csv", "source_url", lambda r: _set(r, 4, "source_url", ""), "line 4"),
    (
        "territory_shares.csv",
        "as_of_date",
        lambda r: _set(r, 2, "as_of_date", "2017-02-01"),
        "line 2",
    ),
    ("territory_shares.csv", "value", lambda r: _set(r, 4, "value", "-59.8"), "line 4"),
]


@pytest.mark.parametrize(
    ("name", "column", "mutate", "where"),
    MALFORMED,
    ids=[f"{m[0].split('_')[0]}-{m[1]}-{i}" for i, m in enumerate(MALFORMED)],
)
def test_malformed_copy_is_refused_naming_file_and_column(tmp_path, name, column, mutate, where):
    path = _write(tmp_path / name, mutate(_rows(name)))
    with pytest.raises(DataValidationError) as caught:
        READERS[name](path)
    message = str(caught.value)
    assert str(path) in message
    assert repr(column) in message
    assert where in message


def test_unknown_governorate_is_an_unknown_governorate_error(tmp_path):
    path = _write(
        tmp_path / "control_changes.csv",
        _set(_rows("control_changes.csv"), 10, "admin1_name", "Atlantis"),
    )
    with pytest.raises(UnknownGovernorateError, match="Atlantis"):
        bundled.read_control(path)


@pytest.mark.parametrize("name", CSV_FILES)
def test_an_unchanged_copy_reads(tmp_path, name):
    """The refusals above come from the edits, not from reading a copy."""
    path = _write(tmp_path / name, _rows(name))
    assert len(READERS[name](path)) == len(_rows(name)) - 1
