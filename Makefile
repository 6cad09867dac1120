# ganstab — see README.md. `make help` lists the targets.
CC      ?= cc
CSTD    := -std=c11
WARN    := -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Werror
OPT     ?= -O2 -g
OPENBLAS_LIBDIR := $(shell pkg-config --variable=libdir openblas 2>/dev/null)
CPPFLAGS += -Iinclude -I/usr/include/cjson
# PLplot (SVG figures, src/render/plot_svg.c): its headers as system headers, so that -Wpedantic and
# -Wconversion judge our code, not theirs
PLPLOT_CFLAGS := $(patsubst -I%,-isystem %,$(shell pkg-config --cflags plplot 2>/dev/null))
PLPLOT_LIBS := $(or $(shell pkg-config --libs plplot 2>/dev/null),-lplplot)
CPPFLAGS += $(PLPLOT_CFLAGS)
# libxml2: the unit test of the figures parses the SVG it renders (tests/test_plot.c only)
XML_CFLAGS := $(patsubst -I%,-isystem %,$(shell pkg-config --cflags libxml-2.0 2>/dev/null))
XML_LIBS := $(or $(shell pkg-config --libs libxml-2.0 2>/dev/null),-lxml2)
# OpenMP (the GMM heatmap's parallel loop over cells): compile and link every object and binary
OMPFLAGS := -fopenmp
CFLAGS  += $(CSTD) $(WARN) $(OPT) $(OMPFLAGS)
LDFLAGS += $(OMPFLAGS)
LDLIBS  := $(PLPLOT_LIBS) -linih -lcjson -lmatheval -lgsl -llapacke $(if $(OPENBLAS_LIBDIR),-L$(OPENBLAS_LIBDIR)) -lopenblas -lm

BUILD   ?= build
# every folder of src/ but the CLI is the library (layers: docs/DESIGN.md)
LIB_SRC := $(sort $(filter-out src/cli/%,$(wildcard src/*/*.c)))
CLI_SRC := $(sort $(wildcard src/cli/*.c))
TEST_SRC := $(sort $(wildcard tests/test_*.c))
EXAMPLE_SRC := $(sort $(wildcard examples/*.c))
EXAMPLES := $(EXAMPLE_SRC:examples/%.c=$(BUILD)/examples/%)
LIB_OBJ := $(LIB_SRC:%.c=$(BUILD)/obj/%.o)
CLI_OBJ := $(CLI_SRC:%.c=$(BUILD)/obj/%.o)
TESTS   := $(TEST_SRC:tests/%.c=$(BUILD)/tests/%)
CASES   := $(sort $(wildcard cases/*.ini))

.PHONY: all clang fuzz examples test unit-test cli-test check-reports asan reports bench install-deps clean help format format-check
.DEFAULT_GOAL := all

all: $(BUILD)/ganstab $(BUILD)/libganstab.a ## build the CLI and the static library

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/' | sort

install-deps: ## install missing Debian packages (scripts/install-deps.sh)
	@sh scripts/install-deps.sh

$(BUILD)/obj/%.o: %.c $(wildcard include/ganstab/*.h src/*/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) -c $< -o $@

$(BUILD)/libganstab.a: $(LIB_OBJ)
	@mkdir -p $(dir $@)
	rm -f $@
	ar rcs $@ $^

$(BUILD)/ganstab: $(CLI_OBJ) $(BUILD)/libganstab.a
	$(CC) $(CFLAGS) $(LDFLAGS) $(CLI_OBJ) $(BUILD)/libganstab.a $(LDLIBS) -o $@

$(BUILD)/tests/%: tests/%.c $(BUILD)/libganstab.a tests/testutil.h
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(LDFLAGS) $< $(BUILD)/libganstab.a $(LDLIBS) -lcmocka -o $@

$(BUILD)/tests/test_plot: CPPFLAGS += $(XML_CFLAGS)
$(BUILD)/tests/test_plot: LDLIBS += $(XML_LIBS)

# The examples use the public headers only (include/ganstab/), as a program of a user would.
$(BUILD)/examples/%: examples/%.c $(BUILD)/libganstab.a
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(LDFLAGS) $< $(BUILD)/libganstab.a $(LDLIBS) -o $@

examples: $(EXAMPLES) ## build and run the C programs in examples/ (library use without a case file)
	@set -e; for e in $(EXAMPLES); do echo "== $$e"; $$e; done
	@bash tests/readme_example.sh $(BUILD)/examples/library

unit-test: $(TESTS)
	@set -e; for t in $(TESTS); do echo "== $$t"; $$t; done

cli-test: $(BUILD)/ganstab
	@GANSTAB=$(BUILD)/ganstab bash tests/cli/run.sh

check-reports: $(BUILD)/ganstab ## golden test: regenerate reports into a temp dir, diff with reports/
	@GANSTAB=$(BUILD)/ganstab bash tests/golden.sh

test: install-deps ## install deps, build, run every test (format, unit, CLI, golden, high-precision, ASan)
	$(MAKE) format-check
	$(MAKE) all
	$(MAKE) clang
	$(MAKE) unit-test
	$(MAKE) examples
	$(MAKE) cli-test
	$(MAKE) check-reports
	@GANSTAB=$(BUILD)/ganstab /usr/bin/python3 tests/check_highprec.py
	@GANSTAB=$(BUILD)/ganstab /usr/bin/python3 tests/check_optimizers.py
	@GANSTAB=$(BUILD)/ganstab /usr/bin/python3 tests/check_matrix.py
	$(MAKE) asan

clang: ## build the library, the CLI, the tests and the examples with clang into build-clang/
	$(MAKE) CC=clang BUILD=build-clang all $(TESTS:$(BUILD)/%=build-clang/%) \
	    $(EXAMPLES:$(BUILD)/%=build-clang/%)

# libFuzzer (clang): the library built with coverage, AddressSanitizer and UBSan into build-fuzz/,
# each target of tests/fuzz/ run for FUZZ_SECONDS from its seed corpus (a copy: the committed one
# is not changed). A crash leaves its input in build-fuzz/ and fails the target.
FUZZ_SECONDS ?= 30
FUZZ_SAN := -fsanitize=address,undefined -fno-sanitize-recover=all
fuzz: ## run the libFuzzer targets of tests/fuzz/ (FUZZ_SECONDS each)
	$(MAKE) CC=clang BUILD=build-fuzz \
	    OPT="-O1 -g -fsanitize=fuzzer-no-link $(FUZZ_SAN) -Wno-pass-failed" build-fuzz/libganstab.a
	@set -e; for t in $(wildcard tests/fuzz/fuzz_*.c); do \
	    name=$$(basename $$t .c); corpus=tests/fuzz/corpus-$${name#fuzz_}; corpus=$${corpus%_read}; \
	    clang $(CPPFLAGS) $(CSTD) -O1 -g -fsanitize=fuzzer $(FUZZ_SAN) $$t build-fuzz/libganstab.a \
	        $(LDLIBS) -fopenmp -o build-fuzz/$$name; \
	    rm -rf build-fuzz/corpus-$$name; mkdir -p build-fuzz/corpus-$$name; \
	    cp $$corpus/* build-fuzz/corpus-$$name/; \
	    echo "== $$name ($(FUZZ_SECONDS) s)"; \
	    status=0; (cd build-fuzz && ./$$name -max_total_time=$(FUZZ_SECONDS) -max_len=4096 \
	        corpus-$$name > $$name.log 2>&1) || status=$$?; \
	    tail -n 3 build-fuzz/$$name.log; \
	    if [ $$status -ne 0 ]; then echo "$$name: FAIL (build-fuzz/$$name.log)"; exit 1; fi; \
	done

asan: ## build into build-asan/ with AddressSanitizer+UBSan and run the unit and CLI tests
	$(MAKE) BUILD=build-asan OPT="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" \
	    LDFLAGS="-fsanitize=address,undefined $(OMPFLAGS)" all unit-test cli-test

# OpenBLAS chooses its kernels by CPU at run time, and a few last bits of LAPACK's results (the
# order dgeev returns eigenvalues of equal modulus in, a bisection bracket's width) follow them.
# The committed reports/ are generated with the Haswell (AVX2) kernels, which every AVX2 machine
# runs, so `make reports` and the golden test give the same bytes on any such host; without AVX2
# OpenBLAS keeps its own choice (tests/golden.sh does the same).
BLAS_PIN := $(if $(shell grep -qw avx2 /proc/cpuinfo 2>/dev/null && echo y),OPENBLAS_CORETYPE=$${OPENBLAS_CORETYPE:-Haswell})

reports: install-deps ## install deps, build, run every case in cases/, write reports/
	$(MAKE) all
	$(BLAS_PIN) $(BUILD)/ganstab report $(CASES) -o reports

format: ## apply .clang-format
	clang-format -i $(LIB_SRC) $(CLI_SRC) $(TEST_SRC) $(EXAMPLE_SRC) bench/*.c include/ganstab/*.h src/*/*.h tests/*.h

format-check: ## fail if a file is not clang-formatted
	clang-format --dry-run --Werror $(LIB_SRC) $(CLI_SRC) $(TEST_SRC) $(EXAMPLE_SRC) bench/*.c include/ganstab/*.h \
	    src/*/*.h tests/*.h

bench: install-deps all ## run bench/run.sh (writes bench/RESULTS.md)
	@BUILD=$(BUILD) bash bench/run.sh

$(BUILD)/bench/%: bench/%.c $(BUILD)/libganstab.a
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(LDFLAGS) $< $(BUILD)/libganstab.a $(LDLIBS) -o $@

clean: ## remove build outputs
	rm -rf build build-asan
