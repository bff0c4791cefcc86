// tiktoken's rank files, and the encodings load_named knows by name.
// A rank file (cl100k_base.tiktoken) has one line per token, "base64 rank", ranks
// counting up from 0; rank r is the bytes of id r:
//   IQ== 0          "!" is id 0
//   IG4= 308        " n" is id 308 (cl100k_base)
// The file holds no special tokens and no pattern: load_named adds cl100k_base's and
// o200k_base's from the table below (tiktoken's own, which the parity fixtures record).
#include <string_view>

#include "tokenizer/file_reading.h"
#include "tokenizer/tokenizer.h"
#include "util/file.h"

namespace embedlab {

namespace {

// One character of standard base64 (A-Z a-z 0-9 + /) -> 0..63, or -1.
int base64_value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

// Strict base64: whole groups of 4 characters, '=' only as the padding of the last
// group, and the bits the padding drops all zero (so the same bytes have one spelling).
bool base64_decode(std::string_view in, std::string* out) {
  out->clear();
  if (in.empty() || in.size() % 4 != 0) return false;
  for (size_t i = 0; i < in.size(); i += 4) {
    const bool last = i + 4 == in.size();
    const int pad = last ? (in[i + 3] == '=') + (in[i + 3] == '=' && in[i + 2] == '=') : 0;
    uint32_t v = 0;
    for (int k = 0; k < 4; k++) {
      const int d = k >= 4 - pad ? 0 : base64_value(in[i + size_t(k)]);
      if (d < 0) return false;
      v = v << 6 | uint32_t(d);
    }
    if ((pad == 1 && (v & 0xFF)) || (pad == 2 && (v & 0xFFFF))) return false;
    out->push_back(char(v >> 16));
    if (pad < 2) out->push_back(char(v >> 8 & 0xFF));
    if (pad < 1) out->push_back(char(v & 0xFF));
  }
  return true;
}

// The tiktoken encodings load_named knows: the rank file's name, the pattern, the
// special tokens.
struct NamedSpecial {
  const char* text;
  int32_t id;
};
struct TiktokenEncoding {
  const char* name;
  Pattern pattern;
  NamedSpecial specials[5];
  int n_specials;
};
const TiktokenEncoding kTiktokenEncodings[] = {
    {"cl100k_base",
     Pattern::kCl100k,
     {{"<|endoftext|>", 100257},
      {"<|fim_prefix|>", 100258},
      {"<|fim_middle|>", 100259},
      {"<|fim_suffix|>", 100260},
      {"<|endofprompt|>", 100276}},
     5},
    {"o200k_base", Pattern::kO200k, {{"<|endoftext|>", 199999}, {"<|endofprompt|>", 200018}}, 2},
};

const TiktokenEncoding* tiktoken_encoding(const std::string& name) {
  for (const TiktokenEncoding& e : kTiktokenEncodings)
    if (name == e.name) return &e;
  return nullptr;
}

// tiktoken_dir()/NAME.tiktoken with e's specials and pattern.
Status load_tiktoken_encoding(const TiktokenEncoding& e, Tokenizer* out) {
  const std::string path = path_join(tiktoken_dir(), std::string(e.name) + ".tiktoken");
  if (!file_exists(path))
    return Status::io_error(path + " is missing (run 'make tiktoken' to fetch " + e.name +
                            "'s ranks)");
  Tokenizer t;
  EMBEDLAB_RETURN_IF_ERROR(Tokenizer::load_tiktoken(path, &t));
  for (int i = 0; i < e.n_specials; i++)
    EMBEDLAB_RETURN_IF_ERROR(
        t.add_special(e.specials[i].text, e.specials[i].id, true).with_context(path));
  t.set_pattern(e.pattern);
  *out = std::move(t);
  return Status();
}

}  // namespace

bool is_named_encoding(const std::string& name) {
  return name == "gpt2" || tiktoken_encoding(name) != nullptr;
}

Status Tokenizer::load_tiktoken(const std::string& path, Tokenizer* out) {
  std::string data;
  EMBEDLAB_RETURN_IF_ERROR(read_file(path, &data));
  return parse_tiktoken(data, path, out);
}

Status Tokenizer::parse_tiktoken(const std::string& data, const std::string& name, Tokenizer* out) {
  if (data.empty()) return Status::bad_input(name + ": empty file, expected tiktoken ranks ('base64 rank' lines)");
  LineReader r(name, data);
  std::vector<std::string> tokens;
  std::string line, bytes;
  while (r.next(&line)) {
    const size_t sp = line.find(' ');
    if (sp == std::string::npos || line.find(' ', sp + 1) != std::string::npos)
      return r.error("expected 'BASE64 RANK'");
    if (!base64_decode(std::string_view(line).substr(0, sp), &bytes))
      return r.error("'" + printable(line.substr(0, sp)) + "' is not base64 of a token's bytes");
    size_t pos = sp + 1;
    long rank = 0;
    if (!parse_digits(line, &pos, &rank) || pos != line.size())
      return r.error("rank '" + printable(line.substr(sp + 1)) + "' is not a whole number");
    if (size_t(rank) != tokens.size())
      return r.error("rank " + std::to_string(rank) + " out of order: expected " +
                     std::to_string(tokens.size()) + " (ranks count up from 0, one per line)");
    tokens.push_back(bytes);  // from_ranks finds the duplicates
  }
  size_t at = 0;
  Tokenizer t;
  if (Status s = from_ranks(tokens, &t, &at); !s.ok())
    return Status::bad_input(name + ":" + std::to_string(at + 1) + ": " + s.message());
  *out = std::move(t);
  return Status();
}

Status Tokenizer::load_named(const std::string& name, Tokenizer* out) {
  if (name == "gpt2") {
    const std::string dir = gpt2_dir();
    std::string ej = path_join(dir, "encoder.json"), vb = path_join(dir, "vocab.bpe");
    if (!file_exists(ej) || !file_exists(vb))
      return Status::io_error("GPT-2's files are not in " + dir +
                              "/ (run 'make gpt2' in the project to fetch them, or set "
                              "EMBEDLAB_DATA to the folder that holds gpt2/)");
    return load_gpt2(ej, vb, out);
  }
  if (const TiktokenEncoding* e = tiktoken_encoding(name)) return load_tiktoken_encoding(*e, out);
  return load(name, out);
}

}  // namespace embedlab
