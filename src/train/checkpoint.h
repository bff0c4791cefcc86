// Checkpoints: everything needed to continue training exactly where it stopped.
// Binary layout (little-endian):
//   "EMBLCKPT"  u32 version (1)  u32 section count
//   per section: u32 name length, name, u64 byte length, bytes
//   u32 CRC-32 of everything before it
// Sections: "settings" (key=value lines: sizes, step, tokenizer, options), "E", "P",
// "W" (absent when tied), "b", "M" (the context table, with mix=context only; float32
// arrays), "optimizer" (moments and step count), "metrics" (metrics.csv up to this step,
// so a resumed run continues it exactly). A checkpoint without a mix setting predates
// the context mix and is read as mix=mean. Written atomically (temp + rename).
#pragma once
#include <map>
#include <string>
#include <vector>

#include "util/status.h"

namespace embedlab {

struct Checkpoint {
  std::map<std::string, std::string> settings;  // e.g. "V" -> "4096"
  std::map<std::string, std::string> sections;  // raw bytes by name
};

// The bytes of a checkpoint file.
std::string encode_checkpoint(const Checkpoint& ck);
// Parses bytes: validates magic, version, the checksum and every length against the
// size; `name` (the path) starts every error message. On error *ck is left empty.
Status decode_checkpoint(const std::string& bytes, const std::string& name, Checkpoint* ck);

// encode_checkpoint, written atomically.
Status save_checkpoint(const std::string& path, const Checkpoint& ck);
// read_file, then decode_checkpoint.
Status load_checkpoint(const std::string& path, Checkpoint* ck);

// Helpers for the sections and settings.
std::string floats_to_bytes(const std::vector<float>& v);
Status bytes_to_floats(const std::string& bytes, size_t expected, const std::string& what,
                       std::vector<float>* out);
Status setting_int(const Checkpoint& ck, const std::string& path, const std::string& key,
                   int64_t* out);

}  // namespace embedlab
