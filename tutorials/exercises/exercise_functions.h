// The seven functions a student writes, one per tutorials/exercises/NN_*.cpp, declared
// in namespace `exercise` with the types of checks.h, and each exercise's checks run on
// its function (what check_NN.cpp's main grades). No include guard on purpose: the
// grader's own test includes this file twice, once with `exercise` defined as
// `solution` and once as `stub` (the Makefile builds those two copies the same way).
#include "checks.h"

namespace exercise {
grader::MergePairFn merge_pair;                        // 01
grader::EncodeByRankFn encode_by_rank;                 // 02
grader::EmbeddingForwardFn embedding_forward;          // 03
grader::EmbeddingBackwardFn embedding_backward;        // 04
grader::SoftmaxXentBackwardFn softmax_xent_backward;   // 05
grader::AdamWStepFn adamw_step;                        // 06
grader::Analogy3CosAddFn analogy_3cosadd;              // 07

inline std::vector<grader::Check> checks_01() { return grader::check_01(&merge_pair); }
inline std::vector<grader::Check> checks_02() { return grader::check_02(&encode_by_rank); }
inline std::vector<grader::Check> checks_03() { return grader::check_03(&embedding_forward); }
inline std::vector<grader::Check> checks_04() { return grader::check_04(&embedding_backward); }
inline std::vector<grader::Check> checks_05() { return grader::check_05(&softmax_xent_backward); }
inline std::vector<grader::Check> checks_06() { return grader::check_06(&adamw_step); }
inline std::vector<grader::Check> checks_07() { return grader::check_07(&analogy_3cosadd); }
}  // namespace exercise
