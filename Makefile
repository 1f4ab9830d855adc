# The two commands of the README:
#   make site   create .venv, install aictdata, validate the editions and build site/
#   make test   the same set-up plus test tools (node's ical.js and Lighthouse, Debian's chromium), then pytest
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: site test lint schemas messages bench mutation clean

# compileall: the code compiled once, as an installed package has it, even where
# PYTHONDONTWRITEBYTECODE is set (each command would otherwise compile it again)
site: $(VENV)/.installed
	$(BIN)/python -m compileall -q aictdata
	$(BIN)/aictdata validate
	$(BIN)/aictdata build --out site

test: $(VENV)/.installed-test
	./scripts/setup-test-tools.sh
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/pytest

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

schemas: $(VENV)/.installed
	$(BIN)/aictdata schema

# The catalogues: the organiser's messages (English source, French catalogue `aictdata`)
# and the words of the outputs (French source, English catalogue `site`, see
# aictdata/words/outputs.py). Extract the marked messages into the template, merge them into
# the .po (new ones untranslated, changed ones fuzzy: tests/test_i18n.py fails until they
# are translated) and compile the .mo that the package ships.
LOCALE := aictdata/locale
messages: $(VENV)/.installed-test
	$(BIN)/pybabel extract -F babel.cfg --no-location --sort-output --project aictdata \
		--version 0.1.0 --msgid-bugs-address contact@cites-unies-france.org \
		-o $(LOCALE)/aictdata.pot aictdata
	$(BIN)/pybabel update -i $(LOCALE)/aictdata.pot -d $(LOCALE) -D aictdata --ignore-obsolete
	$(BIN)/pybabel compile -d $(LOCALE) -D aictdata --statistics
	$(BIN)/pybabel compile -d $(LOCALE) -D click --statistics  # click.po is kept by hand
	$(BIN)/python scripts/extract_site_messages.py
	$(BIN)/pybabel update -i $(LOCALE)/site.pot -d $(LOCALE) -D site -l en --ignore-obsolete
	$(BIN)/pybabel compile -d $(LOCALE) -D site --statistics

# Timings against floors on synthetic series (BENCHMARKS.md); e.g. BENCH_ARGS="--sizes 1000,10000"
bench: $(VENV)/.installed
	$(BIN)/python -m benchmarks.run $(BENCH_ARGS)

# Mutation testing (cosmic-ray) of exporters/ics.py, memory/state.py, serve.py, check.py
# and build/site.py, among others: a fixed sample of each module's mutants, each run against that module's
# own test files, in a throw-away copy (scripts/mutation.py; README, development section).
# E.g. MUTATION_ARGS="--module build --sample 40" or "--rev main".
mutation: $(VENV)/.installed-mutation
	./scripts/setup-test-tools.sh
	$(BIN)/python scripts/mutation.py $(MUTATION_ARGS)

$(VENV)/.created:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	touch $@

$(VENV)/.installed: $(VENV)/.created pyproject.toml constraints.txt
	$(BIN)/pip install --quiet -c constraints.txt -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed pyproject.toml constraints.txt
	$(BIN)/pip install --quiet -c constraints.txt -e '.[test]'
	touch $@

$(VENV)/.installed-mutation: $(VENV)/.installed-test pyproject.toml constraints.txt
	$(BIN)/pip install --quiet -c constraints.txt -e '.[test,mutation]'
	touch $@

clean:
	rm -rf $(VENV) site node_modules .pytest_cache .ruff_cache
