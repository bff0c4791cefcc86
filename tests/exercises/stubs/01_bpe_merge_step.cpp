// Exercise 01: one BPE merge step.                        (tutorial 02, BPE by hand)
//
// Training a BPE tokenizer repeats one step: pick a pair of adjacent ids (a, b) and
// give it a new id. Write that step: return a copy of `ids` in which every occurrence
// of a followed by b is replaced by new_id. Scan left to right; once two ids are
// joined, both are used up (occurrences do not overlap).
//
// Shapes: ids has n entries (n may be 0); the result has n minus the number of pairs
// joined. a may equal b.
//
// Worked example: "aaab" is [97 97 97 98]. With (a, b) = (97, 97) and new_id 256:
//   positions 0,1 are (97, 97) -> 256; position 2 is 97 but its right neighbour is
//   98, so it stays: the result is [256 97 98] (not [97 256 98]).
// More: [97 98 120 97 98] with (97, 98) -> 300 gives [300 120 300];
//       [5 5 5 5] with (5, 5) -> 256 gives [256 256]; [98 97] with (97, 98) stays.
//
// Check it: make exercise N=01
#include <cstdint>
#include <stdexcept>
#include <vector>

namespace exercise {

std::vector<int32_t> merge_pair(const std::vector<int32_t>& ids, int32_t a, int32_t b,
                                int32_t new_id) {
  // Your code here.
  throw std::logic_error("exercise 01: not implemented yet");
}

}  // namespace exercise
