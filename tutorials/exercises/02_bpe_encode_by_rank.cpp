// Exercise 02: encode a piece with ranked merges.    (tutorials 02 and 03, BPE encoding)
//
// A trained tokenizer is a list of merges in the order they were learned: merge r
// (its rank) joins the pair merges[r] = (a, b) into the new id 256 + r. To encode a
// piece of text, start from its bytes (byte value = id, 0..255) and repeat:
//   look at every adjacent pair of the current ids; among the pairs that have a
//   merge, take the one with the LOWEST rank (learned first); join every occurrence
//   of that pair, left to right without overlaps (exercise 01's step);
// until no adjacent pair has a merge. Return the ids.
// Note: the rule is "lowest rank first", not "leftmost first" and not "apply the
// merges once each in order": a merge can create a pair whose merge has a lower rank
// than one still waiting.
//
// Shapes: piece has n bytes (n may be 0); merges has M entries, each (a, b) with
// a, b < 256 + its own rank; the result has between min(n, 1) and n ids.
//
// Worked example: merges = [(97, 97), (256, 97), (98, 99)], so (a,a) -> 256,
// (256,a) -> 257, (b,c) -> 258. piece "aaabc" = [97 97 97 98 99]:
//   pairs with merges: (97,97) rank 0 at 0 and 1, (98,99) rank 2. Lowest: rank 0
//     -> [256 97 98 99]
//   pairs with merges: (256,97) rank 1, (98,99) rank 2. Lowest: rank 1 -> [257 98 99]
//   then (98,99) rank 2 -> [257 258]; no pair left, the answer is [257 258].
//
// Check it: make exercise N=02
#include <cstdint>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace exercise {

std::vector<int32_t> encode_by_rank(const std::string& piece,
                                    const std::vector<std::pair<int32_t, int32_t>>& merges) {
  // Your code here. (unsigned char)piece[i] is the id of byte i.
  throw std::logic_error("exercise 02: not implemented yet");
}

}  // namespace exercise
