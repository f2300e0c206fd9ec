# nianbao — build with `make`; tests with `make test` (ASan + UBSan build);
# benchmark with `make bench`.  Every dependency comes through pkg-config,
# except libharu, which Debian 12 ships without a .pc file.
CC      ?= cc
PKGS    := harfbuzz harfbuzz-subset freetype2 fontconfig libfyaml libunibreak libdeflate \
           libzip poppler-glib libxml-2.0
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS))
# The libraries only `nianbao import` uses are not linked: importlibs.c
# opens them on first use (linked, their loading cost every process 15 ms
# of CPU).  Their sonames, for dlopen, from the libraries themselves.
LAZY_PKGS  := libzip:zip poppler-glib:poppler-glib libxml-2.0:xml2
PKG_LIBS   := $(shell pkg-config --libs $(filter-out $(foreach p,$(LAZY_PKGS),$(word 1,$(subst :, ,$(p)))),$(PKGS)))
soname      = $(shell objdump -p $(shell pkg-config --variable=libdir $(1))/lib$(2).so 2>/dev/null | awk '/SONAME/ {print $$2}')
LAZY_CFLAGS := $(foreach p,$(LAZY_PKGS),$(if $(call soname,$(word 1,$(subst :, ,$(p))),$(word 2,$(subst :, ,$(p)))),\
    -DNB_SONAME_$(shell echo $(word 2,$(subst :, ,$(p))) | tr a-z- A-Z_)='"$(call soname,$(word 1,$(subst :, ,$(p))),$(word 2,$(subst :, ,$(p))))"'))
HPDF_CFLAGS := $(shell pkg-config --cflags libhpdf 2>/dev/null)
HPDF_LIBS   := $(shell pkg-config --libs libhpdf 2>/dev/null || echo -lhpdf)

WARN    := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
           -Wno-unused-parameter -Wformat=2
CFLAGS  ?= -O2 -g
ALL_CFLAGS := -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE $(WARN) \
              $(CFLAGS) $(PKG_CFLAGS) $(HPDF_CFLAGS) $(LAZY_CFLAGS)
LIBS    := $(PKG_LIBS) $(HPDF_LIBS) -lm -lpthread

SRCS    := $(sort $(wildcard src/*.c))
LIB_SRCS := $(filter-out src/main%.c,$(SRCS))

BUILD   ?= build/release
OBJS    := $(SRCS:src/%.c=$(BUILD)/%.o)
LIB_OBJS := $(LIB_SRCS:src/%.c=$(BUILD)/%.o)

.PHONY: all test check bench clean examples asan tsan install uninstall lint valgrind alloc-walk fuzz fuzz-build lib-objs

all: nianbao

nianbao: $(BUILD)/nianbao
	cp $< $@

$(BUILD)/nianbao: $(OBJS)
	$(CC) $(ALL_CFLAGS) -o $@ $^ $(LIBS)

$(BUILD)/%.o: src/%.c | $(BUILD)
	$(CC) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

$(BUILD):
	mkdir -p $@

-include $(OBJS:.o=.d)

# ---- tests: the whole program and the unit tests under ASan + UBSan ----
ASAN_FLAGS := -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer \
              -fno-sanitize-recover=undefined
UNIT_SRCS  := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BINS  := $(UNIT_SRCS:tests/unit/%.c=build/asan/tests/%)

# The sanitizer build is a second run of this Makefile with BUILD changed.
asan:
	@$(MAKE) --no-print-directory BUILD=build/asan CFLAGS="$(ASAN_FLAGS)" build/asan/nianbao

build/asan/tests/%: tests/unit/%.c tests/unit/fixture.h asan
	@mkdir -p $(dir $@)
	$(CC) -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE $(ASAN_FLAGS) \
	    $(PKG_CFLAGS) $(HPDF_CFLAGS) -Isrc -o $@ $< \
	    $(LIB_SRCS:src/%.c=build/asan/%.o) \
	    $(LIBS) $(shell pkg-config --libs cmocka)

# ThreadSanitizer build: the batch's worker threads on one shared run context.
tsan:
	@$(MAKE) --no-print-directory BUILD=build/tsan CFLAGS="-O1 -g -fsanitize=thread" build/tsan/nianbao

# The fuzz targets, replayed over their corpus under ASan by `make test`
# (defined before the rule: make expands prerequisites as it reads them).
FUZZ_TARGETS := $(patsubst tests/fuzz/%.c,%,$(wildcard tests/fuzz/fuzz_*.c))
REPLAY_BINS  := $(FUZZ_TARGETS:%=build/asan/fuzz/%)

test check: nianbao asan tsan $(UNIT_BINS) $(REPLAY_BINS)
	tests/run.sh

# ---- fuzzing: libFuzzer targets tests/fuzz/fuzz_*.c (clang), each run for
# FUZZ_TIME seconds on its corpus (seeds and regressions in
# tests/fuzz/corpus/TARGET, what it finds in build/fuzz/corpus/TARGET).
# A budget in executions instead: FUZZ_RUNS=1000000 FUZZ_TIME=0 (0: no time
# limit); FUZZ_ONLY=fuzz_style runs one target.
# `make test` replays the corpus through the same targets under ASan.
FUZZ_FLAGS   := -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined \
                -fno-sanitize-recover=undefined
FUZZ_TIME    ?= 60
FUZZ_RUNS    ?= -1
FUZZ_BINS    := $(FUZZ_TARGETS:%=build/fuzz/%)

lib-objs: $(LIB_OBJS)

fuzz-build:
	@$(MAKE) --no-print-directory BUILD=build/fuzz CC=$(CLANG) \
	    CFLAGS="$(FUZZ_FLAGS) -fsanitize=fuzzer-no-link" lib-objs
	@$(MAKE) --no-print-directory $(FUZZ_BINS)

build/fuzz/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz.h $(LIB_SRCS:src/%.c=build/fuzz/%.o)
	$(CLANG) -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE $(FUZZ_FLAGS) -fsanitize=fuzzer \
	    $(PKG_CFLAGS) $(HPDF_CFLAGS) -Isrc -o $@ $< $(LIB_SRCS:src/%.c=build/fuzz/%.o) $(LIBS)

build/asan/fuzz/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz.h tests/fuzz/replay.c asan
	@mkdir -p $(dir $@)
	$(CC) -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE $(ASAN_FLAGS) \
	    $(PKG_CFLAGS) $(HPDF_CFLAGS) -Isrc -o $@ $< tests/fuzz/replay.c \
	    $(LIB_SRCS:src/%.c=build/asan/%.o) $(LIBS)

fuzz: fuzz-build
	@mkdir -p build/fuzz/artifacts
	@for t in $(or $(FUZZ_ONLY),$(FUZZ_TARGETS)); do \
	    mkdir -p build/fuzz/corpus/$$t; \
	    echo "== $$t ($(FUZZ_TIME) s, $(FUZZ_RUNS) runs; 0 s, -1 runs: no limit)"; \
	    ASAN_OPTIONS=detect_leaks=1 LSAN_OPTIONS=suppressions=$(CURDIR)/tests/fuzz/lsan.supp build/fuzz/$$t -max_total_time=$(FUZZ_TIME) -runs=$(FUZZ_RUNS) -timeout=20 \
	        -rss_limit_mb=3072 -max_len=65536 -print_final_stats=1 \
	        -artifact_prefix=build/fuzz/artifacts/$$t- \
	        $$( [ -f tests/fuzz/$$t.dict ] && echo -dict=tests/fuzz/$$t.dict ) \
	        build/fuzz/corpus/$$t tests/fuzz/corpus/$$t 2>&1 \
	        | grep -E '^(Done|stat::number_of_executed_units|stat::peak_rss|==[0-9]+==ERROR|SUMMARY|artifact_prefix|Test unit written)' ; \
	done

# The allocation-failure walk over the render of every example
# (tests/t_alloc.sh; `make test` walks one).
alloc-walk: asan
	NIANBAO=build/asan/nianbao ALLOC_WALK_INPUTS="$(wildcard examples/*.yaml)" bash tests/t_alloc.sh

# ---- static checks: -Werror under gcc and clang, cppcheck; valgrind ----
CLANG ?= clang-14
lint:
	@$(MAKE) --no-print-directory BUILD=build/werror-gcc CFLAGS="-O2 -g -Werror" build/werror-gcc/nianbao
	@$(MAKE) --no-print-directory BUILD=build/werror-clang CC=$(CLANG) CFLAGS="-O2 -g -Werror" \
	    build/werror-clang/nianbao
	cppcheck -q --error-exitcode=1 --std=c11 --enable=warning,portability,performance \
	    --inline-suppr -D__GNUC__ -Isrc src/*.c

# Every example rendered under valgrind (memcheck, leaks): exit 1 on any report.
valgrind: nianbao
	@mkdir -p build/valgrind
	@for f in examples/*.yaml; do \
	    valgrind -q --error-exitcode=1 --leak-check=full --errors-for-leak-kinds=definite,indirect \
	        ./nianbao render "$$f" -o build/valgrind/out.pdf || exit 1; done

bench: nianbao
	bench/run.sh
	bench/batch.sh

examples: nianbao
	@mkdir -p out
	@for f in examples/*.yaml; do \
	    ./nianbao render "$$f" -o "out/$$(basename $${f%.yaml}).pdf" || exit 1; \
	    echo "out/$$(basename $${f%.yaml}).pdf"; done

clean:
	rm -rf build nianbao out


# ---- install: the binary, its data under share/nianbao (found from the
# binary's own place, no NIANBAO_DATA needed), the man page, bash completion.
PREFIX  ?= /usr/local
BINDIR  := $(PREFIX)/bin
DATADIR := $(PREFIX)/share/nianbao
MANDIR  := $(PREFIX)/share/man/man1
COMPDIR := $(PREFIX)/share/bash-completion/completions
DOCDIR  := $(PREFIX)/share/doc/nianbao

install: nianbao
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(DATADIR)/layouts/forms $(DESTDIR)$(DATADIR)/fonts \
	    $(DESTDIR)$(MANDIR) $(DESTDIR)$(COMPDIR) $(DESTDIR)$(DOCDIR)
	install -m 755 nianbao $(DESTDIR)$(BINDIR)/nianbao
	install -m 644 layouts/*.yaml $(DESTDIR)$(DATADIR)/layouts/
	install -m 644 layouts/forms/*.yaml $(DESTDIR)$(DATADIR)/layouts/forms/
	install -m 644 fonts/*.otf fonts/COPYING.fandol fonts/README.fandol fonts/SHA256SUMS \
	    $(DESTDIR)$(DATADIR)/fonts/
	install -m 644 docs/nianbao.1 $(DESTDIR)$(MANDIR)/nianbao.1
	install -m 644 docs/nianbao.bash-completion $(DESTDIR)$(COMPDIR)/nianbao
	install -m 644 docs/填写说明.md docs/版式说明.md $(DESTDIR)$(DOCDIR)/

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/nianbao $(DESTDIR)$(MANDIR)/nianbao.1 $(DESTDIR)$(COMPDIR)/nianbao
	rm -rf $(DESTDIR)$(DATADIR) $(DESTDIR)$(DOCDIR)
