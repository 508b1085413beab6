import pandas as pd
import pytest

from analysis import gazetteer
from analysis.errors import UnknownGovernorateError


@pytest.mark.parametrize(
    ("name", "pcode"),
    [
        ("Aleppo Governorate", "SY02"),  # UCDP
        ("Rif Dimashq Governorate", "SY03"),  # UCDP
        ("Idleb", "SY07"),  # ACLED, OCHA
        ("Idlib", "SY07"),  # GeoNames
        ("Idleb [Admin 1]", "SY07"),  # UNHCR demographics
        ("Dara", "SY12"),  # ACLED
        ("Dar'a", "SY12"),  # OCHA
        ("Dar`a", "SY12"),  # Natural Earth
        ("Deir ez Zor", "SY09"),
        ("Dayr Az Zawr", "SY09"),
        ("Al Hasakeh", "SY08"),
        ("Hasaka (Al Haksa)", "SY08"),
        ("Rural Damascus", "SY03"),
        ("Rif-dimashq", "SY03"),
        ("Dimashq", "SY01"),
        ("Damascus", "SY01"),
        ("Lattakia", "SY06"),
        ("Latakia", "SY06"),
        ("Tartous", "SY10"),
        ("As Sweida", "SY13"),
        ("As-Suwayda", "SY13"),
        ("Ar Raqqah Governorate", "SY11"),
        ("SY14", "SY14"),
        ("SY-HM", "SY05"),
        ("SY.DY", "SY09"),
        ("إدلب", "SY07"),
        ("  hama  ", "SY05"),
    ],
)
def test_names_from_every_source_map_to_ocha_pcodes(name, pcode):
    assert gazetteer.lookup(name) == pcode


def test_fourteen_governorates_with_arabic_names():
    govs = gazetteer.governorates()
    assert [g.pcode for g in govs] == [f"SY{i:02d}" for i in range(1, 15)]
    assert gazetteer.by_pcode()["SY05"].name_ar == "حماة"
    assert all(g.name_ar for g in govs)


def test_unknown_name_lists_closest_known_names():
    with pytest.raises(UnknownGovernorateError) as err:
        gazetteer.resolve("Idlibb")
    assert "'Idlibb'" in str(err.value)
    assert "closest: Idleb" in str(err.value)


def test_column_with_unknown_name_names_the_rows():
    with pytest.raises(UnknownGovernorateError) as err:
        gazetteer.to_pcodes(pd.Series(["Hama", "Homs", "Atlantis"]))
    assert "'Atlantis' at rows 2" in str(err.value)


def test_missing_names_stay_missing():
    codes = gazetteer.to_pcodes(pd.Series(["Hama", None]))
    assert codes.iloc[0] == "SY05"
    assert pd.isna(codes.iloc[1])
