# custkit — build, test, demo, install. `make help` lists the targets.
.SUFFIXES:

PREFIX   ?= /usr/local
BINDIR   ?= $(PREFIX)/bin
MANDIR   ?= $(PREFIX)/share/man
LOCALEDIR ?= $(PREFIX)/share/locale
CC       ?= cc
SANITIZE ?=
SIZE     ?= 100k

ifeq ($(SANITIZE),1)
BUILD    ?= build-san
SANFLAGS  = -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer
else
BUILD    ?= build
SANFLAGS  =
endif

PKGS     := xlsxwriter minizip expat zlib libdeflate freexl inih libcrypto
# libgsf (the compound file of encrypted workbooks) is loaded with dlopen when one is read or
# written (lib/io/crypt.c): only its headers are needed to build.
DL_PKGS  := libgsf-1
# libcsv and libunistring ship no .pc file: their headers tell whether they are installed.
HAVE_DEPS := $(shell pkg-config --exists $(PKGS) $(DL_PKGS) cmocka 2>/dev/null && test -f /usr/include/csv.h && \
               test -f /usr/include/unicase.h && command -v msgfmt >/dev/null && echo yes)
PKG_CFLAGS := $(if $(HAVE_DEPS),$(shell pkg-config --cflags $(PKGS) $(DL_PKGS)))
PKG_LIBS   := $(if $(HAVE_DEPS),$(shell pkg-config --libs $(PKGS)))

OPT      ?= -O2 -g
CFLAGS   ?= $(OPT)
WARN     := -std=c11 -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wno-unused-parameter
ALL_CFLAGS := $(WARN) $(CFLAGS) $(SANFLAGS) -pthread -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE \
              -DCK_MANDIR='"$(MANDIR)"' -DCK_LOCALEDIR='"$(LOCALEDIR)"' -Ilib $(PKG_CFLAGS)
LIBS     := -lcsv -lunistring $(PKG_LIBS) -ldl -lm -pthread
LDFLAGS_ALL := $(SANFLAGS) $(LDFLAGS)

# lib/ is cut into layer folders, lowest first (docs/ARCHITECTURE.md): base io clean rules
# segment report app. scripts/check-layers keeps the arrows pointing down.
LIB_SRC  := $(sort $(wildcard lib/*/*.c))
CMD_SRC  := $(sort $(wildcard cmd/*.c))
LIB_OBJ  := $(LIB_SRC:%.c=$(BUILD)/%.o)
CMD_OBJ  := $(CMD_SRC:%.c=$(BUILD)/%.o)
UNIT_SRC := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
HEADERS  := $(wildcard lib/*.h lib/*/*.h cmd/*.h)
# Message catalogs (po/LANG.po, gettext): built next to the binary, where it finds them.
PO_LANGS := $(basename $(notdir $(wildcard po/*.po)))
MO       := $(PO_LANGS:%=$(BUILD)/locale/%/LC_MESSAGES/custkit.mo)

ifeq ($(HAVE_DEPS),)
# A fresh machine: install the Debian packages, then run the same target again. make check
# asks for what its tests run too, so that one apt-get command installs everything it needs.
all demo bench install update-goldens:
	@scripts/install-deps
	@$(MAKE) --no-print-directory $@
check check-long:
	@scripts/install-deps --test
	@$(MAKE) --no-print-directory $@
else
all: $(BUILD)/custkit $(MO)

$(BUILD)/locale/%/LC_MESSAGES/custkit.mo: po/%.po
	@mkdir -p $(dir $@)
	msgfmt --check -o $@ $<

$(BUILD)/libcustkit.a: $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $(LIB_OBJ)

$(BUILD)/custkit: $(CMD_OBJ) $(BUILD)/libcustkit.a
	$(CC) $(LDFLAGS_ALL) -o $@ $(CMD_OBJ) $(BUILD)/libcustkit.a $(LIBS)

$(BUILD)/%.o: %.c $(HEADERS)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(BUILD)/tests/%: tests/unit/%.c $(BUILD)/libcustkit.a $(HEADERS) $(wildcard tests/unit/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS_ALL) -o $@ $< $(BUILD)/libcustkit.a $(LIBS) -lcmocka

custkit: $(BUILD)/custkit
	ln -sf $(BUILD)/custkit custkit

# The whole suite: unit tests (cmocka), command-line tests with golden files, interop tests.
# First the packages the tests run (LibreOffice, gnumeric, valgrind, libFuzzer, Python's
# readers): installed as root when missing, otherwise the apt-get command and a stop.
check:
	@scripts/install-deps --test --no-build
	@$(MAKE) --no-print-directory $(BUILD)/custkit $(MO) $(UNIT_BIN)
	@CUSTKIT=$(abspath $(BUILD))/custkit BUILD=$(abspath $(BUILD)) SANITIZE=$(SANITIZE) tests/run.sh

# Rewrite tests/cli/golden/ from the current build (then review `git diff`). The tests that
# check the goldens against independent readers run in the same pass. Never part of make check.
update-goldens:
	@$(MAKE) --no-print-directory $(BUILD)/custkit $(MO)
	@CUSTKIT=$(abspath $(BUILD))/custkit BUILD=$(abspath $(BUILD)) tests/run.sh --update-goldens

demo:
	@$(MAKE) --no-print-directory $(BUILD)/custkit $(MO)
	@CUSTKIT=$(abspath $(BUILD))/custkit examples/demo.sh

bench:
	@$(MAKE) --no-print-directory $(BUILD)/custkit
	@command -v mlr >/dev/null && command -v xlsx2csv >/dev/null && \
	    /usr/bin/python3 -c 'import pandas, openpyxl, xlsxwriter' 2>/dev/null || \
	    scripts/install-deps --all
	@if command -v npm >/dev/null && [ ! -d bench/peers/node_modules/@duckdb/node-api ]; then \
	    $(MAKE) --no-print-directory bench-peers || \
	    echo "bench: the DuckDB peer could not be installed; its rows say not installed"; fi
	@CUSTKIT=$(abspath $(BUILD))/custkit bench/run.sh $(SIZE)

# Instruction counts per 100k rows for each command (callgrind): stable on a busy machine.
bench-instr: $(BUILD)/custkit
	@CUSTKIT=$(abspath $(BUILD))/custkit bench/instr.sh $(SIZE)

# The README's picture of the summary sheet, rendered by LibreOffice from the demo's report.
report-png: demo
	docs/make-report-png.sh report.xlsx docs/report.png

# The same report encrypted by make demo (password in a temporary file), opened by LibreOffice
# with its password (python-uno) and printed: the picture of an encrypted report that opens.
encrypted-png: $(BUILD)/custkit
	@pw=$$(mktemp) && echo demo-secret >"$$pw" && \
	    $(MAKE) --no-print-directory demo DEMO_PASSWORD_FILE="$$pw" >/dev/null && \
	    PASSWORD_FILE="$$pw" docs/make-report-png.sh report-encrypted.xlsx \
	        docs/report-encrypted.png; rc=$$?; rm -f "$$pw"; exit $$rc

# The README's pictures of the entry workbook `custkit template` writes (filled with three
# example customers) and of its 填写说明 sheet, rendered by LibreOffice.
template-png: $(BUILD)/custkit
	docs/make-template-png.sh $(abspath $(BUILD))/custkit docs

# The README's picture of the 趋势 sheet: quarterly.sh run for five quarters of the examples
# (a fixed clock), the last report's trend page (its last page) rendered by LibreOffice.
trend-png: $(BUILD)/custkit
	rm -rf $(BUILD)/trend-demo
	for d in 2026-02-10 2026-05-10 2026-08-15 2026-11-29 2027-01-10; do \
	    CUSTKIT=$(abspath $(BUILD))/custkit CUSTKIT_TODAY=$$d SOURCE_DATE_EPOCH=1796000000 \
	    sh examples/quarterly.sh -d $(BUILD)/trend-demo -k 8 || exit 1; done
	docs/make-report-png.sh $(BUILD)/trend-demo/2026-Q4/report.xlsx docs/trend.png last

# make check plus the slow cases (the 1,048,576-row sheet limit of export).
check-long:
	@CUSTKIT_LONG=1 $(MAKE) --no-print-directory check

install: $(BUILD)/custkit $(MO)
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man5
	install -m 755 $(BUILD)/custkit $(DESTDIR)$(BINDIR)/custkit
	install -m 644 man/*.1 $(DESTDIR)$(MANDIR)/man1/
	if ls man/*.5 >/dev/null 2>&1; then install -m 644 man/*.5 $(DESTDIR)$(MANDIR)/man5/; fi
	for l in $(PO_LANGS); do \
	    install -d $(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES && \
	    install -m 644 $(BUILD)/locale/$$l/LC_MESSAGES/custkit.mo \
	        $(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES/custkit.mo || exit 1; \
	done
	install -d $(DESTDIR)$(MANDIR)/zh_CN/man1 $(DESTDIR)$(MANDIR)/zh_CN/man5
	install -m 644 man/zh_CN/*.1 $(DESTDIR)$(MANDIR)/zh_CN/man1/
	if ls man/zh_CN/*.5 >/dev/null 2>&1; then install -m 644 man/zh_CN/*.5 $(DESTDIR)$(MANDIR)/zh_CN/man5/; fi

# After adding or changing a message: extract the messages again into po/custkit.pot and merge
# them into each po/LANG.po, then translate the new entries (msgid without msgstr, or marked
# fuzzy). The catalog check of make check (tests/cli/test_catalog.sh) names what is missing.
po:
	po/extract.sh po/custkit.pot
	@for l in $(PO_LANGS); do \
	    msgmerge --quiet --update --backup=none --no-wrap po/$$l.po po/custkit.pot || exit 1; \
	    msgfmt --check --statistics -o /dev/null po/$$l.po; \
	done

endif

# The optional DuckDB peer of make bench: @duckdb/node-api from the npm registry (its package
# carries the DuckDB binary), at the version bench/peers/package-lock.json pins, into
# bench/peers/node_modules (not committed). Needs node and npm (Debian: nodejs, npm).
bench-peers:
	cd bench/peers && npm ci --no-audit --no-fund

format:
	clang-format -i lib/*.h lib/*/*.c lib/*/*.h cmd/*.c cmd/*.h tests/unit/*.c tests/unit/*.h

# The Chinese pages as strictly, but for the two warnings mandoc gives every mdoc page whose
# sections have Chinese names (it knows the NAME section by its English name only).
ZH_SECTION_NAMES := first section is not "NAME"|description line outside NAME section
lint-man:
	@for m in man/*.[15]; do mandoc -T lint -W warning $$m || exit 1; done
	@for m in man/zh_CN/*.[15]; do mandoc -T lint -W warning $$m 2>&1 | \
	    grep -Ev '$(ZH_SECTION_NAMES)' && exit 1; done; true

clean:
	rm -rf build build-san custkit report.xlsx report-encrypted.xlsx demo-out

help:
	@echo "make            build $(BUILD)/custkit and libcustkit.a"
	@echo "make demo       run the pipeline on examples/ (writes report.xlsx; with"
	@echo "                DEMO_PASSWORD_FILE=FILE also report-encrypted.xlsx)"
	@echo "make check      run every test (SANITIZE=1: under ASan+UBSan); installs what they run"
	@echo "make update-goldens  rewrite the golden files from the current build"
	@echo "make bench      benchmarks against pandas, Miller and DuckDB (SIZE=100k|1m|10m)"
	@echo "make bench-peers  the optional DuckDB peer of make bench (npm install)"
	@echo "make install    PREFIX=/usr/local"
	@echo "make po         after changing messages: update po/custkit.pot and po/*.po"

.PHONY: all check check-long update-goldens report-png encrypted-png template-png trend-png bench-instr bench-peers demo bench install po format lint-man clean help custkit

# ---------- reliability: fuzzing and static checks (tests/fuzz/, SECURITY.md) ----------
# libFuzzer targets tests/fuzz/fuzz_NAME.c, linked with the library compiled by clang with the
# same sanitizer flags (the rules above use cc). Seeds: tests/fuzz/corpus/NAME/ (committed);
# what a run finds grows $(FUZZ_BUILD)/corpus/NAME/, crashes land in $(FUZZ_BUILD)/artifacts/.
#   make fuzz [FUZZ_SECONDS=600] [FUZZ_TARGETS="csv rules"]   each target for FUZZ_SECONDS
#   make fuzz-smoke                                            each over its seeds + a few seconds
#   make lint                                                  cppcheck and clang-tidy
FUZZ_CC      ?= clang
FUZZ_BUILD   ?= $(BUILD)/fuzz
FUZZ_SECONDS ?= 600
FUZZ_SMOKE_SECONDS ?= 2
FUZZ_SAN     := -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer
FUZZ_CFLAGS  := $(filter-out -Werror,$(WARN)) -g -O1 $(FUZZ_SAN) -fsanitize=fuzzer-no-link \
                -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -DCK_MANDIR='"$(MANDIR)"' -Ilib \
                $(PKG_CFLAGS)
FUZZ_SRC     := $(sort $(wildcard tests/fuzz/fuzz_*.c))
FUZZ_TARGETS ?= $(FUZZ_SRC:tests/fuzz/fuzz_%.c=%)
FUZZ_BIN     := $(FUZZ_TARGETS:%=$(FUZZ_BUILD)/fuzz_%)
FUZZ_LIB_OBJ := $(LIB_SRC:%.c=$(FUZZ_BUILD)/%.o)

$(FUZZ_LIB_OBJ): $(FUZZ_BUILD)/%.o: %.c $(HEADERS)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -c -o $@ $<

$(FUZZ_BUILD)/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz_util.h $(FUZZ_LIB_OBJ)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $< $(FUZZ_LIB_OBJ) $(LIBS)

# A unit slower than FUZZ_TIMEOUT seconds is a finding. The smoke run in make check allows more:
# it runs on shared CI cores, and a valid .xls sheet may declare 65,536 x 256 cells, which the
# reader asks libfreexl for one by one: 0.5 s in a normal build, over 10 s under ASan and
# coverage on a loaded machine. A hang is still caught.
FUZZ_TIMEOUT ?= 10
FUZZ_SMOKE_TIMEOUT ?= 60
# One target: NAME for $(2) seconds; new inputs go to the directory $(3), the seeds are read;
# $(4) the timeout of one unit.
fuzz_run = mkdir -p $(3) $(FUZZ_BUILD)/artifacts && \
	$(FUZZ_BUILD)/fuzz_$(1) -max_total_time=$(2) -timeout=$(4) -rss_limit_mb=2048 -print_final_stats=1 \
	  -artifact_prefix=$(FUZZ_BUILD)/artifacts/$(1)- \
	  $(if $(wildcard tests/fuzz/$(1).dict),-dict=tests/fuzz/$(1).dict) \
	  $(3) tests/fuzz/corpus/$(1)

fuzz: $(FUZZ_BIN)
	@$(foreach t,$(FUZZ_TARGETS),echo "== fuzz_$(t): $(FUZZ_SECONDS) s" && \
	  $(call fuzz_run,$(t),$(FUZZ_SECONDS),$(FUZZ_BUILD)/corpus/$(t),$(FUZZ_TIMEOUT)) &&) true

# Smoke: a fresh scratch corpus each time, so the run stays short however long `fuzz` ran.
fuzz-smoke: $(FUZZ_BIN)
	@$(foreach t,$(FUZZ_TARGETS),echo "== fuzz_$(t)" && rm -rf $(FUZZ_BUILD)/smoke/$(t) && \
	  { $(call fuzz_run,$(t),$(FUZZ_SMOKE_SECONDS),$(FUZZ_BUILD)/smoke/$(t),$(FUZZ_SMOKE_TIMEOUT)) \
	    2>$(FUZZ_BUILD)/smoke-$(t).log || { tail -40 $(FUZZ_BUILD)/smoke-$(t).log; exit 1; }; } &&) true

# Static checks. Suppressions are inline (cppcheck-suppress / NOLINT) with their reason, or
# these whole checks, each with its reason:
#  - DeprecatedOrUnsafeBufferHandling: asks for memcpy_s/snprintf_s, C11 Annex K, which glibc
#    does not provide; bounds are checked by the code and by ASan/fuzzing instead.
#  - cert-err33-c: flags every unused snprintf/fprintf result; formatting into fixed buffers
#    truncates by design and messages to stderr have no recovery. Output writes are checked
#    through ck_writer and tested against /dev/full and ulimit -f (tests/hostile/).
#  - bugprone-easily-swappable-parameters: a naming-style check, (ptr, len) pairs everywhere.
#  - clang-analyzer-valist.Uninitialized: clang 14 reports the va_list of every vsnprintf
#    right after its va_start as uninitialised (lib/base/error.c:13); a false positive.
LINT_SRC := $(LIB_SRC) $(CMD_SRC)
TIDY_CHECKS := -*,bugprone-*,cert-*,clang-analyzer-*,$\
  -clang-analyzer-security.insecureAPI.DeprecatedOrUnsafeBufferHandling,$\
  -cert-err33-c,-bugprone-easily-swappable-parameters,-clang-analyzer-valist.Uninitialized
LINT_DEFS := -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -DCK_MANDIR='"$(MANDIR)"' \
             -DCK_LOCALEDIR='"$(LOCALEDIR)"' -Ilib
lint:
	cppcheck --quiet --error-exitcode=1 --inline-suppr --enable=warning,portability \
	  --std=c11 $(LINT_DEFS) $(LINT_SRC)
	clang-tidy --quiet --warnings-as-errors='*' --checks='$(TIDY_CHECKS)' $(LINT_SRC) -- \
	  $(WARN) $(LINT_DEFS) $(PKG_CFLAGS)

.PHONY: fuzz fuzz-smoke lint
