# kamplan - layered Makefile.
#
#   make                 build ./kamplan and build/libkamplan.a
#   make run             build and solve the bundled sample into out/
#   make test            everything CI runs: the suite warning-free (-Werror),
#                        again under ASan+UBSan, and under valgrind
#   make check           build and run the test suite once (tests/run.sh)
#   make SANITIZE=address   ASan+UBSan build (also: undefined, thread)
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

.PHONY: all deps run test check check-units test-asan test-valgrind clean

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

test:
	$(Q)$(MAKE) --no-print-directory WERROR=1 check
	$(Q)$(MAKE) --no-print-directory test-asan
	$(Q)$(MAKE) --no-print-directory test-valgrind

clean:
	rm -rf build build-asan build-ubsan build-tsan kamplan

-include $(LIB_OBJ:.o=.d) $(MAIN_OBJ:.o=.d)
