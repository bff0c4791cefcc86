#include "tokenizer/bpe_train.h"

#include <algorithm>
#include <queue>
#include <unordered_map>

namespace embedlab {

namespace {

inline uint64_t key(int32_t a, int32_t b) { return uint64_t(uint32_t(a)) << 32 | uint32_t(b); }

struct PairStats {
  int64_t count = 0;
  std::vector<int32_t> words;  // pieces that contained the pair when it was counted
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

}  // namespace

Status bpe_train(std::string_view corpus, const BpeTrainOptions& opt, Tokenizer* out) {
  const int n_special = int(opt.specials.size());
  if (opt.vocab_size < 256 + n_special)
    return Status::bad_input("--vocab-size " + std::to_string(opt.vocab_size) +
                             ": expected at least 256 (the bytes) + " + std::to_string(n_special) +
                             " special tokens");
  if (corpus.empty()) return Status::bad_input("the corpus is empty: nothing to learn merges from");
  const int wanted = opt.vocab_size - 256 - n_special;

  // 1. Distinct pieces with counts, in byte order (not hash order).
  std::vector<std::string_view> pieces;
  pretokenize(opt.pattern, corpus, &pieces);
  std::unordered_map<std::string_view, int64_t> piece_count;
  for (std::string_view p : pieces) piece_count[p]++;
  std::vector<std::pair<std::string_view, int64_t>> distinct(piece_count.begin(), piece_count.end());
  std::sort(distinct.begin(), distinct.end());
  std::vector<std::vector<int32_t>> words(distinct.size());
  std::vector<int64_t> counts(distinct.size());
  for (size_t w = 0; w < distinct.size(); w++) {
    for (unsigned char c : distinct[w].first) words[w].push_back(c);
    counts[w] = distinct[w].second;
  }

  // 2. Pair counts and the pair -> pieces index.
  std::unordered_map<uint64_t, PairStats> stats;
  for (size_t w = 0; w < words.size(); w++)
    for (size_t i = 0; i + 1 < words[w].size(); i++) {
      PairStats& ps = stats[key(words[w][i], words[w][i + 1])];
      ps.count += counts[w];
      if (ps.words.empty() || ps.words.back() != int32_t(w)) ps.words.push_back(int32_t(w));
    }
  std::priority_queue<Entry> queue;
  for (const auto& kv : stats)
    queue.push({kv.second.count, int32_t(kv.first >> 32), int32_t(kv.first & 0xFFFFFFFF)});

  Tokenizer t;
  t.set_pattern(opt.pattern);
  std::vector<int32_t> last_seen(words.size(), -1);  // dedupes a pair's piece list per merge
  std::vector<uint64_t> changed;
  std::vector<int32_t> rebuilt;
  size_t merged_bytes = 0;  // of all merged tokens, against kMaxVocabBytes
  auto add = [&](int32_t a, int32_t b, int64_t delta, int32_t w) {
    PairStats& ps = stats[key(a, b)];
    ps.count += delta;
    if (delta > 0 && (ps.words.empty() || ps.words.back() != w)) ps.words.push_back(w);
    changed.push_back(key(a, b));
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
    auto it = stats.find(key(e.a, e.b));
    if (it == stats.end() || it->second.count != e.count || e.count <= 0) continue;  // stale
    // A token past the caps could not be loaded back: such a pair is never merged.
    const size_t len = t.token_bytes(e.a).size() + t.token_bytes(e.b).size();
    if (len > kMaxTokenBytes || merged_bytes + len > kMaxVocabBytes) continue;
    merged_bytes += len;
    const int32_t m = t.vocab_size();
    const int32_t stamp = t.num_merges();
    std::vector<int32_t> where = std::move(it->second.words);
    it->second.words.clear();
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
    std::sort(changed.begin(), changed.end());
    changed.erase(std::unique(changed.begin(), changed.end()), changed.end());
    for (uint64_t k : changed) {
      auto ps = stats.find(k);
      if (ps->second.count > 0)
        queue.push({ps->second.count, int32_t(k >> 32), int32_t(k & 0xFFFFFFFF)});
      else if (ps->second.count == 0)
        stats.erase(ps);
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
