//! `trovi eval` end to end on the ADI test collection (82 documents, 35 queries).

use trovi_tests::{shared_file, trovi};

#[test]
fn eval_on_adi_reports_sane_figures_as_json() {
    let (Some(docs), Some(queries), Some(qrels)) =
        (shared_file("ir/adi/docs.jsonl"), shared_file("ir/adi/queries.tsv"), shared_file("ir/adi/qrels.txt"))
    else {
        return;
    };
    let dir = tempfile::tempdir().expect("temp dir");
    let index = dir.path().join("adi");
    let o = trovi(["index".as_ref(), docs.as_os_str(), "--out".as_ref(), index.as_os_str()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));

    // `trovi eval INDEX --queries Q --qrels R EXTRA…`
    let eval = |extra: &[&str]| {
        let mut args: Vec<&std::ffi::OsStr> =
            vec!["eval".as_ref(), index.as_os_str(), "--queries".as_ref(), queries.as_os_str(), "--qrels".as_ref(), qrels.as_os_str()];
        args.extend(extra.iter().map(std::ffi::OsStr::new));
        trovi(args)
    };
    let o = eval(&["--json", "--per-query"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON");
    for key in ["queries", "judged", "unjudged", "ndcg@10", "map", "p@10", "recall@100", "per_query", "settings"] {
        assert!(v.get(key).is_some(), "no {key:?} in {v}");
    }
    assert_eq!(v["queries"], 35);
    assert_eq!(v["judged"], 35, "every ADI query has judgments");
    assert_eq!(v["documents"], 82);
    // Plain tantivy BM25 reaches 0.398 here; any sane ranking lands well above random (< 0.1).
    let map = v["map"].as_f64().expect("map");
    assert!((0.30..=0.60).contains(&map), "MAP {map} is outside the sane band");
    for key in ["ndcg@10", "p@10", "recall@100"] {
        let x = v[key].as_f64().expect("figure");
        assert!(x > 0.0 && x <= 1.0, "{key} = {x}");
    }
    let per_query = v["per_query"].as_array().expect("per_query");
    assert_eq!(per_query.len(), 35);
    let mean_ap = per_query.iter().map(|q| q["ap"].as_f64().expect("ap")).sum::<f64>() / 35.0;
    assert!((mean_ap - map).abs() < 1e-9, "MAP is the mean of the per-query APs");

    // Knobs are echoed, and a bad gain is refused with a message.
    let o = eval(&["--json", "--title-boost", "2", "--proximity", "0", "--fuzzy", "off", "--gain", "inverted:5"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON");
    assert_eq!(v["settings"]["title_boost"], 2.0);
    assert_eq!(v["settings"]["proximity"], 0.0);
    assert_eq!(v["settings"]["fuzzy"], false);
    assert_eq!(v["settings"]["gain"], "inverted:5");
    assert!(v.get("per_query").is_none());
    let o = eval(&["--gain", "upside-down"]);
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("inverted:N"));
}
