use super::*;

fn w(text: &str) -> Expr {
    Expr::Word { field: None, text: text.into() }
}
fn fw(field: FieldName, text: &str) -> Expr {
    Expr::Word { field: Some(field), text: text.into() }
}
fn ph(text: &str) -> Expr {
    Expr::Phrase { field: None, text: text.into() }
}
fn fph(field: FieldName, text: &str) -> Expr {
    Expr::Phrase { field: Some(field), text: text.into() }
}
fn not(e: Expr) -> Expr {
    Expr::Not(Box::new(e))
}
fn or(items: Vec<Expr>) -> Expr {
    Expr::Or(items)
}
fn grp(items: Vec<Expr>) -> Expr {
    Expr::Group(items)
}
fn items(text: &str) -> Vec<Expr> {
    parse(text).items
}
fn date(text: &str) -> OffsetDateTime {
    crate::parse_date(text).expect("test date")
}

#[test]
fn plain_words() {
    assert_eq!(items("hello   world\tagain\n"), vec![w("hello"), w("world"), w("again")]);
    assert_eq!(items(""), vec![]);
    assert_eq!(items("   \n\t "), vec![]);
}

#[test]
fn phrases() {
    assert_eq!(items(r#""new york" city"#), vec![ph("new york"), w("city")]);
    assert_eq!(items(r#"a"b c"d"#), vec![w("a"), ph("b c"), w("d")]);
    assert_eq!(items(r#"" spaced  out ""#), vec![ph(" spaced  out ")]);
}

#[test]
fn negation() {
    assert_eq!(
        items(r#"-foo -"a b" -(x y) -title:z"#),
        vec![not(w("foo")), not(ph("a b")), not(grp(vec![w("x"), w("y")])), not(fw(FieldName::Title, "z"))]
    );
    assert_eq!(items("--foo"), vec![w("foo")], "double negation cancels");
}

#[test]
fn dash_that_is_not_negation() {
    assert_eq!(items("covid-19 - x"), vec![w("covid-19"), w("x")]);
    assert_eq!(items("well-known a-"), vec![w("well-known"), w("a-")]);
    assert_eq!(items("a -"), vec![w("a")]);
    assert_eq!(items("a --- b"), vec![w("a"), w("b")]);
    assert_eq!(items("a -) b"), vec![w("a"), w("b")]);
}

#[test]
fn only_negations_are_kept() {
    assert_eq!(items("-a -b"), vec![not(w("a")), not(w("b"))]);
}

#[test]
fn or_operator() {
    assert_eq!(items("a OR b OR c"), vec![or(vec![w("a"), w("b"), w("c")])]);
    assert_eq!(items("a | b|c"), vec![or(vec![w("a"), w("b"), w("c")])]);
    assert_eq!(items("a or b"), vec![w("a"), w("or"), w("b")], "lowercase or is a word");
    assert_eq!(items("a Or b"), vec![w("a"), w("Or"), w("b")]);
    assert_eq!(items(r#"-a OR "b c""#), vec![or(vec![not(w("a")), ph("b c")])]);
}

#[test]
fn or_binds_tighter_than_and() {
    assert_eq!(items("a b OR c d"), vec![w("a"), or(vec![w("b"), w("c")]), w("d")]);
    assert_eq!(items("(a b) OR c"), vec![or(vec![grp(vec![w("a"), w("b")]), w("c")])]);
    assert_eq!(items("(a OR b) OR c"), vec![or(vec![w("a"), w("b"), w("c")])]);
}

#[test]
fn and_is_ignored() {
    assert_eq!(items("a AND b"), vec![w("a"), w("b")]);
    assert_eq!(items("AND a AND"), vec![w("a")]);
    assert_eq!(items("a and b"), vec![w("a"), w("and"), w("b")]);
    assert_eq!(items("a OR AND b"), vec![or(vec![w("a"), w("b")])]);
}

#[test]
fn groups() {
    assert_eq!(items("(a b) c"), vec![grp(vec![w("a"), w("b")]), w("c")]);
    assert_eq!(items("(a OR b) c"), vec![or(vec![w("a"), w("b")]), w("c")]);
    assert_eq!(items("((a))"), vec![w("a")]);
    assert_eq!(items("((a b) c)"), vec![grp(vec![w("a"), w("b"), w("c")])]);
    assert_eq!(items("x (a -(b c))"), vec![w("x"), grp(vec![w("a"), not(grp(vec![w("b"), w("c")]))])]);
}

#[test]
fn fields() {
    assert_eq!(
        items("title:rust Author:Ann TAGS:x tag:y"),
        vec![fw(FieldName::Title, "rust"), fw(FieldName::Author, "Ann"), fw(FieldName::Tag, "x"), fw(FieldName::Tag, "y")]
    );
    assert_eq!(items(r#"title:"a b" -author:"c d""#), vec![fph(FieldName::Title, "a b"), not(fph(FieldName::Author, "c d"))]);
    assert_eq!(items("tag:category:politics"), vec![fw(FieldName::Tag, "category:politics")]);
    assert_eq!(items("title:a OR author:b"), vec![or(vec![fw(FieldName::Title, "a"), fw(FieldName::Author, "b")])]);
}

#[test]
fn unknown_or_empty_prefixes() {
    assert_eq!(items("foo:bar"), vec![w("foo:bar")]);
    assert_eq!(items("http://example.com :x"), vec![w("http://example.com"), w(":x")]);
    assert_eq!(items("title: rust"), vec![w("rust")], "a prefix before nothing is dropped");
    assert_eq!(items("a title:"), vec![w("a")]);
    assert_eq!(items(r#"title:"""#), vec![]);
}

#[test]
fn dates() {
    let q = parse("after:2020-01-02 rust before:2021-02-03T04:05:06Z");
    assert_eq!(q.items, vec![w("rust")]);
    assert_eq!(q.after, Some(date("2020-01-02")));
    assert_eq!(q.before, Some(date("2021-02-03T04:05:06Z")));

    let q = parse("AFTER:2020-01-02T10:00:00+02:00");
    assert_eq!(q.after, Some(date("2020-01-02T08:00:00Z")));
    assert!(q.items.is_empty());

    let q = parse(r#"before:"2021-02-03 04:05:06""#);
    assert_eq!(q.before, Some(date("2021-02-03T04:05:06Z")));

    // Tightest bound wins.
    let q = parse("after:2020-01-01 after:2022-01-01 before:2024-01-01 before:2023-01-01");
    assert_eq!((q.after, q.before), (Some(date("2022-01-01")), Some(date("2023-01-01"))));

    // Negated bounds flip.
    let q = parse("-after:2020-01-01 -before:2010-01-01");
    assert_eq!((q.after, q.before), (Some(date("2010-01-01")), Some(date("2020-01-01"))));
    assert!(q.items.is_empty());

    // A bound inside a group or an OR still applies; it is not an item.
    let q = parse("(a after:2020-01-01) OR b");
    assert_eq!(q.items, vec![or(vec![w("a"), w("b")])]);
    assert_eq!(q.after, Some(date("2020-01-01")));
}

#[test]
fn invalid_dates_are_words() {
    let q = parse("before:soon after:2023-13-45 after:");
    assert_eq!(q.items, vec![w("before:soon"), w("after:2023-13-45")]);
    assert_eq!((q.after, q.before), (None, None));
    assert_eq!(items(r#"after:"not a date""#), vec![ph("not a date")]);
}

#[test]
fn unterminated_quote_gives_plain_words() {
    assert_eq!(items(r#"a "b c"#), vec![w("a"), w("b"), w("c")]);
    assert_eq!(items(r#"a -"b OR (c"#), vec![w("a"), w("b"), w("OR"), w("c")]);
    assert_eq!(items(r#"title:"b c"#), vec![w("b"), w("c")]);
    assert_eq!(items(r#""a" "b"#), vec![ph("a"), w("b")]);
    assert_eq!(items(r#"""""#), vec![]);
}

#[test]
fn unbalanced_parens_are_ignored() {
    assert_eq!(items("(a b"), vec![w("a"), w("b")]);
    assert_eq!(items("a b)"), vec![w("a"), w("b")]);
    assert_eq!(items(")a ( b (c d)"), vec![w("a"), w("b"), grp(vec![w("c"), w("d")])]);
    assert_eq!(items("a (b OR c"), vec![w("a"), or(vec![w("b"), w("c")])]);
    assert_eq!(items("foo)"), vec![w("foo")]);
}

#[test]
fn dangling_operators_are_dropped() {
    assert_eq!(items("OR a"), vec![w("a")]);
    assert_eq!(items("a OR"), vec![w("a")]);
    assert_eq!(items("a OR OR b"), vec![or(vec![w("a"), w("b")])]);
    assert_eq!(items("a || b"), vec![or(vec![w("a"), w("b")])]);
    assert_eq!(items("(a OR) b"), vec![w("a"), w("b")]);
    assert_eq!(items("OR OR OR"), vec![]);
    assert_eq!(items("|"), vec![]);
}

#[test]
fn empty_things_are_dropped() {
    assert_eq!(items("a () b"), vec![w("a"), w("b")]);
    assert_eq!(items(r#"a "" "  " b"#), vec![w("a"), w("b")]);
    assert_eq!(items("a -() b"), vec![w("a"), w("b")]);
    assert_eq!(items("a OR () b"), vec![w("a"), w("b")]);
    assert_eq!(items("-(-("), vec![]);
}

#[test]
fn unicode() {
    assert_eq!(
        items(r#"café -naïve "東京 タワー" title:Ünïcode 🎉 שלום"#),
        vec![w("café"), not(w("naïve")), ph("東京 タワー"), fw(FieldName::Title, "Ünïcode"), w("🎉"), w("שלום")]
    );
    // Non-ASCII whitespace separates words too.
    assert_eq!(items("a\u{3000}b\u{a0}c"), vec![w("a"), w("b"), w("c")]);
}

#[test]
fn deep_nesting_does_not_overflow() {
    let text = format!("{}a{}", "(".repeat(5000), ")".repeat(5000));
    assert_eq!(items(&text), vec![w("a")]);
    let text = format!("{}a b", "-(".repeat(5000));
    assert_eq!(items(&text), vec![w("a"), w("b")]);
    let text = "-(".repeat(3000) + "a b" + &")".repeat(3000);
    assert!(!items(&text).is_empty());
}

#[test]
fn bare_words_and_is_empty() {
    let q = parse(r#"a title:b "c d" e -f (g h) i OR j"#);
    assert_eq!(q.bare_words().collect::<Vec<_>>(), vec!["a", "e"]);
    assert!(parse("").is_empty());
    assert!(parse("( ) OR \"\"").is_empty());
    assert!(!parse("after:2020-01-01").is_empty());
    assert!(!parse("-x").is_empty());
}

/// All texts in the AST.
fn texts<'a>(expr: &'a Expr, out: &mut Vec<&'a str>) {
    match expr {
        Expr::Word { text, .. } | Expr::Phrase { text, .. } => out.push(text),
        Expr::Not(inner) => texts(inner, out),
        Expr::Or(items) | Expr::Group(items) => items.iter().for_each(|e| texts(e, out)),
    }
}

fn alnum_runs(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !c.is_alphanumeric()).filter(|s| !s.is_empty())
}

/// Checks the invariants of a parsed query.
fn check_ast(expr: &Expr, depth: usize) {
    assert!(depth < 64, "too deep");
    match expr {
        Expr::Phrase { text, .. } => assert!(!text.trim().is_empty()),
        Expr::Word { .. } => {}
        Expr::Not(inner) => {
            assert!(!matches!(**inner, Expr::Not(_)), "double negation");
            check_ast(inner, depth + 1);
        }
        Expr::Or(items) | Expr::Group(items) => {
            assert!(items.len() >= 2, "{expr:?}");
            items.iter().for_each(|e| check_ast(e, depth + 1));
        }
    }
}

#[test]
fn nasty_inputs_lose_nothing() {
    let long: String = "lorem ipsum (dolor \"sit -amet OR ".chars().cycle().take(10_000).collect();
    let emoji_long = "🎉a".repeat(2_500);
    let nasty: Vec<String> = [
        "\"",
        "\"\"",
        "\"\"\"",
        "\"\"\"\"",
        "(",
        ")",
        ")(",
        "((a",
        "a))",
        "(((((((",
        "-",
        "--",
        "-(-(",
        "-(-(x",
        "OR",
        "OR OR OR",
        "AND OR AND",
        "| | |",
        "a OR",
        "OR a OR",
        "title:",
        "after:",
        "before:",
        "title:\"",
        "author:(x y)",
        "after:\"2020",
        "tag:-x",
        "-title:",
        "\0",
        "a\0b \0c\0",
        "🎉🎉 -🎉 \"🎉",
        "👩‍👩‍👧 family",
        "مرحبا بالعالم OR שלום",
        "\u{202e}reversed\u{202c} text",
        "e\u{301}cole",
        "東京タワー title:東京",
        "a:b:c::d",
        "::::",
        "-\"a b\" OR -(c | d",
        "\"a (b\" c) OR \"",
        "((a OR b) -(c \"d e\") f:g) h",
        "x -- y - z -",
        "covid-19 -19 --19",
        "before:2020-01-01T25:00:00Z after:9999-99-99",
        "\t\n\r \u{3000}",
    ]
    .iter()
    .map(|s| s.to_string())
    .chain([long, emoji_long])
    .collect();

    let exempt = ["title", "author", "tag", "tags", "after", "before", "OR", "AND"];
    for input in &nasty {
        let q = parse(input);
        let mut found = Vec::new();
        for item in &q.items {
            check_ast(item, 0);
            texts(item, &mut found);
        }
        let found: std::collections::HashSet<&str> = found.iter().flat_map(|t| alnum_runs(t)).collect();
        for run in alnum_runs(input) {
            if found.contains(run) || exempt.iter().any(|e| e.eq_ignore_ascii_case(run)) {
                continue;
            }
            let date_part = (q.after.is_some() || q.before.is_some()) && run.chars().any(|c| c.is_ascii_digit());
            assert!(date_part, "{run:?} of {input:?} is lost: {q:?}");
        }
    }
}
