#!/usr/bin/env python3
# Writes the seed inputs of fuzz_gpt2_import, fuzz_tiktoken_ranks and
# fuzz_analogy_questions, and the GPT-2-order seed of fuzz_tokenizer_file, into
# tests/fuzz/corpus/ (run once from the project root after `make gpt2`, which also
# runs `make tiktoken`; the seeds are committed, so neither make test nor make fuzz
# runs this). The other tokenizer-file seeds come from
# `embedlab train-tokenizer`; the encode seeds are written by hand.
#
# fuzz_gpt2_import: encoder.json, the line "==== vocab.bpe ====", then vocab.bpe
# (split_gpt2_input in fuzz_checks.h). real_first_N_merges: GPT-2's own files cut
# to their 256 byte tokens and first N merges (ids below 256 + N) plus <|endoftext|>
# renumbered to 256 + N, so they import as a vocabulary of 257 + N.
import json
import os
import zlib

SEP = "\n==== vocab.bpe ====\n"
OUT = "tests/fuzz/corpus"

enc = json.load(open("build/gpt2/encoder.json", encoding="utf-8"))
merges = open("build/gpt2/vocab.bpe", encoding="utf-8").read().split("\n")  # [0]: #version


def gpt2_cut(n, ascii_json):
    kept = {k: v for k, v in enc.items() if v < 256 + n}
    kept["<|endoftext|>"] = 256 + n
    return json.dumps(kept, ensure_ascii=ascii_json) + SEP + "\n".join(merges[: 1 + n]) + "\n"


def write(target, name, text):
    os.makedirs(os.path.join(OUT, target), exist_ok=True)
    with open(os.path.join(OUT, target, name), "wb") as f:
        f.write(text.encode("utf-8"))


def bytes_to_unicode():
    """GPT-2's stand-in character for each byte (src/text/byte_unicode.h)."""
    bs = list(range(ord("!"), ord("~") + 1)) + list(range(0xA1, 0xAD)) + list(range(0xAE, 0x100))
    cs = bs[:]
    n = 0
    for b in range(256):
        if b not in bs:
            bs.append(b)
            cs.append(256 + n)
            n += 1
    return {b: chr(c) for b, c in zip(bs, cs)}


write("fuzz_gpt2_import", "real_first_40_merges.txt", gpt2_cut(40, False))
write("fuzz_gpt2_import", "real_first_12_merges_json_escapes.txt", gpt2_cut(12, True))
# No merges, no <|endoftext|>: the 256 byte tokens alone.
write("fuzz_gpt2_import", "bytes_only.txt",
      json.dumps({k: v for k, v in enc.items() if v < 256}, ensure_ascii=False) + SEP +
      "#version: 0.2\n")

# A tokenizer file in GPT-2's byte order (a "bytes" line of 256 ids) with GPT-2's first
# 20 merges, and <|endoftext|>: what Tokenizer::save writes for such a cut.
show = bytes_to_unicode()
body = "embedlab-tokenizer 1\npattern gpt2\nbytes "
body += " ".join(str(enc[show[b]]) for b in range(256)) + "\n"
body += "merges 20\n"
for line in merges[1:21]:
    a, b = line.split(" ")
    body += "%d %d\n" % (enc[a], enc[b])
body += "specials 1\n276 <|endoftext|>\n"
body += "checksum %08x\n" % zlib.crc32(body.encode())
write("fuzz_tokenizer_file", "gpt2_byte_order_20_merges.tok", body)

# fuzz_tiktoken_ranks: the first lines of tiktoken's rank files (a prefix of one is a
# whole rank file: every token's parts rank lower), and the 256 bytes alone.
for name, n in (("cl100k_base", 400), ("o200k_base", 300), ("cl100k_base", 256)):
    lines = open("build/tiktoken/%s.tiktoken" % name, encoding="ascii").read().split("\n")
    write("fuzz_tiktoken_ranks", "%s_first_%d_ranks.tiktoken" % (name, n), "\n".join(lines[:n]) + "\n")

# A version 2 tokenizer file (tiktoken's rule, a gap before the special token): "ab",
# "bc" and "abc" (both ab + c and a + bc make it), then <|endoftext|> after two unused ids.
body = "embedlab-tokenizer 2\npattern gpt4\nbytes identity\nmerges 3\n97 98\n98 99\n256 99\n"
body += "specials 1\n261 <|endoftext|>\n"
body += "checksum %08x\n" % zlib.crc32(body.encode())
write("fuzz_tokenizer_file", "version2_gap_before_special.tok", body)

# fuzz_analogy_questions: the toy world's own questions (the first 30 lines), and
# word2vec's format with capitals, CRLF line ends, blank lines and ":name" headers.
toy = open("corpus/toyworld-analogies.txt", encoding="utf-8").read().split("\n")
write("fuzz_analogy_questions", "toyworld_first_30_lines.txt", "\n".join(toy[:30]) + "\n")
write("fuzz_analogy_questions", "word2vec_style_crlf.txt",
      ": capital-common-countries\r\nAthens Greece Baghdad Iraq\r\n\r\n"
      ":family\r\nboy girl brother sister\r\n  \t\nKing Queen Man Woman")
write("fuzz_analogy_questions", "two_sections_no_final_newline.txt",
      ": a\nx y z w\n: b\nq r s t")
