"""The build of the bundled 2024 dataset: ``data/raw/offensive_2024`` -> ``data/offensive_2024``.

Run it with ``make data`` or ``python scripts/build_bundled_data.py``. One module per step:

- load: :mod:`.facts` reads the four facts CSVs (copies of the shared facts, never edited) and
  checks each header; :mod:`.curated` reads the curated YAML files beside them (disagreements,
  gaps, the toll series rules, the sidecars' titles and descriptions) and checks every entry;
- process: :mod:`.rows` maps each facts row to the house schema (:mod:`.cells` checks each cell)
  and gives it a ``record_id``; :mod:`.conflicts` finds the rows each disagreement names and
  writes their ``conflict_note``; :mod:`.weak_sources` fills ``weak_source`` for the rows whose
  notes say they rest on a single weak source;
- save: :mod:`.outputs` writes one CSV per domain, ``sources.csv``, ``DISAGREEMENTS.md`` and a
  provenance sidecar per CSV, and reads every CSV back through :mod:`analysis.data.bundled`.

:mod:`.build` runs the steps into a scratch folder and moves the files in only when all of them
succeeded. The output is deterministic: the same inputs give the same bytes.
"""
