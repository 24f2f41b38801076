# Set-up is part of every target: a fresh machine needs nothing but this file's commands.
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)
# Debian packages: Perl's XML parser for ROUGE-1.5.5; Chromium for the HTML page's browser test;
# WordNet's noun classes for speaker attribution (storyweave/nlp/wordnet.py).
APT_PACKAGES := libxml-parser-perl chromium wordnet-base
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: demo test fuzz bench bench-scale setup clean

$(STAMP): pyproject.toml Makefile
	@missing=$$(for p in $(APT_PACKAGES); do dpkg-query -W -f='$${Status}' $$p 2>/dev/null | \
	  grep -q "install ok installed" || echo $$p; done); \
	if [ -n "$$missing" ]; then $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; fi
	[ -x $(PY) ] || python3.11 -m venv $(VENV) || python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q torch==2.13.0
	$(PY) -m pip install -q -e '.[dev]'
	rm -f $(VENV)/.installed-*; touch $(STAMP)

setup: $(STAMP)

demo: $(STAMP)
	$(VENV)/bin/storyweave digest examples --format html --out out/demo.html
	$(VENV)/bin/storyweave digest examples --format json --out out/demo.json
	$(VENV)/bin/storyweave digest examples
	@echo "HTML: out/demo.html  JSON: out/demo.json"

test: $(STAMP)
	$(PY) -m pytest -q

# The property tests on many more examples, then atheris on the readers for FUZZ_SECONDS,
# starting from the bad-input corpus and the demo corpus.
PROPERTY_TESTS := tests/ingest/test_properties.py tests/clean/test_properties.py \
	tests/nlp/test_sentence_properties.py tests/analysis/test_timeline_properties.py \
	tests/render/test_render_properties.py
FUZZ_SECONDS ?= 300
fuzz: $(STAMP)
	HYPOTHESIS_PROFILE=fuzz $(PY) -m pytest -q -p no:cacheprovider $(PROPERTY_TESTS)
	$(PY) -m pip install -q -e '.[fuzz]'
	corpus=$$(mktemp -d) && cp tests/data/bad/* examples/*.txt examples/*.jsonl $$corpus && \
	  $(PY) tests/fuzz_readers.py $$corpus -max_total_time=$(FUZZ_SECONDS) -rss_limit_mb=3000

# Every evaluation, side by side with the peers, and bench/RESULTS.md (about 15 minutes).
bench: $(STAMP)
	$(PY) bench/run.py --check-weights

# The scale benchmark: 10,000 and 100,000 generated articles, locally and on Ray (long:
# its figures stay in bench/scale.json, which make bench reports).
bench-scale: $(STAMP)
	$(PY) bench/scale.py --sizes 10000 100000

clean:
	rm -rf $(VENV) out build *.egg-info
