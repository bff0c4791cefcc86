// libFuzzer target: the token-ID file reader, decode_token_file.
// Proves, for every input the fuzzer tries (as given, and with its checksum
// repaired so the checks behind it run too): no crash, no out-of-bounds read, no
// undefined behaviour, no leak; a rejection is a one-line message; and whatever
// loads is a valid stream (every id < V, width 2 or 4) that encodes back to exactly
// the input bytes, so the reader accepts one spelling of each file and nothing else.
#include <cstddef>
#include <cstdint>
#include <string>

#include "data/token_file.h"
#include "fuzz_util.h"

using namespace embedlab;
using embedlab_fuzz::fuzz_fail;

static void check(const std::string& bytes) {
  TokenFile f;
  Status s = decode_token_file(bytes, "fuzz.tok", &f);
  embedlab_fuzz::check_one_line(s);
  if (!s.ok()) return;
  if (f.id_width != 2 && f.id_width != 4) fuzz_fail("id width", std::to_string(f.id_width));
  for (int32_t id : f.ids)
    if (id < 0 || id >= f.vocab_size) fuzz_fail("id outside the vocabulary", std::to_string(id));
  std::string again;
  s = encode_token_file(f.ids, f.vocab_size, f.id_width, &again);
  if (!s.ok()) fuzz_fail("a loaded file does not encode", s.message());
  if (again != bytes) fuzz_fail("encode(decode(x)) != x", std::to_string(bytes.size()) + " bytes");
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string bytes(reinterpret_cast<const char*>(data), size);
  check(bytes);
  check(embedlab_fuzz::with_crc_repaired(bytes));
  return 0;
}
