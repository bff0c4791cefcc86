#include "tokenizer/tokenizer.h"

#include <algorithm>
#include <queue>

#include "tokenizer/merge.h"

namespace embedlab {

const char kGpt2Dir[] = "build/gpt2";

static inline uint64_t pair_key(int32_t a, int32_t b) {
  return uint64_t(uint32_t(a)) << 32 | uint32_t(b);
}

Tokenizer::Tokenizer() {
  byte_ids_.resize(256);
  for (int b = 0; b < 256; b++) {
    byte_ids_[size_t(b)] = b;
    token_bytes_.push_back(std::string(1, char(b)));
  }
}

Status Tokenizer::set_byte_ids(const std::vector<int32_t>& ids) {
  if (ids.size() != 256) return Status::bad_input("byte ids: expected 256 entries");
  std::vector<char> seen(256, 0);
  for (int32_t id : ids) {
    if (id < 0 || id > 255 || seen[size_t(id)])
      return Status::bad_input("byte ids: expected a permutation of 0..255");
    seen[size_t(id)] = 1;
  }
  byte_ids_ = ids;
  for (int b = 0; b < 256; b++) token_bytes_[size_t(ids[size_t(b)])] = std::string(1, char(b));
  cache_.clear();
  return Status();
}

bool Tokenizer::has_identity_bytes() const {
  for (int b = 0; b < 256; b++)
    if (byte_ids_[size_t(b)] != b) return false;
  return true;
}

void Tokenizer::add_merge(int32_t a, int32_t b) {
  int32_t rank = int32_t(merges_.size());
  merges_.emplace_back(a, b);
  rank_.emplace(pair_key(a, b), rank);
  token_bytes_.push_back(token_bytes_[size_t(a)] + token_bytes_[size_t(b)]);
  cache_.clear();
}

Status Tokenizer::add_special(const std::string& text, int32_t id) {
  if (text.empty()) return Status::bad_input("special token: empty text");
  if (id != vocab_size())
    return Status::bad_input("special token '" + printable(text) + "' has id " + std::to_string(id) +
                             ", expected the next free id " + std::to_string(vocab_size()));
  for (const SpecialToken& s : specials_)
    if (s.text == text) return Status::bad_input("special token '" + printable(text) + "' given twice");
  specials_.push_back({text, id});
  token_bytes_.push_back(text);
  return Status();
}

bool Tokenizer::is_special(int32_t id) const {
  for (const SpecialToken& s : specials_)
    if (s.id == id) return true;
  return false;
}

// Joins pairs by rank until none is left. Short pieces: scan for the lowest rank each
// round (n is small, the scan is cache-friendly). Long pieces: a doubly linked list of
// symbols and a min-heap of (rank, position) candidates; an entry is stale when either
// symbol has changed since it was pushed, and is skipped: O(n log n) in all.
void Tokenizer::merge_piece(std::vector<int32_t>* ids) const {
  std::vector<int32_t>& s = *ids;
  const size_t n = s.size();
  if (n < 2) return;
  if (n <= 64) {
    for (;;) {
      int32_t best = INT32_MAX;
      for (size_t i = 0; i + 1 < s.size(); i++) {
        auto it = rank_.find(pair_key(s[i], s[i + 1]));
        if (it != rank_.end() && it->second < best) best = it->second;
      }
      if (best == INT32_MAX) return;
      // Join every occurrence of this pair, left to right (as GPT-2 does).
      const auto pr = merges_[size_t(best)];
      merge_pair(&s, pr.first, pr.second, 256 + best);
    }
  }
  std::vector<int32_t> prev(n), next(n);
  std::vector<char> alive(n, 1);
  for (size_t i = 0; i < n; i++) {
    prev[i] = int32_t(i) - 1;
    next[i] = i + 1 < n ? int32_t(i + 1) : -1;
  }
  struct Cand {
    int32_t rank, pos, left, right;  // left/right: the symbols when pushed
    bool operator>(const Cand& o) const {
      return rank != o.rank ? rank > o.rank : pos > o.pos;
    }
  };
  std::priority_queue<Cand, std::vector<Cand>, std::greater<Cand>> heap;
  auto push = [&](int32_t i) {
    if (i < 0 || next[size_t(i)] < 0) return;
    int32_t j = next[size_t(i)];
    auto it = rank_.find(pair_key(s[size_t(i)], s[size_t(j)]));
    if (it != rank_.end()) heap.push({it->second, i, s[size_t(i)], s[size_t(j)]});
  };
  for (size_t i = 0; i + 1 < n; i++) push(int32_t(i));
  while (!heap.empty()) {
    Cand c = heap.top();
    heap.pop();
    size_t i = size_t(c.pos);
    if (!alive[i] || s[i] != c.left) continue;
    int32_t j = next[i];
    if (j < 0 || s[size_t(j)] != c.right) continue;
    s[i] = 256 + c.rank;
    alive[size_t(j)] = 0;
    next[i] = next[size_t(j)];
    if (next[i] >= 0) prev[size_t(next[i])] = int32_t(i);
    push(prev[i]);
    push(int32_t(i));
  }
  size_t w = 0;
  for (int32_t i = 0; i >= 0; i = next[size_t(i)]) s[w++] = s[size_t(i)];
  s.resize(w);
}

void Tokenizer::encode_piece(std::string_view piece, std::vector<int32_t>* ids) const {
  if (piece.size() == 1) {
    ids->push_back(byte_ids_[static_cast<unsigned char>(piece[0])]);
    return;
  }
  std::string key(piece);
  auto it = cache_.find(key);
  if (it != cache_.end()) {
    ids->insert(ids->end(), it->second.begin(), it->second.end());
    return;
  }
  std::vector<int32_t> sym;
  sym.reserve(piece.size());
  for (unsigned char ch : piece) sym.push_back(byte_ids_[ch]);
  merge_piece(&sym);
  ids->insert(ids->end(), sym.begin(), sym.end());
  if (cache_.size() >= 200000) cache_.clear();  // bounded: long runs of unique text
  if (piece.size() <= 256) cache_.emplace(std::move(key), std::move(sym));
}

Status Tokenizer::encode(std::string_view text, std::vector<int32_t>* ids,
                         SpecialPolicy policy) const {
  std::vector<std::string_view> pieces;
  // next_at[k]: the first place at or after pos where special k occurs (npos: none).
  // It is searched again only once pos has passed it, so a text with many of one
  // special and none of another costs one scan per special, not one per occurrence.
  std::vector<size_t> next_at(specials_.size(), std::string_view::npos);
  if (policy != SpecialPolicy::kAsText)
    for (size_t k = 0; k < specials_.size(); k++) next_at[k] = text.find(specials_[k].text);
  size_t pos = 0;
  while (pos <= text.size()) {
    // The next special token in the text (the earliest; the longest at a tie).
    size_t found = std::string_view::npos;
    const SpecialToken* which = nullptr;
    if (policy != SpecialPolicy::kAsText) {
      for (size_t k = 0; k < specials_.size(); k++) {
        const SpecialToken& sp = specials_[k];
        if (next_at[k] != std::string_view::npos && next_at[k] < pos)
          next_at[k] = text.find(sp.text, pos);
        const size_t f = next_at[k];
        if (f != std::string_view::npos &&
            (f < found || (f == found && sp.text.size() > which->text.size()))) {
          found = f;
          which = &sp;
        }
      }
    }
    if (which && policy == SpecialPolicy::kRefuse)
      return Status::bad_input("the text contains the special token " + printable(which->text) +
                               " at byte " + std::to_string(found) +
                               ", which is not allowed (--allow-special encodes it as id " +
                               std::to_string(which->id) + ", --special-as-text as plain text)");
    size_t end = which ? found : text.size();
    pieces.clear();
    pretokenize(pattern_, text.substr(pos, end - pos), &pieces);
    for (std::string_view p : pieces) encode_piece(p, ids);
    if (!which) break;
    ids->push_back(which->id);
    pos = found + which->text.size();
  }
  return Status();
}

Status Tokenizer::decode(const std::vector<int32_t>& ids, std::string* bytes) const {
  for (size_t i = 0; i < ids.size(); i++) {
    int32_t id = ids[i];
    if (id < 0 || id >= vocab_size())
      return Status::bad_input("unknown token id " + std::to_string(id) + " at position " +
                               std::to_string(i) + " (the vocabulary has ids 0 to " +
                               std::to_string(vocab_size() - 1) + ")");
    bytes->append(token_bytes_[size_t(id)]);
  }
  return Status();
}

}  // namespace embedlab
