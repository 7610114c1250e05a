# Yhdyspinta. `make run` serves the portal with demo data; `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
DEMO_PASSWORD ?= yhdyspinta-demo
HOST ?= 127.0.0.1
PORT ?= 8000
APPS := organisations forums meetings workgroups indicators reports console

.PHONY: run test system-packages-run system-packages-test install install-dev migrate seed messages compilemessages lint format bench worker beat clean

$(VENV)/.ok-runtime: pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed: set PYTHON=python3.11")'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e .
	touch $@

$(VENV)/.ok-dev: $(VENV)/.ok-runtime pyproject.toml
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $@

install: $(VENV)/.ok-runtime
install-dev: $(VENV)/.ok-dev

migrate: install
	DJANGO_DEBUG=1 $(PY) manage.py migrate --noinput
	DJANGO_DEBUG=1 $(PY) manage.py createcachetable

seed: migrate
	DJANGO_DEBUG=1 $(PY) manage.py seed_agreement
	DJANGO_DEBUG=1 $(PY) manage.py seed_demo --password "$(DEMO_PASSWORD)"

system-packages-run:
	@sh scripts/system-packages run

system-packages-test:
	@sh scripts/system-packages test

run: system-packages-run seed
	@echo ""
	@echo "  Yhdyspinta: http://$(HOST):$(PORT)/"
	@echo "  Demo logins (password: $(DEMO_PASSWORD)):"
	@echo "    coordinator@demo.example         coordinator"
	@echo "    admin.<slug>@demo.example        a party's contact person, e.g. admin.forssa@demo.example"
	@echo "    member.<slug>@demo.example       a member, e.g. member.loppi@demo.example"
	@echo "  Mails sent by the portal are written to var/mail/."
	@echo "  A Celery worker and beat run beside the web server (broker: files under var/broker/)."
	@echo "  Ctrl-C stops all three."
	@echo ""
	CELERY_BROKER_URL=filesystem://localhost/ DJANGO_DEBUG=1 $(PY) -m portal.devrun --host $(HOST) --port $(PORT)

test: system-packages-test install-dev
	$(BIN)/pytest -n auto $(PYTEST_ARGS)

messages: install-dev
	DJANGO_DEBUG=1 $(PY) manage.py makemessages -l fi --no-obsolete --no-location \
		$(foreach app,$(APPS),--ignore=$(app)/*) --ignore=.venv/* --ignore=var/* --ignore=tests/* --ignore=bench/*
	for app in $(APPS); do (cd $$app && DJANGO_DEBUG=1 ../$(PY) ../manage.py makemessages -l fi --no-obsolete --no-location); done

compilemessages: install-dev
	DJANGO_DEBUG=1 $(PY) manage.py compilemessages --ignore=.venv

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy .

format: install-dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# A quick run: make bench BENCH_ARGS="--scales 10 --databases sqlite --seconds 3"
bench: install-dev
	@sh scripts/system-packages bench
	$(PY) bench/run.py $(BENCH_ARGS)

worker: install
	$(BIN)/celery -A portal worker --loglevel=INFO --concurrency=2

beat: install
	$(BIN)/celery -A portal beat --loglevel=INFO

clean:
	rm -rf $(VENV) var/static var/mail
