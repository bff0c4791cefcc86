// Reference solution of exercise 02 (tutorials/exercises/02_bpe_encode_by_rank.cpp).
// The plain way: each round scans every adjacent pair for the lowest rank (O(n M) per
// round, fine for a piece); src/tokenizer/tokenizer.cpp uses a hash map and, for long
// pieces, a heap.
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace exercise {

std::vector<int32_t> encode_by_rank(const std::string& piece,
                                    const std::vector<std::pair<int32_t, int32_t>>& merges) {
  std::vector<int32_t> ids;
  for (char ch : piece) ids.push_back(static_cast<unsigned char>(ch));
  for (;;) {
    // The lowest rank among the adjacent pairs that have a merge.
    size_t best = merges.size();
    for (size_t i = 0; i + 1 < ids.size(); i++)
      for (size_t r = 0; r < best; r++)
        if (merges[r].first == ids[i] && merges[r].second == ids[i + 1]) best = r;
    if (best == merges.size()) return ids;
    // Join every occurrence of that pair, left to right (exercise 01).
    std::vector<int32_t> out;
    for (size_t i = 0; i < ids.size();) {
      if (i + 1 < ids.size() && ids[i] == merges[best].first && ids[i + 1] == merges[best].second) {
        out.push_back(256 + int32_t(best));
        i += 2;
      } else {
        out.push_back(ids[i++]);
      }
    }
    ids = out;
  }
}

}  // namespace exercise
