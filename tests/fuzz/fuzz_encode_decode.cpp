// libFuzzer target: encode and decode, on the tokenizer trained on corpus/toyworld.txt
// (toyworld_tokenizer in fuzz_checks.h) and on GPT-2's when build/gpt2/ has its files.
// Proves, for every byte string the fuzzer tries, valid UTF-8 or not: no crash, no
// out-of-bounds read, no undefined behaviour, no leak, no hang; encode under every
// SpecialPolicy behaves as check_encode_decode states, in particular
// decode(encode(x)) == x; and the input read as 32-bit ids decodes exactly when every
// id is in the vocabulary, else fails with a one-line message.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "fuzz_checks.h"
#include "fuzz_util.h"

using namespace embedlab;

static std::vector<Tokenizer>* g_tokenizers;

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  g_tokenizers = new std::vector<Tokenizer>(1);
  Status s = embedlab_fuzz::toyworld_tokenizer(&g_tokenizers->back());
  if (!s.ok()) embedlab_fuzz::fuzz_fail("the toy-world tokenizer does not train", s.message());
  Tokenizer gpt2;
  if (Tokenizer::load_named("gpt2", &gpt2).ok()) g_tokenizers->push_back(std::move(gpt2));
  else std::fprintf(stderr, "fuzz_encode_decode: no GPT-2 files in build/gpt2/, trained tokenizer only\n");
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  for (size_t i = 0; i < g_tokenizers->size(); i++)
    if (std::string e = embedlab_fuzz::check_encode_decode((*g_tokenizers)[i], text); !e.empty())
      embedlab_fuzz::fuzz_fail(i == 0 ? "encode/decode, trained tokenizer" : "encode/decode, GPT-2",
                               e);
  return 0;
}
