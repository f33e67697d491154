//! `trovi export --quickwit`: the index config follows Quickwit's documented
//! format (config version 0.8, docs/configuration/index-config.md) and the
//! NDJSON holds every article, ready for `quickwit index ingest`.

use serde_json::Value as Json;
use serde_yaml_ng::Value as Yaml;
use std::path::Path;
use trovi_tests::{index_data, trovi};

fn ok(output: std::process::Output) -> String {
    assert!(
        output.status.success(),
        "trovi failed ({}):\n{}\n{}",
        output.status,
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn index(inputs: &[&Path], out: &Path) {
    let mut args: Vec<&std::ffi::OsStr> = vec!["index".as_ref()];
    args.extend(inputs.iter().map(|p| p.as_os_str()));
    args.extend(["--out".as_ref(), out.as_os_str()]);
    ok(trovi(args));
}

fn documents(index: &Path) -> usize {
    let manifest: Json = serde_json::from_slice(&std::fs::read(index.join("trovi.json")).expect("manifest")).expect("JSON");
    manifest["documents"].as_u64().expect("documents") as usize
}

fn export(index: &Path, out: &Path, extra: &[&str]) -> (String, Yaml, Vec<Json>) {
    let mut args: Vec<&std::ffi::OsStr> = vec!["export".as_ref(), "--quickwit".as_ref(), index.as_os_str(), "--out".as_ref(), out.as_os_str()];
    args.extend(extra.iter().map(std::ffi::OsStr::new));
    let stdout = ok(trovi(args));
    let config = std::fs::read_to_string(out.join("index-config.yaml")).expect("index-config.yaml");
    let config: Yaml = serde_yaml_ng::from_str(&config).unwrap_or_else(|e| panic!("invalid YAML ({e}):\n{config}"));
    let docs = std::fs::read_to_string(out.join("docs.ndjson")).expect("docs.ndjson");
    let docs = docs
        .lines()
        .enumerate()
        .map(|(i, line)| serde_json::from_str(line).unwrap_or_else(|e| panic!("docs.ndjson:{}: {e}", i + 1)))
        .collect();
    (stdout, config, docs)
}

fn s(value: &Yaml) -> Option<&str> {
    value.as_str()
}

/// The field mapping named `name`.
fn field<'a>(config: &'a Yaml, name: &str) -> &'a Yaml {
    config["doc_mapping"]["field_mappings"]
        .as_sequence()
        .expect("field_mappings is a list")
        .iter()
        .find(|f| s(&f["name"]) == Some(name))
        .unwrap_or_else(|| panic!("no field mapping {name:?}"))
}

fn is_true(value: &Yaml) -> bool {
    value.as_bool() == Some(true)
}

/// Checks a config against the rules of Quickwit's index config documentation
/// (format 0.8): the parameters each field type accepts (Quickwit refuses
/// unknown ones), their values, and what `timestamp_field` and
/// `default_search_fields` may name.
fn assert_documented_format(config: &Yaml) {
    let version = &config["version"];
    assert!(version.as_f64() == Some(0.8) || s(version) == Some("0.8"), "version: {version:?}");
    let id = s(&config["index_id"]).expect("index_id");
    assert!(
        id.len() >= 3 && id.starts_with(|c: char| c.is_ascii_alphabetic()) && id.chars().all(|c| c.is_ascii_alphanumeric() || "-_".contains(c)),
        "index_id {id:?}"
    );
    let top: Vec<&str> = config.as_mapping().expect("mapping").keys().filter_map(Yaml::as_str).collect();
    for key in &top {
        assert!(
            ["version", "index_id", "index_uri", "doc_mapping", "indexing_settings", "search_settings", "retention", "ingest_settings"].contains(key),
            "unknown top-level key {key}"
        );
    }
    let mapping = &config["doc_mapping"];
    assert!(["dynamic", "lenient", "strict"].contains(&s(&mapping["mode"]).unwrap_or("dynamic")), "mode");
    for field in mapping["field_mappings"].as_sequence().expect("field_mappings") {
        let name = s(&field["name"]).expect("every field has a name");
        assert!(name.starts_with(|c: char| c.is_ascii_alphabetic()), "{name}");
        let kind = s(&field["type"]).expect("every field has a type");
        let base = kind.strip_prefix("array<").and_then(|k| k.strip_suffix('>')).unwrap_or(kind);
        let allowed: &[&str] = match base {
            "text" => &["name", "type", "description", "stored", "indexed", "tokenizer", "record", "fieldnorms", "fast"],
            "datetime" => &["name", "type", "description", "input_formats", "output_format", "stored", "indexed", "fast", "fast_precision"],
            other => panic!("{name}: unexpected type {other}"),
        };
        for key in field.as_mapping().expect("mapping").keys().filter_map(Yaml::as_str) {
            assert!(allowed.contains(&key), "{name}: {kind} fields take no {key:?}");
        }
        let indexed = field["indexed"].as_bool().unwrap_or(true);
        if !indexed {
            assert!(field.get("tokenizer").is_none() && field.get("record").is_none(), "{name}: tokenizer/record need indexed");
        }
        if let Some(tokenizer) = s(&field["tokenizer"]) {
            assert!(
                ["raw", "raw_lowercase", "default", "en_stem", "whitespace", "chinese_compatible", "lowercase"].contains(&tokenizer),
                "{name}: tokenizer {tokenizer}"
            );
        }
        if let Some(record) = s(&field["record"]) {
            assert!(["basic", "freq", "position"].contains(&record), "{name}: record {record}");
        }
        if let Some(precision) = s(&field["fast_precision"]) {
            assert!(["seconds", "milliseconds", "microseconds", "nanoseconds"].contains(&precision), "{name}");
        }
        for format in field["input_formats"].as_sequence().into_iter().flatten() {
            let format = s(format).expect("input format");
            assert!(["iso8601", "rfc2822", "rfc3339", "unix_timestamp"].contains(&format) || format.contains('%'), "{format}");
        }
    }
    // "The field has to be of type datetime", single-valued and fast.
    if let Some(timestamp) = s(&mapping["timestamp_field"]) {
        let f = field(config, timestamp);
        assert_eq!(s(&f["type"]), Some("datetime"), "timestamp_field {timestamp}");
        assert!(is_true(&f["fast"]), "the timestamp field must be fast");
    }
    for name in config["search_settings"]["default_search_fields"].as_sequence().expect("default_search_fields") {
        let f = field(config, s(name).expect("name"));
        assert!(f["indexed"].as_bool().unwrap_or(true), "default search field {name:?} must be indexed");
    }
}

/// The exact mapping of trovi's fields the export promises.
fn assert_trovi_mapping(config: &Yaml) {
    assert_eq!(s(&config["index_id"]), Some("trovi"));
    let id = field(config, "id");
    assert_eq!((s(&id["type"]), s(&id["tokenizer"])), (Some("text"), Some("raw")));
    assert!(is_true(&id["stored"]) && is_true(&id["fast"]));
    for name in ["title", "body"] {
        let f = field(config, name);
        assert_eq!(s(&f["type"]), Some("text"), "{name}");
        // index_data is English: stemmed, like trovi's own index.
        assert_eq!(s(&f["tokenizer"]), Some("en_stem"), "{name}");
        assert_eq!(s(&f["record"]), Some("position"), "{name}: phrase queries need positions");
        assert!(is_true(&f["fieldnorms"]) && is_true(&f["stored"]), "{name}");
    }
    let url = field(config, "url");
    assert_eq!(s(&url["type"]), Some("text"));
    assert_eq!(url["indexed"].as_bool(), Some(false));
    assert!(is_true(&url["stored"]));
    let date = field(config, "date");
    assert_eq!(s(&date["type"]), Some("datetime"));
    assert_eq!(date["input_formats"].as_sequence().map(|f| f.iter().filter_map(s).collect::<Vec<_>>()), Some(vec!["rfc3339"]));
    assert_eq!(s(&date["fast_precision"]), Some("seconds"));
    assert!(is_true(&date["fast"]) && is_true(&date["stored"]));
    for (name, kind) in [("author", "text"), ("tags", "array<text>")] {
        let f = field(config, name);
        assert_eq!((s(&f["type"]), s(&f["tokenizer"])), (Some(kind), Some("raw")), "{name}");
        assert!(is_true(&f["fast"]), "{name}: filters and facets need fast fields");
    }
    let names: Vec<&str> = config["doc_mapping"]["field_mappings"].as_sequence().expect("field_mappings").iter().filter_map(|f| s(&f["name"])).collect();
    assert_eq!(names, ["id", "title", "body", "url", "date", "author", "tags"]);
    let search: Vec<&str> = config["search_settings"]["default_search_fields"].as_sequence().expect("default_search_fields").iter().filter_map(s).collect();
    assert_eq!(search, ["title", "body"]);
}

/// Every line is one article with only mapped fields; dates are RFC 3339.
fn assert_docs(docs: &[Json]) -> usize {
    let mut dated = 0;
    let mut ids = std::collections::HashSet::new();
    for doc in docs {
        let object = doc.as_object().expect("each line is an object");
        for key in object.keys() {
            assert!(["id", "title", "body", "url", "date", "author", "tags"].contains(&key.as_str()), "unmapped {key}: {doc}");
        }
        assert!(ids.insert(doc["id"].as_str().expect("id").to_string()), "duplicate id {doc}");
        assert!(doc["title"].is_string() && doc["body"].is_string(), "{doc}");
        if let Some(date) = doc.get("date") {
            let date = date.as_str().expect("date is a string");
            let parsed = trovi_core::parse_date(date).expect("a date");
            // RFC 3339 exactly: YYYY-MM-DDTHH:MM:SS and an offset (UTC here).
            assert!(date.len() == 20 && date.as_bytes()[10] == b'T' && date.ends_with('Z'), "{date}");
            assert_eq!(trovi_core::format_date(parsed), date);
            dated += 1;
        }
        if let Some(tags) = doc.get("tags") {
            assert!(tags.as_array().expect("tags").iter().all(Json::is_string), "{doc}");
        }
    }
    dated
}

#[test]
fn exports_index_data_for_quickwit() {
    let temp = tempfile::tempdir().expect("temp dir");
    let built = temp.path().join("index");
    index(&[&index_data()], &built);
    let documents = documents(&built);

    // Everything, by default. index_data has one undated article (the plain-text
    // one): Quickwit rejects documents without the timestamp field, so the
    // config leaves timestamp_field out and says so.
    let (stdout, config, docs) = export(&built, &temp.path().join("all"), &[]);
    assert_documented_format(&config);
    assert_trovi_mapping(&config);
    assert_eq!(docs.len(), documents, "one line per article");
    let dated = assert_docs(&docs);
    assert_eq!(dated, documents - 1, "{stdout}");
    assert!(config["doc_mapping"].get("timestamp_field").is_none());
    assert!(stdout.contains(&format!("exported {documents} article(s)")), "{stdout}");
    assert!(stdout.contains("1 article(s) have no date"), "{stdout}");
    assert!(stdout.contains("quickwit index ingest --index trovi --input-path"), "{stdout}");

    // A record comes out as it went in (index_data's first line).
    let first_line = std::fs::read_to_string(index_data().join("huffpost.jsonl")).expect("huffpost").lines().next().map(str::to_string).expect("a line");
    let original: Json = serde_json::from_str(&first_line).expect("JSON");
    let exported = docs.iter().find(|d| d["id"] == original["id"]).expect("huffpost-1 exported");
    assert_eq!(exported, &original);

    // --skip-undated keeps the time axis: timestamp_field is the date.
    let (stdout, config, docs) = export(&built, &temp.path().join("dated"), &["--skip-undated"]);
    assert_documented_format(&config);
    assert_trovi_mapping(&config);
    assert_eq!(s(&config["doc_mapping"]["timestamp_field"]), Some("date"));
    assert_eq!(docs.len(), documents - 1);
    assert_eq!(assert_docs(&docs), docs.len(), "every exported article is dated");
    assert!(stdout.contains("left out 1 article(s) without a date"), "{stdout}");
}

#[test]
fn fully_dated_index_gets_the_timestamp_field_and_exports_reindex() {
    let temp = tempfile::tempdir().expect("temp dir");
    let built = temp.path().join("index");
    index(&[&index_data().join("huffpost.jsonl")], &built);
    let documents = documents(&built);
    let out = temp.path().join("quickwit");
    let (stdout, config, docs) = export(&built, &out, &[]);
    assert_documented_format(&config);
    assert_trovi_mapping(&config);
    assert_eq!(s(&config["doc_mapping"]["timestamp_field"]), Some("date"));
    assert_eq!(docs.len(), documents);
    assert_eq!(assert_docs(&docs), documents);
    assert!(!stdout.contains("no date"), "{stdout}");

    // docs.ndjson is also trovi's own input format: it indexes to the same count.
    let again = temp.path().join("again");
    index(&[&out.join("docs.ndjson")], &again);
    assert_eq!(self::documents(&again), documents);
}

#[test]
fn export_errors_are_clear() {
    let temp = tempfile::tempdir().expect("temp dir");
    let missing = trovi(["export", "--quickwit", temp.path().join("nothing").to_str().unwrap(), "--out", temp.path().to_str().unwrap()]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("trovi.json"), "{}", String::from_utf8_lossy(&missing.stderr));
    let usage = trovi(["export", "--out", temp.path().to_str().unwrap()]);
    assert_eq!(usage.status.code(), Some(2), "--quickwit is required");
}
