#include "tokenizer/bpe_train.h"

#include <algorithm>
#include <cstring>

#include "util/huge_pages.h"

namespace embedlab {

namespace {

// Finds the special tokens' texts in a text, left to right. Each text's next place
// is searched again only once the caller has passed it, so a text with many of one
// special and none of another costs one scan per special.
class SpecialFinder {
 public:
  SpecialFinder(std::string_view text, const std::vector<std::string>& specials)
      : text_(text), specials_(specials) {
    for (const std::string& sp : specials)
      next_at_.push_back(sp.empty() ? std::string_view::npos : text.find(sp));
  }
  // The earliest place at or after pos where a special starts (the longest there);
  // *len is 0 when there is none.
  size_t next(size_t pos, size_t* len) {
    size_t at = std::string_view::npos;
    *len = 0;
    for (size_t k = 0; k < specials_.size(); k++) {
      if (next_at_[k] != std::string_view::npos && next_at_[k] < pos)
        next_at_[k] = text_.find(specials_[k], pos);
      const size_t f = next_at_[k];
      if (f != std::string_view::npos && (f < at || (f == at && specials_[k].size() > *len))) {
        at = f;
        *len = specials_[k].size();
      }
    }
    return at;
  }

 private:
  std::string_view text_;
  const std::vector<std::string>& specials_;
  std::vector<size_t> next_at_;
};

// The distinct pieces of a text with their counts, in order of first appearance.
// Open addressing over 16-byte slots (at most 3/4 full), each holding the piece's
// length, 16 bits of its hash, its count and either its bytes (up to 8 bytes: most
// words) or where it was first seen, so a piece is counted by touching its slot and,
// when longer than 8 bytes, its first copy. add() hashes each piece a few pieces
// before counting it and fetches its slot meanwhile, so the slot reads overlap.
class PieceCounter {
 public:
  // Every piece counted lies within `text`.
  explicit PieceCounter(std::string_view text) : end_(text.data() + text.size()) {
    resize(1 << 12);
  }
  void add(std::string_view piece) {
    const uint64_t h = hash(piece);
    __builtin_prefetch(&slots_[size_t(h) & mask_]);
    Pending& p = pending_[n_pending_++ % kAhead];
    if (n_pending_ > kAhead) count(p.piece, p.hash);
    p = Pending{piece, h};
  }
  // Counts the pieces still pending; then the distinct pieces and their counts.
  // Bad input if a piece occurred 2^40 times or more.
  Status finish(std::vector<std::string_view>* pieces, std::vector<int64_t>* counts) {
    for (size_t k = n_pending_ > kAhead ? n_pending_ - kAhead : 0; k < n_pending_; k++)
      count(pending_[k % kAhead].piece, pending_[k % kAhead].hash);
    n_pending_ = 0;
    if (overflow_) return Status::bad_input("a piece occurs 2^40 times or more: too many to count");
    counts->assign(pieces_.size(), 0);
    for (size_t i = 0; i <= mask_; i++)
      if (slots_[i].meta != 0) (*counts)[index_[i].piece] = int64_t(slots_[i].meta & kCountMask);
    pieces->swap(pieces_);
    return Status();
  }

 private:
  static constexpr size_t kAhead = 8;
  static constexpr uint64_t kCountMask = (uint64_t(1) << 40) - 1;
  struct Slot {
    uint64_t head;  // up to 8 bytes: the bytes, zero-padded; longer: where it was first seen
    uint64_t meta;  // length (8 bits, 255 = longer) | hash (16 bits) | count (40 bits); 0: empty
  };
  struct Pending {
    std::string_view piece;
    uint64_t hash;
  };
  static uint64_t tag_of(std::string_view p, uint64_t h) {
    return (uint64_t(std::min<size_t>(p.size(), 255)) << 56 | (h >> 48) << 40);
  }
  // The n <= 8 bytes at p, zero-padded: one 8-byte load, masked, unless it would
  // read past the text.
  uint64_t load(const char* p, size_t n) const {
    uint64_t v = 0;
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    if (end_ - p >= 8) {
      std::memcpy(&v, p, 8);
      return n >= 8 ? v : v & ((uint64_t(1) << (8 * n)) - 1);
    }
#endif
    std::memcpy(&v, p, n);
    return v;
  }
  uint64_t hash(std::string_view piece) const {
    constexpr uint64_t kMul = 0xFF51AFD7ED558CCDull;
    const size_t n = piece.size();
    uint64_t h = (0x9E3779B97F4A7C15ull ^ n) * kMul ^ load(piece.data(), std::min<size_t>(n, 8));
    for (size_t i = 8; i < n; i += 8) {
      h = (h ^ h >> 32) * kMul;
      h ^= load(piece.data() + i, std::min<size_t>(n - i, 8));
    }
    h = (h ^ h >> 32) * kMul;
    return h ^ h >> 29;
  }
  void count(std::string_view piece, uint64_t h) {
    // A piece of up to 8 bytes is named by its bytes, a longer one by where it was
    // first seen (and, at 255 bytes or more, by its piece entry's length too).
    const size_t n = piece.size();
    const uint64_t head = n <= 8 ? load(piece.data(), n) : uint64_t(uintptr_t(piece.data()));
    const uint64_t tag = tag_of(piece, h);
    size_t i = size_t(h) & mask_;
    for (;; i = (i + 1) & mask_) {
      Slot& s = slots_[i];
      if (s.meta == 0) break;
      if ((s.meta & ~kCountMask) == tag &&
          (n <= 8 ? s.head == head
                  : std::memcmp(reinterpret_cast<const char*>(s.head), piece.data(), n) == 0 &&
                        (n < 255 || pieces_[index_[i].piece].size() == n))) {
        if ((s.meta & kCountMask) == kCountMask)
          overflow_ = true;
        else
          s.meta++;
        return;
      }
    }
    slots_[i] = Slot{head, tag | 1};
    index_[i] = Where{uint32_t(pieces_.size()), uint32_t(h)};
    pieces_.push_back(piece);
    if (4 * pieces_.size() > 3 * (mask_ + 1)) resize(2 * (mask_ + 1));
  }
  void resize(size_t n) {
    HugePageVector<Slot> old(n, Slot{0, 0});
    HugePageVector<Where> old_index(n);
    old.swap(slots_);
    old_index.swap(index_);
    mask_ = n - 1;
    for (size_t k = 0; k < old.size(); k++) {
      if (old[k].meta == 0) continue;
      size_t i = size_t(old_index[k].hash) & mask_;
      while (slots_[i].meta != 0) i = (i + 1) & mask_;
      slots_[i] = old[k];
      index_[i] = old_index[k];
    }
  }
  const char* end_;
  HugePageVector<Slot> slots_;
  struct Where {
    uint32_t piece;  // its number
    uint32_t hash;   // the low bits of its hash, for resizing
  };
  HugePageVector<Where> index_;  // slot -> the piece there
  size_t mask_ = 0;
  std::vector<std::string_view> pieces_;
  Pending pending_[kAhead];
  size_t n_pending_ = 0;
  bool overflow_ = false;
};

// A pair's place in the priority queue.
struct Entry {
  int64_t count;
  int32_t a, b;
  int32_t pair;  // its number
  // The heap's top is the highest count, then the smallest (a, b).
  bool operator<(const Entry& o) const {
    if (count != o.count) return count < o.count;
    if (a != o.a) return a > o.a;
    return b > o.b;
  }
};

// The trainer's state and its steps, in the order bpe_train() calls them:
//   count_pieces   the distinct pieces of the corpus with their counts
//   build_pairs    the pieces as ids and pairs, each pair's count and pieces, the heap
//   merge_all      pop the best pair, join it in its pieces, push the pairs it made
//
// How the pieces and pairs are kept. Pair i has count pairs_[i].count (over the whole
// corpus). A piece of n ids is a 3-int header and then its ids interleaved with the
// numbers of the pairs between them, all pieces in one array, sym_:
//   [n, count (2 ints), id 0, pair (0,1), id 1, ..., id n-1]
// A piece is named by where it starts. Knowing each pair's number, a merge finds (a, b)
// by its number alone and takes the pairs it breaks off without a lookup.
// Each pair lists the pieces that held it when it was made, each once, in
// lists_[begin .. begin + n): the byte pairs at the start, every other pair in the merge
// that made it. (A merge of (a, b) into m makes only pairs (x, m) and (m, y), and no
// later merge adds to them: later merges make pairs of their own new ids.) A piece may
// no longer hold the pair when the pair is merged: the merge skips it.
class BpeTrainer {
 public:
  explicit BpeTrainer(const BpeTrainOptions& opt) : opt_(opt) { tok_.set_pattern(opt.pattern); }

  Status count_pieces(std::string_view corpus);
  Status build_pairs();
  // Merges until the tokenizer has `wanted` merges; bad input if the corpus runs out.
  Status merge_all(int wanted);
  // The tokenizer, with the special tokens after the merges.
  Status finish(Tokenizer* out);

 private:
  enum { kSize = 0, kCountLo = 1, kCountHi = 2, kHeader = 3 };
  struct Pair {
    int64_t count = 0;
    int64_t begin = 0;  // its pieces: lists_[begin .. begin + n)
    int32_t n = 0;
    int32_t last = -1;  // the last piece listed, while the pair is being made
  };
  // A pair this merge makes, numbered when first met: before_m_[x] for (x, m),
  // after_m_[y] for (m, y), valid when stamped with the merge (no hash table needed).
  struct Stamped {
    int32_t stamp = -1, pair = -1;
  };

  // build_pairs, in steps.
  Status reserve_pieces();
  void write_piece(size_t w, std::vector<int32_t>* byte_pair);
  void list_byte_pairs();
  void start_heap();
  // merge_all, in steps.
  bool pop_best(Entry* e);
  void merge(const Entry& e);
  void merge_in(int32_t w, int32_t ab, int32_t m);
  int32_t renew_before(int32_t old, int32_t x, int32_t m, int64_t c, int32_t w);
  int32_t renew_after(int32_t old, int32_t y, int32_t m, int64_t c, int32_t w);
  void list_pieces(size_t from);
  void push(size_t i);
  // Small helpers.
  int32_t new_pair(int32_t a, int32_t b);
  int32_t pair_with_m(Stamped* slot, int32_t a, int32_t b);
  int32_t gain(int32_t i, int64_t c, int32_t w);
  int64_t count_of(int32_t w) const {
    return int64_t(uint64_t(uint32_t(sym_[size_t(w) + kCountLo])) |
                   uint64_t(uint32_t(sym_[size_t(w) + kCountHi])) << 32);
  }

  const BpeTrainOptions& opt_;
  std::vector<std::string_view> pieces_;  // distinct pieces, in order of first appearance
  std::vector<int64_t> counts_;           // how often each occurs
  HugePageVector<int32_t> sym_;           // every piece as ids and pairs (above)
  HugePageVector<Pair> pairs_;
  HugePageVector<std::pair<int32_t, int32_t>> pair_ab_;  // (a, b) of pair i
  HugePageVector<int32_t> lists_;                        // the pieces of each pair
  HugePageVector<Entry> heap_;
  std::vector<std::pair<int32_t, int32_t>> held_;  // (pair, piece) a merge made, to list
  std::vector<Stamped> before_m_, after_m_;
  Stamped m_m_;             // (m, m)
  int32_t stamp_ = 0;       // the merge being made
  size_t merged_bytes_ = 0;  // of all merged tokens, against kMaxVocabBytes
  Tokenizer tok_;
};

// 1. Distinct pieces with counts. The special tokens' texts are cut out first: each
//    becomes one id after the merges, so no merge is learned from their bytes or
//    across their edges (as the encoder sees them with SpecialPolicy::kAllow).
Status BpeTrainer::count_pieces(std::string_view corpus) {
  PieceCounter counter(corpus);
  SpecialFinder specials(corpus, opt_.specials);
  for (size_t pos = 0, len = 0; pos <= corpus.size(); pos += len) {
    const size_t at = specials.next(pos, &len);
    const std::string_view part = corpus.substr(pos, (len ? at : corpus.size()) - pos);
    for_each_piece(opt_.pattern, part, [&](std::string_view piece) { counter.add(piece); });
    if (!len) break;
    pos = at;
  }
  return counter.finish(&pieces_, &counts_);
}

// 2. The pieces as ids and pairs, the byte pairs' counts and lists, and the heap.
//    One pass writes the pieces and counts each byte pair's pieces; a second lists
//    them (the byte pairs are few, their lists long: no (pair, piece) list first).
Status BpeTrainer::build_pairs() {
  EMBEDLAB_RETURN_IF_ERROR(reserve_pieces());
  std::vector<int32_t> byte_pair(256 * 256, -1);  // (a, b) -> its number
  for (size_t w = 0; w < pieces_.size(); w++) write_piece(w, &byte_pair);
  list_byte_pairs();
  start_heap();
  return Status();
}

Status BpeTrainer::reserve_pieces() {
  size_t total = 0;
  for (std::string_view p : pieces_) total += kHeader + 2 * p.size() - 1;
  if (total > size_t(INT32_MAX))
    return Status::bad_input("the corpus has too many distinct pieces to train on at once (" +
                             std::to_string(total) + " ints to hold them; at most " +
                             std::to_string(INT32_MAX) + ")");
  sym_.reserve(total);
  return Status();
}

// Appends piece w to sym_ and adds its count to each byte pair in it, counting the
// piece once per pair.
void BpeTrainer::write_piece(size_t w, std::vector<int32_t>* byte_pair) {
  const std::string_view p = pieces_[w];
  const int32_t at = int32_t(sym_.size());
  const uint64_t c = uint64_t(counts_[w]);
  sym_.insert(sym_.end(), {int32_t(p.size()), int32_t(uint32_t(c)), int32_t(uint32_t(c >> 32))});
  sym_.push_back(static_cast<unsigned char>(p[0]));
  for (size_t k = 1; k < p.size(); k++) {
    const int32_t id = static_cast<unsigned char>(p[k]);
    int32_t& i = (*byte_pair)[size_t(sym_.back()) << 8 | size_t(id)];
    if (i < 0) i = new_pair(sym_.back(), id);
    Pair& pr = pairs_[size_t(i)];
    pr.count += counts_[w];
    if (pr.last != at) {
      pr.last = at;
      pr.n++;
    }
    sym_.push_back(i);
    sym_.push_back(id);
  }
}

// Gives each byte pair its stretch of lists_ and lists its pieces there.
void BpeTrainer::list_byte_pairs() {
  int64_t next = 0;
  for (Pair& pr : pairs_) {
    pr.begin = next;
    next += pr.n;
    pr.n = 0;
    pr.last = -1;
  }
  lists_.resize(size_t(next));
  for (size_t at = 0; at < sym_.size();) {
    const int32_t n2 = 2 * sym_[at + kSize] - 1;
    const int32_t* s = &sym_[at + kHeader];
    for (int32_t k = 1; k < n2; k += 2) {
      Pair& pr = pairs_[size_t(s[k])];
      if (pr.last == int32_t(at)) continue;
      pr.last = int32_t(at);
      lists_[size_t(pr.begin + pr.n++)] = int32_t(at);
    }
    at += size_t(kHeader + n2);
  }
}

void BpeTrainer::start_heap() {
  heap_.reserve(pairs_.size());
  for (size_t i = 0; i < pairs_.size(); i++)
    heap_.push_back({pairs_[i].count, pair_ab_[i].first, pair_ab_[i].second, int32_t(i)});
  std::make_heap(heap_.begin(), heap_.end());
}

// 3. Merges, the most frequent pair first.
Status BpeTrainer::merge_all(int wanted) {
  while (tok_.num_merges() < wanted) {
    if (heap_.empty())
      return Status::bad_input("--vocab-size " + std::to_string(opt_.vocab_size) +
                               " is more than this corpus can give: only " +
                               std::to_string(tok_.num_merges()) +
                               " merges were possible (vocab size " +
                               std::to_string(256 + tok_.num_merges() + int(opt_.specials.size())) +
                               ")");
    Entry e;
    if (!pop_best(&e)) continue;
    // A token past the caps could not be loaded back: such a pair is never merged.
    const size_t len = tok_.token_bytes(e.a).size() + tok_.token_bytes(e.b).size();
    if (len > kMaxTokenBytes || merged_bytes_ + len > kMaxVocabBytes) continue;
    merged_bytes_ += len;
    merge(e);
    if (opt_.progress && opt_.progress_every > 0 && tok_.num_merges() % opt_.progress_every == 0)
      opt_.progress(tok_.num_merges(), wanted);
  }
  return Status();
}

// Pops the heap's top into *e; true when its count is the pair's count now.
// An entry is pushed when a pair is made; a count that fell since its entry was pushed
// goes back now at its value. So every pair with a positive count has an entry at or
// above its count, and the top is the most frequent pair.
bool BpeTrainer::pop_best(Entry* e) {
  std::pop_heap(heap_.begin(), heap_.end());
  *e = heap_.back();
  heap_.pop_back();
  const int64_t now = pairs_[size_t(e->pair)].count;
  if (now != e->count) {
    if (now > 0 && now < e->count) {
      heap_.push_back({now, e->a, e->b, e->pair});
      std::push_heap(heap_.begin(), heap_.end());
    }
    return false;
  }
  return now > 0;
}

// Joins pair e into a new id in every piece on its list, then lists and pushes the
// pairs that made.
void BpeTrainer::merge(const Entry& e) {
  const int32_t m = tok_.vocab_size();
  stamp_ = tok_.num_merges();
  before_m_.resize(size_t(m));
  after_m_.resize(size_t(m));
  const size_t made_from = pairs_.size();  // the pairs this merge makes
  // Each piece is fetched a few visits ahead (a piece of 7 or more ids spans two
  // cache lines).
  constexpr int64_t kAhead = 8;
  const Pair best = pairs_[size_t(e.pair)];
  for (int64_t k = best.begin, end = best.begin + best.n; k < end; k++) {
    if (k + kAhead < end) {
      const size_t ahead = size_t(lists_[size_t(k + kAhead)]);
      __builtin_prefetch(sym_.data() + ahead);
      if (ahead + 16 < sym_.size()) __builtin_prefetch(sym_.data() + ahead + 16);
    }
    merge_in(lists_[size_t(k)], e.pair, m);
  }
  pairs_[size_t(e.pair)].count = 0;  // every (a, b) is joined now
  list_pieces(made_from);
  tok_.add_merge(e.a, e.b);
  for (size_t i = made_from; i < pairs_.size(); i++) push(i);
}

// Joins pair number `ab` = (a, b) into m in piece w. Around each join the pair
// before, (prev, a), becomes (prev, m) and the pair after, (b, next), becomes
// (m, next); (a, b) itself disappears.
void BpeTrainer::merge_in(int32_t w, int32_t ab, int32_t m) {
  int32_t* h = &sym_[size_t(w)];
  int32_t* s = h + kHeader;  // id k at s[2k], pair (k, k+1) at s[2k + 1]
  const int32_t n2 = 2 * h[kSize] - 1;
  int32_t k = 1;
  while (k < n2 && s[k] != ab) k += 2;
  if (k >= n2) return;  // the pair left this piece
  // The pairs about to lose the join's neighbours, fetched together.
  if (k >= 3) __builtin_prefetch(&pairs_[size_t(s[k - 2])]);
  if (k + 2 < n2) __builtin_prefetch(&pairs_[size_t(s[k + 2])]);
  const int64_t c = count_of(w);
  int32_t j = k - 1;  // s[0 .. j) is written: the ids and pairs before the join
  for (k = k - 1; k < n2;) {
    if (k + 1 >= n2 || s[k + 1] != ab) {
      s[j++] = s[k++];  // an id, then the pair after it
      if (k < n2) s[j++] = s[k++];
      continue;
    }
    // s[k], s[k + 2] are a and b; s[j - 1] is the pair (prev, a).
    if (j > 0) s[j - 1] = renew_before(s[j - 1], s[j - 2], m, c, w);
    s[j] = m;
    if (k + 3 < n2) {  // there is a next id, s[k + 4]
      s[j + 1] = renew_after(s[k + 3], s[k + 4], m, c, w);
      j += 2;
      k += 4;
    } else {
      j += 1;
      k += 3;
    }
  }
  h[kSize] = (j + 1) / 2;
}

// The pair `old` = (x, a) before a join in piece w loses its c occurrences there to
// (x, m); returns the number of (x, m).
int32_t BpeTrainer::renew_before(int32_t old, int32_t x, int32_t m, int64_t c, int32_t w) {
  pairs_[size_t(old)].count -= c;
  return gain(pair_with_m(x == m ? &m_m_ : &before_m_[size_t(x)], x, m), c, w);
}

// The same after a join: `old` = (b, y) gives way to (m, y).
int32_t BpeTrainer::renew_after(int32_t old, int32_t y, int32_t m, int64_t c, int32_t w) {
  pairs_[size_t(old)].count -= c;
  return gain(pair_with_m(y == m ? &m_m_ : &after_m_[size_t(y)], m, y), c, w);
}

// Lists the pieces of the pairs a merge made, [from, pairs_.size()), given as
// (pair, piece) in held_.
void BpeTrainer::list_pieces(size_t from) {
  const int64_t at = int64_t(lists_.size());
  for (size_t i = from; i < pairs_.size(); i++) pairs_[i].n = 0;
  for (const auto& [i, w] : held_) pairs_[size_t(i)].n++;
  int64_t next = at;
  for (size_t i = from; i < pairs_.size(); i++) {
    pairs_[i].begin = next;
    next += pairs_[i].n;
    pairs_[i].n = 0;
  }
  lists_.resize(size_t(next));
  for (const auto& [i, w] : held_) {
    Pair& p = pairs_[size_t(i)];
    lists_[size_t(p.begin + p.n++)] = w;
  }
  held_.clear();
}

// Puts pair i on the heap, unless nothing holds it.
void BpeTrainer::push(size_t i) {
  if (pairs_[i].count <= 0) return;
  heap_.push_back({pairs_[i].count, pair_ab_[i].first, pair_ab_[i].second, int32_t(i)});
  std::push_heap(heap_.begin(), heap_.end());
}

int32_t BpeTrainer::new_pair(int32_t a, int32_t b) {
  pairs_.emplace_back();
  pair_ab_.push_back({a, b});
  return int32_t(pairs_.size() - 1);
}

int32_t BpeTrainer::pair_with_m(Stamped* slot, int32_t a, int32_t b) {
  if (slot->stamp != stamp_) *slot = Stamped{stamp_, new_pair(a, b)};
  return slot->pair;
}

// Pair i gains c occurrences in piece w; returns i.
int32_t BpeTrainer::gain(int32_t i, int64_t c, int32_t w) {
  Pair& p = pairs_[size_t(i)];
  p.count += c;
  if (p.last != w) {
    p.last = w;
    held_.push_back({i, w});
  }
  return i;
}

Status BpeTrainer::finish(Tokenizer* out) {
  for (const std::string& text : opt_.specials)
    EMBEDLAB_RETURN_IF_ERROR(tok_.add_special(text, tok_.vocab_size()));
  *out = std::move(tok_);
  return Status();
}

}  // namespace

Status bpe_train(std::string_view corpus, const BpeTrainOptions& opt, Tokenizer* out) {
  const int n_special = int(opt.specials.size());
  if (opt.vocab_size < 256 + n_special)
    return Status::bad_input("--vocab-size " + std::to_string(opt.vocab_size) +
                             ": expected at least 256 (the bytes) + " + std::to_string(n_special) +
                             " special tokens");
  if (corpus.empty()) return Status::bad_input("the corpus is empty: nothing to learn merges from");
  BpeTrainer trainer(opt);
  EMBEDLAB_RETURN_IF_ERROR(trainer.count_pieces(corpus));
  EMBEDLAB_RETURN_IF_ERROR(trainer.build_pairs());
  EMBEDLAB_RETURN_IF_ERROR(trainer.merge_all(opt.vocab_size - 256 - n_special));
  return trainer.finish(out);
}

}  // namespace embedlab
