// libFuzzer target: the GPT-2 importer, Tokenizer::parse_gpt2 (what load_gpt2 runs on
// encoder.json and vocab.bpe). One input holds both files: encoder.json, the line
// "==== vocab.bpe ====", then vocab.bpe (split_gpt2_input in fuzz_checks.h). Proves,
// for every input: no crash, no out-of-bounds read, no undefined behaviour, no leak,
// no allocation beyond 2 GB; a rejection is a one-line message; and an imported
// tokenizer is whole (check_loaded_tokenizer): it saves in our format and loads
// again unchanged, and encodes and decodes the input itself back exactly.
#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz_checks.h"
#include "fuzz_util.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string bytes(reinterpret_cast<const char*>(data), size);
  if (std::string e = embedlab_fuzz::check_gpt2_import(bytes); !e.empty())
    embedlab_fuzz::fuzz_fail("GPT-2 import", e);
  return 0;
}
