// Helpers shared by the tests: running the built programs and temporary folders.
#pragma once
#include <string>

namespace embedlab_test {

// Folder with the built binaries (build/ or build/asan/), relative to the project root.
std::string build_dir();
// A fresh empty folder under the system temp folder, removed at exit.
std::string temp_dir();
// Runs a shell command; returns its exit code and fills *output with stdout+stderr.
int run(const std::string& command, std::string* output);
// Writes a file (not atomically: test setup only).
void write_text(const std::string& path, const std::string& text);
std::string read_text(const std::string& path);
// GPT-2's encoder.json and vocab.bpe folder, or "" when `make gpt2` has not fetched them.
std::string gpt2_dir();

}  // namespace embedlab_test
