// embedlab train-tokenizer | encode | decode: the tokenizer stages from the command line.
#include <algorithm>
#include <cctype>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "explore/token_viewer.h"
#include "tokenizer/bpe_train.h"
#include "tokenizer/tokenizer.h"
#include "util/file.h"
#include "util/flags.h"
#include "util/timer.h"

namespace embedlab {

static const char kTokenizerHelp[] =
    "a tokenizer file, or a named encoding: gpt2 (GPT-2's files, make gpt2), cl100k_base or "
    "o200k_base (tiktoken's ranks, make tiktoken)";

int cmd_train_tokenizer(int argc, char** argv) {
  Flags flags("embedlab train-tokenizer", "learn byte-pair merges from a corpus (any bytes)");
  flags.add("corpus", "", "the text to learn from (any UTF-8 or binary file)");
  flags.add("vocab-size", 4096, "256 bytes + merges + special tokens");
  flags.add("out", "", "where to write the tokenizer");
  flags.add("pattern", "gpt2",
            "pre-tokenization: gpt2 (GPT-2's split), gpt4 (cl100k_base's), o200k (o200k_base's) "
            "or none (whole text)");
  flags.add_list("special", "special tokens to add after the merges, e.g. '<|endoftext|>'");
  flags.add("dump", "", "also write the human-readable merges ([a][b] -> [ab] id) here");
  flags.add_switch("quiet", "no progress line");
  if (Status s = flags.parse(argc, argv); !s.ok()) return flags.fail(s);
  if (flags.help()) return 0;
  if (flags.get_string("corpus").empty()) return flags.fail(Status::bad_input("--corpus FILE is required"));
  if (flags.get_string("out").empty()) return flags.fail(Status::bad_input("--out FILE is required"));
  std::string corpus;
  if (Status s = read_file(flags.get_string("corpus"), &corpus); !s.ok()) return flags.fail(s);
  if (corpus.empty())
    return flags.fail(Status::bad_input(flags.get_string("corpus") + ": the corpus is empty"));
  BpeTrainOptions opt;
  opt.vocab_size = int(flags.get_int("vocab-size"));
  if (Status s = parse_pattern(flags.get_string("pattern"), &opt.pattern); !s.ok()) return flags.fail(s);
  opt.specials = flags.get_list("special");
  const double t0 = now_seconds();
  if (!flags.get_bool("quiet"))
    opt.progress = [&](int done, int total) {
      std::fprintf(stderr, "\r  %d / %d merges, %.0f merges/s", done, total,
                   done / std::max(1e-9, now_seconds() - t0));
    };
  Tokenizer tok;
  Status s = bpe_train(corpus, opt, &tok);
  if (opt.progress) std::fprintf(stderr, "\r%60s\r", "");
  if (!s.ok()) return flags.fail(s.with_context(flags.get_string("corpus")));
  if (Status w = tok.save(flags.get_string("out")); !w.ok()) return flags.fail(w);
  if (!flags.get_string("dump").empty())
    if (Status w = write_file_atomic(flags.get_string("dump"), tok.vocab_dump()); !w.ok())
      return flags.fail(w);
  std::printf("%d merges learned from %zu bytes in %.2f s; vocabulary %d; wrote %s\n",
              tok.num_merges(), corpus.size(), now_seconds() - t0, tok.vocab_size(),
              flags.get_string("out").c_str());
  return 0;
}

// The ids as text: each line ends after a token that holds a newline, so a line of ids
// stands for a line of input (or a few, when one token holds several newlines), or,
// with per_line > 0, after every per_line ids. e.g. with no merges (ids are bytes),
// "a\nbc" -> "97 10\n98 99\n"; with per_line 2, "abc" -> "97 98\n99\n".
static std::string ids_as_lines(const Tokenizer& tok, const std::vector<int32_t>& ids, int per_line) {
  std::string out;
  for (size_t i = 0; i < ids.size(); i++) {
    out += std::to_string(ids[i]);
    const bool line_ends = per_line > 0 ? (i + 1) % size_t(per_line) == 0
                                        : tok.token_bytes(ids[i]).find('\n') != std::string::npos;
    out += (line_ends || i + 1 == ids.size()) ? '\n' : ' ';
  }
  return out;
}

// encode --html: the text once per tokenizer of the comma-separated `names`, as a page.
static Status write_token_viewer(const std::string& path, const std::string& names,
                                 const std::string& input, const std::string& text,
                                 SpecialPolicy policy) {
  std::vector<TokenRun> runs;
  for (size_t at = 0; at <= names.size();) {
    size_t comma = std::min(names.find(',', at), names.size());
    TokenRun run;
    run.name = names.substr(at, comma - at);
    at = comma + 1;
    if (run.name.empty()) return Status::bad_input("--tokenizer " + names + ": an empty name");
    Tokenizer tok;
    EMBEDLAB_RETURN_IF_ERROR(Tokenizer::load_named(run.name, &tok));
    EMBEDLAB_RETURN_IF_ERROR(token_run(&run, run.name, tok, text, policy).with_context(input));
    runs.push_back(std::move(run));
  }
  EMBEDLAB_RETURN_IF_ERROR(write_file_atomic(path, token_viewer_html("embedlab encode: " + input, text, runs)));
  std::printf("wrote %s:", path.c_str());
  for (const TokenRun& r : runs) std::printf(" %s %zu tokens;", r.name.c_str(), r.ids.size());
  std::printf(" %zu bytes of text\n", text.size());
  return Status();
}

int cmd_encode(int argc, char** argv) {
  Flags flags("embedlab encode",
              "text -> token ids (whitespace-separated on stdout, a line of ids per line of text)");
  flags.positional_usage("[INPUT|-]");
  flags.add("tokenizer", "gpt2", kTokenizerHelp);
  flags.add_switch("allow-special",
                   "encode special-token text (e.g. <|endoftext|>) as its id; by default "
                   "such text is refused with an error");
  flags.add_switch("special-as-text", "encode special-token text as ordinary characters");
  flags.add("format", "text", "text (ids separated by spaces) or bin (uint32 little-endian)");
  flags.add("per-line", 0, "with --format text: this many ids a line (0: a line of ids per line of text)");
  flags.add("html", "", "instead of ids: write a page showing the tokens of each --tokenizer "
                        "(a comma-separated list, e.g. gpt2,o200k_base) here");
  if (Status s = flags.parse(argc, argv); !s.ok()) return flags.fail(s);
  if (flags.help()) return 0;
  std::string input = flags.positional().empty() ? "-" : flags.positional()[0];
  if (flags.positional().size() > 1)
    return flags.fail(Status::bad_input("expected one INPUT, got " + std::to_string(flags.positional().size())));
  const std::string& format = flags.get_string("format");
  if (format != "text" && format != "bin")
    return flags.fail(Status::bad_input("--format " + format + ": expected text or bin"));
  int per_line = 0;
  if (Status s = flags.get_int_in("per-line", 0, INT_MAX, &per_line); !s.ok()) return flags.fail(s);
  SpecialPolicy policy = flags.get_bool("allow-special")     ? SpecialPolicy::kAllow
                         : flags.get_bool("special-as-text") ? SpecialPolicy::kAsText
                                                             : SpecialPolicy::kRefuse;
  std::string text;
  if (!flags.get_string("html").empty()) {
    Status s = read_file(input, &text);
    if (s.ok())
      s = write_token_viewer(flags.get_string("html"), flags.get_string("tokenizer"),
                             input == "-" ? "standard input" : input, text, policy);
    return s.ok() ? 0 : flags.fail(s);
  }
  Tokenizer tok;
  if (Status s = Tokenizer::load_named(flags.get_string("tokenizer"), &tok); !s.ok()) return flags.fail(s);
  if (Status s = read_file(input, &text); !s.ok()) return flags.fail(s);
  std::vector<int32_t> ids;
  if (Status s = tok.encode(text, &ids, policy); !s.ok())
    return flags.fail(s.with_context(input == "-" ? "standard input" : input));
  if (format == "bin") {
    std::fwrite(ids.data(), sizeof(int32_t), ids.size(), stdout);  // little-endian hosts
  } else {
    const std::string out = ids_as_lines(tok, ids, per_line);
    std::fwrite(out.data(), 1, out.size(), stdout);
  }
  return 0;
}

int cmd_decode(int argc, char** argv) {
  Flags flags("embedlab decode", "token ids (whitespace-separated) -> the bytes they stand for");
  flags.positional_usage("[INPUT|-]");
  flags.add("tokenizer", "gpt2", kTokenizerHelp);
  if (Status s = flags.parse(argc, argv); !s.ok()) return flags.fail(s);
  if (flags.help()) return 0;
  std::string input = flags.positional().empty() ? "-" : flags.positional()[0];
  Tokenizer tok;
  if (Status s = Tokenizer::load_named(flags.get_string("tokenizer"), &tok); !s.ok()) return flags.fail(s);
  std::string text;
  if (Status s = read_file(input, &text); !s.ok()) return flags.fail(s);
  std::vector<int32_t> ids;
  size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) i++;
    if (i >= text.size()) break;
    size_t j = i;
    while (j < text.size() && !std::isspace(static_cast<unsigned char>(text[j]))) j++;
    std::string word = text.substr(i, j - i);
    char* end = nullptr;
    long long v = std::strtoll(word.c_str(), &end, 10);
    if (*end != '\0' || v < 0 || v > INT32_MAX)
      return flags.fail(Status::bad_input((input == "-" ? std::string("standard input") : input) +
                                          ": '" + word + "' is not a token id (expected a whole number)"));
    ids.push_back(int32_t(v));
    i = j;
  }
  std::string bytes;
  if (Status s = tok.decode(ids, &bytes); !s.ok())
    return flags.fail(s.with_context(input == "-" ? "standard input" : input));
  std::fwrite(bytes.data(), 1, bytes.size(), stdout);
  return 0;
}

}  // namespace embedlab
