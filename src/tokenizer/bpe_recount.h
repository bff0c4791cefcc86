// The reference BPE trainer: the obvious algorithm, kept as the yardstick for the real
// one (tokenizer/bpe_train.h). Before every merge it recounts every adjacent pair of
// every distinct piece (weighted by how often the piece occurs), takes the most
// frequent pair (same tie rule: the highest count, then the smaller a, then the
// smaller b) and joins it everywhere. Plainly right and slow: each merge costs a pass
// over the whole deduplicated corpus, so training costs (distinct bytes) x (merges).
// Read it first: bpe_train makes the same merges, and its bookkeeping only avoids the
// recount. The tests and the fuzz target check bpe_train's merges against it;
// `embedlab bench tokenizer` times it to show what the incremental trainer saves.
// e.g. RecountTrainer r("aaabdaaabac", Pattern::kNone); three r.merge() calls give
// (97,97), (97,98), (256,257), as bpe_train does.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "tokenizer/tokenizer.h"

namespace embedlab {

class RecountTrainer {
 public:
  // Pre-tokenizes `text` and keeps each distinct piece once, with its count.
  RecountTrainer(std::string_view text, Pattern p);

  // One merge: recount, pick, join. The new id is 256 + merges done so far. Returns
  // false (and merges nothing) when no piece has two symbols left.
  bool merge(std::pair<int32_t, int32_t>* joined);
  // Jumps to the state after the first m merges of t, without recounting: each piece
  // is encoded with those merges (applying a trainer's merges in rank order gives
  // the pieces its training had after m merges).  REQUIRES: 0 <= m <= t.num_merges()
  void skip_to(const Tokenizer& t, int m);

  int merges_done() const { return next_id_ - 256; }
  size_t distinct_pieces() const { return pieces_.size(); }
  size_t symbols() const;  // ids over all distinct pieces: the work of one recount

 private:
  std::vector<std::string> pieces_;          // distinct pieces, as bytes
  std::vector<std::vector<int32_t>> words_;  // the same pieces, as ids now
  std::vector<int64_t> counts_;              // occurrences of each piece
  int32_t next_id_ = 256;
  size_t pairs_ = 0;  // distinct pairs at the last recount
};

// The first `merges` merges the recount trainer makes on `text`, fewer when the text
// allows fewer: the reference list the tests and the fuzz target compare against.
std::vector<std::pair<int32_t, int32_t>> recount_merges(std::string_view text, int merges,
                                                        Pattern p);

}  // namespace embedlab
