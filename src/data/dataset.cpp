#include "data/dataset.h"

#include <cmath>
#include <numeric>
#include <string>

namespace embedlab {

Status split_train_val(const std::vector<int32_t>& ids, double val_fraction,
                       std::vector<int32_t>* train, std::vector<int32_t>* val) {
  if (!(val_fraction >= 0.0 && val_fraction < 1.0))
    return Status::bad_input("validation fraction must be in [0, 1), got " +
                             std::to_string(val_fraction));
  if (ids.empty()) return Status::bad_input("cannot split an empty token stream");
  const size_t split = size_t(std::floor((1.0 - val_fraction) * double(ids.size())));
  train->assign(ids.begin(), ids.begin() + split);
  val->assign(ids.begin() + split, ids.end());
  return Status();
}

Status WindowDataset::create(std::vector<int32_t> ids, int max_length, int stride,
                             WindowDataset* out) {
  if (ids.empty()) return Status::bad_input("dataset: the token stream is empty");
  if (max_length < 1)
    return Status::bad_input("dataset: max_length must be at least 1, got " +
                             std::to_string(max_length));
  if (stride < 1)
    return Status::bad_input("dataset: stride must be at least 1, got " + std::to_string(stride));
  if (size_t(max_length) >= ids.size())
    return Status::bad_input("dataset: max_length " + std::to_string(max_length) +
                             " is larger than the data: a window needs " +
                             std::to_string(max_length + 1) + " ids (inputs plus the next one), "
                             "the stream has " + std::to_string(ids.size()));
  const size_t span = ids.size() - size_t(max_length);  // starts in [0, span)
  out->num_windows_ = (span + size_t(stride) - 1) / size_t(stride);
  out->ids_ = std::move(ids);
  out->max_length_ = max_length;
  out->stride_ = stride;
  return Status();
}

void WindowDataset::get(size_t i, int32_t* input, int32_t* target) const {
  const int32_t* from = ids_.data() + start(i);
  for (int t = 0; t < max_length_; t++) {
    input[t] = from[t];
    target[t] = from[t + 1];
  }
}

Status BatchLoader::create(const WindowDataset* data, int batch_size, bool shuffle,
                           bool drop_last, uint64_t seed, BatchLoader* out) {
  if (batch_size < 1)
    return Status::bad_input("batch size must be at least 1, got " + std::to_string(batch_size));
  if (drop_last && data->size() < size_t(batch_size))
    return Status::bad_input("batch size " + std::to_string(batch_size) + " with drop_last leaves "
                             "no batch: the dataset has " + std::to_string(data->size()) +
                             " windows");
  out->data_ = data;
  out->batch_size_ = batch_size;
  out->shuffle_ = shuffle;
  out->drop_last_ = drop_last;
  out->rng_.reseed(seed);
  out->start_epoch();
  return Status();
}

size_t BatchLoader::num_batches() const {
  const size_t n = data_->size(), b = size_t(batch_size_);
  return drop_last_ ? n / b : (n + b - 1) / b;
}

void BatchLoader::start_epoch() {
  order_.resize(data_->size());
  std::iota(order_.begin(), order_.end(), size_t(0));
  if (shuffle_) rng_.shuffle(&order_);
  pos_ = 0;
}

bool BatchLoader::next(Batch* batch) {
  const size_t left = order_.size() - pos_;
  if (left == 0 || (drop_last_ && left < size_t(batch_size_))) return false;
  const int B = int(std::min(left, size_t(batch_size_)));
  const int T = data_->max_length();
  batch->B = B;
  batch->T = T;
  batch->inputs.resize(size_t(B) * T);
  batch->targets.resize(size_t(B) * T);
  batch->windows.assign(order_.begin() + pos_, order_.begin() + pos_ + B);
  for (int b = 0; b < B; b++)
    data_->get(batch->windows[b], batch->inputs.data() + size_t(b) * T,
               batch->targets.data() + size_t(b) * T);
  pos_ += size_t(B);
  return true;
}

}  // namespace embedlab
