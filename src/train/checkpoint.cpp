#include "train/checkpoint.h"

#include <cstdlib>
#include <cstring>

#include <sstream>

#include "train/trainer.h"
#include "util/crc32.h"
#include "util/file.h"

namespace embedlab {

static const char kMagic[8] = {'E', 'M', 'B', 'L', 'C', 'K', 'P', 'T'};
static const uint32_t kVersion = 1;

template <typename T>
static void put(std::string* out, T v) {
  out->append(reinterpret_cast<const char*>(&v), sizeof v);
}

std::string encode_checkpoint(const Checkpoint& ck) {
  std::string settings;
  for (const auto& kv : ck.settings) settings += kv.first + "=" + kv.second + "\n";
  std::string out(kMagic, sizeof kMagic);
  put<uint32_t>(&out, kVersion);
  put<uint32_t>(&out, uint32_t(ck.sections.size() + 1));
  auto section = [&](const std::string& name, const std::string& bytes) {
    put<uint32_t>(&out, uint32_t(name.size()));
    out += name;
    put<uint64_t>(&out, uint64_t(bytes.size()));
    out += bytes;
  };
  section("settings", settings);
  for (const auto& kv : ck.sections) section(kv.first, kv.second);
  put<uint32_t>(&out, crc32(out));
  return out;
}

Status save_checkpoint(const std::string& path, const Checkpoint& ck) {
  return write_file_atomic(path, encode_checkpoint(ck));
}

Status decode_checkpoint(const std::string& data, const std::string& name, Checkpoint* out) {
  out->settings.clear();
  out->sections.clear();
  Checkpoint ck;
  auto bad = [&](const std::string& what) {
    return Status::bad_input(name + ": not a valid embedlab checkpoint: " + what);
  };
  if (data.size() < sizeof kMagic + 12 || std::memcmp(data.data(), kMagic, sizeof kMagic) != 0)
    return bad(data.size() < sizeof kMagic ? "file too short" : "wrong magic (not a checkpoint)");
  uint32_t stored_crc;
  std::memcpy(&stored_crc, data.data() + data.size() - 4, 4);
  size_t end = data.size() - 4;
  size_t pos = sizeof kMagic;
  auto get32 = [&](uint32_t* v) {
    if (pos + 4 > end) return false;
    std::memcpy(v, data.data() + pos, 4);
    pos += 4;
    return true;
  };
  uint32_t version = 0, count = 0;
  get32(&version);
  if (version != kVersion)
    return bad("version " + std::to_string(version) + ", this build reads version " +
               std::to_string(kVersion));
  if (crc32(data.data(), end) != stored_crc) return bad("checksum mismatch (corrupted or truncated)");
  if (!get32(&count) || count > 64) return bad("section count out of range");
  for (uint32_t i = 0; i < count; i++) {
    uint32_t name_len = 0;
    if (!get32(&name_len) || name_len > 64 || pos + name_len > end) return bad("section name truncated");
    std::string section = data.substr(pos, name_len);
    const std::string shown = printable(section);  // names are bytes: keep the message one line
    pos += name_len;
    uint64_t len = 0;
    if (pos + 8 > end) return bad("section '" + shown + "' length truncated");
    std::memcpy(&len, data.data() + pos, 8);
    pos += 8;
    if (len > end - pos) return bad("section '" + shown + "' runs past the end of the file");
    std::string bytes = data.substr(pos, size_t(len));
    pos += size_t(len);
    if (section == "settings") {
      size_t start = 0;
      while (start < bytes.size()) {
        size_t nl = bytes.find('\n', start);
        if (nl == std::string::npos) return bad("settings line without newline");
        std::string line = bytes.substr(start, nl - start);
        size_t eq = line.find('=');
        if (eq == std::string::npos) return bad("settings line without '='");
        ck.settings[line.substr(0, eq)] = line.substr(eq + 1);
        start = nl + 1;
      }
    } else {
      ck.sections[section] = std::move(bytes);
    }
  }
  if (pos != end) return bad("trailing bytes after the last section");
  *out = std::move(ck);
  return Status();
}

Status load_checkpoint(const std::string& path, Checkpoint* ck) {
  ck->settings.clear();
  ck->sections.clear();
  std::string data;
  EMBEDLAB_RETURN_IF_ERROR(read_file(path, &data));
  return decode_checkpoint(data, path, ck);
}

std::string floats_to_bytes(const std::vector<float>& v) {
  return std::string(reinterpret_cast<const char*>(v.data()), v.size() * sizeof(float));
}

std::string floats_to_bytes(const Tensor& t) {
  return std::string(reinterpret_cast<const char*>(t.data()), t.size() * sizeof(float));
}

Status bytes_to_floats(const std::string& bytes, size_t expected, const std::string& what,
                       std::vector<float>* out) {
  if (bytes.size() != expected * sizeof(float))
    return Status::bad_input(what + " has " + std::to_string(bytes.size() / sizeof(float)) +
                             " values, expected " + std::to_string(expected));
  out->resize(expected);
  std::memcpy(out->data(), bytes.data(), bytes.size());
  return Status();
}

Status setting_int(const Checkpoint& ck, const std::string& path, const std::string& key,
                   int64_t* out) {
  auto it = ck.settings.find(key);
  if (it == ck.settings.end())
    return Status::bad_input(path + ": checkpoint has no setting '" + key + "'");
  // Strictly [-]digits, at most 18 of them (so no overflow): strtoll alone would
  // accept " 7", "+7", "7\0junk" and clamp huge values silently.
  const std::string& text = it->second;
  const size_t first = !text.empty() && text[0] == '-' ? 1 : 0;
  bool digits = text.size() > first && text.size() - first <= 18;
  for (size_t i = first; digits && i < text.size(); i++) digits = text[i] >= '0' && text[i] <= '9';
  if (!digits)
    return Status::bad_input(path + ": setting " + key + "=" + printable(text) +
                             " is not a whole number of at most 18 digits");
  *out = std::strtoll(text.c_str(), nullptr, 10);
  return Status();
}

// ---- The model's side ------------------------------------------------------------

namespace {

std::string fmt(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return buf;
}

// The names the parameters' sections had before the parameter table.
const char* old_section_name(const std::string& name) {
  static const std::map<std::string, const char*> kOld = {
      {"token_embedding", "E"}, {"position_embedding", "P"}, {"head_weight", "W"},
      {"head_bias", "b"},       {"window_embedding", "M"}};
  auto it = kOld.find(name);
  return it == kOld.end() ? "" : it->second;
}

std::string param_names(const std::vector<Parameter>& table) {
  std::string names;
  for (const Parameter& p : table) names += (names.empty() ? "" : ",") + p.name;
  return names;
}

// The section holding parameter p: its name, or its old name in an older checkpoint.
std::string section_of(const Checkpoint& ck, const Parameter& p) {
  return ck.settings.count("params") ? p.name : old_section_name(p.name);
}

// Checks that every parameter of `table` has a section of exactly its size.
Status check_sections(const Checkpoint& ck, const std::string& path,
                      const std::vector<Parameter>& table) {
  for (const Parameter& p : table) {
    const std::string key = section_of(ck, p);
    auto it = ck.sections.find(key);
    const size_t have = it == ck.sections.end() ? 0 : it->second.size() / sizeof(float);
    const size_t want = size_t(p.rows) * size_t(p.cols);
    if (it == ck.sections.end() || it->second.size() != want * sizeof(float))
      return Status::bad_input(path + ": " + key + " has " + std::to_string(have) +
                               " values, expected " + std::to_string(want));
  }
  return Status();
}

// The metrics.csv rows up to `step` (the header line kept).
std::string metrics_up_to(const std::string& csv, int64_t step) {
  std::istringstream in(csv);
  std::string line, out;
  std::getline(in, line);
  while (std::getline(in, line))
    if (std::atoll(line.c_str()) <= step) out += line + "\n";
  return out;
}

}  // namespace

std::map<std::string, std::string> settings_of(const TrainConfig& cfg) {
  std::map<std::string, std::string> s;
  s["V"] = std::to_string(cfg.model.V);
  s["C"] = std::to_string(cfg.model.C);
  s["T"] = std::to_string(cfg.model.T);
  s["window"] = std::to_string(cfg.model.window);
  s["tie"] = cfg.model.tie ? "1" : "0";
  s["mix"] = mix_name(cfg.model.mix);
  s["negatives"] = std::to_string(cfg.model.negatives);
  s["params"] = param_names(Model::layout(cfg.model));
  s["batch"] = std::to_string(cfg.batch);
  s["lr"] = fmt(cfg.lr);
  s["optimizer"] = optimizer_name(cfg.optim.kind);
  s["momentum"] = fmt(cfg.optim.momentum);
  s["weight_decay"] = fmt(cfg.optim.weight_decay);
  s["lazy_sparse_adamw"] = cfg.optim.lazy_sparse_adamw ? "1" : "0";
  s["schedule"] = cfg.schedule == Schedule::kCosine ? "cosine" : "constant";
  s["warmup"] = std::to_string(cfg.warmup);
  s["clip"] = fmt(cfg.clip);
  s["path"] = path_name(cfg.path);
  s["init"] = init_kind_name(cfg.init);
  s["seed"] = std::to_string(cfg.seed);
  s["order"] = cfg.sequential ? "sequential" : "shuffled";
  s["val_fraction"] = fmt(cfg.val_fraction);
  s["tokenizer"] = cfg.tokenizer_ref;
  s["tokenizer_crc"] = std::to_string(cfg.tokenizer_crc);
  return s;
}

Checkpoint weights_checkpoint(const TrainConfig& cfg, const Model& model, int64_t step) {
  Checkpoint ck;
  ck.settings = settings_of(cfg);
  ck.settings["step"] = std::to_string(step);
  for (const Parameter& p : model.parameters()) ck.sections[p.name] = floats_to_bytes(p.w);
  return ck;
}

Checkpoint model_checkpoint(const TrainConfig& cfg, const Model& model, const Optimizer& opt,
                            int64_t step, const std::string& metrics) {
  Checkpoint ck = weights_checkpoint(cfg, model, step);
  ck.sections["optimizer"] = opt.save_state();
  ck.sections["metrics"] = metrics;
  return ck;
}

Status load_weights(const Checkpoint& ck, const std::string& path, Model* model) {
  EMBEDLAB_RETURN_IF_ERROR(check_sections(ck, path, model->parameters()));
  for (Parameter& p : model->parameters()) {
    const std::string& bytes = ck.sections.at(section_of(ck, p));
    std::memcpy(p.w.data(), bytes.data(), bytes.size());
  }
  return Status();
}

Status resume_run(const std::string& path, const std::string& metrics_path,
                  const TrainConfig& cfg, Model* model, Optimizer* opt, int64_t* step,
                  std::string* metrics) {
  Checkpoint ck;
  EMBEDLAB_RETURN_IF_ERROR(load_checkpoint(path, &ck));
  if (!ck.settings.count("params"))
    return Status::bad_input(path + ": cannot resume: this checkpoint was written by an older "
                             "embedlab (before the parameter table); it still loads for "
                             "exploring, but to train on, start again without --resume");
  auto expect = settings_of(cfg);
  for (const char* key :
       {"V", "C", "T", "window", "tie", "mix", "negatives", "params", "optimizer",
        "tokenizer_crc", "path"}) {
    auto it = ck.settings.find(key);
    if (it == ck.settings.end() || it->second != expect[key])
      return Status::bad_input(path + ": cannot resume: the checkpoint has " + key + "=" +
                               (it == ck.settings.end() ? "(missing)" : printable(it->second)) +
                               " but this run has " + key + "=" + expect[key]);
  }
  EMBEDLAB_RETURN_IF_ERROR(setting_int(ck, path, "step", step));
  EMBEDLAB_RETURN_IF_ERROR(load_weights(ck, path, model));
  EMBEDLAB_RETURN_IF_ERROR(opt->load_state(ck.sections["optimizer"]).with_context(path));
  // The metrics rows up to the checkpoint's step: from the checkpoint itself
  // (checksummed, and always of the same step), or from metrics.csv when the
  // checkpoint predates its "metrics" section.
  std::string old;
  auto saved = ck.sections.find("metrics");
  bool have_old = saved != ck.sections.end();
  if (have_old) old = saved->second;
  else have_old = read_file(metrics_path, &old).ok();
  if (have_old) *metrics += metrics_up_to(old, *step);
  return Status();
}

Status load_model(const std::string& dir, std::unique_ptr<Model>* model, TrainConfig* cfg) {
  const std::string path = path_join(dir, "checkpoint.bin");
  if (!file_exists(dir)) return Status::io_error(dir + ": no such model folder");
  Checkpoint ck;
  EMBEDLAB_RETURN_IF_ERROR(load_checkpoint(path, &ck));
  return model_from_checkpoint(ck, path, model, cfg);
}

Status model_from_checkpoint(const Checkpoint& ck, const std::string& path,
                             std::unique_ptr<Model>* model, TrainConfig* cfg) {
  int64_t V, C, T, window, tie;
  EMBEDLAB_RETURN_IF_ERROR(setting_int(ck, path, "V", &V));
  EMBEDLAB_RETURN_IF_ERROR(setting_int(ck, path, "C", &C));
  EMBEDLAB_RETURN_IF_ERROR(setting_int(ck, path, "T", &T));
  EMBEDLAB_RETURN_IF_ERROR(setting_int(ck, path, "window", &window));
  EMBEDLAB_RETURN_IF_ERROR(setting_int(ck, path, "tie", &tie));
  for (const auto& [key, v] : {std::pair<const char*, int64_t>{"V", V}, {"C", C}, {"T", T},
                               {"window", window}})
    if (v < INT32_MIN || v > INT32_MAX)
      return Status::bad_input(path + ": setting " + key + "=" + std::to_string(v) +
                               " does not fit a 32-bit int");
  TrainConfig c;
  c.model = ModelConfig{int(V), int(C), int(T), int(window), tie != 0};
  auto mix = ck.settings.find("mix");  // absent in checkpoints from before the mixes
  if (mix != ck.settings.end())
    EMBEDLAB_RETURN_IF_ERROR(parse_mix(mix->second, &c.model.mix).with_context(path));
  if (ck.settings.count("negatives")) {  // absent before the sampled head
    int64_t K = 0;
    EMBEDLAB_RETURN_IF_ERROR(setting_int(ck, path, "negatives", &K));
    c.model.negatives = int(std::max<int64_t>(-1, std::min<int64_t>(K, INT32_MAX)));
  }
  EMBEDLAB_RETURN_IF_ERROR(check_model_config(c.model).with_context(path));
  auto setting = ck.settings.find("tokenizer");
  c.tokenizer_ref = setting == ck.settings.end() ? "" : setting->second;
  int64_t crc = 0;
  EMBEDLAB_RETURN_IF_ERROR(setting_int(ck, path, "tokenizer_crc", &crc));
  c.tokenizer_crc = uint32_t(crc);
  // Every section must hold exactly its shape's floats before the model is built, so
  // the allocation is bounded by the file's size and a setting like V=1000000000 is an
  // error, not a 256 TB request.
  EMBEDLAB_RETURN_IF_ERROR(check_sections(ck, path, Model::layout(c.model)));
  auto m = std::make_unique<Model>(c.model);
  EMBEDLAB_RETURN_IF_ERROR(load_weights(ck, path, m.get()));
  *model = std::move(m);
  *cfg = c;
  return Status();
}

}  // namespace embedlab
