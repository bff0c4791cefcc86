// The checks of each exercise, written as functions of the student's function: the
// same checks grade a student's file (make exercise N=NN: check_NN.cpp's main) and
// prove the grader right in the test suite, against the reference solutions (every
// check passes) and the untouched stubs (every check fails), tests/exercises/.
// The signatures below are the ones in tutorials/exercises/NN_*.cpp.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "grader.h"

namespace grader {

// Titles, as `make exercises` prints them (the file name without NN_ and .cpp).
constexpr const char* kTitle01 = "bpe merge step";
constexpr const char* kTitle02 = "bpe encode by rank";
constexpr const char* kTitle03 = "embedding forward";
constexpr const char* kTitle04 = "embedding backward";
constexpr const char* kTitle05 = "softmax xent backward";
constexpr const char* kTitle06 = "adamw step";
constexpr const char* kTitle07 = "analogy 3cosadd";

// Function types (a `Fn*` is what a check takes; exercise_functions.h declares them).
using MergePairFn = std::vector<int32_t>(const std::vector<int32_t>& ids, int32_t a, int32_t b,
                                         int32_t new_id);
using EncodeByRankFn = std::vector<int32_t>(
    const std::string& piece, const std::vector<std::pair<int32_t, int32_t>>& merges);
using EmbeddingForwardFn = void(float* out, const int32_t* ids, const float* W, int N, int V,
                                int C);
using EmbeddingBackwardFn = void(float* dW, const float* dout, const int32_t* ids, int N, int V,
                                 int C);
using SoftmaxXentBackwardFn = void(float* dlogits, const float* logits, const int32_t* targets,
                                   int N, int V);
using AdamWStepFn = void(float* w, const float* g, float* m, float* v, size_t n, int t, float lr,
                         float beta1, float beta2, float eps, float weight_decay);
using Analogy3CosAddFn = int(const float* E, int V, int C, int a, int b, int c);

std::vector<Check> check_01(MergePairFn* f);
std::vector<Check> check_02(EncodeByRankFn* f);
std::vector<Check> check_03(EmbeddingForwardFn* f);
std::vector<Check> check_04(EmbeddingBackwardFn* f);
std::vector<Check> check_05(SoftmaxXentBackwardFn* f);
std::vector<Check> check_06(AdamWStepFn* f);
std::vector<Check> check_07(Analogy3CosAddFn* f);

}  // namespace grader
