//! Numbers and dates as the app shows them.

use trovi_core::Relaxed;

/// `1234567` → `"1.2 MB"`.
pub fn bytes(n: u64) -> String {
    const UNITS: [&str; 4] = ["B", "KB", "MB", "GB"];
    let mut value = n as f64;
    let mut unit = 0;
    while value >= 1000.0 && unit + 1 < UNITS.len() {
        value /= 1000.0;
        unit += 1;
    }
    if unit == 0 { format!("{n} B") } else { format!("{value:.1} {}", UNITS[unit]) }
}

/// Download progress: `"1.2 MB of 3.4 MB"`, or just the bytes received.
pub fn progress(received: u64, total: Option<u64>) -> String {
    match total {
        Some(total) if total > 0 => format!("{} of {}", bytes(received.min(total)), bytes(total)),
        _ => bytes(received),
    }
}

/// Percentage 0–100 of a download.
pub fn percent(received: u64, total: Option<u64>) -> Option<u8> {
    let total = total.filter(|&t| t > 0)?;
    Some((received.min(total) * 100 / total) as u8)
}

/// A duration in microseconds: `"0.8 ms"`, `"12 ms"`, `"1.3 s"`.
pub fn duration(us: u64) -> String {
    if us < 100 {
        "< 0.1 ms".to_string()
    } else if us < 10_000 {
        format!("{:.1} ms", us as f64 / 1000.0)
    } else if us < 1_000_000 {
        format!("{} ms", (us + 500) / 1000)
    } else {
        format!("{:.1} s", us as f64 / 1_000_000.0)
    }
}

/// `"1 result"`, `"1,234 results"`.
pub fn count(total: usize) -> String {
    let digits = total.to_string();
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(c);
    }
    format!("{grouped} {}", if total == 1 { "result" } else { "results" })
}

/// The day of an RFC 3339 date (`2023-05-01T10:00:00Z` → `2023-05-01`).
pub fn day(date: &str) -> &str {
    date.get(..10).filter(|d| d.as_bytes().get(4) == Some(&b'-')).unwrap_or(date)
}

/// `"Showing results with 2 of 3 words"`.
pub fn relaxed(relaxed: &Relaxed) -> String {
    format!(
        "Showing results with {} of {} words: no article contains all of them.",
        relaxed.required, relaxed.of
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats() {
        assert_eq!(bytes(999), "999 B");
        assert_eq!(bytes(1_234_567), "1.2 MB");
        assert_eq!(progress(500_000, Some(2_000_000)), "500.0 KB of 2.0 MB");
        assert_eq!(progress(5, None), "5 B");
        assert_eq!(percent(3, Some(4)), Some(75));
        assert_eq!(percent(9, Some(4)), Some(100));
        assert_eq!(percent(1, None), None);
        assert_eq!(duration(0), "< 0.1 ms");
        assert_eq!(duration(840), "0.8 ms");
        assert_eq!(duration(12_400), "12 ms");
        assert_eq!(duration(1_300_000), "1.3 s");
        assert_eq!(count(1), "1 result");
        assert_eq!(count(0), "0 results");
        assert_eq!(count(1234567), "1,234,567 results");
        assert_eq!(day("2023-05-01T10:00:00Z"), "2023-05-01");
        assert_eq!(day("soon"), "soon");
        assert_eq!(relaxed(&Relaxed { required: 2, of: 3 }), "Showing results with 2 of 3 words: no article contains all of them.");
    }
}
