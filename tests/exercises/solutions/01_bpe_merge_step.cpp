// Reference solution of exercise 01 (tutorials/exercises/01_bpe_merge_step.cpp).
#include <cstddef>
#include <cstdint>
#include <vector>

namespace exercise {

std::vector<int32_t> merge_pair(const std::vector<int32_t>& ids, int32_t a, int32_t b,
                                int32_t new_id) {
  std::vector<int32_t> out;
  size_t i = 0;
  while (i < ids.size()) {
    if (i + 1 < ids.size() && ids[i] == a && ids[i + 1] == b) {
      out.push_back(new_id);
      i += 2;  // both ids are used up
    } else {
      out.push_back(ids[i]);
      i += 1;
    }
  }
  return out;
}

}  // namespace exercise
