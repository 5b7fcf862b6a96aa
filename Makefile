# custkit — build, test, demo, install. `make help` lists the targets.
.SUFFIXES:

PREFIX   ?= /usr/local
BINDIR   ?= $(PREFIX)/bin
MANDIR   ?= $(PREFIX)/share/man
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

PKGS     := xlsxwriter minizip expat zlib
HAVE_DEPS := $(shell pkg-config --exists $(PKGS) cmocka 2>/dev/null && test -f /usr/include/csv.h && echo yes)
PKG_CFLAGS := $(if $(HAVE_DEPS),$(shell pkg-config --cflags $(PKGS)))
PKG_LIBS   := $(if $(HAVE_DEPS),$(shell pkg-config --libs $(PKGS)))

OPT      ?= -O2 -g
CFLAGS   ?= $(OPT)
WARN     := -std=c11 -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wno-unused-parameter
ALL_CFLAGS := $(WARN) $(CFLAGS) $(SANFLAGS) -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE \
              -DCK_MANDIR='"$(MANDIR)"' -Ilib $(PKG_CFLAGS)
LIBS     := -lcsv $(PKG_LIBS) -lm
LDFLAGS_ALL := $(SANFLAGS) $(LDFLAGS)

LIB_SRC  := $(sort $(wildcard lib/*.c))
CMD_SRC  := $(sort $(wildcard cmd/*.c))
LIB_OBJ  := $(LIB_SRC:%.c=$(BUILD)/%.o)
CMD_OBJ  := $(CMD_SRC:%.c=$(BUILD)/%.o)
UNIT_SRC := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
HEADERS  := $(wildcard lib/*.h cmd/*.h)

ifeq ($(HAVE_DEPS),)
# A fresh machine: install the Debian packages, then run the same target again.
all check demo bench install:
	@scripts/install-deps
	@$(MAKE) --no-print-directory $@
else
all: $(BUILD)/custkit

$(BUILD)/libcustkit.a: $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $(LIB_OBJ)

$(BUILD)/custkit: $(CMD_OBJ) $(BUILD)/libcustkit.a
	$(CC) $(LDFLAGS_ALL) -o $@ $(CMD_OBJ) $(BUILD)/libcustkit.a $(LIBS)

$(BUILD)/%.o: %.c $(HEADERS)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(BUILD)/tests/%: tests/unit/%.c $(BUILD)/libcustkit.a $(HEADERS)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS_ALL) -o $@ $< $(BUILD)/libcustkit.a $(LIBS) -lcmocka

custkit: $(BUILD)/custkit
	ln -sf $(BUILD)/custkit custkit

# The whole suite: unit tests (cmocka), command-line tests with golden files, interop tests.
check:
	@$(MAKE) --no-print-directory $(BUILD)/custkit $(UNIT_BIN)
	@CUSTKIT=$(abspath $(BUILD))/custkit BUILD=$(abspath $(BUILD)) SANITIZE=$(SANITIZE) tests/run.sh

demo:
	@$(MAKE) --no-print-directory $(BUILD)/custkit
	@CUSTKIT=$(abspath $(BUILD))/custkit examples/demo.sh

bench:
	@$(MAKE) --no-print-directory $(BUILD)/custkit
	@CUSTKIT=$(abspath $(BUILD))/custkit bench/run.sh $(SIZE)

install: $(BUILD)/custkit
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man5
	install -m 755 $(BUILD)/custkit $(DESTDIR)$(BINDIR)/custkit
	install -m 644 man/*.1 $(DESTDIR)$(MANDIR)/man1/
	if ls man/*.5 >/dev/null 2>&1; then install -m 644 man/*.5 $(DESTDIR)$(MANDIR)/man5/; fi

endif

format:
	clang-format -i lib/*.c lib/*.h cmd/*.c cmd/*.h tests/unit/*.c

lint-man:
	@for m in man/*.[15]; do mandoc -T lint -W warning $$m || exit 1; done

clean:
	rm -rf build build-san custkit report.xlsx demo-out

help:
	@echo "make            build $(BUILD)/custkit and libcustkit.a"
	@echo "make demo       run the pipeline on examples/ (writes report.xlsx)"
	@echo "make check      run every test (SANITIZE=1: under ASan+UBSan)"
	@echo "make bench      benchmarks against pandas and Miller (SIZE=100k|1m)"
	@echo "make install    PREFIX=/usr/local"

.PHONY: all check demo bench install format lint-man clean help custkit
