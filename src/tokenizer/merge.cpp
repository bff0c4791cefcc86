#include "tokenizer/merge.h"

namespace embedlab {

int merge_pair(std::vector<int32_t>* ids, int32_t a, int32_t b, int32_t new_id) {
  std::vector<int32_t>& s = *ids;
  int joined = 0;
  size_t w = 0;  // write position: never ahead of the read position i
  for (size_t i = 0; i < s.size();) {
    if (i + 1 < s.size() && s[i] == a && s[i + 1] == b) {
      s[w++] = new_id;
      i += 2;  // both symbols are used up: (a, a) in "aaa" joins once
      joined++;
    } else {
      s[w++] = s[i++];
    }
  }
  s.resize(w);
  return joined;
}

}  // namespace embedlab
