// A token file: a stream of token ids, stored so that a wrong or damaged file is
// caught with a clear message instead of training on garbage.
//   offset  size  field
//        0     4  magic "ELTK" (embedlab tokens)
//        4     4  version (1)
//        8     4  vocab size V (every id is < V)
//       12     4  id width in bytes: 2 (uint16, when V <= 65536) or 4 (uint32)
//       16     8  count N
//       24   N*w  the ids, little-endian
//   24+N*w     4  CRC-32 of every byte before it
// All integers little-endian. e.g. ids {1, 2} with V = 3 -> 24 + 4 + 4 = 32 bytes.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "util/status.h"

namespace embedlab {

constexpr uint32_t kTokenFileVersion = 1;
constexpr size_t kTokenFileHeaderBytes = 24;

struct TokenFile {
  int vocab_size = 0;
  int id_width = 0;  // 2 or 4
  std::vector<int32_t> ids;
};

// The bytes of a token file. id_width 0 picks 2 when vocab_size <= 65536, else 4.
Status encode_token_file(const std::vector<int32_t>& ids, int vocab_size, int id_width,
                         std::string* out);
// Parses and validates bytes; `name` (the path) starts every error message.
Status decode_token_file(const std::string& bytes, const std::string& name, TokenFile* out);

// Writes atomically (path.tmp, then rename).
Status write_token_file(const std::string& path, const std::vector<int32_t>& ids, int vocab_size,
                        int id_width = 0);
Status read_token_file(const std::string& path, TokenFile* out);

}  // namespace embedlab
