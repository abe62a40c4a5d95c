//! Cells and tables: numbers formatted for people, rows laid out for a terminal or Markdown.

const MIB: f64 = 1024.0 * 1024.0;
pub const GIB: f64 = 1024.0 * MIB;

/// Milliseconds with precision where it matters: 0.42, 7.3, 120.
pub fn ms(value: f64) -> String {
    match value {
        v if v < 1.0 => format!("{v:.2}"),
        v if v < 100.0 => format!("{v:.1}"),
        v => format!("{v:.0}"),
    }
}

pub fn bytes(value: Option<u64>) -> String {
    match value {
        None => "n/a".to_string(),
        Some(b) if (b as f64) < GIB => format!("{:.0} MiB", b as f64 / MIB),
        Some(b) => format!("{:.2} GiB", b as f64 / GIB),
    }
}

/// Columns padded to their widest cell, numbers right-aligned.
pub fn aligned(rows: &[Vec<String>]) -> String {
    let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..columns)
        .map(|c| {
            rows.iter()
                .filter_map(|r| r.get(c))
                .map(|s| s.chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    rows.iter()
        .map(|row| {
            row.iter()
                .zip(&widths)
                .enumerate()
                .map(|(c, (cell, &width))| {
                    if c == 0 {
                        format!("{cell:<width$}")
                    } else {
                        format!("{cell:>width$}")
                    }
                })
                .collect::<Vec<_>>()
                .join("  ")
                .trim_end()
                .to_string()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

pub fn markdown(rows: &[Vec<String>]) -> String {
    let mut lines = Vec::with_capacity(rows.len() + 1);
    for (i, row) in rows.iter().enumerate() {
        lines.push(format!("| {} |", row.join(" | ")));
        if i == 0 {
            let rule: Vec<&str> = row
                .iter()
                .enumerate()
                .map(|(c, _)| if c == 0 { "---" } else { "---:" })
                .collect();
            lines.push(format!("| {} |", rule.join(" | ")));
        }
    }
    lines.join("\n") + "\n"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_and_layouts() {
        assert_eq!(
            (ms(0.423), ms(7.34), ms(1234.4)),
            ("0.42".into(), "7.3".into(), "1234".into())
        );
        assert_eq!(bytes(Some(5 << 20)), "5 MiB");
        assert_eq!(bytes(Some(3 << 30)), "3.00 GiB");
        assert_eq!(bytes(None), "n/a");
        let rows = vec![
            vec!["engine".to_string(), "q/s".to_string()],
            vec!["gazette".to_string(), "12.5".to_string()],
        ];
        assert_eq!(aligned(&rows), "engine    q/s\ngazette  12.5");
        assert_eq!(
            markdown(&rows),
            "| engine | q/s |\n| --- | ---: |\n| gazette | 12.5 |\n"
        );
    }
}
