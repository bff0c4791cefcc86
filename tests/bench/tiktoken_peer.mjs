// The npm side of `make bench` (embedlab bench tokenizer runs it when node and the
// packages `make gpt2` installs are present; nothing else does). It encodes each file
// with one encoding (gpt2, cl100k_base or o200k_base) through the JavaScript
// tokenizers, on one thread (Node runs JavaScript and WebAssembly on one thread):
//   tiktoken 1.0.22       OpenAI's tiktoken (Rust) compiled to WebAssembly, get_encoding(NAME)
//   gpt-tokenizer 3.4.0   pure JavaScript, its encoding of the same name (for gpt2 its
//                         r50k_base: the same 50,257 tokens and split pattern)
//   js-tiktoken           pure JavaScript, getEncoding(NAME), when it is installed too
// Special tokens are plain text in all of them, as embedlab's kAsText and the fixtures do.
// Each figure is the median of RUNS runs after a warm-up, timed around encode() alone
// (the file is read and decoded to a string before). "cold cache": gpt-tokenizer's
// merge cache is emptied before each run; tiktoken and js-tiktoken keep no cache, so
// their two passes time the same work. Prints one JSON object per line:
//   {"file", "name", "path", "pass", "threads", "seconds", "bytes", "tokens", "ids_fnv1a",
//    "same_ids_as_tiktoken"}
// ids_fnv1a: FNV-1a (32-bit) over the ids, each as 4 little-endian bytes, so the caller
// can check its own ids without reading them all.
//   node tests/bench/tiktoken_peer.mjs NODE_MODULES_PARENT RUNS ENCODING FILE...
// e.g. node tests/bench/tiktoken_peer.mjs build/gpt2/npm 5 cl100k_base corpus/toyworld.txt
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";

const [modulesParent, runsArg, encoding, ...files] = process.argv.slice(2);
if (!modulesParent || !runsArg || !["gpt2", "cl100k_base", "o200k_base"].includes(encoding) ||
    files.length === 0) {
  console.error("usage: node tiktoken_peer.mjs NODE_MODULES_PARENT RUNS gpt2|cl100k_base|o200k_base FILE...");
  process.exit(2);
}
const runs = Math.max(1, parseInt(runsArg, 10));
const require = createRequire(path.resolve(modulesParent, "x.js"));
const { get_encoding } = require("tiktoken");
const gptTokenizerEncoding = encoding === "gpt2" ? "r50k_base" : encoding;
const gptTokenizer = require(`gpt-tokenizer/encoding/${gptTokenizerEncoding}`);
let jsTiktoken = null;
try {
  jsTiktoken = require("js-tiktoken").getEncoding(encoding);
} catch {
  // not installed: its rows are left out
}
const version = (name) => JSON.parse(readFileSync(
    path.resolve(modulesParent, "node_modules", name, "package.json"), "utf8")).version;

function medianSeconds(fn, before) {
  before();
  fn();  // warm-up: JIT, WebAssembly memory growth
  const t = [];
  for (let r = 0; r < runs; r++) {
    before();
    const t0 = performance.now();
    fn();
    t.push((performance.now() - t0) / 1e3);
  }
  t.sort((a, b) => a - b);
  return t[Math.floor(t.length / 2)];
}

function fnv1a(ids) {
  let h = 0x811c9dc5;
  for (const id of ids)
    for (let k = 0; k < 4; k++) h = Math.imul(h ^ ((id >>> (8 * k)) & 0xff), 16777619) >>> 0;
  return h;
}

const tiktoken = get_encoding(encoding);
const encoders = [
  { path: "tiktoken", name: `tiktoken ${version("tiktoken")} (WASM) ${encoding}`,
    encode: (text) => tiktoken.encode(text, [], []), clear: () => {} },
  { path: "gpt-tokenizer", name: `gpt-tokenizer ${version("gpt-tokenizer")} (JS) ${gptTokenizerEncoding}`,
    encode: (text) => gptTokenizer.encode(text, { disallowedSpecial: new Set() }),
    clear: () => gptTokenizer.clearMergeCache() },
];
if (jsTiktoken)
  encoders.push({ path: "js-tiktoken", name: `js-tiktoken ${version("js-tiktoken")} (JS) ${encoding}`,
                  encode: (text) => jsTiktoken.encode(text, [], []), clear: () => {} });

for (const file of files) {
  const text = readFileSync(file, "utf8");
  const bytes = Buffer.byteLength(text, "utf8");
  const reference = Array.from(tiktoken.encode(text, [], []));
  for (const e of encoders) {
    const ids = Array.from(e.encode(text));
    const same = ids.length === reference.length && ids.every((id, i) => id === reference[i]);
    for (const cold of [true, false]) {
      const seconds = medianSeconds(() => e.encode(text), cold ? e.clear : () => {});
      console.log(JSON.stringify({
        file, name: e.name, path: e.path, pass: cold ? "encode, cold cache" : "encode, warm cache",
        threads: 1, seconds, bytes, tokens: ids.length, ids_fnv1a: fnv1a(ids),
        same_ids_as_tiktoken: same,
      }));
    }
  }
}
tiktoken.free();
