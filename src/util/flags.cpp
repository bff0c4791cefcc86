#include "util/flags.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>

#include "util/blas_setup.h"
#include "util/parallel.h"

namespace embedlab {

static Flags::Flag make_flag(Flags::Kind kind, const std::string& help, const std::string& def) {
  Flags::Flag f;
  f.kind = kind;
  f.help = help;
  f.def = def;
  return f;
}

// Every program takes --threads: parse() hands it to the parallel loops and OpenBLAS.
Flags::Flags(std::string program, std::string summary)
    : program_(std::move(program)), summary_(std::move(summary)) {
  add("threads", 0,
      "threads for embedlab's parallel loops and OpenBLAS (0: EMBEDLAB_THREADS, else every "
      "core)");
}

void Flags::add(const std::string& name, int64_t def, const std::string& help) {
  Flag f = make_flag(Kind::kInt, help, std::to_string(def));
  f.i = def;
  flags_[name] = f;
  order_.push_back(name);
}

void Flags::add(const std::string& name, double def, const std::string& help) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%g", def);
  Flag f = make_flag(Kind::kDouble, help, buf);
  f.d = def;
  flags_[name] = f;
  order_.push_back(name);
}

void Flags::add(const std::string& name, const char* def, const std::string& help) {
  Flag f = make_flag(Kind::kString, help, def);
  f.s = def;
  flags_[name] = f;
  order_.push_back(name);
}

void Flags::add_switch(const std::string& name, const std::string& help) {
  flags_[name] = make_flag(Kind::kSwitch, help, "");
  order_.push_back(name);
}

void Flags::add_list(const std::string& name, const std::string& help) {
  flags_[name] = make_flag(Kind::kList, help, "");
  order_.push_back(name);
}

void Flags::alias(const std::string& short_name, const std::string& name) {
  aliases_[short_name] = name;
}

Status Flags::assign(Flag* f, const std::string& name, const std::string& value) {
  const std::string where = "--" + name + " " + (value.empty() ? "''" : value);
  switch (f->kind) {
    case Kind::kInt: {
      errno = 0;
      char* end = nullptr;
      long long v = std::strtoll(value.c_str(), &end, 10);
      if (value.empty() || *end != '\0' || errno == ERANGE)
        return Status::bad_input(where + ": expected a whole number");
      f->i = v;
      break;
    }
    case Kind::kDouble: {
      char* end = nullptr;
      double v = std::strtod(value.c_str(), &end);
      if (value.empty() || *end != '\0' || !std::isfinite(v))
        return Status::bad_input(where + ": expected a number");
      f->d = v;
      break;
    }
    case Kind::kString:
      f->s = value;
      break;
    case Kind::kList:
      f->list.push_back(value);
      break;
    case Kind::kSwitch:
      if (value == "1" || value == "true") f->b = true;
      else if (value == "0" || value == "false") f->b = false;
      else return Status::bad_input(where + ": expected true or false");
      break;
  }
  f->set = true;
  return Status();
}

Status Flags::parse(int argc, char** argv) {
  bool options_done = false;
  for (int i = 1; i < argc; i++) {
    std::string arg = argv[i];
    if (options_done || arg.size() < 2 || arg[0] != '-') {
      positional_.push_back(arg);
      continue;
    }
    if (arg == "--") {
      options_done = true;
      continue;
    }
    if (arg == "--help" || arg == "-h") {
      help_ = true;
      std::fputs(usage().c_str(), stdout);
      return Status();
    }
    std::string name, value;
    bool has_value = false;
    if (arg[1] == '-') {
      name = arg.substr(2);
      size_t eq = name.find('=');
      if (eq != std::string::npos) {
        value = name.substr(eq + 1);
        name = name.substr(0, eq);
        has_value = true;
      }
    } else {
      auto a = aliases_.find(arg.substr(1));
      if (a == aliases_.end()) {
        // A negative number is a positional argument (e.g. a token id or offset).
        char* end = nullptr;
        std::strtod(arg.c_str(), &end);
        if (*end == '\0') {
          positional_.push_back(arg);
          continue;
        }
        return Status::bad_input("unknown option " + arg + " (see --help)");
      }
      name = a->second;
    }
    auto it = flags_.find(name);
    if (it == flags_.end()) return Status::bad_input("unknown option --" + name + " (see --help)");
    Flag* f = &it->second;
    if (f->kind == Kind::kSwitch && !has_value) {
      f->b = true;
      f->set = true;
      continue;
    }
    if (f->kind == Kind::kList && !has_value) {
      // Take every following word up to the next option.
      int taken = 0;
      while (i + 1 < argc && !(argv[i + 1][0] == '-' && argv[i + 1][1] != '\0')) {
        EMBEDLAB_RETURN_IF_ERROR(assign(f, name, argv[++i]));
        taken++;
      }
      if (taken == 0) return Status::bad_input("--" + name + ": expected a value");
      continue;
    }
    if (!has_value) {
      if (i + 1 >= argc) return Status::bad_input("--" + name + ": expected a value");
      value = argv[++i];
    }
    EMBEDLAB_RETURN_IF_ERROR(assign(f, name, value));
  }
  if (was_set("threads")) {
    const int64_t n = get_int("threads");
    if (n < 0 || n > 4096) return Status::bad_input("--threads " + std::to_string(n) +
                                                    ": expected a whole number from 0 to 4096");
    set_num_threads(int(n));
    set_blas_threads(num_threads());
  }
  return Status();
}

int Flags::fail(const Status& s) const {
  std::fprintf(stderr, "%s: %s\n", program_.c_str(), s.message().c_str());
  return 1;
}

const Flags::Flag& Flags::find(const std::string& name, Kind kind) const {
  auto it = flags_.find(name);
  // A programmer error: the flag was never declared or is read as the wrong type.
  if (it == flags_.end() || it->second.kind != kind)
    throw std::logic_error("flag --" + name + " not declared with this type");
  return it->second;
}

int64_t Flags::get_int(const std::string& name) const { return find(name, Kind::kInt).i; }
Status Flags::get_int_in(const std::string& name, int64_t lo, int64_t hi, int* out) const {
  hi = std::min<int64_t>(hi, INT32_MAX);
  const int64_t v = get_int(name);
  if (v < lo || v > hi)
    return Status::bad_input("--" + name + " " + std::to_string(v) + ": expected a whole number from " +
                             std::to_string(lo) + " to " + std::to_string(hi));
  *out = int(v);
  return Status();
}
double Flags::get_double(const std::string& name) const { return find(name, Kind::kDouble).d; }
const std::string& Flags::get_string(const std::string& name) const {
  return find(name, Kind::kString).s;
}
bool Flags::get_bool(const std::string& name) const { return find(name, Kind::kSwitch).b; }
const std::vector<std::string>& Flags::get_list(const std::string& name) const {
  return find(name, Kind::kList).list;
}
bool Flags::was_set(const std::string& name) const {
  auto it = flags_.find(name);
  return it != flags_.end() && it->second.set;
}

std::string Flags::usage() const {
  std::string u = "usage: " + program_ + " [options]";
  if (!positional_usage_.empty()) u += " " + positional_usage_;
  u += "\n" + summary_ + "\n\noptions:\n";
  // --threads, which every program has, comes last.
  std::vector<std::string> names;
  for (const std::string& name : order_)
    if (name != "threads") names.push_back(name);
  names.push_back("threads");
  for (const std::string& name : names) {
    const Flag& f = flags_.at(name);
    std::string left = "  --" + name;
    for (const auto& a : aliases_)
      if (a.second == name) left = "  -" + a.first + ", --" + name;
    switch (f.kind) {
      case Kind::kInt: left += " N"; break;
      case Kind::kDouble: left += " X"; break;
      case Kind::kString: left += " S"; break;
      case Kind::kList: left += " S..."; break;
      case Kind::kSwitch: break;
    }
    if (left.size() < 26) left.resize(26, ' ');
    else left += "  ";
    u += left + f.help;
    if (f.kind != Kind::kSwitch && f.kind != Kind::kList && !f.def.empty())
      u += " (default " + f.def + ")";
    u += "\n";
  }
  u += "  -h, --help              this message\n";
  return u;
}

}  // namespace embedlab
