//! The report as aligned text for a terminal: each section a title, a header, its rows
//! and notes; columns padded by characters, so Cyrillic lines up as well as Latin.

use super::layout::{Align, Section};

/// Pads `cell` to `width` characters on the side `align` leaves open.
fn pad(cell: &str, width: usize, align: Align) -> String {
    let fill = " ".repeat(width.saturating_sub(cell.chars().count()));
    match align {
        Align::Left => format!("{cell}{fill}"),
        Align::Right => format!("{fill}{cell}"),
    }
}

/// One line of cells, two spaces apart, without trailing blanks.
fn line(cells: &[String], widths: &[usize], aligns: &[Align]) -> String {
    let parts: Vec<String> = cells
        .iter()
        .zip(widths)
        .zip(aligns)
        .map(|((c, w), a)| pad(c, *w, *a))
        .collect();
    parts.join("  ").trim_end().to_owned()
}

/// Every section, one blank line apart.
pub fn render(sections: &[Section]) -> String {
    let mut out = String::new();
    for s in sections {
        out.push_str(&s.title);
        out.push('\n');
        if !s.rows.is_empty() {
            let header: Vec<String> = s.columns.iter().map(|(n, _)| n.clone()).collect();
            let aligns: Vec<Align> = s.columns.iter().map(|(_, a)| *a).collect();
            let widths: Vec<usize> = (0..header.len())
                .map(|i| {
                    s.rows
                        .iter()
                        .map(|r| r.get(i).map_or(0, |c| c.chars().count()))
                        .chain([header[i].chars().count()])
                        .max()
                        .unwrap_or(0)
                })
                .collect();
            out.push_str(&format!("  {}\n", line(&header, &widths, &aligns)));
            let rule: Vec<String> = widths.iter().map(|w| "─".repeat(*w)).collect();
            out.push_str(&format!("  {}\n", line(&rule, &widths, &aligns)));
            for r in &s.rows {
                out.push_str(&format!("  {}\n", line(r, &widths, &aligns)));
            }
        }
        for n in &s.notes {
            out.push_str(&format!("  {n}\n"));
        }
        out.push('\n');
    }
    out
}
