// Helpers shared by the peer benchmarks (run.mjs, typing.mjs).
import { readFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { dirname } from "node:path";

/** The 1-, 5- and 15-minute load averages, as a report quotes them. */
export const load = () => readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ");

/** The Rust toolchain's folder (its docs are sites to index), or null. */
export const SYSROOT = spawnSync("rustc", ["--print", "sysroot"], { encoding: "utf8" }).stdout?.trim() || null;

/**
 * A path as reports show it, with no machine paths: relative to the repository `root` when under it,
 * `../…` beside it (../shared/…), `$(rustc --print sysroot)/…` under the Rust toolchain, else as it is.
 */
export const relativeTo = (root) => (p) =>
  p.startsWith(root + "/")
    ? p.slice(root.length + 1)
    : p.startsWith(dirname(root) + "/")
      ? "../" + p.slice(dirname(root).length + 1)
      : SYSROOT && p.startsWith(SYSROOT + "/")
        ? "$(rustc --print sysroot)/" + p.slice(SYSROOT.length + 1)
        : p;
