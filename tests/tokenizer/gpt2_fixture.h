// Reader for the reference data used by the tokenizer tests:
// tests/fixtures/gpt2_parity*.txt, cl100k_base_parity*.txt and o200k_base_parity*.txt,
// texts and tiktoken's ids, written by tests/fixtures/make_gpt2_fixtures.mjs (the
// format is described there).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "util/status.h"

namespace embedlab_test {

struct Gpt2Case {
  std::string name;
  std::string text;  // bytes
  std::vector<int32_t> ids;
};

struct Gpt2Fixture {
  std::string tiktoken_version;  // e.g. "1.0.22"
  std::string encoding;          // "gpt2", "cl100k_base" or "o200k_base"
  std::vector<std::pair<std::string, int32_t>> specials;  // text, id (not listed for gpt2)
  std::vector<Gpt2Case> cases;
};

// Checks the count line and the CRC-32 line, so a truncated or edited file fails.
embedlab::Status read_gpt2_fixture(const std::string& path, Gpt2Fixture* out);

}  // namespace embedlab_test
