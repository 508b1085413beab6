"""Real publisher tables still have their columns quoted (cut) when they are refused: the test of
"does this look like a table" must never hide a real header, slashes and long names included."""

from __future__ import annotations

import re

import pytest

from analysis import data
from analysis.data.textfile import NAME_WIDTH
from analysis.errors import DataValidationError

FILES = [
    ("acled_syria_battles_2017_2023", "acled_syria_battles_2017-01-01_2023-06-02.csv"),
    ("ucdp_ged_syria_2016_2019", "ged_syria_652.1601.1911.csv"),
    ("acled_hdx_aggregates_syria_2025_01", "hdx_hapi_conflict_event_SYR_2025-01.csv"),
    (
        "acled_hdx_aggregates_syria_2025_01",
        "syria_political_violence_events_and_fatalities_by_admin2_month_as-of-2025-01-10.csv",
    ),
    ("unhcr_refugees_rpkg", "unhcr_population_syr.csv"),
    ("unhcr_refugees_rpkg", "unhcr_demographics_syr.csv"),
    ("shcc_health_attacks_syria_2018_2022", "2018-shcc-attacks-data_syria.csv"),
    ("shcc_health_attacks_syria_2018_2022", "2019-shcc-incident-data_syria.csv"),
    ("shcc_health_attacks_syria_2018_2022", "2022-shcc-incident-data_syria.csv"),
]


@pytest.mark.parametrize(("folder", "name"), FILES)
def test_a_real_table_read_as_another_format_lists_its_columns_cut(realdata, folder, name):
    path = realdata(folder, name)
    wrong = "acled" if folder.startswith("unhcr") else "unhcr_idmc"
    with pytest.raises(DataValidationError) as caught:
        data.read(path, format=wrong)
    message = str(caught.value)
    found = re.search(r"Found columns: (.*?)\. Check", message)
    assert found, message
    names = re.findall(r"'([^']*)'", found.group(1))
    assert 2 <= len(names) <= 8 and all(len(n) <= NAME_WIDTH for n in names)
    with open(path, encoding="utf-8-sig") as handle:
        header = handle.readline()
    assert all(n.rstrip("…") in header for n in names)  # the file's own names, cut
