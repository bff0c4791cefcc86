// The token viewer page: one text shown once per tokenizer, each token a coloured span
// with its id on hover, whitespace made visible (space as a middle dot, newline as a
// return arrow before the line break, tab as an arrow), and the token count of each.
// A character whose bytes fall into two or more tokens is shown honestly: each token
// shows its own bytes of it as \xNN, marked and titled with the whole character
// (e.g. GPT-2 splits a rare emoji into byte tokens), never as U+FFFD. Bytes that are
// not UTF-8 at all are marked the same way.
// The DOM contract (static HTML, the same in the file and in a browser's DOM):
//   <div class="tokenizer" data-name="gpt2" data-count="T"> holds T spans
//   <span class="t c0" data-id="464" data-hex="20746865" title="id 464">...</span>
// The data-hex of the spans, joined in order, are the input bytes exactly.
// e.g. "the cat" with GPT-2 -> spans "the" (1169) and "·cat" (3797).
#pragma once
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "tokenizer/tokenizer.h"
#include "util/status.h"

namespace embedlab {

struct TokenRun {
  std::string name;                 // e.g. "gpt2" or a tokenizer file's name
  std::vector<int32_t> ids;         // (T)
  std::vector<std::string> pieces;  // (T) the bytes of each token; they join to the text
};

// The page for `text` tokenized by each of `runs`.  REQUIRES: each run's pieces join to text
std::string token_viewer_html(const std::string& title, const std::string& text,
                              const std::vector<TokenRun>& runs);

// The run of `text` through `tok` (special-token text as `policy` says).
Status token_run(TokenRun* out, const std::string& name, const Tokenizer& tok,
                 const std::string& text, SpecialPolicy policy = SpecialPolicy::kRefuse);

// Writes (atomically) the page of `text` through each named tokenizer.
Status write_token_page(const std::string& path, const std::string& title, const std::string& text,
                        const std::vector<std::pair<std::string, const Tokenizer*>>& tokenizers);

}  // namespace embedlab
