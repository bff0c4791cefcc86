#include "tokenizer/bpe_train.h"

#include <algorithm>
#include <queue>
#include <unordered_map>

namespace embedlab {

namespace {

struct PairStats {
  int32_t a = 0, b = 0;
  int64_t count = 0;
  std::vector<int32_t> words;  // pieces that contained the pair when it was counted
  int32_t changed_at = -1;     // the last merge that changed the count
};

struct Entry {
  int64_t count;
  int32_t a, b;
  // The queue's top is the highest count, then the smallest (a, b).
  bool operator<(const Entry& o) const {
    if (count != o.count) return count < o.count;
    if (a != o.a) return a > o.a;
    return b > o.b;
  }
};

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

}  // namespace

Status bpe_train(std::string_view corpus, const BpeTrainOptions& opt, Tokenizer* out) {
  const int n_special = int(opt.specials.size());
  if (opt.vocab_size < 256 + n_special)
    return Status::bad_input("--vocab-size " + std::to_string(opt.vocab_size) +
                             ": expected at least 256 (the bytes) + " + std::to_string(n_special) +
                             " special tokens");
  if (corpus.empty()) return Status::bad_input("the corpus is empty: nothing to learn merges from");
  const int wanted = opt.vocab_size - 256 - n_special;

  // 1. Distinct pieces with counts, in byte order (not hash order). The special
  //    tokens' texts are cut out first: each becomes one id after the merges, so no
  //    merge is learned from their bytes or across their edges (as the encoder sees
  //    them with SpecialPolicy::kAllow).
  std::vector<std::string_view> pieces;
  SpecialFinder specials(corpus, opt.specials);
  for (size_t pos = 0, len = 0; pos <= corpus.size(); pos += len) {
    const size_t at = specials.next(pos, &len);
    pretokenize(opt.pattern, corpus.substr(pos, (len ? at : corpus.size()) - pos), &pieces);
    if (!len) break;
    pos = at;
  }
  std::unordered_map<std::string_view, int64_t> piece_count;
  piece_count.reserve(pieces.size() / 8);  // text repeats its words: fewer distinct pieces
  for (std::string_view p : pieces) piece_count[p]++;
  std::vector<std::pair<std::string_view, int64_t>> distinct(piece_count.begin(), piece_count.end());
  std::sort(distinct.begin(), distinct.end());
  std::vector<std::vector<int32_t>> words(distinct.size());
  std::vector<int64_t> counts(distinct.size());
  for (size_t w = 0; w < distinct.size(); w++) {
    for (unsigned char c : distinct[w].first) words[w].push_back(c);
    counts[w] = distinct[w].second;
  }

  // 2. Pair counts and the pair -> pieces index. Every pair seen gets a PairStats,
  //    found through a flat (a, b) -> position table (the encoder's, tokenizer.h).
  PairRanks position;
  std::vector<PairStats> stats;
  auto stats_of = [&](int32_t a, int32_t b) {
    int32_t i = position.find(a, b);
    if (i == PairRanks::kNone) {
      i = int32_t(stats.size());
      position.insert(a, b, i);
      stats.emplace_back();
      stats.back().a = a;
      stats.back().b = b;
    }
    return i;
  };
  for (size_t w = 0; w < words.size(); w++)
    for (size_t i = 0; i + 1 < words[w].size(); i++) {
      PairStats& ps = stats[size_t(stats_of(words[w][i], words[w][i + 1]))];
      ps.count += counts[w];
      if (ps.words.empty() || ps.words.back() != int32_t(w)) ps.words.push_back(int32_t(w));
    }
  std::priority_queue<Entry> queue;
  for (const PairStats& ps : stats) queue.push({ps.count, ps.a, ps.b});

  Tokenizer t;
  t.set_pattern(opt.pattern);
  std::vector<int32_t> last_seen(words.size(), -1);  // dedupes a pair's piece list per merge
  std::vector<int32_t> changed;  // the pairs this merge changed, each once
  std::vector<int32_t> rebuilt;
  int32_t stamp = 0;  // the merge being made
  size_t merged_bytes = 0;  // of all merged tokens, against kMaxVocabBytes
  auto add = [&](int32_t a, int32_t b, int64_t delta, int32_t w) {
    const int32_t i = stats_of(a, b);
    PairStats& ps = stats[size_t(i)];
    ps.count += delta;
    if (delta > 0 && (ps.words.empty() || ps.words.back() != w)) ps.words.push_back(w);
    if (ps.changed_at != stamp) {
      ps.changed_at = stamp;
      changed.push_back(i);
    }
  };

  // 3. Merges.
  while (t.num_merges() < wanted) {
    if (queue.empty())
      return Status::bad_input("--vocab-size " + std::to_string(opt.vocab_size) +
                               " is more than this corpus can give: only " +
                               std::to_string(t.num_merges()) + " merges were possible (vocab size " +
                               std::to_string(256 + t.num_merges() + n_special) + ")");
    Entry e = queue.top();
    queue.pop();
    PairStats& best = stats[size_t(position.find(e.a, e.b))];
    if (best.count != e.count || e.count <= 0) continue;  // stale
    // A token past the caps could not be loaded back: such a pair is never merged.
    const size_t len = t.token_bytes(e.a).size() + t.token_bytes(e.b).size();
    if (len > kMaxTokenBytes || merged_bytes + len > kMaxVocabBytes) continue;
    merged_bytes += len;
    const int32_t m = t.vocab_size();
    stamp = t.num_merges();
    std::vector<int32_t> where = std::move(best.words);
    best.words.clear();
    changed.clear();
    for (int32_t w : where) {
      if (last_seen[size_t(w)] == stamp) continue;
      last_seen[size_t(w)] = stamp;
      std::vector<int32_t>& s = words[size_t(w)];
      const int64_t c = counts[size_t(w)];
      rebuilt.clear();
      for (size_t i = 0; i < s.size();) {
        if (i + 1 < s.size() && s[i] == e.a && s[i + 1] == e.b) {
          // The pairs around the joined symbols change: (prev, a) -> (prev, m) and
          // (b, next) -> (m, next); (a, b) itself disappears.
          if (!rebuilt.empty()) {
            add(rebuilt.back(), e.a, -c, w);
            add(rebuilt.back(), m, +c, w);
          }
          if (i + 2 < s.size()) {
            add(e.b, s[i + 2], -c, w);
            add(m, s[i + 2], +c, w);
          }
          add(e.a, e.b, -c, w);
          rebuilt.push_back(m);
          i += 2;
        } else {
          rebuilt.push_back(s[i]);
          i++;
        }
      }
      s.swap(rebuilt);
    }
    t.add_merge(e.a, e.b);
    // Re-queue the changed pairs (in any order: the queue's order is total). A pair
    // whose count fell to 0 keeps its place in `stats` but frees its piece list.
    for (int32_t i : changed) {
      PairStats& ps = stats[size_t(i)];
      if (ps.count > 0) queue.push({ps.count, ps.a, ps.b});
      else std::vector<int32_t>().swap(ps.words);
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
