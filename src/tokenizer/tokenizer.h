// A byte-level BPE tokenizer: text (bytes) -> token ids and back.
//
// Vocabulary: each of the 256 bytes has an id (0..255; GPT-2 numbers them in its own
// order, kept in byte_ids); merge number r joins two ids (a, b) into the new id
// 256 + r; special tokens such as "<|endoftext|>" come after the merges.
// Encoding (GPT-2's algorithm): pre-tokenize the text into pieces; in each piece start
// from the byte ids and repeatedly join the adjacent pair whose merge came earliest
// (lowest rank) until no pair of the piece has a merge. e.g. with merges
// (a,a)->256, (256,a)->257: "aaab" -> [a a a b] -> [256 a b] -> [257 b].
// Each piece's ids are cached, so repeated words cost one hash lookup. Short pieces
// keep the rank of every adjacent pair and, after each join, look up only the two new
// pairs (as tiktoken does); long ones use a heap of candidate pairs (O(n log n)).
// Decoding: concatenate each id's bytes. decode(encode(x)) == x for any bytes.
// tiktoken's encodings (cl100k_base, o200k_base) come as ranks instead: rank r is the
// bytes of id r, and BPE joins the adjacent pair whose joined bytes have the lowest
// rank. from_ranks recovers each token's merge (BPE its bytes with only lower ranks:
// two parts remain) and enters every pair of tokens whose bytes join into a token,
// so the same encoder gives tiktoken's ids exactly (see joins_by_bytes).
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "tokenizer/pretokenize.h"
#include "util/status.h"

namespace embedlab {

// What encode does with special-token text such as "<|endoftext|>" in its input.
enum class SpecialPolicy {
  kRefuse,  // an error naming the token (the default, as in tiktoken)
  kAllow,   // encode it as its special id
  kAsText,  // encode its characters as ordinary text
};

// Bounds on what a tokenizer file may ask for. Each merge can double a token's length
// (merges "256 256", "257 257", ... reach 2^40 bytes after 40 lines), so a damaged file
// could otherwise ask for terabytes. BPE tokens are pieces of words: GPT-2's longest is
// 128 bytes, all 50,257 together 320 KB. bpe_train never merges past either cap, so
// every tokenizer it makes loads back.
constexpr size_t kMaxTokenBytes = size_t(1) << 16;  // one token: 64 KB
constexpr size_t kMaxVocabBytes = size_t(1) << 26;  // all merged tokens together: 64 MB

struct SpecialToken {
  std::string text;
  int32_t id;
};

// (a, b) -> rank for the encoder's innermost lookup: open addressing in one flat array
// (GPT-2's 50,000 merges fill 128K slots, 2 MB), so a lookup is usually one cache line.
class PairRanks {
 public:
  static constexpr int32_t kNone = INT32_MAX;  // the pair has no merge
  // Keeps the first rank given to a pair.
  void insert(int32_t a, int32_t b, int32_t rank);
  int32_t find(int32_t a, int32_t b) const {
    if (slots_.empty()) return kNone;
    const uint64_t k = key(a, b);
    for (size_t i = slot(k);; i = (i + 1) & mask_) {
      if (slots_[i].key == k) return slots_[i].rank;
      if (slots_[i].key == kEmpty) return kNone;
    }
  }

 private:
  struct Slot {
    uint64_t key;
    int32_t rank;
  };
  static constexpr uint64_t kEmpty = ~uint64_t(0);  // ids are >= 0: no pair has this key
  static uint64_t key(int32_t a, int32_t b) { return uint64_t(uint32_t(a)) << 32 | uint32_t(b); }
  size_t slot(uint64_t k) const { return size_t((k * 0x9E3779B97F4A7C15ull) >> shift_); }
  std::vector<Slot> slots_;
  size_t mask_ = 0, size_ = 0;
  int shift_ = 64;
};

// Piece bytes -> their ids, the encoder's cache: open addressing over one arena that
// holds each entry's bytes followed by its ids, so a hit touches about two cache lines
// (the slot and the entry) and nothing is allocated per entry.
class PieceCache {
 public:
  static uint64_t hash(std::string_view piece);  // never 0
  // The ids cached for `piece` (h = hash(piece)), or nullptr; *n = how many.
  const int32_t* find(std::string_view piece, uint64_t h, size_t* n) const;
  // REQUIRES: piece is not cached; piece.size() and n are at most 65,535
  void insert(std::string_view piece, uint64_t h, const int32_t* ids, size_t n);
  void clear();
  size_t size() const { return size_; }

 private:
  struct Slot {
    uint64_t hash = 0;  // 0: empty
    uint32_t at = 0;    // the entry: arena_[at...], the bytes (padded to whole words), then the ids
    uint16_t bytes = 0, ids = 0;
  };
  size_t find_slot(std::string_view piece, uint64_t h) const;  // the slot, or an empty one
  std::vector<Slot> slots_;
  std::vector<int32_t> arena_;
  size_t mask_ = 0, size_ = 0;
};

class Tokenizer {
 public:
  Tokenizer();  // the 256 byte tokens, no merges, pattern gpt2

  // Builders. Merges must be added in rank order; each creates id 256 + rank.
  // REQUIRES: a and b already exist
  void add_merge(int32_t a, int32_t b);
  // REQUIRES: id is the next free id, or (allow_gap) any larger one: the ids skipped
  // are unused, and decoding one is an error (cl100k_base leaves 100256 unused).
  Status add_special(const std::string& text, int32_t id, bool allow_gap = false);
  // A tokenizer from tiktoken's ranks: tokens[r] holds the bytes of rank (= id) r.
  // Ranks 0..255 must be the 256 single bytes, in any order; every later token must
  // be two lower-ranked tokens, as BPE with only lower ranks joins its bytes. Pairs
  // then join by tiktoken's rule (joins_by_bytes). On an error, *at is the rank at
  // fault (tokens.size() when ranks are missing).
  static Status from_ranks(const std::vector<std::string>& tokens, Tokenizer* out, size_t* at);
  void set_pattern(Pattern p) { pattern_ = p; }
  Status set_byte_ids(const std::vector<int32_t>& ids);  // GPT-2's order; a permutation

  Pattern pattern() const { return pattern_; }
  int vocab_size() const { return int(token_bytes_.size()); }
  int num_merges() const { return int(merges_.size()); }
  const std::vector<std::pair<int32_t, int32_t>>& merges() const { return merges_; }
  const std::vector<SpecialToken>& specials() const { return specials_; }
  const std::vector<int32_t>& byte_ids() const { return byte_ids_; }
  bool has_identity_bytes() const;
  // tiktoken's rule: any two adjacent tokens whose joined bytes form a token join,
  // at that token's rank, not only the pair its merge names. (cl100k_base's 100,000
  // merges give 233,378 such pairs. On every text and vocabulary tried, the merges
  // alone gave the same ids; with all the pairs entered they are tiktoken's by
  // construction.)
  bool joins_by_bytes() const { return joins_by_bytes_; }
  // An id in 0..vocab_size()-1 that no token has (a gap before a special token).
  bool is_unused(int32_t id) const { return token_bytes_[size_t(id)].empty(); }
  // The bytes of token `id` (the special text for a special token).  REQUIRES: id valid
  const std::string& token_bytes(int32_t id) const { return token_bytes_[size_t(id)]; }
  bool is_special(int32_t id) const;

  // Appends the ids of `text`.
  Status encode(std::string_view text, std::vector<int32_t>* ids,
                SpecialPolicy policy = SpecialPolicy::kRefuse) const;
  // The ids of one pre-tokenized piece (no special handling), through the cache.
  void encode_piece(std::string_view piece, std::vector<int32_t>* ids) const;
  // Appends the bytes of ids; an unknown id is an error naming it and its position.
  Status decode(const std::vector<int32_t>& ids, std::string* bytes) const;
  void clear_cache() const { cache_.clear(); }

  // Our own text format (tokenizer_file.cpp), GPT-2's two files (gpt2_files.cpp),
  // tiktoken's rank files and the named encodings (tiktoken_file.cpp), and the dump.
  Status save(const std::string& path) const;
  static Status load(const std::string& path, Tokenizer* out);
  // What load runs on the file's bytes; `name` (the path) starts every message.
  static Status deserialize(const std::string& data, const std::string& name, Tokenizer* out);
  static Status load_gpt2(const std::string& encoder_json, const std::string& vocab_bpe,
                          Tokenizer* out);
  // What load_gpt2 runs on the two files' bytes (json, bpe), named in messages.
  static Status parse_gpt2(const std::string& json, const std::string& json_name,
                           const std::string& bpe, const std::string& bpe_name, Tokenizer* out);
  // tiktoken's rank file: one line per token, "base64(bytes) rank", ranks 0, 1, 2, ...
  // in order. Specials and the pattern are not in the file; load_named adds them.
  static Status load_tiktoken(const std::string& path, Tokenizer* out);
  static Status parse_tiktoken(const std::string& data, const std::string& name, Tokenizer* out);
  // "gpt2" -> build/gpt2/ files (make gpt2), "cl100k_base" and "o200k_base" ->
  // build/tiktoken/ rank files (make tiktoken), anything else -> our format.
  static Status load_named(const std::string& name, Tokenizer* out);
  // One line per merge: "[a][b] -> [ab] id", bytes in GPT-2's printable form.
  std::string vocab_dump() const;
  // The serialized form (what save writes), for checksums and tests.
  std::string serialize() const;

 private:
  // Joins pairs by rank; stops before any merge of rank >= limit.
  void merge_piece(std::vector<int32_t>* ids, int32_t limit = PairRanks::kNone) const;
  // Turns on tiktoken's rule: enters every pair of tokens whose bytes join into a
  // token. Fails (naming the id) when two tokens have the same bytes.
  Status join_by_bytes(int32_t* at);
  Pattern pattern_ = Pattern::kGpt2;
  bool joins_by_bytes_ = false;
  std::vector<int32_t> byte_ids_;                  // byte -> id
  std::vector<std::pair<int32_t, int32_t>> merges_;  // rank -> (a, b)
  std::vector<std::string> token_bytes_;           // id -> bytes
  PairRanks rank_;                                 // (a, b) -> rank
  std::vector<SpecialToken> specials_;
  mutable PieceCache cache_;
};

// Where `make gpt2` puts GPT-2's files, and `make tiktoken` tiktoken's rank files,
// from the project's root: build/gpt2 and build/tiktoken.
extern const char kGpt2Dir[];
extern const char kTiktokenDir[];
// The folder that holds them, wherever a program is run from: under $EMBEDLAB_DATA when
// that is set (EMBEDLAB_DATA/gpt2, EMBEDLAB_DATA/tiktoken); else the project-relative
// folder when it exists here; else beside the running program (build/embedlab looks in
// build/gpt2, build/tutorials/NN in build/gpt2 too); else the project-relative name, so
// the message of a missing file says where `make gpt2` puts it.
std::string gpt2_dir();
std::string tiktoken_dir();

// Whether load_named takes `name` as a built-in encoding ("gpt2", "cl100k_base",
// "o200k_base") rather than a tokenizer file.
bool is_named_encoding(const std::string& name);

}  // namespace embedlab
