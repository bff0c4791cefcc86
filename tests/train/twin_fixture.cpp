#include "train/twin_fixture.h"

#include <cstdlib>
#include <sstream>

#include "util/file.h"

using embedlab::Status;

namespace embedlab_test {

std::string TwinCase::label() const {
  std::ostringstream s;
  s << name << " " << optimizer;
  if (momentum != 0) s << " momentum " << momentum;
  s << " window " << window << " tie " << tie;
  return s.str();
}

Status read_id_file(const std::string& path, std::vector<int32_t>* out) {
  std::string text;
  EMBEDLAB_RETURN_IF_ERROR(embedlab::read_file(path, &text));
  std::istringstream in(text);
  out->clear();
  for (std::string word; in >> word;) {
    size_t used = 0;
    long v = -1;
    try {
      v = std::stol(word, &used);
    } catch (...) {
    }
    if (used != word.size() || v < 0 || v > 0x7FFFFFFF)
      return Status::bad_input(path + ": '" + word + "' is not a token id");
    out->push_back(int32_t(v));
  }
  return Status();
}

Status read_twin_cases(const std::string& path, std::vector<TwinCase>* out) {
  std::string text;
  EMBEDLAB_RETURN_IF_ERROR(embedlab::read_file(path, &text));
  std::istringstream in(text);
  out->clear();
  std::string line;
  int line_no = 0;
  while (std::getline(in, line)) {
    line_no++;
    std::istringstream ls(line);
    std::string kind;
    ls >> kind;
    const std::string where = path + ":" + std::to_string(line_no);
    if (kind == "case") {
      TwinCase c;
      ls >> c.name >> c.ids_file >> c.V >> c.C >> c.T >> c.window >> c.tie >> c.optimizer >> c.lr >>
          c.momentum >> c.weight_decay >> c.seed >> c.B >> c.steps;
      embedlab::OptimizerKind kind_unused;
      if (!ls || !embedlab::parse_optimizer(c.optimizer, &kind_unused).ok())
        return Status::bad_input(where + ": expected a case line");
      out->push_back(c);
    } else if (kind == "losses") {
      if (out->empty()) return Status::bad_input(where + ": losses before any case");
      for (double l; ls >> l;) out->back().losses.push_back(l);
    } else if (!kind.empty() && kind[0] != '#') {
      return Status::bad_input(where + ": unknown line '" + kind + "'");
    }
  }
  for (TwinCase& c : *out) {
    if (int(c.losses.size()) != c.steps)
      return Status::bad_input(path + ": case " + c.label() + " has " +
                               std::to_string(c.losses.size()) + " losses, expected " +
                               std::to_string(c.steps));
    EMBEDLAB_RETURN_IF_ERROR(read_id_file(c.ids_file, &c.ids));
    const size_t need = size_t(c.steps) * c.B * c.T + 1;
    if (c.ids.size() < need)
      return Status::bad_input(c.ids_file + ": " + std::to_string(c.ids.size()) + " ids, need " +
                               std::to_string(need));
    c.ids.resize(need);
    for (int32_t id : c.ids)
      if (id >= c.V)
        return Status::bad_input(c.ids_file + ": id " + std::to_string(id) +
                                 " is outside the vocabulary of " + std::to_string(c.V));
  }
  return Status();
}

embedlab::TrainConfig twin_train_config(const TwinCase& tc) {
  using namespace embedlab;
  TrainConfig cfg;
  cfg.model = ModelConfig{tc.V, tc.C, tc.T, tc.window, tc.tie != 0};
  cfg.batch = tc.B;
  cfg.steps = tc.steps;
  cfg.lr = tc.lr;
  if (!parse_optimizer(tc.optimizer, &cfg.optim.kind).ok()) std::abort();  // checked on reading
  cfg.optim.momentum = tc.momentum;
  cfg.optim.weight_decay = tc.weight_decay;
  cfg.init = InitKind::kTorch;
  cfg.seed = uint64_t(tc.seed);
  cfg.sequential = true;
  cfg.schedule = Schedule::kConstant;
  cfg.clip = 0;
  cfg.warmup = 0;
  cfg.val_fraction = 0;  // the twin trains on the stream from its first token
  cfg.checkpoint_every = tc.steps;  // one checkpoint, at the end (GPT-2's is 10 MB)
  cfg.eval_every = tc.steps;
  cfg.quiet = true;
  cfg.compare_paths = false;
  return cfg;
}

}  // namespace embedlab_test
