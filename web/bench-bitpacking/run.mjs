// Decoding speed of bitpacking's BitPacker4x codecs in wasm32, in Node (V8):
// `bash web/bench-bitpacking/run.sh` builds lib.rs twice and runs this on both.
// Prints million integers decoded per second, best of 5 runs, per width.
import { readFileSync } from "node:fs";

const [unrolledPath, simplePath] = process.argv.slice(2);
const load = async (path) => (await WebAssembly.instantiate(readFileSync(path))).instance.exports;
const codecs = { unrolled: await load(unrolledPath), simple: await load(simplePath) };
const ROUNDS = 400;
const INTS = 256 * 128 * ROUNDS;

function rate(exports, fn, bits) {
  exports.prepare(bits);
  exports[fn](bits, 20); // warm up (tier-up)
  let best = Infinity;
  for (let run = 0; run < 5; run++) {
    const start = process.hrtime.bigint();
    exports[fn](bits, ROUNDS);
    best = Math.min(best, Number(process.hrtime.bigint() - start));
  }
  return INTS / best * 1e3; // ints per ns * 1e3 = million ints per second
}

console.log("| width | decompress: unrolled | simple | decompress_strictly_sorted: unrolled | simple |");
console.log("|---:|---:|---:|---:|---:|");
const totals = { unrolled: [0, 0], simple: [0, 0] };
for (const bits of [1, 2, 4, 6, 8, 10, 12, 16, 20, 24, 32]) {
  const row = [bits];
  for (const fn of ["decode", "decode_sorted"]) {
    for (const name of ["unrolled", "simple"]) {
      const r = rate(codecs[name], fn, bits);
      row.push(r.toFixed(0));
    }
  }
  console.log(`| ${row.join(" | ")} |`);
}
console.log("(million integers per second, best of 5 runs of 256 blocks × 128 × " + ROUNDS + ")");
