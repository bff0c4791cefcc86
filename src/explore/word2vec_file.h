// Reading word vectors that other tools wrote in word2vec's format (gensim's
// KeyedVectors.save_word2vec_format, fastText's .vec and .bin-exported files, the
// original word2vec tool), so the explore commands can compare them with our own.
//
//   text     "V C\n", then V lines "word v1 ... vC\n" (numbers in any printf form)
//   binary   "V C\n", then V records: the word's bytes, a space, C little-endian
//            float32, and an optional "\n" (word2vec writes it, newer gensim does not)
// e.g. the table {cat: [1, 2], dog: [3, 4]} in text is "2 2\ncat 1 2\ndog 3 4\n".
//
// Which of the two a file is: text when the bytes after the first word, up to the end
// of that line, are only digits, signs, '.', 'e', "inf"/"nan" letters and blanks;
// binary otherwise. A float32 is 4 bytes, and a vector's bytes are almost never all
// such characters (0.0f is four zero bytes, 1.0f is 00 00 80 3F).
//
// Words: a file that `embedlab export` wrote spells tokens in GPT-2's printable
// mapping (" king" as "Ġking", see export.h). When some word starts with 'Ġ' and every
// word maps back, the words are mapped back to their bytes; otherwise they are kept as
// written. Either way find_word("king") finds " king" or "king".
//
// Every error names the file and the line (text) or the word's index (binary), e.g.
//   "v.txt:3: expected 50 numbers after the word 'cat', got 49"
//   "v.bin: word 7 of 10 ('dog'): the file ends after 12 of its 200 bytes of floats"
// Shapes: V words (rows), C numbers per word (columns).
#pragma once
#include <string>

#include "explore/vocab_vectors.h"
#include "util/status.h"

namespace embedlab {

// Parses a whole file's bytes; `path` names it in messages.
Status parse_word2vec(VocabVectors* out, const std::string& bytes, const std::string& path);
// read_file, then parse_word2vec.
Status read_word2vec(VocabVectors* out, const std::string& path);

// True when the file's bytes look like the binary form (the rule above).
bool word2vec_is_binary(const std::string& bytes);

}  // namespace embedlab
