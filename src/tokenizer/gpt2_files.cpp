// GPT-2's files: encoder.json maps each token (in the byte stand-ins of
// text/byte_unicode.h) to its id; vocab.bpe lists the merges in rank order, one
// "left right" pair of stand-in strings per line after a "#version" line.
//   encoder.json  {"!": 0, ..., "Ġ": 220, ..., "Ġt": 256, ..., "<|endoftext|>": 50256}
//   vocab.bpe     #version: 0.2
//                 Ġ t            merge 0: ids 220 and 83 make 256, "Ġt" in encoder.json
// Every merge must make the id 256 + its rank, and every id must be a byte, a merge or
// <|endoftext|>, so the loaded tokenizer numbers tokens exactly as GPT-2 does.
#include <unordered_map>

#include "text/byte_unicode.h"
#include "tokenizer/file_reading.h"
#include "tokenizer/json.h"
#include "tokenizer/tokenizer.h"
#include "util/file.h"

namespace embedlab {

namespace {

using TokenIds = std::unordered_map<std::string, long>;  // token bytes -> id

// The ids of the 256 single bytes, each between 0 and 255.
Status set_gpt2_byte_ids(const TokenIds& by_bytes, const std::string& encoder_json, Tokenizer* t) {
  std::vector<int32_t> byte_ids(256);
  for (int b = 0; b < 256; b++) {
    auto it = by_bytes.find(std::string(1, char(b)));
    if (it == by_bytes.end() || it->second < 0 || it->second > 255)
      return Status::bad_input(encoder_json + ": byte " + std::to_string(b) +
                               " has no id between 0 and 255");
    byte_ids[size_t(b)] = int32_t(it->second);
  }
  return t->set_byte_ids(byte_ids).with_context(encoder_json);
}

// One line "left right" of vocab.bpe: the merge of rank t->num_merges().
Status add_gpt2_merge(const std::string& line, const TokenIds& by_bytes,
                      const std::string& encoder_json, const LineReader& r, Tokenizer* t,
                      size_t* total) {
  size_t sp = line.find(' ');
  if (sp == std::string::npos || line.find(' ', sp + 1) != std::string::npos)
    return r.error("expected a merge 'left right'");
  std::string left, right;
  for (auto [part, bytes] : {std::pair{line.substr(0, sp), &left}, {line.substr(sp + 1), &right}})
    if (Status s = display_to_bytes(part, bytes); !s.ok()) return r.error(s.message());
  auto a = by_bytes.find(left), b = by_bytes.find(right), ab = by_bytes.find(left + right);
  if (a == by_bytes.end() || b == by_bytes.end() || ab == by_bytes.end())
    return r.error("merge '" + line + "' uses a token missing from " + encoder_json);
  if (a->second >= t->vocab_size() || b->second >= t->vocab_size())
    return r.error("merge '" + line + "' uses a token defined by a later merge");
  if (ab->second != t->vocab_size())
    return r.error("merge '" + line + "' makes id " + std::to_string(ab->second) + " in " +
                   encoder_json + ", expected " + std::to_string(t->vocab_size()) +
                   " (256 + its rank)");
  if (Status s = add_checked_merge(t, t->num_merges(), a->second, b->second, total); !s.ok())
    return r.error(s.message());
  return Status();
}

// Every merge of vocab.bpe, in rank order.
Status add_gpt2_merges(const std::string& vb, const std::string& vocab_bpe,
                       const TokenIds& by_bytes, const std::string& encoder_json, Tokenizer* t) {
  LineReader r(vocab_bpe, vb);
  std::string line;
  bool first = true;
  size_t total = 0;
  while (r.next(&line)) {
    // Only the first line is a comment ("#version: 0.2"): "# #" later is a real merge.
    const bool comment = first && line.compare(0, 8, "#version") == 0;
    first = false;
    if (comment || line.empty()) continue;
    EMBEDLAB_RETURN_IF_ERROR(add_gpt2_merge(line, by_bytes, encoder_json, r, t, &total));
  }
  return Status();
}

}  // namespace

Status Tokenizer::load_gpt2(const std::string& encoder_json, const std::string& vocab_bpe,
                            Tokenizer* out) {
  std::string ej, vb;
  EMBEDLAB_RETURN_IF_ERROR(read_file(encoder_json, &ej));
  EMBEDLAB_RETURN_IF_ERROR(read_file(vocab_bpe, &vb));
  return parse_gpt2(ej, encoder_json, vb, vocab_bpe, out);
}

Status Tokenizer::parse_gpt2(const std::string& ej, const std::string& encoder_json,
                             const std::string& vb, const std::string& vocab_bpe,
                             Tokenizer* out) {
  TokenIds enc;
  EMBEDLAB_RETURN_IF_ERROR(parse_json_ids(encoder_json, ej, &enc));
  TokenIds by_bytes;  // from the stand-in strings
  for (const auto& kv : enc) {
    std::string bytes;
    if (kv.first == "<|endoftext|>") continue;
    EMBEDLAB_RETURN_IF_ERROR(display_to_bytes(kv.first, &bytes).with_context(encoder_json));
    by_bytes[bytes] = kv.second;
  }
  Tokenizer t;
  EMBEDLAB_RETURN_IF_ERROR(set_gpt2_byte_ids(by_bytes, encoder_json, &t));
  EMBEDLAB_RETURN_IF_ERROR(add_gpt2_merges(vb, vocab_bpe, by_bytes, encoder_json, &t));
  auto eot = enc.find("<|endoftext|>");
  if (eot != enc.end())
    EMBEDLAB_RETURN_IF_ERROR(
        t.add_special("<|endoftext|>", int32_t(eot->second)).with_context(encoder_json));
  if (size_t(t.vocab_size()) != enc.size())
    return Status::bad_input(encoder_json + ": has " + std::to_string(enc.size()) +
                             " tokens but the merges and specials make " +
                             std::to_string(t.vocab_size()));
  t.set_pattern(Pattern::kGpt2);
  *out = std::move(t);
  return Status();
}

}  // namespace embedlab
