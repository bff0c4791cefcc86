// libFuzzer target: the checkpoint reader, decode_checkpoint (what load_checkpoint
// runs on the file's bytes), then model_from_checkpoint (what load_model runs next).
// Proves, for every input (as given, and with its checksum repaired so the section
// parser and the shape checks run too): no crash, no out-of-bounds read, no
// undefined behaviour, no leak, no allocation beyond libFuzzer's limit (2 GB); a
// rejection is a one-line message; and a loaded checkpoint survives
// decode(encode(ck)) unchanged.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "fuzz_util.h"
#include "train/checkpoint.h"
#include "train/trainer.h"

using namespace embedlab;
using embedlab_fuzz::fuzz_fail;

static void check(const std::string& bytes) {
  Checkpoint ck;
  Status s = decode_checkpoint(bytes, "fuzz.ckpt", &ck);
  embedlab_fuzz::check_one_line(s);
  if (!s.ok()) return;
  Checkpoint again;
  s = decode_checkpoint(encode_checkpoint(ck), "again.ckpt", &again);
  if (!s.ok()) fuzz_fail("a loaded checkpoint does not load again", s.message());
  if (again.settings != ck.settings || again.sections != ck.sections)
    fuzz_fail("decode(encode(ck)) != ck", std::to_string(bytes.size()) + " bytes");
  std::unique_ptr<Model> model;
  TrainConfig cfg;
  embedlab_fuzz::check_one_line(model_from_checkpoint(ck, "fuzz.ckpt", &model, &cfg));
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string bytes(reinterpret_cast<const char*>(data), size);
  check(bytes);
  check(embedlab_fuzz::with_crc_repaired(bytes));
  return 0;
}
