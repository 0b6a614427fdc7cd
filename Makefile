# Everything a writer or developer runs. Each target sets up what it needs.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export NO_MKDOCS_2_WARNING := 1

.PHONY: build serve test fuzz check bench bench-preview clean ny-uppdatering nytt-lofte

$(STAMP): requirements.txt requirements-test.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-test.txt
	touch $(STAMP)

## Build the site from promises/ and updates/ into site/.
build: $(STAMP)
	$(BIN)/mkdocs build --strict

## Preview on http://127.0.0.1:8000 with live reload. KOMMUN=<slug> previews one municipality only.
serve: $(STAMP)
	MEDBORGARLOFTEN_KOMMUN=$(KOMMUN) $(BIN)/mkdocs serve

## Run every test.
test: $(STAMP)
	$(BIN)/python -m pytest

## Property-based tests with thousands of generated files instead of make test's few: make fuzz FUZZ_EXAMPLES=5000
FUZZ_EXAMPLES ?= 2000
fuzz: $(STAMP)
	FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(BIN)/python -m pytest -p no:cacheprovider tests/test_fuzz.py

## Time our build against plain MkDocs on a national corpus: make bench BENCH_ARGS="--sizes quarter --runs 1"
BENCH_ARGS ?=
bench: $(STAMP)
	$(BIN)/python bench/run.py $(BENCH_ARGS)

## Preview start and rebuild times for one municipality in the national corpus: make bench-preview KOMMUN=alingsas
bench-preview: $(STAMP)
	$(BIN)/python bench/preview.py --kommun $(or $(KOMMUN),alingsas)

clean:
	rm -rf site $(VENV)

## Check all content without building: every problem, and overdue follow-ups.
check: $(STAMP)
	@PYTHONPATH=hooks $(BIN)/python -m citizen_promises.check

## Write a new update for a municipality's current promise: make ny-uppdatering KOMMUN=nassjo RUBRIK="Trygghetsvandring i centrum"
ny-uppdatering: $(STAMP)
	@PYTHONPATH=hooks $(BIN)/python -m citizen_promises.scaffold uppfoljning "$(KOMMUN)" "$(RUBRIK)"

## Write a new promise: make nytt-lofte KOMMUN="Nässjö"
nytt-lofte: $(STAMP)
	@PYTHONPATH=hooks $(BIN)/python -m citizen_promises.scaffold lofte "$(KOMMUN)"
