# The two commands of the README: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 5000
DEMO_PASSWORD ?= pdportal-demo
FLASK := $(BIN)/flask --app pdportal

.PHONY: run test install install-dev lint messages translations bench-catalog clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

TRANSLATIONS := pdportal/translations
CATALOGS := $(wildcard $(TRANSLATIONS)/*/LC_MESSAGES/messages.po)

# Compiled catalogs are built here, never committed: a .po is the source.
%.mo: %.po $(VENV)/.installed
	$(BIN)/pybabel compile --statistics -i $< -o $@

translations: $(CATALOGS:.po=.mo)

# Extract every marked string into messages.pot and merge it into each language's .po.
messages: install
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext -k lazy_ngettext:1,2 \
		--no-location --no-wrap --sort-output -o $(TRANSLATIONS)/messages.pot pdportal
	$(BIN)/pybabel update -i $(TRANSLATIONS)/messages.pot -d $(TRANSLATIONS) --no-fuzzy-matching --no-wrap

install: $(VENV)/.installed translations

install-dev: $(VENV)/.installed-dev translations

# The server runs with the development mailbox (/dev/mail) and the every-minute sweep and
# mail delivery (pdportal/scheduler.py); production runs `flask sweep` / `flask send-mail`
# from cron or a worker instead.
run: install
	$(FLASK) db upgrade
	$(FLASK) seed-demo --password '$(DEMO_PASSWORD)'
	@echo "Development mailbox: http://127.0.0.1:$(PORT)/dev/mail"
	BASE_URL=$${BASE_URL:-http://127.0.0.1:$(PORT)} PDPORTAL_DEV_MAILBOX=true PDPORTAL_DEV_SCHEDULER=true \
		$(FLASK) run --host 127.0.0.1 --port $(PORT)

test: install-dev
	$(BIN)/lint-imports
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: install-dev
	$(BIN)/ruff check .

clean:
	rm -rf $(VENV) instance/*.db
