# Buurtbouw: `make run` serves a demo neighbourhood, `make test` runs the whole suite.
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
FLASK := $(VENV)/bin/flask --app portal
PORT ?= 8000
DEV_ENV := BUURTBOUW_CONFIG=development

.PHONY: run test setup setup-test translations extract-messages migrate seed lint bench clean

$(VENV)/.installed: requirements.txt
	python3 -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-test: requirements-test.txt requirements.txt $(VENV)/.installed
	$(PIP) install --quiet -r requirements-test.txt
	touch $@

setup: $(VENV)/.installed translations

translations: $(VENV)/.installed
	$(VENV)/bin/pybabel compile --use-fuzzy -d portal/translations

extract-messages: $(VENV)/.installed
	$(VENV)/bin/pybabel extract --ignore-dirs='.*' -F babel.cfg -k _l -k lazy_gettext --no-location --sort-output -w 120 -o portal/translations/messages.pot .
	$(VENV)/bin/pybabel update --no-fuzzy-matching -w 120 -i portal/translations/messages.pot -d portal/translations

migrate: setup
	$(DEV_ENV) $(FLASK) db upgrade

seed: migrate
	$(DEV_ENV) $(FLASK) seed-demo

run: seed
	$(DEV_ENV) $(VENV)/bin/gunicorn --workers 2 --bind 127.0.0.1:$(PORT) wsgi:app

/usr/bin/chromium:
	@if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium; \
	else sudo apt-get update -qq && sudo apt-get install -y -qq chromium; fi

setup-test: setup $(VENV)/.installed-test /usr/bin/chromium

test: lint
	$(VENV)/bin/pytest $(PYTEST_ARGS)

lint: setup-test
	$(VENV)/bin/ruff check portal tests bench config.py wsgi.py
	$(VENV)/bin/lint-imports --no-cache
	$(VENV)/bin/mypy

bench: setup
	$(PY) bench/run.py

clean:
	rm -rf $(VENV) instance/*.db instance/*.db-* portal/translations/*/LC_MESSAGES/*.mo
