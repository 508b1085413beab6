"""English left in an Arabic report (issue 18): what the tests of the Arabic edition call an
English sentence, found in the text of a PDF as ``pdftotext`` extracts it.

The PDF's text is read as a reader copies it (:func:`pdf_text`): the shaped letters of the charts
folded to the letters they are (NFKC), the controls that mark the direction of runs dropped.
Then, once the names that stay Latin are taken out (:data:`KEPT`), :func:`english` finds:

- every word of an English stop-word list or an English month name (:data:`ENGLISH_WORDS`),
  wherever it stands: "at least 910", "12 Dec 2024", "Syria (since 27 Nov)";
- every run of three Latin words or more, with nothing but spaces, digits and punctuation
  between them (Latin or Arabic commas too: a list of English names is English), in which
  acronyms (SOHR, OCHA) and single letters (the marks of notes) are not counted: "Last known
  holder", "Syrian Civil Defence (White Helmets)", "Latakia، Damascus، Homs".

A run ends at an Arabic letter and at a blank line (pdftotext's gap between blocks and table
cells). Each finding is the run of Latin text it stands in, as the PDF has it.
"""

from __future__ import annotations

import re
import subprocess
import unicodedata
from collections.abc import Iterable
from pathlib import Path

_STOP_WORDS_AND_MONTHS = """
    the of and in at by from since than least to for on with within without over under per
    or not no is are was were be been has have had this that these those its their his her
    each every all after before between into up as an about across against among during
    until till via where which who whose when while more most less fewer only also but if
    here there other others some any one two three many much same such own our we you they
    it he she them
    january february march april may june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec
"""
ENGLISH_WORDS = frozenset(_STOP_WORDS_AND_MONTHS.split())
"""English words that are no name: stop words and the months (full and abbreviated). One of them
in an Arabic report is an English sentence or an English date, whatever stands around it."""

KEPT = (
    # URLs and web addresses: never translated.
    r"https?://\S+",
    r"\bwww\.\S+",
    r"\b[\w-]+(?:\.[\w-]+)*\.(?:com|org|net|int|info|io|sy|uk|de|fr|ch)\b(?:/\S*)?",
    # File names (the data files a report read, as the reader gave them): never translated.
    r"[\w.\-]+\.(?:csv|json|geojson|xlsx|xls|zip|txt|pdf|html|ipynb|yaml|yml|parquet)\b",
    # Identifiers and file names cut by a line break (words joined by "_"), and the paths of
    # URLs cut by a line break (three parts joined by "/").
    r"[\w.\-]*_[\w.\-]*",
    r"[\w.%\-]+(?:/[\w.%\-]+){2,}/?",
    # The slugs of URLs cut by a line break: three parts or more joined by "-" and no space
    # ("hostilities-flash-update-no-1-28-november-2024-enar").
    r"[\w.%]+(?:-[\w.%]+){2,}-?",
    # A path segment of a URL cut by a line break, with a digit ("Dec2024/").
    r"[\w.%\-]*\d[\w.%\-]*/",
    # The tool that made the report, with its version, in the page's header and footer.
    r"\bsyria-sitrep(?: \d+(?:\.\d+)*)?",
    # Sources and data sets by the names their producers publish (no Arabic form is used for
    # them in the reports; the organisations themselves are named in Arabic).
    r"\bUCDP (?:GED|Candidate)(?: Candidate)?(?: Events Dataset)?",
    r"\bUCDP Georeferenced Event\b",
    r"\bGeoreferenced Event Dataset\b",
    r"\bRefugee\W*Data Finder\b",  # UNHCR's, by the name it publishes it under
    r"\bCC BY(?:-SA)? \d\.\d\b",  # a licence's name
    r"\bNatural Earth\b",
    r"\bOCHA COD-AB\b",
    r"\bgeoBoundaries\b",
    r"\bGeoNames\b",
    r"\bgeonamescache\b",
    # News media cited by the bundled tolls and changes, by their own names (no Arabic form).
    r"\bLa Jornada\b",
    r"\bThe Federal\b",
    # The bundled data's record ids (tolls-001, control-031), which the tables and notes cite;
    # a line break may fall after the hyphen.
    r"\b(?:tolls|displacement|control|shares)-\s*\d{3}\b",
    # ACLED's event and sub-event types, where a report quotes them as published values.
    r"\bExplosions/Remote violence\b",
    r"\bViolence against civilians\b",
    r"\bStrategic developments\b",
    r"\bGovernment regains territory\b",
    r"\bNon-state actor overtakes territory\b",
    r"\bNon-violent transfer of territory\b",
    r"\bHeadquarters or base established\b",
    r"\bShelling/artillery/missile attack\b",
    r"\bAir/drone strike\b",
    r"\bRemote explosive/landmine/IED\b",
    r"\bAbduction/forced disappearance\b",
    r"\bLooting/property destruction\b",
    r"\bDisrupted weapons use\b",
    r"\bExcessive force against protesters\b",
    r"\bProtest with intervention\b",
    r"\bChange to group/activity\b",
    # Place names as published where no gazetteer gives an Arabic form (issue 18, section 2):
    # none of three words or more is known yet; add them here, one per line, with their source.
)
"""What stays Latin in an Arabic report, each a regular expression: web addresses and file names,
the tool's name, and proper names as their publishers write them that have no Arabic form."""

_EDGE = r"(?:(?<![A-Za-z0-9])(?=[A-Za-z0-9])|(?<=[A-Za-z0-9])(?![A-Za-z0-9]))"
"""The edge of a Latin word, which the patterns of :data:`KEPT` mean by a word boundary:
pdftotext may glue an Arabic letter to a Latin one ("المصدرUCDP"), and Python's own boundary,
which counts Arabic letters as word characters, sees no edge there."""
_KEPT = re.compile(
    "|".join(f"(?:{pattern})".replace(r"\b", _EDGE).replace(" ", r"\s+") for pattern in KEPT)
)
"""The patterns of :data:`KEPT`; a space in one stands for any whitespace (pdftotext breaks the
lines of a table's cells between words)."""
_WORD = re.compile(r"[A-Za-z]+(?:['’\-][A-Za-z]+)*")
_CONTROLS = dict.fromkeys(map(ord, "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e"), None)
_CONTROLS |= dict.fromkeys(map(ord, "\u2066\u2067\u2068\u2069"), None)
_CUT = "\u0640"
"""What a kept name is replaced with: a letter that is not Latin (the Arabic tatweel), so that
the Latin words on either side of it never make one run."""


def pdf_text(pdf: Path) -> str:
    """The PDF's text by ``pdftotext`` (reading order), as a reader copies it: the shaped
    letters of the charts as the letters they are (NFKC), without the direction controls."""
    done = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True)
    return unicodedata.normalize("NFKC", done.stdout).translate(_CONTROLS)


def _counted(word: str) -> bool:
    """Whether a Latin word counts toward a run: not an acronym (SOHR, COD-AB), not one letter."""
    letters = word.replace("-", "").replace("'", "").replace("’", "")
    return len(letters) > 1 and not letters.isupper()


def _runs(text: str) -> list[list[re.Match[str]]]:
    """The runs of Latin words of ``text``: words with only spaces, digits and punctuation
    between them (no letter of another script, no blank line)."""
    runs: list[list[re.Match[str]]] = []
    for word in _WORD.finditer(text):
        if runs:
            gap = text[runs[-1][-1].end() : word.start()]
            joined = not re.search(r"\n[^\S\n]*\n", gap) and not any(
                unicodedata.category(c).startswith("L") for c in gap
            )
            if joined:
                runs[-1].append(word)
                continue
        runs.append([word])
    return runs


def _english_word(word: str) -> bool:
    return word.lower() in ENGLISH_WORDS and not (len(word) > 1 and word.isupper())  # not IS


def _pieces(published: Iterable[str]) -> set[str]:
    """The names, and the first, last and middle words (two or more) of each: a table cell cut
    by line breaks leaves a name's pieces apart in pdftotext's text ("Military Forces of")."""
    pieces = set()
    for name in published:
        words = name.split()
        if not _WORD.search(name):
            continue
        pieces.add(" ".join(words))
        for size in range(2, len(words)):
            pieces.update((" ".join(words[:size]), " ".join(words[-size:])))
            # and its middle words, cut on both sides ("Forces of" of "Military Forces of
            # Syria"), when they hold a word with a capital: a name's, never a sentence's
            middles = (words[i : i + size] for i in range(1, len(words) - size))
            pieces.update(" ".join(m) for m in middles if any(w[:1].isupper() for w in m))
    return pieces


def english(text: str, published: Iterable[str] = ()) -> list[str]:
    """The English sentences of ``text`` (an Arabic report's text): each run of Latin words that
    holds an English word (:data:`ENGLISH_WORDS`) or three counted words or more, as the text
    has it (whitespace collapsed), once each, in order. ``published``: names as a data file
    publishes them (:func:`published_names`), kept like :data:`KEPT`."""
    text = _KEPT.sub(_CUT, text)
    names = sorted(_pieces(published), key=len, reverse=True)
    if names:
        spaced = (r"\s+".join(map(re.escape, name.split())) for name in names)
        text = re.sub("|".join(rf"(?<![A-Za-z]){name}(?![A-Za-z])" for name in spaced), _CUT, text)
    found: list[str] = []
    for run in _runs(text):
        words = [w.group() for w in run]
        if any(map(_english_word, words)) or sum(map(_counted, words)) >= 3:
            shown = " ".join(text[run[0].start() : run[-1].end()].split())
            if shown not in found:
                found.append(shown)
    return found


PUBLISHED = {
    "casualty_tolls.csv": ("outlet",),
    "displacement_figures.csv": ("outlet",),
    "territory_shares.csv": ("faction",),
    "control_changes.csv": ("faction_gaining", "faction_losing"),
    "ged": ("side_a", "side_b", "source_office"),
    "acled": ("actor1", "actor2", "assoc_actor_1", "assoc_actor_2"),
}
"""The columns of each data file whose values a report shows as published and which stay Latin:
the names of sources' outlets (source names), and of factions and actors as the file names them
(their roles are named in Arabic)."""

PLACES = {
    "control_changes.csv": ("place", "latitude", "longitude"),
    "ged": ("where_coordinates", "latitude", "longitude"),
    "acled": ("location", "latitude", "longitude"),
}
"""The place names of each data file, with their coordinates: a place's name stays Latin where
:func:`analysis.places.shown` gives no Arabic name for it (issue 18: never a transliteration)."""


def published_names(path: Path) -> set[str]:
    """The names in the data file ``path`` that an Arabic report shows as published
    (:data:`PUBLISHED`), and its place names that have no Arabic name (:data:`PLACES`)."""
    import csv

    from analysis import i18n, places

    kind = path.name if path.name in PUBLISHED else "ged" if "ged" in path.name else "acled"
    names: set[str] = set()
    kept: dict[str, bool] = {}
    with path.open(encoding="utf-8", newline="") as handle, i18n.editing("ar"):
        for row in csv.DictReader(handle):
            names.update(row[column] for column in PUBLISHED[kind] if row.get(column))
            if kind in PLACES:
                name, latitude, longitude = (row.get(c) or "" for c in PLACES[kind])
                if name and name not in kept:
                    at = (float(latitude), float(longitude)) if latitude and longitude else ()
                    kept[name] = places.shown(name, *at) == name
    return names | {name for name, latin in kept.items() if latin}
