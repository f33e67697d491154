//! `cargo xtask`: build tooling for trovi.
//!
//! ```text
//! cargo xtask web [--dev] [--stable] [--out DIR] [--update-budget]
//!                                       build the browser app into dist/web (default)
//! cargo xtask tools                     install the pinned build tools only
//! cargo xtask sizes FILE...             print raw/gzip/brotli sizes
//! cargo xtask corpus --articles N [--out FILE] [--data DIR]
//!                                       a deterministic scale corpus (JSONL)
//! ```
//!
//! `web` installs what it needs when it is missing: the wasm32 target (rustup),
//! `wasm-bindgen-cli` at exactly the `wasm-bindgen` version in Cargo.lock (into
//! `target/tools/`), and `wasm-opt` from the npm package `binaryen` pinned by
//! `web/package.json` + `web/package-lock.json` (into `web/node_modules/`),
//! and the nightly toolchain named in `web/build-std-toolchain` with its
//! `rust-src` component (the release build compiles the standard library
//! itself with `-Zbuild-std`, sized for size, and panics that abort at once).

mod corpus;

use anyhow::{bail, Context, Result};
use sha2::{Digest, Sha256};
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

const TARGET: &str = "wasm32-unknown-unknown";
const CRATE: &str = "trovi-web";
const WASM_NAME: &str = "trovi_web";
/// WebAssembly features rustc enables by default for wasm32-unknown-unknown
/// (and every current browser supports); wasm-opt must accept and keep them.
const WASM_FEATURES: [&str; 6] = [
    "--enable-bulk-memory",
    "--enable-mutable-globals",
    "--enable-nontrapping-float-to-int",
    "--enable-sign-ext",
    "--enable-reference-types",
    "--enable-multivalue",
];

fn main() {
    if let Err(error) = run() {
        eprintln!("xtask: error: {error:#}");
        std::process::exit(1);
    }
}

fn run() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let root = workspace_root();
    match args.first().map(String::as_str) {
        Some("web") | None => web(&root, args.get(1..).unwrap_or(&[])),
        Some("tools") => {
            ensure_target()?;
            let bindgen = ensure_wasm_bindgen(&root)?;
            let opt = ensure_wasm_opt(&root)?;
            let toolchain = ensure_build_std_toolchain(&root)?;
            println!("wasm-bindgen: {}\nwasm-opt:     {}\nweb build:    {toolchain} (rust-src)", bindgen.display(), opt.display());
            Ok(())
        }
        Some("sizes") => {
            for file in &args[1..] {
                print_sizes(Path::new(file))?;
            }
            Ok(())
        }
        Some("corpus") => corpus::run(&root, &args[1..]),
        Some("help" | "-h" | "--help") => {
            println!("{}", HELP);
            Ok(())
        }
        Some(other) => bail!("unknown task {other:?}\n{HELP}"),
    }
}

const HELP: &str = "\
usage: cargo xtask <task>
  web [--dev] [--stable] [--out DIR] [--update-budget]
                           build the browser app (release: profile `web`, the pinned nightly of
                           web/build-std-toolchain with -Zbuild-std and panic=immediate-abort, wasm-opt -Oz;
                           two builds, all languages and English only) into DIR (dist/web), with .br/.gz
                           beside the hashed files; fails when a brotli'd app is over 5 % above
                           web/size-budget.json (--update-budget, or
                           TROVI_UPDATE_SIZE_BUDGET=1, rewrites it). --stable: the release build on the
                           current toolchain, without -Zbuild-std (larger; the budget is not checked)
  tools                    install the pinned wasm-bindgen-cli, binaryen (wasm-opt) and the web build's nightly
  sizes FILE...            print raw, gzip and brotli sizes
  corpus --articles N [--out FILE] [--data DIR]
                           N articles of real text (Reuters + Wikipedia, then recombined) as JSONL, deterministic";

struct WebOptions {
    dev: bool,
    /// A release build without the nightly's `-Zbuild-std` (stable toolchain).
    stable: bool,
    out: PathBuf,
    update_budget: bool,
}

fn web(root: &Path, args: &[String]) -> Result<()> {
    let mut options = WebOptions {
        dev: false,
        stable: false,
        out: root.join("dist/web"),
        update_budget: std::env::var_os("TROVI_UPDATE_SIZE_BUDGET").is_some_and(|v| v == "1"),
    };
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--dev" => options.dev = true,
            "--stable" => options.stable = true,
            "--update-budget" => options.update_budget = true,
            "--out" => options.out = PathBuf::from(args.next().context("--out needs a directory")?),
            other => bail!("unknown option {other:?}\n{HELP}"),
        }
    }
    let out = if options.out.is_absolute() { options.out.clone() } else { std::env::current_dir()?.join(&options.out) };

    ensure_target()?;
    let bindgen = ensure_wasm_bindgen(root)?;
    let wasm_opt = if options.dev { None } else { Some(ensure_wasm_opt(root)?) };
    // The release build compiles std itself, for size (see `BUILD_STD_ARGS`).
    let build_std = !options.dev && !options.stable;
    let toolchain = if build_std { Some(ensure_build_std_toolchain(root)?) } else { None };

    // 1. Compile: the release build makes both variants, the dev and stable builds the full one only.
    let variants = if build_std { &VARIANTS[..] } else { &VARIANTS[..1] };
    let profile = if options.dev { "dev" } else { "web" };
    let shim = regex_shim(root)?;
    let patch = format!("patch.crates-io.regex.path={:?}", shim.display().to_string());
    // The [patch] changes the resolution, and cargo writes it into Cargo.lock:
    // put the committed lock back afterwards, so native builds never see the
    // shim and the lock does not churn. Cargo resolves the patched graph from
    // the committed lock each time (the shim pins regex-lite with `=`), so the
    // wasm build is as reproducible as the lock itself. A copy of the lock
    // waits in target/ meanwhile: if a build was interrupted and the lock still
    // holds the patched resolution (regex-lite is there only through the shim),
    // the copy is put back first.
    let lock_path = root.join("Cargo.lock");
    let saved_lock = target_dir(root).join("web-build").join("Cargo.lock.committed");
    if let Ok(saved) = fs::read(&saved_lock)
        && fs::read_to_string(&lock_path).is_ok_and(|lock| lock.contains("name = \"regex-lite\""))
    {
        step("restoring Cargo.lock after an interrupted web build");
        fs::write(&lock_path, saved).context("restoring Cargo.lock")?;
    }
    let lock = fs::read(&lock_path).context("reading Cargo.lock")?;
    fs::create_dir_all(saved_lock.parent().unwrap_or(root))?;
    fs::write(&saved_lock, &lock).with_context(|| format!("writing {}", saved_lock.display()))?;
    let mut status = Ok(());
    for variant in variants {
        let variant_target = variant.target_subdir.map(|dir| target_dir(root).join(dir));
        let mut cargo_args: Vec<String> = Vec::new();
        if build_std {
            cargo_args.extend(BUILD_STD_ARGS.iter().map(|arg| arg.to_string()));
        }
        cargo_args.extend(["build", "-p", CRATE, "--target", TARGET, "--profile", profile].map(String::from));
        cargo_args.extend(variant.features.iter().map(|arg| arg.to_string()));
        step(&format!(
            "{}{}cargo {} --config 'patch.crates-io.regex.path=\"{}\"'",
            variant_target.as_deref().map(|dir| format!("CARGO_TARGET_DIR={} ", rel(root, dir))).unwrap_or_default(),
            toolchain.as_deref().map(|t| format!("{}={} rustup run {t} ", BUILD_STD_PANIC.0, BUILD_STD_PANIC.1)).unwrap_or_default(),
            cargo_args.join(" "),
            rel(root, &shim)
        ));
        let mut command = match &toolchain {
            Some(toolchain) => {
                // rustup's cargo for the pinned nightly; the variables cargo set
                // for this xtask (its own cargo, rustc and toolchain) must not leak in.
                let mut command = Command::new("rustup");
                command
                    .args(["run", toolchain, "cargo"])
                    .env_remove("RUSTUP_TOOLCHAIN")
                    .env_remove("RUSTC")
                    .env_remove("RUSTDOC")
                    .env(BUILD_STD_PANIC.0, BUILD_STD_PANIC.1);
                command
            }
            None => Command::new(cargo()),
        };
        if let Some(dir) = &variant_target {
            command.env("CARGO_TARGET_DIR", dir);
        }
        status = command
            .current_dir(root)
            .args(&cargo_args)
            .args(["--config", &patch])
            .status()
            .context("running cargo")
            .and_then(|status| if status.success() { Ok(()) } else { bail!("cargo build failed ({})", variant.label) });
        if status.is_err() {
            break;
        }
    }
    if fs::read(&lock_path).ok().as_deref() != Some(lock.as_slice()) {
        fs::write(&lock_path, &lock).context("restoring Cargo.lock after the wasm build")?;
    }
    fs::remove_file(&saved_lock).with_context(|| format!("removing {}", saved_lock.display()))?;
    status?;

    // 2. wasm-bindgen and wasm-opt, skipped when their input and tools are unchanged.
    let profile_dir = if options.dev { "debug" } else { "web" };
    let mut built = Vec::new();
    for variant in variants {
        let variant_target = variant.target_subdir.map(|dir| target_dir(root).join(dir)).unwrap_or_else(|| target_dir(root));
        let raw_wasm = variant_target.join(TARGET).join(profile_dir).join(format!("{WASM_NAME}.wasm"));
        let raw = fs::read(&raw_wasm).with_context(|| format!("reading {}", raw_wasm.display()))?;
        let work = target_dir(root).join("web-build").join(profile);
        let stamp_key = format!(
            "{}\n{}\n{}\n{:?}",
            hex(&Sha256::digest(&raw)),
            tool_version(&bindgen)?,
            wasm_opt.as_deref().map(tool_version).transpose()?.unwrap_or_default(),
            WASM_FEATURES
        );
        let stamp = work.join(format!("{}.stamp", variant.name));
        let glue = work.join(format!("{}.js", variant.name));
        let final_wasm = work.join(format!("{}_bg.opt.wasm", variant.name));
        let fresh = fs::read_to_string(&stamp).is_ok_and(|s| s == stamp_key) && glue.exists() && final_wasm.exists();
        if fresh {
            step(&format!("wasm-bindgen and wasm-opt ({}): up to date", variant.label));
        } else {
            let _ = fs::remove_file(&stamp);
            fs::create_dir_all(&work)?;
            step(&format!("wasm-bindgen --target web ({}; {})", variant.label, bindgen.display()));
            let mut command = Command::new(&bindgen);
            command
                .args(["--target", "web", "--no-typescript", "--out-name", variant.name, "--out-dir"])
                .arg(&work)
                .arg(&raw_wasm);
            if options.dev {
                command.arg("--debug");
            }
            run_command(&mut command, "wasm-bindgen")?;
            let bound = work.join(format!("{}_bg.wasm", variant.name));
            match &wasm_opt {
                Some(wasm_opt) => {
                    step(&format!("wasm-opt -Oz ({}; about a minute)", variant.label));
                    let mut command = Command::new(wasm_opt);
                    command.arg("-Oz").args(WASM_FEATURES).arg("--strip-debug").arg("--strip-producers").arg(&bound).arg("-o").arg(&final_wasm);
                    run_command(&mut command, "wasm-opt")?;
                }
                None => {
                    fs::copy(&bound, &final_wasm)?;
                }
            }
            fs::write(&stamp, &stamp_key)?;
        }
        let wasm = fs::read(&final_wasm)?;
        let js = fs::read(&glue)?;
        let wasm_name = hashed(&format!("{}_bg", variant.name), "wasm", &wasm);
        let js_name = hashed(variant.name, "js", &js);
        built.push(Built { variant, raw_wasm, raw_len: raw.len(), wasm, js, wasm_name, js_name });
    }

    // 3. Assemble the site with content-hashed names.
    step(&format!("writing {}", out.display()));
    let web_dir = root.join("web");
    let css = fs::read(web_dir.join("static/trovi.css")).context("reading web/static/trovi.css")?;
    let css_name = hashed("trovi", "css", &css);
    let substitute = |template: &str| {
        let mut text = template.replace("%TROVI_CSS%", &css_name);
        for variant in &VARIANTS {
            // A build without the English variant serves English indexes with the full one.
            let b = built.iter().find(|b| b.variant.name == variant.name).unwrap_or(&built[0]);
            text = text.replace(variant.wasm_placeholder, &b.wasm_name).replace(variant.js_placeholder, &b.js_name);
        }
        text
    };
    let loader = substitute(&fs::read_to_string(web_dir.join("static/loader.js")).context("reading web/static/loader.js")?);
    let index = substitute(&fs::read_to_string(web_dir.join("index.html")).context("reading web/index.html")?);
    if out.exists() {
        // Clear old hashed files, but never a directory that is not a previous build.
        let previous = out.join("trovi.js").is_file() || fs::read_dir(&out)?.next().is_none();
        if !previous {
            bail!("refusing to clear {}: it is not empty and holds no previous build (trovi.js)", out.display());
        }
        fs::remove_dir_all(&out).with_context(|| format!("clearing {}", out.display()))?;
    }
    fs::create_dir_all(&out)?;
    // Each hashed file with its precompressed siblings (brotli -q11 and gzip -9),
    // for servers that send those as they are (nginx `gzip_static`/`brotli_static`,
    // `trovi serve`): no compression per request, and the best ratio.
    let compressed_cache = target_dir(root).join("web-build").join("compressed");
    let mut files: Vec<(&String, &Vec<u8>)> = Vec::new();
    for b in &built {
        files.push((&b.wasm_name, &b.wasm));
        files.push((&b.js_name, &b.js));
    }
    files.push((&css_name, &css));
    let mut brotli_sizes = std::collections::HashMap::new();
    let mut hashed_sizes = Vec::new();
    for (name, bytes) in files {
        fs::write(out.join(name), bytes)?;
        let (gz, br) = precompressed(bytes, &compressed_cache)?;
        fs::write(out.join(format!("{name}.gz")), &gz)?;
        fs::write(out.join(format!("{name}.br")), &br)?;
        brotli_sizes.insert(name.clone(), br.len() as u64);
        hashed_sizes.push((name.clone(), bytes.len(), gz.len(), br.len()));
    }
    fs::write(out.join("trovi.js"), loader)?;
    fs::write(out.join("index.html"), index)?;
    // The page's icon, from the same origin (a data: URL would need `img-src data:` in the CSP).
    fs::copy(web_dir.join("static/favicon.svg"), out.join("favicon.svg")).context("copying web/static/favicon.svg")?;

    // 4. Sizes.
    println!();
    for b in &built {
        println!(
            "{} ({}) before wasm-bindgen{}: {} bytes",
            rel(root, &b.raw_wasm),
            b.variant.label,
            if options.dev { "" } else { " and wasm-opt" },
            group(b.raw_len)
        );
    }
    println!("{:<44} {:>11} {:>11} {:>11}", format!("{}/", rel(root, &out)), "raw", "gzip -9", "brotli -q11");
    for (name, raw, gz, br) in &hashed_sizes {
        println!("{name:<44} {:>11} {:>11} {:>11}", group(*raw), group(*gz), group(*br));
    }
    let cache = target_dir(root).join("web-build").join("sizes.tsv");
    for name in ["trovi.js", "index.html"] {
        print_sizes_cached(&out.join(name), Some(&cache))?;
    }
    let brotli_of = |name: &String| brotli_sizes.get(name).copied().unwrap_or_default();
    let apps: Vec<(&Variant, AppSize)> = built
        .iter()
        .map(|b| (b.variant, AppSize { wasm: brotli_of(&b.wasm_name), js: brotli_of(&b.js_name), css: brotli_of(&css_name) }))
        .collect();
    for (variant, app) in &apps {
        println!("{:<44} {:>35}", format!("app, {} (wasm + glue js + css), brotli -q11", variant.label), group(app.total() as usize));
    }

    // 5. The size budget (the release build only: the dev and stable builds are not the product).
    if build_std {
        check_budget(root, &apps, options.update_budget)?;
    }
    println!("\nbuilt {} — serve it with: trovi serve <index dir> --app {}", rel(root, &out), rel(root, &out));
    Ok(())
}

/// One build of the app.
struct Variant {
    /// wasm-bindgen's `--out-name`, and the prefix of the variant's hashed files.
    name: &'static str,
    /// What it is, for messages and the size table.
    label: &'static str,
    /// Its key in web/size-budget.json.
    budget_key: &'static str,
    /// Cargo's feature arguments.
    features: &'static [&'static str],
    /// A target directory of its own (under target/), or the default. A cdylib's
    /// file name carries no hash, so two feature sets built into one target
    /// directory would overwrite each other's wasm while cargo holds both fresh.
    target_subdir: Option<&'static str>,
    /// What web/static/loader.js (and web/index.html) say for its wasm and glue.
    wasm_placeholder: &'static str,
    js_placeholder: &'static str,
}

/// The full app (every stemming language), and the app that stems English only
/// (one Snowball stemmer instead of 18), which `trovi.js` loads for an index it
/// knows to be English or unstemmed (`trovi index --site` writes the language in).
const VARIANTS: [Variant; 2] = [
    Variant {
        name: WASM_NAME,
        label: "all languages",
        budget_key: "brotli_bytes",
        features: &[],
        target_subdir: None,
        wasm_placeholder: "%TROVI_WASM%",
        js_placeholder: "%TROVI_JS%",
    },
    Variant {
        name: "trovi_web_en",
        label: "English only",
        budget_key: "brotli_bytes_english",
        features: &["--no-default-features", "--features", "english"],
        target_subdir: Some("web-en"),
        wasm_placeholder: "%TROVI_WASM_EN%",
        js_placeholder: "%TROVI_JS_EN%",
    },
];

/// A variant's built files.
struct Built {
    variant: &'static Variant,
    raw_wasm: PathBuf,
    raw_len: usize,
    wasm: Vec<u8>,
    js: Vec<u8>,
    wasm_name: String,
    js_name: String,
}

/// Cargo's arguments (before the subcommand's) for the release web build on the
/// pinned nightly: the standard library compiled with the app, for size
/// (`optimize_for_size`: std's smaller algorithms), and `-Zpanic-immediate-abort`,
/// which lets `BUILD_STD_PANIC` set the profile's panic strategy.
const BUILD_STD_ARGS: [&str; 3] = ["-Zbuild-std=std,panic_abort", "-Zbuild-std-features=optimize_for_size", "-Zpanic-immediate-abort"];

/// The `web` profile's panic strategy on the pinned nightly, set through cargo's
/// environment (cargo 1.97-nightly ignored it given as `--config profile.web.panic=…`
/// next to the `[patch]` `--config`): a panic traps at once, with no panic
/// message and none of the formatting machinery behind it. The app is built with
/// panic=abort anyway, so a panic already ended it; what goes is the message
/// in the console.
const BUILD_STD_PANIC: (&str, &str) = ("CARGO_PROFILE_WEB_PANIC", "immediate-abort");

/// `web/build-std-toolchain`: the pinned nightly of the release web build.
const BUILD_STD_TOOLCHAIN_FILE: &str = "web/build-std-toolchain";

/// The toolchain named in `web/build-std-toolchain`, installed with its
/// `rust-src` component (for `-Zbuild-std`) when either is missing.
fn ensure_build_std_toolchain(root: &Path) -> Result<String> {
    let toolchain = fs::read_to_string(root.join(BUILD_STD_TOOLCHAIN_FILE))
        .with_context(|| format!("reading {BUILD_STD_TOOLCHAIN_FILE}"))?
        .trim()
        .to_string();
    if toolchain.is_empty() || toolchain.contains(char::is_whitespace) {
        bail!("{BUILD_STD_TOOLCHAIN_FILE} must hold one toolchain name, such as nightly-2026-05-20");
    }
    let sysroot = Command::new("rustup")
        .args(["run", &toolchain, "rustc", "--print", "sysroot"])
        .env_remove("RUSTUP_TOOLCHAIN")
        .stderr(Stdio::null())
        .output();
    let has_src = |sysroot: &str| Path::new(sysroot.trim()).join("lib/rustlib/src/rust/library/Cargo.lock").is_file();
    match sysroot {
        Ok(output) if output.status.success() && has_src(&String::from_utf8_lossy(&output.stdout)) => Ok(toolchain),
        Err(error) => Err(error).context(
            "running rustup: the release web build needs rustup (for the pinned nightly of web/build-std-toolchain); \
             `cargo xtask web --stable` builds without it",
        ),
        Ok(_) => {
            step(&format!("rustup toolchain install {toolchain} --profile minimal --component rust-src (once)"));
            run_command(
                Command::new("rustup")
                    .args(["toolchain", "install", &toolchain, "--profile", "minimal", "--component", "rust-src"])
                    .env_remove("RUSTUP_TOOLCHAIN"),
                "rustup toolchain install",
            )?;
            Ok(toolchain)
        }
    }
}

/// The brotli'd bytes a visitor downloads for the app.
struct AppSize {
    wasm: u64,
    js: u64,
    css: u64,
}

impl AppSize {
    fn total(&self) -> u64 {
        self.wasm + self.js + self.css
    }
}

const BUDGET_FILE: &str = "web/size-budget.json";
/// How far over the committed budget the app may grow before the build fails.
const BUDGET_TOLERANCE_PERCENT: u64 = 5;

/// Fails when a brotli'd app (wasm + glue js + css, per variant) is more than
/// `BUDGET_TOLERANCE_PERCENT` over `web/size-budget.json`; rewrites the file
/// instead when `update` is set.
fn check_budget(root: &Path, apps: &[(&Variant, AppSize)], update: bool) -> Result<()> {
    let path = root.join(BUDGET_FILE);
    if update {
        let mut budget = serde_json::json!({
            "about": "The browser app's size budget: brotli -q11 bytes of the files `cargo xtask web` builds, for the full app (brotli_bytes) and the English-only one (brotli_bytes_english). The build fails when a total grows more than tolerance_percent over its total. After a deliberate change, rewrite it with `cargo xtask web --update-budget` and commit it.",
            "tolerance_percent": BUDGET_TOLERANCE_PERCENT,
        });
        for (variant, app) in apps {
            budget[variant.budget_key] = serde_json::json!({ "wasm": app.wasm, "js": app.js, "css": app.css, "total": app.total() });
            println!("size budget: wrote {BUDGET_FILE} ({}: {} bytes brotli)", variant.label, group(app.total() as usize));
        }
        fs::write(&path, format!("{}\n", serde_json::to_string_pretty(&budget)?)).with_context(|| format!("writing {BUDGET_FILE}"))?;
        return Ok(());
    }
    let text = fs::read_to_string(&path).with_context(|| format!("reading {BUDGET_FILE} (create it with `cargo xtask web --update-budget`)"))?;
    let budget: serde_json::Value = serde_json::from_str(&text).with_context(|| format!("{BUDGET_FILE} is not valid JSON"))?;
    for (variant, app) in apps {
        let key = variant.budget_key;
        let total = budget[key]["total"].as_u64().with_context(|| {
            format!("{BUDGET_FILE}: {key}.total is missing or not a whole number (`cargo xtask web --update-budget` writes it)")
        })?;
        let limit = total + total * BUDGET_TOLERANCE_PERCENT / 100;
        let size = app.total();
        if size > limit {
            bail!(
                "the app ({}) is {} bytes brotli (wasm {}, js {}, css {}), more than {BUDGET_TOLERANCE_PERCENT} % over its budget of {} bytes in {BUDGET_FILE} (limit {}).\n\
                 Find what grew (e.g. `twiggy top -n 20` on the wasm in target/web-build/web/) and shrink it; if the growth is worth it, \
                 run `cargo xtask web --update-budget` (or TROVI_UPDATE_SIZE_BUDGET=1) and commit {BUDGET_FILE} with the reason.",
                variant.label,
                group(size as usize),
                group(app.wasm as usize),
                group(app.js as usize),
                group(app.css as usize),
                group(total as usize),
                group(limit as usize)
            );
        }
        let change = (size as f64 / total as f64 - 1.0) * 100.0;
        println!(
            "size budget ({}): {} bytes brotli, {change:+.1} % against {BUDGET_FILE} ({} bytes; fails above +{BUDGET_TOLERANCE_PERCENT} %)",
            variant.label,
            group(size as usize),
            group(total as usize)
        );
        if size + total * BUDGET_TOLERANCE_PERCENT / 100 < total {
            println!("size budget ({}): the app shrank by more than {BUDGET_TOLERANCE_PERCENT} %: lock the gain in with `cargo xtask web --update-budget`", variant.label);
        }
    }
    Ok(())
}

/// `bytes` compressed with gzip -9 and brotli -q11, cached by content hash in
/// `cache` (brotli -q11 of the wasm takes seconds).
fn precompressed(bytes: &[u8], cache: &Path) -> Result<(Vec<u8>, Vec<u8>)> {
    let key = hex(&Sha256::digest(bytes));
    let (gz_path, br_path) = (cache.join(format!("{key}.gz")), cache.join(format!("{key}.br")));
    if let (Ok(gz), Ok(br)) = (fs::read(&gz_path), fs::read(&br_path)) {
        return Ok((gz, br));
    }
    let (gz, br) = (gzip_bytes(bytes)?, brotli_bytes(bytes)?);
    fs::create_dir_all(cache)?;
    fs::write(&gz_path, &gz)?;
    fs::write(&br_path, &br)?;
    Ok((gz, br))
}

/// `web/shim/regex`, the browser build's `regex` (regex's API over regex-lite),
/// after checking that its version is Cargo.lock's regex: a [patch] with
/// another version would be ignored (cargo warns, and the real regex links).
fn regex_shim(root: &Path) -> Result<PathBuf> {
    let shim = root.join("web/shim/regex");
    let manifest = fs::read_to_string(shim.join("Cargo.toml")).context("reading web/shim/regex/Cargo.toml")?;
    let version = manifest
        .lines()
        .find_map(|line| line.trim().strip_prefix("version = \"")?.strip_suffix('"'))
        .context("web/shim/regex/Cargo.toml has no `version = \"…\"` line")?;
    let locked = lock_version(root, "regex")?;
    if version != locked {
        bail!(
            "web/shim/regex is version {version} but Cargo.lock has regex {locked}: set `version = \"{locked}\"` in \
             web/shim/regex/Cargo.toml (and check that tantivy still uses only what regex-lite offers)"
        );
    }
    Ok(shim)
}

/// `name.<16 hex of the content's SHA-256>.ext`.
fn hashed(name: &str, ext: &str, content: &[u8]) -> String {
    format!("{name}.{}.{ext}", &hex(&Sha256::digest(content))[..16])
}

fn print_sizes(path: &Path) -> Result<()> {
    print_sizes_cached(path, None)
}

/// Prints the sizes of `path`; compressed sizes are looked up in and added to
/// the cache file `cache` (keyed by content hash), as brotli -q11 takes seconds.
fn print_sizes_cached(path: &Path, cache: Option<&Path>) -> Result<()> {
    let bytes = fs::read(path).with_context(|| format!("reading {}", path.display()))?;
    let key = hex(&Sha256::digest(&bytes));
    let cached = cache.and_then(|c| fs::read_to_string(c).ok()).unwrap_or_default();
    let known = cached.lines().find_map(|line| {
        let mut fields = line.split('\t');
        (fields.next() == Some(key.as_str())).then(|| {
            let gz = fields.next()?.parse().ok()?;
            let br = fields.next()?.parse().ok()?;
            Some((gz, br))
        })?
    });
    let (gz, br) = match known {
        Some(sizes) => sizes,
        None => {
            let sizes = (gzip(&bytes)?, brotli(&bytes)?);
            if let Some(cache) = cache {
                let mut file = fs::OpenOptions::new().create(true).append(true).open(cache)?;
                writeln!(file, "{key}\t{}\t{}", sizes.0, sizes.1)?;
            }
            sizes
        }
    };
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    println!("{name:<44} {:>11} {:>11} {:>11}", group(bytes.len()), group(gz), group(br));
    Ok(())
}

fn gzip(bytes: &[u8]) -> Result<usize> {
    Ok(gzip_bytes(bytes)?.len())
}

fn brotli(bytes: &[u8]) -> Result<usize> {
    Ok(brotli_bytes(bytes)?.len())
}

/// gzip -9 (no name, no time stamp: the same input gives the same bytes).
fn gzip_bytes(bytes: &[u8]) -> Result<Vec<u8>> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(bytes)?;
    Ok(encoder.finish()?)
}

/// brotli -q11 with a 4 MiB window (lgwin 22).
fn brotli_bytes(bytes: &[u8]) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    {
        let mut writer = brotli::CompressorWriter::new(&mut out, 1 << 16, 11, 22);
        writer.write_all(bytes)?;
    }
    Ok(out)
}

/// `1234567` → `1,234,567`.
fn group(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn step(message: &str) {
    eprintln!("xtask: {message}");
}

fn rel(root: &Path, path: &Path) -> String {
    path.strip_prefix(root).unwrap_or(path).display().to_string()
}

fn workspace_root() -> PathBuf {
    let manifest_dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest_dir.parent().map(Path::to_path_buf).unwrap_or(manifest_dir)
}

fn cargo() -> String {
    std::env::var("CARGO").unwrap_or_else(|_| "cargo".into())
}

fn target_dir(root: &Path) -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) => root.join(dir),
        None => root.join("target"),
    }
}

fn run_command(command: &mut Command, what: &str) -> Result<()> {
    let status = command.status().with_context(|| format!("running {what}"))?;
    if !status.success() {
        bail!("{what} failed ({status})");
    }
    Ok(())
}

/// The first line of `tool --version`.
fn tool_version(tool: &Path) -> Result<String> {
    let output = Command::new(tool)
        .arg("--version")
        .stderr(Stdio::null())
        .output()
        .with_context(|| format!("running {} --version", tool.display()))?;
    Ok(String::from_utf8_lossy(&output.stdout).lines().next().unwrap_or_default().trim().to_string())
}

/// Adds the wasm32 target with rustup when it is not installed.
fn ensure_target() -> Result<()> {
    let installed = Command::new("rustup").args(["target", "list", "--installed"]).output();
    match installed {
        Ok(output) if String::from_utf8_lossy(&output.stdout).lines().any(|l| l.trim() == TARGET) => Ok(()),
        Ok(_) => {
            step(&format!("rustup target add {TARGET}"));
            run_command(Command::new("rustup").args(["target", "add", TARGET]), "rustup target add")
        }
        // No rustup (a distribution's Rust): cargo will say if the target is missing.
        Err(_) => Ok(()),
    }
}

/// The version of package `name` in Cargo.lock (the first, if there are several).
fn lock_version(root: &Path, name: &str) -> Result<String> {
    let text = fs::read_to_string(root.join("Cargo.lock")).context("reading Cargo.lock")?;
    cargo_lock_version(&text, name)?.with_context(|| format!("{name} is not in Cargo.lock"))
}

/// The version of package `name` in the text of a Cargo.lock.
fn cargo_lock_version(lock: &str, name: &str) -> Result<Option<String>> {
    let lock: toml::Table = lock.parse().context("parsing Cargo.lock")?;
    let packages = lock.get("package").and_then(toml::Value::as_array).map(Vec::as_slice).unwrap_or_default();
    Ok(packages
        .iter()
        .find(|package| package.get("name").and_then(toml::Value::as_str) == Some(name))
        .and_then(|package| package.get("version")?.as_str())
        .map(str::to_string))
}

/// A `wasm-bindgen` whose version is exactly the `wasm-bindgen` crate's in
/// Cargo.lock (the CLI refuses other versions' output); installed into
/// `target/tools/` with `cargo install` when there is none.
fn ensure_wasm_bindgen(root: &Path) -> Result<PathBuf> {
    let version = lock_version(root, "wasm-bindgen")?;
    let wanted = format!("wasm-bindgen {version}");
    let tools = target_dir(root).join("tools");
    let local = tools.join("bin").join("wasm-bindgen");
    for candidate in [local.clone(), PathBuf::from("wasm-bindgen")] {
        if tool_version(&candidate).is_ok_and(|v| v == wanted) {
            return Ok(candidate);
        }
    }
    step(&format!("installing wasm-bindgen-cli {version} into {} (a few minutes, once)", rel(root, &tools)));
    let install = |locked: bool| {
        let mut command = Command::new(cargo());
        command.args(["install", "wasm-bindgen-cli", "--version", &version, "--root"]).arg(&tools);
        if locked {
            command.arg("--locked");
        }
        command.status()
    };
    if !install(true).context("running cargo install")?.success() {
        // A dependency version in the CLI's own lock file can be yanked later;
        // then only an unlocked resolution installs.
        step("the locked install failed; retrying without --locked");
        if !install(false).context("running cargo install")?.success() {
            bail!("could not install wasm-bindgen-cli {version}");
        }
    }
    if !tool_version(&local).is_ok_and(|v| v == wanted) {
        bail!("{} does not report {wanted}", local.display());
    }
    Ok(local)
}

/// `wasm-opt` from the npm package `binaryen` at the version pinned in
/// web/package-lock.json, installed with `npm ci` when missing or different.
fn ensure_wasm_opt(root: &Path) -> Result<PathBuf> {
    let web = root.join("web");
    let lock = fs::read_to_string(web.join("package-lock.json")).context("reading web/package-lock.json")?;
    let version = binaryen_version(&lock).context("binaryen is not in web/package-lock.json")?;
    let major = version.split('.').next().unwrap_or_default().to_string();
    let wasm_opt = web.join("node_modules").join(".bin").join("wasm-opt");
    let matches = |path: &Path| tool_version(path).is_ok_and(|v| v.starts_with(&format!("wasm-opt version {major} ")));
    if matches(&wasm_opt) {
        return Ok(wasm_opt);
    }
    if which("node").is_none() || which("npm").is_none() {
        bail!("wasm-opt comes from the npm package binaryen: install Node.js 18+ and npm (e.g. `apt-get install nodejs npm`) and rerun");
    }
    step(&format!("npm ci in web/ (binaryen {version}, for wasm-opt)"));
    run_command(
        Command::new("npm").current_dir(&web).args(["ci", "--no-audit", "--no-fund", "--loglevel=error"]),
        "npm ci",
    )?;
    if !matches(&wasm_opt) {
        bail!("{} does not report version {major}", wasm_opt.display());
    }
    Ok(wasm_opt)
}

/// The version of `node_modules/binaryen` in a package-lock.json (v2/v3 layout).
fn binaryen_version(lock: &str) -> Option<String> {
    let lock: serde_json::Value = serde_json::from_str(lock).ok()?;
    lock["packages"]["node_modules/binaryen"]["version"].as_str().map(str::to_string)
}

fn which(program: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path).map(|dir| dir.join(program)).find(|p| p.is_file())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_versions_from_the_real_lock_files() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("the workspace");
        let cargo_lock = fs::read_to_string(root.join("Cargo.lock")).expect("Cargo.lock");
        let wasm_bindgen = cargo_lock_version(&cargo_lock, "wasm-bindgen").expect("parses").expect("wasm-bindgen is locked");
        assert!(wasm_bindgen.split('.').count() == 3, "{wasm_bindgen}");
        assert_eq!(cargo_lock_version(&cargo_lock, "no-such-crate").expect("parses"), None);
        assert!(cargo_lock_version("[[package]\nname = ", "x").is_err());
        let npm_lock = fs::read_to_string(root.join("web/package-lock.json")).expect("package-lock.json");
        let binaryen = binaryen_version(&npm_lock).expect("binaryen is locked");
        assert!(binaryen.chars().next().is_some_and(|c| c.is_ascii_digit()), "{binaryen}");
        // A `"version"` that belongs to another package is not taken for binaryen's.
        let other = r#"{"packages": {"node_modules/binaryen-x": {"version": "1.0.0"}}}"#;
        assert_eq!(binaryen_version(other), None);
    }
}
