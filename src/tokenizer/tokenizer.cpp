#include "tokenizer/tokenizer.h"

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <queue>
#include <string_view>
#include <unordered_map>

#include "util/file.h"

namespace embedlab {

const char kGpt2Dir[] = "build/gpt2";
const char kTiktokenDir[] = "build/tiktoken";

// `relative` ("build/gpt2") found as described in tokenizer.h.
static std::string data_dir(const std::string& relative) {
  const std::string leaf = relative.substr(relative.rfind('/') + 1);
  if (const char* env = std::getenv("EMBEDLAB_DATA"); env && *env) return path_join(env, leaf);
  if (file_exists(relative)) return relative;
  char exe[4096];
  const ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
  if (n > 0) {
    std::string dir(exe, size_t(n));
    dir = dir.substr(0, dir.rfind('/'));  // build/ or build/tutorials/
    for (const std::string& at : {path_join(dir, leaf), path_join(dir, "../" + leaf)})
      if (file_exists(at)) return at;
  }
  return relative;
}

std::string gpt2_dir() { return data_dir(kGpt2Dir); }
std::string tiktoken_dir() { return data_dir(kTiktokenDir); }

void PairRanks::insert(int32_t a, int32_t b, int32_t rank) {
  if (2 * (size_ + 1) > slots_.size()) {  // at most half full: probes stay short
    std::vector<Slot> old = std::move(slots_);
    const size_t n = old.empty() ? 1024 : 2 * old.size();
    slots_.assign(n, Slot{kEmpty, 0});
    mask_ = n - 1;
    shift_ = 64 - __builtin_ctzll(n);
    size_ = 0;
    for (const Slot& s : old)
      if (s.key != kEmpty) insert(int32_t(s.key >> 32), int32_t(s.key & 0xFFFFFFFF), s.rank);
  }
  const uint64_t k = key(a, b);
  size_t i = slot(k);
  while (slots_[i].key != kEmpty) {
    if (slots_[i].key == k) return;
    i = (i + 1) & mask_;
  }
  slots_[i] = Slot{k, rank};
  size_++;
}

uint64_t PieceCache::hash(std::string_view piece) {
  constexpr uint64_t kMul = 0xFF51AFD7ED558CCDull;
  uint64_t h = 0x9E3779B97F4A7C15ull ^ piece.size();
  size_t i = 0;
  for (; i + 8 <= piece.size(); i += 8) {
    uint64_t w;
    std::memcpy(&w, piece.data() + i, 8);
    h = (h ^ w) * kMul;
    h ^= h >> 32;
  }
  uint64_t w = 0;
  std::memcpy(&w, piece.data() + i, piece.size() - i);
  h = (h ^ w) * kMul;
  h ^= h >> 29;
  return h | 1;
}

size_t PieceCache::find_slot(std::string_view piece, uint64_t h) const {
  for (size_t i = size_t(h) & mask_;; i = (i + 1) & mask_) {
    const Slot& s = slots_[i];
    if (s.hash == 0) return i;
    if (s.hash == h && s.bytes == piece.size() &&
        std::memcmp(&arena_[s.at], piece.data(), piece.size()) == 0)
      return i;
  }
}

const int32_t* PieceCache::find(std::string_view piece, uint64_t h, size_t* n) const {
  if (size_ == 0) return nullptr;
  const Slot& s = slots_[find_slot(piece, h)];
  if (s.hash == 0) return nullptr;
  *n = s.ids;
  return &arena_[s.at + (s.bytes + 3) / 4];
}

void PieceCache::insert(std::string_view piece, uint64_t h, const int32_t* ids, size_t n) {
  if (2 * (size_ + 1) > slots_.size()) {  // at most half full; entries stay where they are
    std::vector<Slot> old = std::move(slots_);
    slots_.assign(old.empty() ? 1024 : 2 * old.size(), Slot{});
    mask_ = slots_.size() - 1;
    for (const Slot& s : old)
      if (s.hash != 0) {
        size_t i = size_t(s.hash) & mask_;
        while (slots_[i].hash != 0) i = (i + 1) & mask_;
        slots_[i] = s;
      }
  }
  Slot& s = slots_[find_slot(piece, h)];
  s = Slot{h, uint32_t(arena_.size()), uint16_t(piece.size()), uint16_t(n)};
  arena_.resize(arena_.size() + (piece.size() + 3) / 4, 0);
  std::memcpy(&arena_[s.at], piece.data(), piece.size());
  arena_.insert(arena_.end(), ids, ids + n);
  size_++;
}

void PieceCache::clear() {
  std::fill(slots_.begin(), slots_.end(), Slot{});
  arena_.clear();
  size_ = 0;
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
  rank_.insert(a, b, rank);
  token_bytes_.push_back(token_bytes_[size_t(a)] + token_bytes_[size_t(b)]);
  cache_.clear();
}

Status Tokenizer::add_special(const std::string& text, int32_t id, bool allow_gap) {
  if (text.empty()) return Status::bad_input("special token: empty text");
  // A gap leaves unused ids (cl100k_base's longest is 15); a damaged file must not ask
  // for a billion of them.
  constexpr int32_t kMaxGap = 1 << 16;
  if (id != vocab_size() && !(allow_gap && id > vocab_size() && id - vocab_size() <= kMaxGap))
    return Status::bad_input("special token '" + printable(text) + "' has id " + std::to_string(id) +
                             ", expected the next free id " + std::to_string(vocab_size()) +
                             (allow_gap ? " or one at most " + std::to_string(kMaxGap) + " after it" : ""));
  for (const SpecialToken& s : specials_)
    if (s.text == text) return Status::bad_input("special token '" + printable(text) + "' given twice");
  specials_.push_back({text, id});
  token_bytes_.resize(size_t(id));  // the ids skipped, if any, have no bytes: unused
  token_bytes_.push_back(text);
  return Status();
}

Status Tokenizer::join_by_bytes(int32_t* at) {
  std::unordered_map<std::string_view, int32_t> id_of;
  id_of.reserve(token_bytes_.size());
  const int32_t n_tokens = 256 + num_merges();
  // Cutting every token in two below costs about the sum of their squared lengths
  // (13 million for o200k_base); a damaged file with very long tokens is refused first.
  constexpr size_t kMaxWork = size_t(1) << 27;
  size_t work = 0;
  for (int32_t id = 0; id < n_tokens; id++) {
    const std::string& t = token_bytes_[size_t(id)];
    *at = id;
    work += t.size() * t.size();
    if (work > kMaxWork)
      return Status::bad_input("token " + std::to_string(id) + " is " + std::to_string(t.size()) +
                               " bytes: the tokens up to it are too long together for tiktoken's "
                               "rule (the sum of their squared lengths passes " +
                               std::to_string(kMaxWork) + ")");
    if (auto [it, fresh] = id_of.emplace(t, id); !fresh)
      return Status::bad_input("token " + std::to_string(id) + " (" + printable(t) +
                               ") has the same bytes as token " + std::to_string(it->second));
  }
  // Every way to cut a token in two where both halves are tokens: about 2 million
  // lookups for o200k_base.
  for (int32_t id = 256; id < n_tokens; id++) {
    const std::string_view t = token_bytes_[size_t(id)];
    for (size_t k = 1; k < t.size(); k++) {
      auto a = id_of.find(t.substr(0, k));
      if (a == id_of.end()) continue;
      auto b = id_of.find(t.substr(k));
      if (b != id_of.end()) rank_.insert(a->second, b->second, id - 256);
    }
  }
  joins_by_bytes_ = true;
  cache_.clear();
  return Status();
}

Status Tokenizer::from_ranks(const std::vector<std::string>& tokens, Tokenizer* out, size_t* at) {
  Tokenizer t;
  *at = tokens.size();
  if (tokens.size() < 256)
    return Status::bad_input("only " + std::to_string(tokens.size()) +
                             " ranks: ranks 0 to 255 must be the 256 single bytes");
  std::vector<int32_t> byte_ids(256, -1);
  for (size_t r = 0; r < 256; r++) {
    *at = r;
    const std::string& b = tokens[r];
    if (b.size() != 1)
      return Status::bad_input("rank " + std::to_string(r) + " is " + std::to_string(b.size()) +
                               " bytes, but ranks 0 to 255 must be the 256 single bytes");
    int32_t& slot = byte_ids[static_cast<unsigned char>(b[0])];
    if (slot >= 0)
      return Status::bad_input("token " + std::to_string(r) + " (" + printable(b) +
                               ") has the same bytes as token " + std::to_string(slot));
    slot = int32_t(r);
  }
  EMBEDLAB_RETURN_IF_ERROR(t.set_byte_ids(byte_ids));
  // The tokens first (their merges are not known yet), then every pair that joins
  // into one, then each token's own merge: BPE over its bytes with lower ranks only.
  for (size_t r = 256; r < tokens.size(); r++) {
    *at = r;
    const size_t n = tokens[r].size();
    if (n > kMaxTokenBytes)
      return Status::bad_input("rank " + std::to_string(r) + " is " + std::to_string(n) +
                               " bytes, more than the limit of " + std::to_string(kMaxTokenBytes));
    t.token_bytes_.push_back(tokens[r]);
    t.merges_.emplace_back(0, 0);  // filled in below
  }
  int32_t dup = 0;
  if (Status s = t.join_by_bytes(&dup); !s.ok()) {
    *at = size_t(dup);
    return s;
  }
  std::vector<int32_t> sym;
  for (size_t r = 256; r < tokens.size(); r++) {
    sym.clear();
    for (unsigned char ch : tokens[r]) sym.push_back(t.byte_ids_[ch]);
    t.merge_piece(&sym, int32_t(r - 256));
    if (sym.size() != 2) {
      *at = r;
      return Status::bad_input("rank " + std::to_string(r) + " (" + printable(tokens[r]) +
                               ") is not two lower-ranked tokens: BPE with the lower ranks leaves " +
                               std::to_string(sym.size()) + " parts");
    }
    t.merges_[r - 256] = {sym[0], sym[1]};
  }
  *out = std::move(t);
  return Status();
}

bool Tokenizer::is_special(int32_t id) const {
  for (const SpecialToken& s : specials_)
    if (s.id == id) return true;
  return false;
}

// Joins pairs by rank until none is left: each round joins the leftmost pair of the
// lowest rank. (GPT-2 joins every occurrence of that pair, left to right, in one round;
// the result is the same, since a join only creates pairs that contain the new id,
// whose merges all rank later.) Short pieces: rank[i] holds the rank of the pair at i;
// a join removes one symbol and looks up only the two pairs around the new one. Long
// pieces: a doubly linked list of symbols and a min-heap of (rank, position)
// candidates; an entry is stale when either symbol has changed since it was pushed,
// and is skipped: O(n log n) in all.
void Tokenizer::merge_piece(std::vector<int32_t>* ids, int32_t limit) const {
  std::vector<int32_t>& s = *ids;
  const size_t n = s.size();
  if (n < 2) return;
  if (n <= 64) {
    int32_t rank[64];  // rank[i]: the pair (s[i], s[i + 1]); n - 1 of them
    for (size_t i = 0; i + 1 < n; i++) rank[i] = rank_.find(s[i], s[i + 1]);
    size_t len = n;  // symbols left
    for (;;) {
      int32_t best = PairRanks::kNone;
      size_t at = 0;
      for (size_t i = 0; i + 1 < len; i++)
        if (rank[i] < best) best = rank[i], at = i;
      if (best >= limit) break;
      // s[at] s[at + 1] -> the new id at `at`; everything after moves left by one.
      s[at] = 256 + best;
      for (size_t i = at + 1; i + 1 < len; i++) s[i] = s[i + 1];
      for (size_t i = at + 1; i + 2 < len; i++) rank[i] = rank[i + 1];
      len--;
      if (at > 0) rank[at - 1] = rank_.find(s[at - 1], s[at]);
      if (at + 1 < len) rank[at] = rank_.find(s[at], s[at + 1]);
    }
    s.resize(len);
    return;
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
    const int32_t r = rank_.find(s[size_t(i)], s[size_t(j)]);
    if (r != PairRanks::kNone) heap.push({r, i, s[size_t(i)], s[size_t(j)]});
  };
  for (size_t i = 0; i + 1 < n; i++) push(int32_t(i));
  while (!heap.empty()) {
    Cand c = heap.top();
    heap.pop();
    if (c.rank >= limit) break;
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
  if (piece.size() <= 1) {
    if (!piece.empty()) ids->push_back(byte_ids_[static_cast<unsigned char>(piece[0])]);
    return;
  }
  const uint64_t h = PieceCache::hash(piece);
  size_t n = 0;
  if (const int32_t* hit = cache_.find(piece, h, &n)) {
    ids->insert(ids->end(), hit, hit + n);
    return;
  }
  std::vector<int32_t> sym;
  sym.reserve(piece.size());
  for (unsigned char ch : piece) sym.push_back(byte_ids_[ch]);
  merge_piece(&sym);
  ids->insert(ids->end(), sym.begin(), sym.end());
  if (piece.size() > 256) return;  // long pieces are rare; caching them would waste room
  if (cache_.size() >= 200000) cache_.clear();  // bounded: long runs of unique text
  cache_.insert(piece, h, sym.data(), sym.size());
}

Status Tokenizer::encode(std::string_view text, std::vector<int32_t>* ids,
                         SpecialPolicy policy) const {
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
    const std::string_view part = text.substr(pos, end - pos);
    // Piece by piece, without collecting them first (pattern none: one piece).
    for_each_piece(pattern_, part, [&](std::string_view p) { encode_piece(p, ids); });
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
    if (is_unused(id))
      return Status::bad_input("token id " + std::to_string(id) + " at position " + std::to_string(i) +
                               " is unused: no token has it (the vocabulary skips it before a "
                               "special token)");
    bytes->append(token_bytes_[size_t(id)]);
  }
  return Status();
}

}  // namespace embedlab
