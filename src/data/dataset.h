// From one stream of token ids to training batches.
//  * split: the last fraction F of the stream is validation, the rest training
//    (split point floor((1 - F) * N), like `int(train_ratio * len(ids))`).
//  * windows: window i starts at i * stride; its input is the max_length ids from
//    there and its target the same ids shifted by one (the next token at every
//    position). Starts run over range(0, N - max_length, stride), as in the widely
//    used GPT data loader, so there are ceil((N - max_length) / stride) windows:
//    N = 5145, max_length 4: stride 1 -> 5141 windows, stride 4 -> 1286.
//    e.g. ids {10,11,12,13,14}, max_length 2, stride 2: inputs {10,11},{12,13},
//    targets {11,12},{13,14}.
//  * batches: B windows at a time, in order or shuffled with a seeded embedlab::Rng
//    (a new order each epoch), optionally dropping the last partial batch.
// Shapes: B windows per batch, T = max_length tokens per window, N ids in the stream.
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

#include "util/rng.h"
#include "util/status.h"

namespace embedlab {

Status split_train_val(const std::vector<int32_t>& ids, double val_fraction,
                       std::vector<int32_t>* train, std::vector<int32_t>* val);

class WindowDataset {
 public:
  // Errors: empty data, max_length < 1, stride < 1, fewer than max_length + 1 ids.
  static Status create(std::vector<int32_t> ids, int max_length, int stride, WindowDataset* out);

  size_t size() const { return num_windows_; }
  int max_length() const { return max_length_; }
  int stride() const { return stride_; }
  size_t start(size_t i) const { return i * size_t(stride_); }
  // input (T) = ids[start, start + T), target (T) = ids[start + 1, start + T + 1).
  // REQUIRES: i < size()
  void get(size_t i, int32_t* input, int32_t* target) const;
  const std::vector<int32_t>& ids() const { return ids_; }

 private:
  std::vector<int32_t> ids_;
  int max_length_ = 0, stride_ = 0;
  size_t num_windows_ = 0;
};

struct Batch {
  int B = 0, T = 0;              // B may be smaller in the last batch
  std::vector<int32_t> inputs;   // (B,T)
  std::vector<int32_t> targets;  // (B,T)
  std::vector<size_t> windows;   // which window each row came from
};

class BatchLoader {
 public:
  // REQUIRES: the dataset outlives the loader. Errors: batch_size < 1, or no batch
  // at all (drop_last with fewer windows than batch_size).
  static Status create(const WindowDataset* data, int batch_size, bool shuffle, bool drop_last,
                       uint64_t seed, BatchLoader* out);

  size_t num_batches() const;
  // Starts an epoch: the order is 0..size-1, or a fresh shuffle of it.
  void start_epoch();
  // Fills the next batch of this epoch; false when the epoch is over.
  bool next(Batch* batch);

 private:
  const WindowDataset* data_ = nullptr;
  int batch_size_ = 0;
  bool shuffle_ = false, drop_last_ = false;
  Rng rng_;
  std::vector<size_t> order_;
  size_t pos_ = 0;
};

}  // namespace embedlab
