// Exports of an embedding table E (V,C) for other tools. Every file is written
// atomically (write_file_atomic) and every float as %.9g, which reads back to the
// same float32 bits.
//
//   word2vec text   "V C\n" then "token v1 ... vC\n" per row; gensim reads it with
//                   KeyedVectors.load_word2vec_format(path, binary=False)
//   .npy            numpy.save's format version 1.0: "\x93NUMPY", 1, 0, a little-endian
//                   uint16 header length, the header
//                     {'descr': '<f4', 'fortran_order': False, 'shape': (V, C), }
//                   padded with spaces and a final '\n' to a multiple of 64 bytes,
//                   then V*C little-endian float32; numpy.load reads it
//   projector TSV   TensorBoard's Embedding Projector (projector.tensorflow.org, "Load"):
//                   vectors.tsv  one row per token, C tab-separated floats, no header
//                   metadata.tsv one label per line; a single column has no header line
//
// Token names: a token is any bytes (" king", "\n", half of a UTF-8 character), but
// both text formats need one whitespace-free word per token. Tokens are written
// through GPT-2's printable byte mapping: each byte becomes one visible character,
// the printable ASCII and Latin-1 ones themselves, the others U+0100 + n in order:
//   " king" -> "Ġking" (space = U+0120), "\n" -> "Ċ" (U+010A), "\t" -> "ĉ" (U+0109)
// It is one-to-one, so distinct tokens stay distinct and the bytes can be recovered
// (gpt2_bytes_from_printable).
// Shapes: V vocabulary size (rows), C embedding dimension (columns).
#pragma once
#include <string>
#include <vector>

#include "util/status.h"

namespace embedlab {

// GPT-2's bytes_to_unicode mapping applied to every byte, as UTF-8.
// To be replaced by text/byte_unicode.h once the text stage provides it.
std::string gpt2_printable(const std::string& bytes);
// The inverse: fails on a character that no byte maps to.
Status gpt2_bytes_from_printable(const std::string& printable, std::string* bytes);

// The three formats as bytes (E has V*C values, V = tokens.size()).
Status word2vec_text(std::string* out, const std::vector<float>& E,
                     const std::vector<std::string>& tokens, int C);
Status npy_bytes(std::string* out, const std::vector<float>& E, int V, int C);
Status projector_tsv(std::string* vectors, std::string* metadata, const std::vector<float>& E,
                     const std::vector<std::string>& tokens, int C);

// The same, written atomically to files.
Status save_word2vec_text(const std::string& path, const std::vector<float>& E,
                          const std::vector<std::string>& tokens, int C);
Status save_npy(const std::string& path, const std::vector<float>& E, int V, int C);
Status save_projector_tsv(const std::string& vectors_path, const std::string& metadata_path,
                          const std::vector<float>& E, const std::vector<std::string>& tokens,
                          int C);

}  // namespace embedlab
