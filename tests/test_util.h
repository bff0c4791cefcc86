// Helpers shared by the tests: running the built programs and temporary folders.
#pragma once
#include <gtest/gtest.h>

#include <cstddef>
#include <string>
#include <vector>

namespace embedlab {
class Tokenizer;
}

namespace embedlab_test {

// True in the sanitizer build (make asan), where some heavy runs are made smaller.
constexpr bool sanitized() {
#if defined(__SANITIZE_ADDRESS__)
  return true;
#else
  return false;
#endif
}

// Folder with the built binaries (build/ or build/asan/), relative to the project root.
std::string build_dir();
// The embedlab program in build_dir().
std::string cli();
// A fresh empty folder under the system temp folder, removed at exit.
std::string temp_dir();
// A process id that no running process has: a child's that has exited and been
// reaped (what a crashed run leaves in its temp-file names). -1 if fork fails.
int dead_pid();
// Runs a shell command; returns its exit code and fills *output with stdout+stderr.
int run(const std::string& command, std::string* output);
// Runs a shell command with stdout and stderr kept apart; returns its exit code.
int run_split(const std::string& command, std::string* out, std::string* err);
// Succeeds when `command` exits with code 1 and prints exactly one line on stderr
// that starts with "embedlab" (the CLI's "embedlab <cmd>: <message>"), the contract
// for every bad input that reaches the command line.
// e.g. EXPECT_TRUE(fails_with_one_line(build_dir() + "/embedlab nosuch"));
testing::AssertionResult fails_with_one_line(const std::string& command);
// Writes a file (not atomically: test setup only).
void write_text(const std::string& path, const std::string& text);
std::string read_text(const std::string& path);
// Writes the first `bytes` bytes of corpus/toyworld.txt to `path`: a smaller corpus for
// runs that need the toy world's words but not all of its text.
void write_toyworld_prefix(const std::string& path, size_t bytes);
// The first n lines of a file, each with its newline.
std::string head_lines(const std::string& path, int n);
// GPT-2's encoder.json and vocab.bpe folder, or "" when `make gpt2` has not fetched them.
std::string gpt2_dir();
// The "step,train_loss,val_loss" columns of a metrics.csv text (its last column,
// tokens/s, is a timing and differs from run to run).
std::string metrics_losses(const std::string& csv);
// GPT-2's tokenizer, loaded once from gpt2_dir(); nullptr when the files are absent
// (a load failure with the files present is a test failure).
const embedlab::Tokenizer* gpt2_tokenizer();

// Regular expressions (ECMAScript syntax), compiled in test_util.cpp only: a file that
// instantiates std::regex takes about 15 s to build under the sanitizers, so the tests
// call these instead of <regex>.
// The groups of the first match of `pattern` in `text` (element 0 is the whole match);
// empty when nothing matches.
std::vector<std::string> regex_groups(const std::string& text, const std::string& pattern);
// Group `group` of every match of `pattern` in `text`, in order.
std::vector<std::string> regex_all(const std::string& text, const std::string& pattern,
                                   int group = 0);
// `text` with every match of `pattern` replaced by `with`.
std::string regex_replace_all(const std::string& text, const std::string& pattern,
                              const std::string& with);

// Declares `const Tokenizer* tok` = GPT-2's tokenizer, or skips the test with a message.
#define EMBEDLAB_REQUIRE_GPT2(tok)                                  \
  const embedlab::Tokenizer* tok = embedlab_test::gpt2_tokenizer(); \
  if (!tok) GTEST_SKIP() << "GPT-2's files are not in build/gpt2 (run make gpt2)"

// tiktoken's encoding `name` ("cl100k_base" or "o200k_base"), loaded once from
// build/tiktoken/; nullptr when its rank file is absent (a load failure with the
// file present is a test failure).
const embedlab::Tokenizer* tiktoken_tokenizer(const std::string& name);

// Declares `const Tokenizer* tok` = encoding `name`, or skips the test with a message.
#define EMBEDLAB_REQUIRE_TIKTOKEN(tok, name)                                              \
  const embedlab::Tokenizer* tok = embedlab_test::tiktoken_tokenizer(name);               \
  if (!tok) GTEST_SKIP() << "build/tiktoken/" << (name) << ".tiktoken is missing (run make " \
                            "tiktoken)"

}  // namespace embedlab_test
