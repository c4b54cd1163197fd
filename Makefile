# kamplan - layered Makefile.
#
#   make                 build ./kamplan and build/libkamplan.a
#   make run             build and solve the bundled sample into out/
#   make test            everything CI runs: the suite warning-free (-Werror),
#                        again under ASan+UBSan, under valgrind, helgrind on
#                        the parallel paths, and 60 s of fuzzing
#   make check           build and run the test suite once (tests/run.sh)
#   make SANITIZE=address   ASan+UBSan build (also: undefined, thread)
#   make fuzz            fuzz the input stage with libFuzzer (clang) for
#                        FUZZ_SECONDS (default 300); tests/fuzz/README.md
#   make test-helgrind   helgrind on parallel solves (tests/helgrind.sh)
#   make V=1             show the commands
#   make WERROR=1        turn warnings into errors (CI)
#   make deps            install the Debian packages the build and tests need
#
# The user's CFLAGS/LDFLAGS come last so they win.

CC      ?= cc
PREFIX  ?= /usr/local
DESTDIR ?=
BUILD   ?= build

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

CLI_SRC  := src/main.c $(wildcard src/cli_*.c)
LIB_SRC  := $(filter-out $(CLI_SRC),$(wildcard src/*.c))
LIB_OBJ  := $(LIB_SRC:src/%.c=$(BUILD)/%.o)
MAIN_OBJ := $(CLI_SRC:src/%.c=$(BUILD)/%.o)
LIB      := $(BUILD)/libkamplan.a
UNIT_SRC := $(wildcard tests/unit/test_*.c)
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)

ifeq ($(SANITIZE),)
BIN := kamplan
else
BIN := $(BUILD)/kamplan
endif

.PHONY: all deps run test check check-units test-asan test-valgrind clean \
	fuzz fuzz-deps test-helgrind

all: deps $(BIN)

# Installs what is missing, and nothing when all is there (cheap to run).
deps:
	$(Q)missing=""; \
	[ -f /usr/include/glpk.h ] || missing="$$missing libglpk-dev"; \
	[ -f /usr/include/csv.h ]  || missing="$$missing libcsv-dev"; \
	command -v glpsol >/dev/null || missing="$$missing glpk-utils"; \
	command -v cbc >/dev/null    || missing="$$missing coinor-cbc"; \
	command -v valgrind >/dev/null || missing="$$missing valgrind"; \
	command -v gcc >/dev/null    || missing="$$missing gcc"; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	fi

$(BIN): $(MAIN_OBJ) $(LIB)
	@echo "  LD      $@"
	$(Q)$(CC) -o $@ $(MAIN_OBJ) $(LIB) $(ALL_LDLIBS)

$(LIB): $(LIB_OBJ)
	@echo "  AR      $@"
	$(Q)rm -f $@ && ar rcs $@ $^

$(BUILD)/%.o: src/%.c | deps
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(CC) $(ALL_CFLAGS) -c -o $@ $<

# The replay test includes the fuzz target.
$(BUILD)/tests/test_fuzz_replay: tests/fuzz/fuzz_instance.c

$(BUILD)/tests/%: tests/unit/%.c tests/unit/harness.h $(LIB)
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(CC) $(ALL_CFLAGS) -Itests/unit -o $@ $< $(LIB) $(ALL_LDLIBS)

run: all
	./$(BIN) solve models/sample --out out

check-units: $(UNIT_BIN)

check: all $(UNIT_BIN)
	$(Q)BUILD=$(BUILD) KAMPLAN=$(abspath $(BIN)) sh tests/run.sh

# valgrind: unit tests and every CLI case; any error or leak fails (99).
VALGRIND_CMD := valgrind -q --error-exitcode=99 --leak-check=full \
	--errors-for-leak-kinds=definite,indirect --show-leak-kinds=definite,indirect
test-valgrind: all $(UNIT_BIN)
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
test-helgrind: all
	$(Q)KAMPLAN=$(abspath $(BIN)) CC=$(CC) sh tests/helgrind.sh

test:
	$(Q)$(MAKE) --no-print-directory WERROR=1 check
	$(Q)$(MAKE) --no-print-directory test-asan
	$(Q)$(MAKE) --no-print-directory test-valgrind
	$(Q)$(MAKE) --no-print-directory test-helgrind
	$(Q)$(MAKE) --no-print-directory fuzz FUZZ_SECONDS=60

clean:
	rm -rf build build-asan build-ubsan build-tsan build-fuzz kamplan

-include $(LIB_OBJ:.o=.d) $(MAIN_OBJ:.o=.d)
