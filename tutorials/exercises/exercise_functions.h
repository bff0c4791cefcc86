// The seven functions a student writes, one per tutorials/exercises/NN_*.cpp, declared
// in namespace `exercise` with the types of checks.h. No include guard on purpose: the
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
}  // namespace exercise
