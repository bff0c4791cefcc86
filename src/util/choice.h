// A flag's or a file's word that names one of a few values: "sgd" -> OptimizerKind::kSgd.
// e.g. parse_choice("dense", {{"lookup", kLookup}, {"onehot", kOneHot}}, "path", &p)
//      -> "unknown path 'dense', expected lookup or onehot"
#pragma once
#include <string>
#include <utility>
#include <vector>

#include "util/status.h"

namespace embedlab {

// The names and the value each stands for, in the order a message lists them.
template <typename T>
using Choices = std::vector<std::pair<const char*, T>>;

// The names of `choices` for a message: "a", "a or b", "a, b or c".
template <typename T>
std::string choice_names(const Choices<T>& choices) {
  std::string out;
  for (size_t i = 0; i < choices.size(); i++) {
    if (i > 0) out += i + 1 == choices.size() ? " or " : ", ";
    out += choices[i].first;
  }
  return out;
}

// *out = the value of the choice named `name` (exactly); otherwise, with `what` naming
// the setting, "unknown WHAT 'NAME', expected A, B or C", and *out is unchanged.
template <typename T>
Status parse_choice(const std::string& name, const Choices<T>& choices, const char* what, T* out) {
  for (const auto& [choice, value] : choices)
    if (name == choice) {
      *out = value;
      return Status();
    }
  return Status::bad_input("unknown " + std::string(what) + " '" + name + "', expected " +
                           choice_names(choices));
}

}  // namespace embedlab
