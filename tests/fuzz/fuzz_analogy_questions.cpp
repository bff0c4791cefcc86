// libFuzzer target: the analogy-questions reader, parse_analogy_questions (what
// read_analogy_questions and `embedlab eval-analogies` run on the file's text).
// Proves, for every input: no crash, no out-of-bounds read, no undefined behaviour,
// no leak; a rejection is a one-line message; what loads is named sections of
// questions of four lowercase words, and written back in the file format it parses
// to the same sections and questions (check_analogy_questions in fuzz_checks.h).
#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz_checks.h"
#include "fuzz_util.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string bytes(reinterpret_cast<const char*>(data), size);
  if (std::string e = embedlab_fuzz::check_analogy_questions(bytes); !e.empty())
    embedlab_fuzz::fuzz_fail("analogy questions", e);
  return 0;
}
