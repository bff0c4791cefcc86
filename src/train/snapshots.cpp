#include "train/snapshots.h"

#include <algorithm>
#include <cstring>
#include <numeric>

namespace embedlab {

void Snapshots::add(int64_t step, double loss, const Tensor& E) {
  SnapshotFrame f;
  f.step = step;
  f.loss = loss;
  f.rows.reserve(ids.size() * size_t(C));
  for (int32_t id : ids) f.rows.insert(f.rows.end(), E.row(id), E.row(id) + C);
  frames.push_back(std::move(f));
}

template <typename T>
static void put(std::string* out, T v) {
  out->append(reinterpret_cast<const char*>(&v), sizeof v);
}

std::string Snapshots::encode() const {
  std::string out;
  put<uint32_t>(&out, 1);
  put<uint32_t>(&out, uint32_t(ids.size()));
  put<uint32_t>(&out, uint32_t(C));
  put<uint32_t>(&out, uint32_t(frames.size()));
  out.append(reinterpret_cast<const char*>(ids.data()), ids.size() * sizeof(int32_t));
  for (const SnapshotFrame& f : frames) {
    put<int64_t>(&out, f.step);
    put<double>(&out, f.loss);
    out.append(reinterpret_cast<const char*>(f.rows.data()), f.rows.size() * sizeof(float));
  }
  return out;
}

Status Snapshots::decode(const std::string& bytes, const std::string& path, Snapshots* out) {
  auto bad = [&](const std::string& what) {
    return Status::bad_input(path + ": section snapshots: " + what);
  };
  uint32_t head[4];
  if (bytes.size() < sizeof head) return bad("shorter than its header");
  std::memcpy(head, bytes.data(), sizeof head);
  if (head[0] != 1) return bad("version " + std::to_string(head[0]) + ", expected 1");
  const uint64_t K = head[1], C = head[2], F = head[3];
  const uint64_t frame_bytes = 16 + K * C * sizeof(float);
  if (sizeof head + K * 4 + F * frame_bytes != bytes.size())
    return bad(std::to_string(bytes.size()) + " bytes do not hold " + std::to_string(F) +
               " frames of " + std::to_string(K) + " rows of " + std::to_string(C));
  Snapshots s;
  s.C = int(C);
  s.ids.resize(K);
  const char* p = bytes.data() + sizeof head;
  std::memcpy(s.ids.data(), p, K * 4);
  p += K * 4;
  for (uint64_t k = 0; k < F; k++) {
    SnapshotFrame f;
    std::memcpy(&f.step, p, 8);
    std::memcpy(&f.loss, p + 8, 8);
    f.rows.resize(K * C);
    std::memcpy(f.rows.data(), p + 16, K * C * sizeof(float));
    p += frame_bytes;
    s.frames.push_back(std::move(f));
  }
  *out = std::move(s);
  return Status();
}

std::vector<int32_t> most_frequent(const std::vector<uint64_t>& counts, int K) {
  std::vector<int32_t> ids(counts.size());
  std::iota(ids.begin(), ids.end(), 0);
  std::stable_sort(ids.begin(), ids.end(),
                   [&](int32_t a, int32_t b) { return counts[size_t(a)] > counts[size_t(b)]; });
  size_t seen = 0;
  while (seen < ids.size() && counts[size_t(ids[seen])] > 0) seen++;
  ids.resize(std::min(seen, size_t(std::max(0, K))));
  return ids;
}

}  // namespace embedlab
