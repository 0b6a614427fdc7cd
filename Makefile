# Everything a writer or developer runs. Each target sets up what it needs.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export NO_MKDOCS_2_WARNING := 1
# What a writer types after make (KOMMUN="Upplands Väsby", RUBRIK="…", FRAN,
# TILL, FIL, SPRAK) is data. Each is exported as typed, $(value …) keeping make
# from expanding a $(…) or $$ in it and override putting that copy in place of
# the command line's, and the commands read them from their environment
# (python -m citizen_promises). A recipe never writes $(KOMMUN) and the like:
# the shell would read a backtick or a quote in it as code.
override export KOMMUN := $(value KOMMUN)
override export RUBRIK := $(value RUBRIK)
override export FRAN := $(value FRAN)
override export TILL := $(value TILL)
override export FIL := $(value FIL)
override export SPRAK := $(value SPRAK)
# A failing command ends with its own Swedish sentence; make then adds its own
# line ("make: *** [Makefile:…: check] Error 1") and exits 2, as make does.

.PHONY: build serve redaktor test fuzz check bench bench-preview clean ny-uppdatering nytt-lofte ny-oversattning sprakfiler

$(STAMP): requirements.txt requirements-test.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-test.txt
	touch $(STAMP)

## Build the site from promises/ and updates/ into site/.
build: $(STAMP)
	$(BIN)/mkdocs build --strict

## Preview on http://127.0.0.1:8000 with live reload. KOMMUN=<slug or name> previews one municipality only.
serve: $(STAMP)
	MEDBORGARLOFTEN_KOMMUN="$$KOMMUN" $(BIN)/mkdocs serve

NODE_STAMP := node_modules/.installed
$(NODE_STAMP): package.json package-lock.json
	@command -v npm >/dev/null || { echo "make redaktor behöver Node.js och npm: installera dem (till exempel apt-get install nodejs npm) och försök igen." >&2; exit 1; }
	npm ci --no-audit --no-fund
	touch $(NODE_STAMP)

## Edit in the browser on http://127.0.0.1:8000/admin/: Decap's local server on 127.0.0.1:8081 next to the preview,
## answering that page only and writing only under promises/ and updates/ (tools/redaktor-server.js). Ctrl-C stops both.
redaktor: $(STAMP) $(NODE_STAMP)
	@BIND_HOST=127.0.0.1 PORT=8081 REDAKTOR_ORIGIN=http://127.0.0.1:8000 LOG_LEVEL=warn node tools/redaktor-server.js & server=$$!; \
	trap 'kill $$server 2>/dev/null' EXIT INT TERM; \
	echo "Redigera på http://127.0.0.1:8000/admin/ (Ctrl-C avslutar)"; \
	MEDBORGARLOFTEN_REDAKTOR=1 MEDBORGARLOFTEN_KOMMUN="$$KOMMUN" $(BIN)/mkdocs serve

## Run every test.
test: $(STAMP)
	$(BIN)/python -m pytest

## Property-based tests with thousands of generated files instead of make test's few: make fuzz FUZZ_EXAMPLES=5000
FUZZ_EXAMPLES ?= 2000
fuzz: $(STAMP)
	FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(BIN)/python -m pytest -p no:cacheprovider tests/test_fuzz.py \
		tests/test_hostile_links.py::test_no_encoding_of_a_running_scheme_survives_the_writers_markdown_or_the_feed

## Time our build against plain MkDocs on a national corpus: make bench BENCH_ARGS="--sizes quarter --runs 1"
BENCH_ARGS ?=
bench: $(STAMP)
	$(BIN)/python bench/run.py $(BENCH_ARGS)

## Preview start and rebuild times for one municipality in the national corpus: make bench-preview KOMMUN=alingsas
bench-preview: $(STAMP)
	$(BIN)/python bench/preview.py --kommun "$${KOMMUN:-alingsas}"

clean:
	rm -rf site .cache $(VENV)

## Check all content without building: every problem, and overdue follow-ups.
check: $(STAMP)
	@PYTHONPATH=hooks $(BIN)/python -m citizen_promises check

## Write a new update for a municipality's current promise: make ny-uppdatering KOMMUN=nassjo RUBRIK="Trygghetsvandring i centrum"
ny-uppdatering: $(STAMP)
	@PYTHONPATH=hooks $(BIN)/python -m citizen_promises ny-uppdatering

## Write a new promise: make nytt-lofte KOMMUN="Nässjö" (optionally FRAN=2025-01-01 TILL=2026-12-31)
nytt-lofte: $(STAMP)
	@PYTHONPATH=hooks $(BIN)/python -m citizen_promises nytt-lofte

## Write a translation of a promise or an update to translate: make ny-oversattning FIL=updates/nassjo/2019-05-31-forsta-insatserna-runneryd.md SPRAK=en
ny-oversattning: $(STAMP)
	@PYTHONPATH=hooks $(BIN)/python -m citizen_promises ny-oversattning

## Update the site's own words in every language's catalog from the templates (hooks/citizen_promises/locale/); then translate the new empty msgstr in each .po.
LOCALE := hooks/citizen_promises/locale
sprakfiler: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg -k N_ -k w --no-location --sort-output --project=Medborgarlöften -o $(LOCALE)/messages.pot . >/dev/null
	for code in sv lattlast en fi ar; do $(BIN)/pybabel update --no-fuzzy-matching --ignore-obsolete -D messages -l $$( [ $$code = lattlast ] && echo sv || echo $$code ) -i $(LOCALE)/messages.pot -o $(LOCALE)/$$code/LC_MESSAGES/messages.po >/dev/null || exit 1; done
