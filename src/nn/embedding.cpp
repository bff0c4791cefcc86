#include "nn/embedding.h"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <string>

#include "util/parallel.h"

#if defined(__SSE2__)
#include <immintrin.h>
#endif

namespace embedlab {

Status check_ids(const int32_t* ids, size_t N, int V) {
  for (size_t n = 0; n < N; n++) {
    if (ids[n] < 0 || ids[n] >= V)
      return Status::bad_input("token id " + std::to_string(ids[n]) + " at position " +
                               std::to_string(n) + " is out of range: the table has " +
                               std::to_string(V) + " rows (ids 0.." + std::to_string(V - 1) + ")");
  }
  return Status();
}

// Large batches are copied by several threads, each taking a contiguous block of rows.
// A table much larger than the caches (GPT-2's 50,257 x 768 floats are 154 MB) is read
// in an order the processor cannot guess, so each thread asks for the row it will copy
// kPrefetchRows rows from now while it copies this one: the loads of several rows are
// then in flight at once instead of one after another. An output much larger than the
// caches (8,192 x 768 floats are 25 MB) is written with non-temporal stores: a plain
// store first reads the line it writes into the cache, so streaming saves a third of
// the memory traffic. A small output stays in the cache for whoever reads it next.
// Either way the same floats arrive.
constexpr size_t kStreamBytes = size_t(8) << 20;
constexpr int kPrefetchRows = 4;

void embedding_forward(float* out, const int32_t* ids, const float* W, int N, int V, int C) {
#if defined(__SSE2__)
  const size_t row_bytes = sizeof(float) * size_t(C);
  const bool stream = size_t(N) * row_bytes >= kStreamBytes && C % 4 == 0 &&
                      reinterpret_cast<uintptr_t>(out) % 16 == 0;
  const bool prefetch = size_t(V) * row_bytes >= kStreamBytes;
  auto prefetch_row = [&](int64_t n) {
    const char* row = reinterpret_cast<const char*>(W + size_t(ids[n]) * C);
    for (size_t b = 0; b < row_bytes; b += 64) _mm_prefetch(row + b, _MM_HINT_T0);
  };
#else
  (void)V;
#endif
  auto copy_rows = [&](int64_t begin, int64_t end) {
#if defined(__SSE2__)
    if (prefetch)
      for (int64_t n = begin; n < std::min(end, begin + kPrefetchRows); n++) prefetch_row(n);
#endif
    for (int64_t n = begin; n < end; n++) {
      const float* W_row = W + size_t(ids[n]) * C;
      float* out_row = out + size_t(n) * C;
#if defined(__SSE2__)
      if (prefetch && n + kPrefetchRows < end) prefetch_row(n + kPrefetchRows);
      if (stream) {
        for (int c = 0; c < C; c += 4) _mm_stream_ps(out_row + c, _mm_loadu_ps(W_row + c));
        continue;
      }
#endif
      std::memcpy(out_row, W_row, sizeof(float) * size_t(C));
    }
#if defined(__SSE2__)
    if (stream) _mm_sfence();  // the streamed rows are visible before the loop returns
#endif
  };
  if (int64_t(N) * C < (1 << 16)) return copy_rows(0, N);
  parallel_for(N, 1 + 32768 / std::max(1, C), copy_rows);
}

// With several threads, thread k owns the rows whose id falls in its k-th slice of
// [0, max id]: it scans every position but adds only into its own rows, so no two
// threads write one row, and each row still receives its positions in order n = 0..N-1
// (the same sums, bit for bit, as one thread).
void embedding_backward(float* dW, const float* dout, const int32_t* ids, int N, int C) {
  int32_t max_id = 0;
  for (int n = 0; n < N; n++) max_id = std::max(max_id, ids[n]);
  const int64_t work = int64_t(N) * C;
  auto add_rows = [&](int32_t lo, int32_t hi) {
    for (int n = 0; n < N; n++) {
      int32_t id = ids[n];
      if (id < lo || id >= hi) continue;
      float* dW_row = dW + size_t(id) * C;  // the row read in forward
      const float* dout_n = dout + size_t(n) * C;
      for (int c = 0; c < C; c++) dW_row[c] += dout_n[c];
    }
  };
  if (work < (1 << 16) || num_threads() == 1) {
    add_rows(0, max_id + 1);
    return;
  }
  parallel_for(int64_t(max_id) + 1, 1, [&](int64_t lo, int64_t hi) {
    add_rows(int32_t(lo), int32_t(hi));
  });
}

std::vector<int32_t> touched_rows(const int32_t* ids, int N) {
  std::vector<int32_t> rows(ids, ids + N);
  std::sort(rows.begin(), rows.end());
  rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
  return rows;
}

void embedding_backward_sparse(float* dW, std::vector<int32_t>* rows, const float* dout,
                               const int32_t* ids, int N, int C) {
  embedding_backward(dW, dout, ids, N, C);
  std::vector<int32_t> mine = touched_rows(ids, N);
  std::vector<int32_t> merged;
  merged.reserve(rows->size() + mine.size());
  std::set_union(rows->begin(), rows->end(), mine.begin(), mine.end(), std::back_inserter(merged));
  rows->swap(merged);
}

Status embedding_lookup(Tensor* out, const std::vector<int32_t>& ids, const Tensor& W) {
  if (W.rows() == 0 || W.cols() == 0)
    return Status::bad_input("embedding table W has shape " + W.shape() + ", expected (V,C) > 0");
  EMBEDLAB_RETURN_IF_ERROR(check_ids(ids.data(), ids.size(), W.rows()));
  out->resize(int(ids.size()), W.cols());
  embedding_forward(out->data(), ids.data(), W.data(), int(ids.size()), W.rows(), W.cols());
  return Status();
}

Status embedding_lookup_backward(Tensor* dW, const Tensor& dout, const std::vector<int32_t>& ids) {
  EMBEDLAB_RETURN_IF_ERROR(dout.check_shape("embedding backward: dout", int(ids.size()), dW->cols()));
  EMBEDLAB_RETURN_IF_ERROR(check_ids(ids.data(), ids.size(), dW->rows()));
  embedding_backward(dW->data(), dout.data(), ids.data(), int(ids.size()), dW->cols());
  return Status();
}

void position_forward(float* out, const float* x, const float* P, int B, int T, int C) {
  const size_t TC = size_t(T) * C;
  for (int b = 0; b < B; b++) {
    const float* x_b = x + b * TC;
    float* out_b = out + b * TC;
    for (size_t i = 0; i < TC; i++) out_b[i] = x_b[i] + P[i];  // P row t at position t
  }
}

void position_backward(float* dP, const float* dout, int B, int T, int C) {
  const size_t TC = size_t(T) * C;
  for (int b = 0; b < B; b++) {
    const float* dout_b = dout + b * TC;
    for (size_t i = 0; i < TC; i++) dP[i] += dout_b[i];
  }
}

}  // namespace embedlab
