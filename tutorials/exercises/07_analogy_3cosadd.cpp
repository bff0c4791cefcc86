// Exercise 07: word analogies with 3CosAdd.             (tutorial 09, exploring)
//
// "man is to king as woman is to ?": in a good embedding table, king - man + woman
// lands near queen. 3CosAdd (Mikolov et al. 2013; Levy and Goldberg 2014) answers
// a : b :: c : ? with the row d that maximizes
//   score(d) = cos(d, b) - cos(d, a) + cos(d, c),   cos(x, y) = x.y / (|x| |y|)
// over every row d of the table EXCEPT a, b and c themselves (otherwise b or c would
// usually win). Return that d.
// Rules for the corner cases:
//   - a row of all zeros has cos = 0 with everything;
//   - ties: the smallest d wins;
//   - no candidate left (e.g. V = 3 and a, b, c all different): return -1.
// (Equivalent and cheaper: normalize every row to length 1, then score(d) is
// unit(d) . (unit(b) - unit(a) + unit(c)).)
//
// Shapes: E (V,C) row-major, E[v][c] is E[v * C + c]; 0 <= a, b, c < V (they may be
// equal to each other).
//
// Worked example: V=5, C=2, rows 0:[1,0] 1:[0,1] 2:[1,1] 3:[-1,0] 4:[2,1];
// a=0, b=2, c=1 ("[1,0] is to [1,1] as [0,1] is to ?"). Candidates 3 and 4:
//   unit rows: 0:[1,0] 1:[0,1] 2:[0.707,0.707] 3:[-1,0] 4:[0.894,0.447]
//   target = unit(2) - unit(0) + unit(1) = [-0.293, 1.707]
//   score(3) = 0.293,  score(4) = 0.894 * -0.293 + 0.447 * 1.707 = 0.501  -> 4
//
// Check it: make exercise N=07
#include <stdexcept>

namespace exercise {

int analogy_3cosadd(const float* E, int V, int C, int a, int b, int c) {
  // Your code here. (std::sqrt is in <cmath>.)
  throw std::logic_error("exercise 07: not implemented yet");
}

}  // namespace exercise
