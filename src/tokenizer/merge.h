// One BPE merge step: every occurrence of the pair (a, b) becomes the single id
// new_id, scanning left to right without overlaps. Training applies it once per
// new merge; encoding applies it with the pair of lowest rank until none is left.
// e.g. "aaab" = [97 97 97 98] with (97, 97) -> 256 gives [256 97 98]: the first two
// a's join, and the third has no partner left.
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

namespace embedlab {

// Rewrites *ids in place; returns how many pairs were joined.
int merge_pair(std::vector<int32_t>* ids, int32_t a, int32_t b, int32_t new_id);

}  // namespace embedlab
