# The two commands a new user types (see README):  make run  |  make test
.PHONY: run test setup setup-browser lock bench clean-index

PY := .venv/bin/python

run: setup
	.venv/bin/tutor ui corpus/

test: setup-browser
	$(PY) -m pytest

setup:
	@bash scripts/setup.sh

setup-browser:
	@bash scripts/setup.sh --browser

lock:
	bash scripts/lock.sh

bench: setup
	$(PY) bench/ingest_search.py --out bench/results/ingest_search.json
	$(PY) bench/answer_bench.py --out bench/results/answer.json
	$(PY) bench/practice_bench.py --out bench/results/practice.json
	$(PY) bench/load_bench.py --out bench/results/load.json
