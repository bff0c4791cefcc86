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

}  // namespace

Status bpe_train(std::string_view corpus, const BpeTrainOptions& opt, Tokenizer* out) {
  const int n_special = int(opt.specials.size());
  if (opt.vocab_size < 256 + n_special)
    return Status::bad_input("--vocab-size " + std::to_string(opt.vocab_size) +
                             ": expected at least 256 (the bytes) + " + std::to_string(n_special) +
                             " special tokens");
  if (corpus.empty()) return Status::bad_input("the corpus is empty: nothing to learn merges from");
  const int wanted = opt.vocab_size - 256 - n_special;

  // 1. Distinct pieces with counts. The special tokens' texts are cut out first: each
  //    becomes one id after the merges, so no merge is learned from their bytes or
  //    across their edges (as the encoder sees them with SpecialPolicy::kAllow).
  PieceCounter counter(corpus);
  SpecialFinder specials(corpus, opt.specials);
  for (size_t pos = 0, len = 0; pos <= corpus.size(); pos += len) {
    const size_t at = specials.next(pos, &len);
    const std::string_view part = corpus.substr(pos, (len ? at : corpus.size()) - pos);
    for_each_piece(opt.pattern, part, [&](std::string_view piece) { counter.add(piece); });
    if (!len) break;
    pos = at;
  }
  std::vector<std::string_view> pieces;
  std::vector<int64_t> counts;
  EMBEDLAB_RETURN_IF_ERROR(counter.finish(&pieces, &counts));
  const size_t n_words = counts.size();

  // 2. The pairs. Pair i has count pairs[i].count (over the whole corpus). A piece of
  //    n ids is kept as a 3-int header and then its ids interleaved with the numbers of
  //    the pairs between them, all pieces in one array:
  //      [n, count (2 ints), id 0, pair (0,1), id 1, ..., id n-1]
  //    A piece is named by where it starts. Knowing each pair's number, a merge finds
  //    (a, b) by its number alone and takes the pairs it breaks off without a lookup.
  //    Each pair lists the pieces that held it when it was made, each once, in
  //    lists[begin .. begin + n): the byte pairs now, every other pair in the merge
  //    that made it. (A merge of (a, b) into m makes only pairs (x, m) and (m, y), and
  //    no later merge adds to them: later merges make pairs of their own new ids.) A
  //    piece may no longer hold the pair when the pair is merged: the merge skips it.
  enum { kSize = 0, kCountLo = 1, kCountHi = 2, kHeader = 3 };
  struct Pair {
    int64_t count = 0;
    int64_t begin = 0;  // its pieces: lists[begin .. begin + n)
    int32_t n = 0;
    int32_t last = -1;  // the last piece listed, while the pair is being made
  };
  HugePageVector<Pair> pairs;
  HugePageVector<std::pair<int32_t, int32_t>> pair_ab;  // (a, b) of pair i
  HugePageVector<int32_t> lists;
  auto new_pair = [&](int32_t a, int32_t b) {
    pairs.emplace_back();
    pair_ab.push_back({a, b});
    return int32_t(pairs.size() - 1);
  };

  HugePageVector<int32_t> sym;
  {
    size_t total = 0;
    for (std::string_view p : pieces) total += kHeader + 2 * p.size() - 1;
    if (total > size_t(INT32_MAX))
      return Status::bad_input("the corpus has too many distinct pieces to train on at once (" +
                               std::to_string(total) + " ints to hold them; at most " +
                               std::to_string(INT32_MAX) + ")");
    sym.reserve(total);
  }
  auto count_of = [&](int32_t w) {
    return int64_t(uint64_t(uint32_t(sym[size_t(w) + kCountLo])) |
                   uint64_t(uint32_t(sym[size_t(w) + kCountHi])) << 32);
  };
  // Lists the pieces of the pairs a merge made, [from, pairs.size()), given as
  // (pair, piece) in `held`.
  std::vector<std::pair<int32_t, int32_t>> held;
  auto list_pieces = [&](size_t from) {
    const int64_t at = int64_t(lists.size());
    for (size_t i = from; i < pairs.size(); i++) pairs[i].n = 0;
    for (const auto& [i, w] : held) pairs[size_t(i)].n++;
    int64_t next = at;
    for (size_t i = from; i < pairs.size(); i++) {
      pairs[i].begin = next;
      next += pairs[i].n;
      pairs[i].n = 0;
    }
    lists.resize(size_t(next));
    for (const auto& [i, w] : held) {
      Pair& p = pairs[size_t(i)];
      lists[size_t(p.begin + p.n++)] = w;
    }
    held.clear();
  };
  {
    // One pass writes the pieces and counts each byte pair's pieces; a second lists
    // them (the byte pairs are few, their lists long: no (pair, piece) list first).
    std::vector<int32_t> byte_pair(256 * 256, -1);  // (a, b) -> its number
    for (size_t w = 0; w < n_words; w++) {
      const std::string_view p = pieces[w];
      const int32_t at = int32_t(sym.size());
      const uint64_t c = uint64_t(counts[w]);
      sym.insert(sym.end(), {int32_t(p.size()), int32_t(uint32_t(c)), int32_t(uint32_t(c >> 32))});
      for (size_t k = 0; k < p.size(); k++) {
        const int32_t id = static_cast<unsigned char>(p[k]);
        if (k > 0) {
          int32_t& i = byte_pair[size_t(sym.back()) << 8 | size_t(id)];
          if (i < 0) i = new_pair(sym.back(), id);
          Pair& pr = pairs[size_t(i)];
          pr.count += counts[w];
          if (pr.last != at) {
            pr.last = at;
            pr.n++;
          }
          sym.push_back(i);
        }
        sym.push_back(id);
      }
    }
    int64_t next = 0;
    for (Pair& pr : pairs) {
      pr.begin = next;
      next += pr.n;
      pr.n = 0;
      pr.last = -1;
    }
    lists.resize(size_t(next));
    for (size_t at = 0; at < sym.size();) {
      const int32_t n2 = 2 * sym[at + kSize] - 1;
      const int32_t* s = &sym[at + kHeader];
      for (int32_t k = 1; k < n2; k += 2) {
        Pair& pr = pairs[size_t(s[k])];
        if (pr.last != int32_t(at)) {
          pr.last = int32_t(at);
          lists[size_t(pr.begin + pr.n++)] = int32_t(at);
        }
      }
      at += size_t(kHeader + n2);
    }
  }
  HugePageVector<Entry> heap;
  heap.reserve(pairs.size());
  for (size_t i = 0; i < pairs.size(); i++)
    heap.push_back({pairs[i].count, pair_ab[i].first, pair_ab[i].second, int32_t(i)});
  std::make_heap(heap.begin(), heap.end());

  Tokenizer t;
  t.set_pattern(opt.pattern);
  int32_t stamp = 0;        // the merge being made
  size_t merged_bytes = 0;  // of all merged tokens, against kMaxVocabBytes
  // The pairs a merge makes are numbered when first met, through before_m[x] for
  // (x, m) and after_m[y] for (m, y), valid when stamped with the merge: no hash
  // table is needed.
  struct Stamped {
    int32_t stamp = -1, pair = -1;
  };
  std::vector<Stamped> before_m, after_m;
  Stamped m_m;  // (m, m)
  auto pair_with_m = [&](Stamped* slot, int32_t a, int32_t b) {
    if (slot->stamp != stamp) *slot = Stamped{stamp, new_pair(a, b)};
    return slot->pair;
  };
  // Pair i gains c occurrences in piece w; returns i.
  auto gain = [&](int32_t i, int64_t c, int32_t w) {
    Pair& p = pairs[size_t(i)];
    p.count += c;
    if (p.last != w) {
      p.last = w;
      held.push_back({i, w});
    }
    return i;
  };
  // Joins pair number `ab` = (a, b) into m in piece w. Around each join the pair
  // before, (prev, a), becomes (prev, m) and the pair after, (b, next), becomes
  // (m, next); (a, b) itself disappears.
  auto merge_in = [&](int32_t w, int32_t ab, int32_t m) {
    int32_t* h = &sym[size_t(w)];
    int32_t* s = h + kHeader;  // id k at s[2k], pair (k, k+1) at s[2k + 1]
    const int32_t n2 = 2 * h[kSize] - 1;
    int32_t k = 1;
    while (k < n2 && s[k] != ab) k += 2;
    if (k >= n2) return;  // the pair left this piece
    // The pairs about to lose the join's neighbours, fetched together.
    if (k >= 3) __builtin_prefetch(&pairs[size_t(s[k - 2])]);
    if (k + 2 < n2) __builtin_prefetch(&pairs[size_t(s[k + 2])]);
    const int64_t c = count_of(w);
    int32_t j = k - 1;  // s[0 .. j) is written: the ids and pairs before the join
    for (k = k - 1; k < n2;) {
      if (k + 1 < n2 && s[k + 1] == ab) {
        // s[k], s[k + 2] are a and b; s[j - 1] is the pair (prev, a).
        if (j > 0) {
          pairs[size_t(s[j - 1])].count -= c;
          const int32_t x = s[j - 2];
          s[j - 1] = gain(pair_with_m(x == m ? &m_m : &before_m[size_t(x)], x, m), c, w);
        }
        s[j] = m;
        if (k + 3 < n2) {  // there is a next id, s[k + 4]
          pairs[size_t(s[k + 3])].count -= c;
          const int32_t y = s[k + 4];
          s[j + 1] = gain(pair_with_m(y == m ? &m_m : &after_m[size_t(y)], m, y), c, w);
          j += 2;
          k += 4;
        } else {
          j += 1;
          k += 3;
        }
      } else {
        s[j++] = s[k++];  // an id, then the pair after it
        if (k < n2) s[j++] = s[k++];
      }
    }
    h[kSize] = (j + 1) / 2;
  };

  // 3. Merges.
  while (t.num_merges() < wanted) {
    if (heap.empty())
      return Status::bad_input("--vocab-size " + std::to_string(opt.vocab_size) +
                               " is more than this corpus can give: only " +
                               std::to_string(t.num_merges()) +
                               " merges were possible (vocab size " +
                               std::to_string(256 + t.num_merges() + n_special) + ")");
    std::pop_heap(heap.begin(), heap.end());
    const Entry e = heap.back();
    heap.pop_back();
    const int64_t now = pairs[size_t(e.pair)].count;
    if (now != e.count) {
      // An entry is pushed when a pair is made; a count that fell since its entry
      // was pushed goes back now at its value. So every pair with a positive count
      // has an entry at or above its count, and the top is the most frequent pair.
      if (now > 0 && now < e.count) {
        heap.push_back({now, e.a, e.b, e.pair});
        std::push_heap(heap.begin(), heap.end());
      }
      continue;
    }
    if (now <= 0) continue;
    // A token past the caps could not be loaded back: such a pair is never merged.
    const size_t len = t.token_bytes(e.a).size() + t.token_bytes(e.b).size();
    if (len > kMaxTokenBytes || merged_bytes + len > kMaxVocabBytes) continue;
    merged_bytes += len;
    const int32_t m = t.vocab_size();
    stamp = t.num_merges();
    before_m.resize(size_t(m));
    after_m.resize(size_t(m));
    const size_t made_from = pairs.size();  // the pairs this merge makes
    // Each piece is fetched a few visits ahead (a piece of 7 or more ids spans two
    // cache lines).
    constexpr int64_t kAhead = 8;
    const Pair best = pairs[size_t(e.pair)];
    for (int64_t k = best.begin, end = best.begin + best.n; k < end; k++) {
      if (k + kAhead < end) {
        const size_t ahead = size_t(lists[size_t(k + kAhead)]);
        __builtin_prefetch(sym.data() + ahead);
        if (ahead + 16 < sym.size()) __builtin_prefetch(sym.data() + ahead + 16);
      }
      merge_in(lists[size_t(k)], e.pair, m);
    }
    pairs[size_t(e.pair)].count = 0;  // every (a, b) is joined now
    list_pieces(made_from);
    t.add_merge(e.a, e.b);
    for (size_t i = made_from; i < pairs.size(); i++)
      if (pairs[i].count > 0) {
        heap.push_back({pairs[i].count, pair_ab[i].first, pair_ab[i].second, int32_t(i)});
        std::push_heap(heap.begin(), heap.end());
      }
    if (opt.progress && opt.progress_every > 0 && t.num_merges() % opt.progress_every == 0)
      opt.progress(t.num_merges(), wanted);
  }
  for (int i = 0; i < n_special; i++)
    EMBEDLAB_RETURN_IF_ERROR(t.add_special(opt.specials[size_t(i)], t.vocab_size()));
  *out = std::move(t);
  return Status();
}

}  // namespace embedlab
