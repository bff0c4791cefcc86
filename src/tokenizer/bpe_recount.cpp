#include "tokenizer/bpe_recount.h"

#include <map>
#include <unordered_map>

#include "tokenizer/merge.h"

namespace embedlab {

RecountTrainer::RecountTrainer(std::string_view text, Pattern p) {
  std::vector<std::string_view> all;
  pretokenize(p, text, &all);
  std::map<std::string_view, int64_t> count;  // byte order, so the pieces are too
  for (std::string_view piece : all) count[piece]++;
  for (const auto& [piece, n] : count) {
    pieces_.emplace_back(piece);
    words_.emplace_back(piece.begin(), piece.end());  // bytes as ids 0..255
    for (int32_t& id : words_.back()) id &= 0xFF;     // char may be signed
    counts_.push_back(n);
  }
}

bool RecountTrainer::merge(std::pair<int32_t, int32_t>* joined) {
  std::unordered_map<uint64_t, int64_t> count;
  count.reserve(pairs_);  // as many as last time: no rehashing on the way
  for (size_t w = 0; w < words_.size(); w++) {
    const std::vector<int32_t>& s = words_[w];
    for (size_t i = 0; i + 1 < s.size(); i++)
      count[uint64_t(uint32_t(s[i])) << 32 | uint32_t(s[i + 1])] += counts_[w];
  }
  pairs_ = count.size();
  if (count.empty()) return false;
  // The most frequent pair; among equal counts the smallest key, i.e. (a, b) in order.
  uint64_t best = 0;
  int64_t best_count = 0;
  for (const auto& [key, n] : count)
    if (n > best_count || (n == best_count && key < best)) best = key, best_count = n;
  const int32_t a = int32_t(best >> 32), b = int32_t(best & 0xFFFFFFFF);
  for (std::vector<int32_t>& s : words_) merge_pair(&s, a, b, next_id_);
  next_id_++;
  *joined = {a, b};
  return true;
}

void RecountTrainer::skip_to(const Tokenizer& t, int m) {
  Tokenizer first;  // identity byte ids, the first m merges of t
  for (int r = 0; r < m; r++) {
    const auto& [a, b] = t.merges()[size_t(r)];
    first.add_merge(a, b);
  }
  for (size_t w = 0; w < pieces_.size(); w++) {
    words_[w].clear();
    first.encode_piece(pieces_[w], &words_[w]);
  }
  next_id_ = 256 + m;
}

std::vector<std::pair<int32_t, int32_t>> recount_merges(std::string_view text, int merges,
                                                        Pattern p) {
  RecountTrainer ref(text, p);
  std::vector<std::pair<int32_t, int32_t>> out;
  for (std::pair<int32_t, int32_t> m; int(out.size()) < merges && ref.merge(&m);) out.push_back(m);
  return out;
}

size_t RecountTrainer::symbols() const {
  size_t n = 0;
  for (const auto& s : words_) n += s.size();
  return n;
}

}  // namespace embedlab
