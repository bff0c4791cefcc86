// Flags: command-line options for the CLI and the tutorials.
// Defaults are declared first, one per line, and --help prints them:
//   Flags flags("05_lookup_vs_onehot_cost", "an embedding layer is a lookup table");
//   flags.add("vocab", 512, "rows in the table (V)");
//   flags.add_switch("json", "print one JSON object per line");
//   if (Status s = flags.parse(argc, argv); !s.ok()) return flags.fail(s);
//   if (flags.help()) return 0;      // usage was printed
//   int V = flags.get_int("vocab");
// Accepted forms: --name value, --name=value, a bare --switch, and short
// aliases (-k). "--" ends the options. Other words are positional arguments.
#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "util/status.h"

namespace embedlab {

class Flags {
 public:
  Flags(std::string program, std::string summary);

  void add(const std::string& name, int64_t def, const std::string& help);
  void add(const std::string& name, int def, const std::string& help) {
    add(name, int64_t(def), help);
  }
  void add(const std::string& name, double def, const std::string& help);
  void add(const std::string& name, const char* def, const std::string& help);
  void add(const std::string& name, const std::string& def, const std::string& help) {
    add(name, def.c_str(), help);
  }
  void add_switch(const std::string& name, const std::string& help);
  // A flag that can repeat (--special A --special B) or take several words
  // (--words a b c, up to the next option).
  void add_list(const std::string& name, const std::string& help);
  void alias(const std::string& short_name, const std::string& name);  // -k -> --top-k
  // Describes the positional arguments in the usage line, e.g. "[INPUT|-]".
  void positional_usage(const std::string& text) { positional_usage_ = text; }

  Status parse(int argc, char** argv);
  // True when --help or -h was given; parse() has printed the usage to stdout.
  bool help() const { return help_; }
  // Prints "<program>: <message>" to stderr and returns 1 (for `return flags.fail(s);`).
  int fail(const Status& s) const;

  int64_t get_int(const std::string& name) const;
  // An int flag that must lie in [lo, hi] (at most INT32_MAX), as an int; otherwise
  // "--name V: expected a whole number from lo to hi".
  Status get_int_in(const std::string& name, int64_t lo, int64_t hi, int* out) const;
  double get_double(const std::string& name) const;
  const std::string& get_string(const std::string& name) const;
  bool get_bool(const std::string& name) const;
  const std::vector<std::string>& get_list(const std::string& name) const;
  bool was_set(const std::string& name) const;
  const std::vector<std::string>& positional() const { return positional_; }

  std::string usage() const;

 public:  // the flag table's entries (used by the parser's helpers)
  enum class Kind { kInt, kDouble, kString, kSwitch, kList };
  struct Flag {
    Kind kind = Kind::kInt;
    std::string help;
    std::string def;   // default as text, for --help
    int64_t i = 0;
    double d = 0;
    std::string s;
    bool b = false;
    std::vector<std::string> list;
    bool set = false;
  };

 private:
  const Flag& find(const std::string& name, Kind kind) const;
  Status assign(Flag* f, const std::string& name, const std::string& value);

  std::string program_, summary_, positional_usage_;
  std::vector<std::string> order_;
  std::map<std::string, Flag> flags_;
  std::map<std::string, std::string> aliases_;
  std::vector<std::string> positional_;
  bool help_ = false;
};

}  // namespace embedlab
