//! The report as Markdown: a heading per section, a pipe table, notes as a list. Cell
//! text is escaped so a `|` in a carrier's name cannot break the table.

use super::layout::{Align, Section};

/// A cell safe inside a pipe table.
fn cell(s: &str) -> String {
    s.replace('\\', "\\\\").replace('|', "\\|")
}

/// Every section; the first one's title is the document's heading.
pub fn render(sections: &[Section]) -> String {
    let mut out = String::new();
    for (k, s) in sections.iter().enumerate() {
        let level = if k == 0 { "#" } else { "##" };
        out.push_str(&format!("{level} {}\n\n", cell(&s.title)));
        if !s.rows.is_empty() {
            let header: Vec<String> = s.columns.iter().map(|(n, _)| cell(n)).collect();
            out.push_str(&format!("| {} |\n", header.join(" | ")));
            let rule: Vec<&str> = s
                .columns
                .iter()
                .map(|(_, a)| match a {
                    Align::Left => "---",
                    Align::Right => "---:",
                })
                .collect();
            out.push_str(&format!("| {} |\n", rule.join(" | ")));
            for r in &s.rows {
                let cells: Vec<String> = r.iter().map(|c| cell(c)).collect();
                out.push_str(&format!("| {} |\n", cells.join(" | ")));
            }
            out.push('\n');
        }
        for n in &s.notes {
            out.push_str(&format!("- {}\n", cell(n)));
        }
        if !s.notes.is_empty() {
            out.push('\n');
        }
    }
    out
}
