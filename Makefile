# kamplan - layered Makefile.
#
#   make                 build ./kamplan and build/libkamplan.a
#   make run             build and solve the bundled sample into out/
#   make test            everything CI runs, on both cores: the suite
#                        warning-free (-Werror), again under ASan+UBSan, under
#                        valgrind, helgrind on the parallel paths, and 60 s
#                        of fuzzing
#   make check           build and run the test suite once (tests/run.sh)
#   make SANITIZE=address   ASan+UBSan build (also: undefined, thread)
#   make fuzz            fuzz the input stage with libFuzzer (clang) for
#                        FUZZ_SECONDS (default 300); tests/fuzz/README.md
#   make test-helgrind   helgrind on parallel solves (tests/helgrind.sh)
#   make V=1             show the commands
#   make WERROR=1        turn warnings into errors (CI)
#   make MPI=1 / MPI=0   the command line with MPI (src/cluster/mpi.c: under
#                        mpirun the scenarios of a batch spread over the
#                        ranks) or without (src/cluster/single.c); by default
#                        with MPI when mpicc (MPICC) is found. The library
#                        never uses MPI.
#   make deps            install the Debian packages building and running
#                        need (make, make run and make install use it)
#   make test-deps       those and the packages the tests need (make check,
#                        make test and the test-* targets use it)
#   make install         install the program, the static and shared library,
#                        the header, kamplan.pc and the man page under
#                        $(DESTDIR)$(PREFIX) (default /usr/local); BINDIR,
#                        LIBDIR, INCLUDEDIR and MANDIR override the parts
#   make uninstall       remove exactly the files make install installs
#
# The user's CFLAGS/LDFLAGS come last so they win.

CC      ?= cc
PREFIX  ?= /usr/local
DESTDIR ?=
BINDIR  ?= $(PREFIX)/bin
LIBDIR  ?= $(PREFIX)/lib
INCLUDEDIR ?= $(PREFIX)/include
MANDIR  ?= $(PREFIX)/share/man
BUILD   ?= build

# The library's version is KP_VERSION of the header; the soname carries its
# major number.
VERSION := $(shell sed -n 's/^.define KP_VERSION "\(.*\)"/\1/p' include/kamplan.h)
SONAME  := libkamplan.so.$(firstword $(subst ., ,$(VERSION)))

WARN    := -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes
BASE_CFLAGS := -std=c11 -O2 -g $(WARN) -fopenmp -Iinclude -Isrc -MMD -MP
BASE_LDLIBS := -lglpk -lcsv -lm -fopenmp

ifeq ($(WERROR),1)
BASE_CFLAGS += -Werror
endif
ifeq ($(SANITIZE),address)
BASE_CFLAGS += -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
BASE_LDLIBS += -fsanitize=address,undefined
BUILD := build-asan
endif
ifeq ($(SANITIZE),undefined)
BASE_CFLAGS += -fsanitize=undefined -fno-sanitize-recover=undefined
BASE_LDLIBS += -fsanitize=undefined
BUILD := build-ubsan
endif
ifeq ($(SANITIZE),fuzzer)
BASE_CFLAGS += -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer \
	-fno-sanitize-recover=undefined
BASE_LDLIBS += -fsanitize=address,undefined
BUILD := build-fuzz
endif
ifeq ($(SANITIZE),thread)
BASE_CFLAGS += -fsanitize=thread
BASE_LDLIBS += -fsanitize=thread
BUILD := build-tsan
endif

ifeq ($(V),1)
Q :=
else
Q := @
endif

ALL_CFLAGS := $(BASE_CFLAGS) $(CFLAGS)
ALL_LDLIBS := $(BASE_LDLIBS) $(LDFLAGS) $(LDLIBS)

# The library's layers, bottom first (src/README.md); a layer may use the
# ones before it only (tests/layers.sh checks it). The command line sits on
# top and is not part of the library.
LAYERS   := base io model solve results analysis report
# The cluster (src/cluster) sits between the library and the command line,
# and is the command line's: with MPI, or the one process of the plain
# build. mpicc compiles the MPI file and links the program, around CC.
MPICC   ?= mpicc
MPI     ?= $(if $(shell command -v $(MPICC) 2>/dev/null),1,0)
ifeq ($(MPI),1)
CLUSTER_SRC := src/cluster/mpi.c
LINK_CC := OMPI_CC=$(CC) MPICH_CC=$(CC) $(MPICC)
else
CLUSTER_SRC := src/cluster/single.c
LINK_CC := $(CC)
endif
CLI_SRC  := $(CLUSTER_SRC) $(wildcard src/cli/*.c)
LIB_SRC  := $(foreach l,$(LAYERS),$(wildcard src/$(l)/*.c))
LIB_OBJ  := $(LIB_SRC:src/%.c=$(BUILD)/%.o)
MAIN_OBJ := $(CLI_SRC:src/%.c=$(BUILD)/%.o)
LIB      := $(BUILD)/libkamplan.a
SHLIB    := $(BUILD)/libkamplan.so.$(VERSION)
UNIT_SRC := $(wildcard tests/unit/test_*.c)
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)

ifeq ($(SANITIZE),)
BIN := kamplan
else
BIN := $(BUILD)/kamplan
endif

.PHONY: all deps test-deps run run-team test check check-units test-asan test-valgrind clean \
	fuzz fuzz-deps test-helgrind install uninstall

all: deps $(BIN) $(SHLIB)

# Each installs what is missing, and nothing when all is there (cheap to
# run). deps: what building and running need; test-deps adds the test
# tools: glpsol and cbc (cross-checks), valgrind, chromium (the reports are
# rendered headless), jq, python3, pkg-config and groff (the JSON, install
# and man page tests), and Open MPI (the MPI build and tests/mpi.sh).
deps:
	$(Q)missing=""; \
	[ -f /usr/include/glpk.h ] || missing="$$missing libglpk-dev"; \
	[ -f /usr/include/csv.h ]  || missing="$$missing libcsv-dev"; \
	command -v gcc >/dev/null    || missing="$$missing gcc"; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	fi

test-deps: deps
	$(Q)missing=""; \
	command -v glpsol >/dev/null || missing="$$missing glpk-utils"; \
	command -v cbc >/dev/null    || missing="$$missing coinor-cbc"; \
	command -v valgrind >/dev/null || missing="$$missing valgrind"; \
	command -v chromium >/dev/null || missing="$$missing chromium"; \
	command -v jq >/dev/null     || missing="$$missing jq"; \
	command -v python3 >/dev/null || missing="$$missing python3"; \
	command -v pkg-config >/dev/null || missing="$$missing pkg-config"; \
	command -v groff >/dev/null  || missing="$$missing groff-base"; \
	command -v mpicc >/dev/null  || missing="$$missing libopenmpi-dev"; \
	command -v mpirun >/dev/null || missing="$$missing openmpi-bin"; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	fi

$(BIN): $(MAIN_OBJ) $(LIB) $(BUILD)/mpi
	@echo "  LD      $@"
	$(Q)$(LINK_CC) -o $@ $(MAIN_OBJ) $(LIB) $(ALL_LDLIBS)

# The MPI file is compiled by mpicc (its headers), around CC.
$(BUILD)/cluster/mpi.o: CC := OMPI_CC=$(CC) MPICH_CC=$(CC) $(MPICC)

# $(BUILD)/mpi says whether the program was linked with MPI, and changes
# only when that does, so that MPI=0 after MPI=1 links the program again.
$(BUILD)/mpi: FORCE
	@mkdir -p $(dir $@)
	$(Q)echo 'MPI=$(MPI)' | cmp -s - $@ || echo 'MPI=$(MPI)' >$@

$(LIB): $(LIB_OBJ)
	@echo "  AR      $@"
	$(Q)rm -f $@ && ar rcs $@ $^

# The shared library, from the same objects as the static one. The version
# script exports the public kp_ names only; the internal kp__ ones stay
# local. -z defs catches a missing library at link time, except with the
# sanitizers, whose runtime clang leaves to the program.
SHLIB_LDFLAGS := -shared -Wl,-soname,$(SONAME) -Wl,--version-script=src/libkamplan.map
ifeq ($(SANITIZE),)
SHLIB_LDFLAGS += -Wl,-z,defs
endif
$(SHLIB): $(LIB_OBJ) src/libkamplan.map
	@echo "  LD      $@"
	$(Q)$(CC) $(SHLIB_LDFLAGS) -o $@ $(LIB_OBJ) $(ALL_LDLIBS)

# The library's objects are position-independent, so that the static and
# the shared library share them. Without semantic interposition GCC still
# inlines across the library's own functions.
PIC_FLAGS := -fPIC -fno-semantic-interposition
$(LIB_OBJ): PIC_CFLAGS := $(PIC_FLAGS)

# $(BUILD)/flags holds the compiler and flags of the last build and changes
# only when they do, so that new flags rebuild the objects (an older build
# folder's objects were not position-independent). -Werror changes no
# object, so WERROR=1 alone rebuilds nothing, as before.
FLAGS_LINE := $(subst ','\'',$(CC) $(PIC_FLAGS) $(filter-out -Werror,$(ALL_CFLAGS)))
$(BUILD)/flags: FORCE
	@mkdir -p $(dir $@)
	$(Q)printf '%s\n' '$(FLAGS_LINE)' | cmp -s - $@ || printf '%s\n' '$(FLAGS_LINE)' >$@

$(BUILD)/%.o: src/%.c $(BUILD)/flags | deps
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(CC) $(PIC_CFLAGS) $(ALL_CFLAGS) -c -o $@ $<

# The replay test includes the fuzz target.
$(BUILD)/tests/test_fuzz_replay: tests/fuzz/fuzz_instance.c

$(BUILD)/tests/%: tests/unit/%.c tests/unit/harness.h tests/unit/fixture.h \
		tests/unit/brute.h $(LIB)
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(CC) $(ALL_CFLAGS) -Itests/unit -o $@ $< $(LIB) $(ALL_LDLIBS)

run: all
	./$(BIN) solve models/sample --out out

# The sample team (models/team): 3 managers over 4 quarters, with its report.
run-team: all
	./$(BIN) solve models/team --gap 0 --out out-team --report out-team/report.html

check-units: $(UNIT_BIN)

# The build runs in a make of its own, after test-deps: an mpicc that
# test-deps has just installed is then found (MPI).
check: test-deps
	$(Q)$(MAKE) --no-print-directory all check-units
	$(Q)BUILD=$(BUILD) KAMPLAN=$(abspath $(BIN)) sh tests/run.sh

# valgrind: unit tests and every CLI case; any error or leak fails (99).
VALGRIND_CMD := valgrind -q --error-exitcode=99 --leak-check=full \
	--errors-for-leak-kinds=definite,indirect --show-leak-kinds=definite,indirect
test-valgrind: test-deps
	$(Q)$(MAKE) --no-print-directory all check-units
	$(Q)BUILD=$(BUILD) KAMPLAN="$(VALGRIND_CMD) $(abspath $(BIN))" \
	  VALGRIND="$(VALGRIND_CMD)" QUICK=1 BRUTE_INSTANCES=40 sh tests/run.sh

test-asan:
	$(Q)$(MAKE) --no-print-directory SANITIZE=address check

# libFuzzer on the input stage (tests/fuzz/README.md): clang with ASan and
# UBSan, a seed corpus packed from models/sample and tests/cases/*/in, and
# the saved regressions. New inputs go to build-fuzz/corpus, crashes to
# build-fuzz/crash-*. CI runs it for 60 s.
FUZZ_SECONDS ?= 300
FUZZ_FLAGS ?=
FUZZ_DIR := build-fuzz
fuzz-deps:
	$(Q)printf '%s\n' '#include <stdint.h>' '#include <stddef.h>' \
	  'int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n);' \
	  'int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n) { (void)d; (void)n; return 0; }' \
	  >/tmp/kp-fuzz-probe.c; \
	if ! clang -fsanitize=fuzzer,address,undefined -fopenmp /tmp/kp-fuzz-probe.c \
	    -o /tmp/kp-fuzz-probe >/dev/null 2>&1; then \
	  echo "installing: clang libclang-rt-dev libomp-dev"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	    clang libclang-rt-dev libomp-dev; \
	fi; rm -f /tmp/kp-fuzz-probe /tmp/kp-fuzz-probe.c

$(FUZZ_DIR)/fuzz_instance: tests/fuzz/fuzz_instance.c $(LIB)
	@echo "  LD      $@"
	$(Q)$(CC) $(ALL_CFLAGS) -fsanitize=fuzzer -o $@ $< $(LIB) $(ALL_LDLIBS)

fuzz: deps fuzz-deps
	$(Q)$(MAKE) --no-print-directory CC=clang SANITIZE=fuzzer $(FUZZ_DIR)/fuzz_instance
	$(Q)sh tests/fuzz/make_corpus.sh $(FUZZ_DIR)/seeds
	$(Q)mkdir -p $(FUZZ_DIR)/corpus
	$(Q)OMP_NUM_THREADS=2 $(FUZZ_DIR)/fuzz_instance -max_total_time=$(FUZZ_SECONDS) \
	  -timeout=30 -rss_limit_mb=2048 -max_len=16384 -print_final_stats=1 \
	  -dict=tests/fuzz/instance.dict -artifact_prefix=$(FUZZ_DIR)/ $(FUZZ_FLAGS) \
	  $(FUZZ_DIR)/corpus $(FUZZ_DIR)/seeds tests/fuzz/regressions

# helgrind on a small parallel solve (tests/helgrind.sh); libgomp's own
# reports are suppressed by tests/helgrind.supp.
test-helgrind: test-deps all
	$(Q)KAMPLAN=$(abspath $(BIN)) CC=$(CC) sh tests/helgrind.sh

# What CI runs: every pass once, on both cores. The plain build comes
# first (-Werror); then the valgrind pass, the longest, runs on one core
# while the other runs the plain pass (every suite, the timings), the
# ASan+UBSan pass, helgrind and 60 s of fuzzing, one after the other. make
# -O prints each side's output whole when it ends; the last line adds up
# the passes' totals (tests/run.sh writes them to $(TOTALS)). Work a pass
# would only repeat is left out of it: the ASan pass skips the two suites
# whose time is glpsol's and cbc's (PEERS=0), the valgrind pass the slower
# suites (QUICK=1) and fewer brute-force instances.
TOTALS := $(abspath build/test-totals)
test: test-deps
	$(Q)$(MAKE) --no-print-directory WERROR=1 all check-units
	$(Q)rm -f $(TOTALS) && mkdir -p $(dir $(TOTALS)) && : >$(TOTALS)
	$(Q)$(MAKE) --no-print-directory -j2 -O test-side-valgrind test-side-rest; rc=$$?; \
	  awk '{ p += $$1; f += $$2; n++ } END { printf "== every pass (%d)\n%d passed, %d failed\n", n, p, f }' \
	    $(TOTALS); exit $$rc

.PHONY: test-side-valgrind test-side-rest
test-side-valgrind:
	$(Q)TOTALS=$(TOTALS) $(MAKE) --no-print-directory test-valgrind
test-side-rest:
	$(Q)TOTALS=$(TOTALS) $(MAKE) --no-print-directory WERROR=1 check
	$(Q)TOTALS=$(TOTALS) PEERS=0 $(MAKE) --no-print-directory test-asan
	$(Q)$(MAKE) --no-print-directory test-helgrind
	$(Q)$(MAKE) --no-print-directory fuzz FUZZ_SECONDS=60

# kamplan.pc names its directories relative to ${prefix} where they lie
# under it, so that pkg-config --define-prefix can move them.
PC_LIBDIR := $(patsubst $(PREFIX)/%,$${prefix}/%,$(LIBDIR))
PC_INCLUDEDIR := $(patsubst $(PREFIX)/%,$${prefix}/%,$(INCLUDEDIR))

# Regenerated on every install: PREFIX may differ from the last one.
$(BUILD)/kamplan.pc: src/kamplan.pc.in include/kamplan.h FORCE
	@mkdir -p $(dir $@)
	$(Q)sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@LIBDIR@|$(PC_LIBDIR)|' \
	  -e 's|@INCLUDEDIR@|$(PC_INCLUDEDIR)|' -e 's|@VERSION@|$(VERSION)|' \
	  src/kamplan.pc.in >$@

FORCE:

INSTALLED := $(BINDIR)/kamplan $(LIBDIR)/libkamplan.a \
	$(LIBDIR)/libkamplan.so.$(VERSION) $(LIBDIR)/$(SONAME) \
	$(LIBDIR)/libkamplan.so $(INCLUDEDIR)/kamplan.h \
	$(LIBDIR)/pkgconfig/kamplan.pc $(MANDIR)/man1/kamplan.1

install: all $(BUILD)/kamplan.pc
	$(Q)install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(LIBDIR)/pkgconfig \
	  $(DESTDIR)$(INCLUDEDIR) $(DESTDIR)$(MANDIR)/man1
	$(Q)install -m 755 $(BIN) $(DESTDIR)$(BINDIR)/kamplan
	$(Q)install -m 644 $(LIB) $(DESTDIR)$(LIBDIR)/libkamplan.a
	$(Q)install -m 755 $(SHLIB) $(DESTDIR)$(LIBDIR)/libkamplan.so.$(VERSION)
	$(Q)ln -sf libkamplan.so.$(VERSION) $(DESTDIR)$(LIBDIR)/$(SONAME)
	$(Q)ln -sf $(SONAME) $(DESTDIR)$(LIBDIR)/libkamplan.so
	$(Q)install -m 644 include/kamplan.h $(DESTDIR)$(INCLUDEDIR)/kamplan.h
	$(Q)install -m 644 $(BUILD)/kamplan.pc $(DESTDIR)$(LIBDIR)/pkgconfig/kamplan.pc
	$(Q)install -m 644 src/kamplan.1 $(DESTDIR)$(MANDIR)/man1/kamplan.1
	@echo "installed into $(DESTDIR)$(PREFIX)"

uninstall:
	$(Q)rm -f $(addprefix $(DESTDIR),$(INSTALLED))

clean:
	rm -rf build build-asan build-ubsan build-tsan build-fuzz kamplan

-include $(LIB_OBJ:.o=.d) $(MAIN_OBJ:.o=.d)
