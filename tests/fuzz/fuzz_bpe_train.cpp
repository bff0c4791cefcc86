// libFuzzer target: BPE training against the recount-every-merge reference (a
// differential target). The first byte picks the split and the number of merges, the
// rest is the corpus. Proves, for every input the fuzzer tries, valid UTF-8 or not: no
// crash, no out-of-bounds access, no undefined behaviour, no leak in the trainer's flat
// arrays and piece table; the same merges as the reference, in the same order (ties
// included); a one-line error, naming how many merges were possible, when the corpus
// allows fewer; and a trained tokenizer that saves, loads and round-trips the corpus.
// (check_bpe_train in fuzz_checks.h.)
#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz_checks.h"
#include "fuzz_util.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string bytes(reinterpret_cast<const char*>(data), size);
  if (std::string e = embedlab_fuzz::check_bpe_train(bytes); !e.empty())
    embedlab_fuzz::fuzz_fail("bpe_train", e);
  return 0;
}
