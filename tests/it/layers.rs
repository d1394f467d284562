//! The layers have no import cycle: at every level of the module tree, the children of
//! one module use each other in one direction only. `crate::cache::outbox` using
//! `crate::service::outbox` while `crate::service::outbox::worker` uses `crate::cache` is a cycle between
//! `cache` and `outbox`, even though no single file names the other back.
//!
//! The check reads `src/` as text: every `crate::…` and `super::…` path outside comments
//! and test code is an edge from the file's module to the longest module it names.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

type Module = Vec<String>;

/// Why an edge exists: the file and line that made it.
type Edges = BTreeMap<(Module, Module), String>;

#[test]
fn no_module_uses_a_sibling_that_uses_it_back() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let files = library_files(&src);
    let modules: BTreeSet<Module> = files.iter().map(|(m, _)| m.clone()).collect();
    let mut edges = Edges::new();
    for (module, path) in &files {
        let text = fs::read_to_string(path).expect("read a source file");
        for (line_no, target) in references(module, &code_of(&text)) {
            let Some(target) = longest_module(&modules, &target) else {
                continue;
            };
            if is_prefix(&target, module) || is_prefix(module, &target) {
                continue;
            }
            let rel = path
                .strip_prefix(&src)
                .unwrap_or(path)
                .display()
                .to_string();
            edges
                .entry((module.clone(), target))
                .or_insert(format!("src/{rel}:{line_no}"));
        }
    }
    let cycles = cycles_by_level(&edges);
    assert!(
        cycles.is_empty(),
        "import cycles between modules:\n{}",
        cycles.join("\n")
    );
}

/// The layers from the bottom up; each uses only those before it.
const LAYERS: [&str; 7] = ["base", "market", "sim", "domain", "cache", "service", "app"];

#[test]
fn each_layer_uses_only_the_layers_below_it() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let files = library_files(&src);
    let modules: BTreeSet<Module> = files.iter().map(|(m, _)| m.clone()).collect();
    let tops: BTreeSet<&str> = modules
        .iter()
        .filter_map(|m| m.first().map(String::as_str))
        .collect();
    let unknown: Vec<&&str> = tops.iter().filter(|t| !LAYERS.contains(t)).collect();
    assert!(
        unknown.is_empty(),
        "modules outside the layers: {unknown:?}"
    );
    let rank = |m: &Module| {
        LAYERS
            .iter()
            .position(|l| m.first().is_some_and(|f| f == l))
    };
    let mut upward = Vec::new();
    for (module, path) in &files {
        let text = fs::read_to_string(path).expect("read a source file");
        for (line_no, target) in references(module, &code_of(&text)) {
            let Some(target) = longest_module(&modules, &target) else {
                continue;
            };
            if rank(&target) > rank(module) {
                let rel = path.strip_prefix(&src).unwrap_or(path).display();
                upward.push(format!(
                    "src/{rel}:{line_no}: {} uses {}",
                    module.join("::"),
                    target.join("::")
                ));
            }
        }
    }
    assert!(
        upward.is_empty(),
        "a layer uses one above it:\n{}",
        upward.join("\n")
    );
}

#[test]
fn the_check_sees_a_cycle_between_two_top_level_modules() {
    let mut edges = Edges::new();
    let m = |s: &str| s.split("::").map(str::to_string).collect::<Module>();
    edges.insert((m("cache::outbox"), m("outbox")), "a".into());
    edges.insert((m("outbox::worker"), m("cache")), "b".into());
    edges.insert((m("risk"), m("market")), "c".into());
    let cycles = cycles_by_level(&edges);
    assert_eq!(cycles.len(), 1, "{cycles:?}");
    assert!(cycles[0].contains("cache") && cycles[0].contains("outbox"));
}

/// Every library source file with its module path; `main.rs` is the binary, and files
/// declared under `#[cfg(test)]` are tests.
fn library_files(src: &Path) -> Vec<(Module, PathBuf)> {
    let mut out = Vec::new();
    walk(src, &mut |path| {
        let rel = path.strip_prefix(src).expect("under src");
        let mut parts: Vec<String> = rel
            .iter()
            .map(|p| p.to_string_lossy().into_owned())
            .collect();
        let file = parts.pop().expect("a file name");
        let stem = file.trim_end_matches(".rs").to_string();
        if rel == Path::new("main.rs") {
            return;
        }
        if !(rel == Path::new("lib.rs") || stem == "mod") {
            parts.push(stem);
        }
        out.push((parts, path.to_path_buf()));
    });
    let tests = test_only_modules(&out);
    out.retain(|(m, _)| !tests.iter().any(|t| is_prefix(t, m)));
    out
}

fn walk(dir: &Path, f: &mut dyn FnMut(&Path)) {
    let mut entries: Vec<_> = fs::read_dir(dir)
        .expect("read src")
        .map(|e| e.expect("a dir entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            walk(&path, f);
        } else if path.extension().is_some_and(|e| e == "rs") {
            f(&path);
        }
    }
}

/// Modules declared right after `#[cfg(test)]` (with or without a `#[path]`).
fn test_only_modules(files: &[(Module, PathBuf)]) -> Vec<Module> {
    let mut out = Vec::new();
    for (module, path) in files {
        let text = fs::read_to_string(path).expect("read a source file");
        let mut after_cfg_test = false;
        for line in text.lines().map(str::trim) {
            if line.starts_with("#[cfg(test)]") {
                after_cfg_test = true;
                continue;
            }
            if line.starts_with("#[") {
                continue;
            }
            if after_cfg_test && let Some(name) = declared_module(line) {
                let mut m = module.clone();
                m.push(name);
                out.push(m);
            }
            after_cfg_test = false;
        }
    }
    out
}

/// `mod x;` or `pub(crate) mod x;` → `x`.
fn declared_module(line: &str) -> Option<String> {
    let rest = line.split("mod ").nth(1)?;
    let name = rest.strip_suffix(';')?;
    let head = line.split("mod ").next()?;
    (head.is_empty() || head.starts_with("pub")).then(|| name.trim().to_string())
}

/// The file's code, line by line, without comments and without a trailing inline test
/// module.
fn code_of(text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut lines = text.lines().enumerate().peekable();
    while let Some((i, line)) = lines.next() {
        let trimmed = line.trim();
        if trimmed.starts_with("#[cfg(test)]")
            && lines.peek().is_some_and(|(_, next)| {
                next.trim_start().starts_with("mod ") && next.contains('{')
            })
        {
            break;
        }
        if trimmed.starts_with("//") {
            continue;
        }
        let code = match line.find("//") {
            Some(at) if !line[..at].contains('"') => &line[..at],
            _ => line,
        };
        out.push((i + 1, code.to_string()));
    }
    out
}

/// Paths named from `module`'s file, resolved from the crate root.
fn references(module: &Module, code: &[(usize, String)]) -> Vec<(usize, Module)> {
    let mut out = Vec::new();
    for (line_no, line) in code {
        for (at, _) in line.match_indices("crate::") {
            if at > 0 && is_ident_char(line[..at].chars().last().unwrap_or(' ')) {
                continue;
            }
            out.push((*line_no, segments(&line[at + "crate::".len()..])));
        }
        for (at, _) in line.match_indices("super::") {
            if at > 0 {
                let before = line[..at].chars().last().unwrap_or(' ');
                if is_ident_char(before) || before == ':' {
                    continue;
                }
            }
            let mut base = module.clone();
            let mut rest = &line[at..];
            while let Some(r) = rest.strip_prefix("super::") {
                base.pop();
                rest = r;
            }
            base.extend(segments(rest));
            out.push((*line_no, base));
        }
    }
    out
}

fn is_ident_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// The lower-case `a::b::` segments at the start of a path (module names).
fn segments(rest: &str) -> Module {
    let mut out = Vec::new();
    let mut rest = rest;
    loop {
        let end = rest.find(|c: char| !is_ident_char(c)).unwrap_or(rest.len());
        let ident = &rest[..end];
        if ident.is_empty() || !ident.starts_with(|c: char| c.is_ascii_lowercase()) {
            break;
        }
        out.push(ident.to_string());
        match rest[end..].strip_prefix("::") {
            Some(r) => rest = r,
            None => break,
        }
    }
    out
}

fn longest_module(modules: &BTreeSet<Module>, path: &Module) -> Option<Module> {
    (1..=path.len())
        .rev()
        .map(|n| path[..n].to_vec())
        .find(|m| modules.contains(m))
}

fn is_prefix(prefix: &Module, of: &Module) -> bool {
    of.len() >= prefix.len() && of[..prefix.len()] == prefix[..]
}

/// At every level: the edges between the children of one module (each edge lifted to
/// the children of its ends' nearest common ancestor) and any cycle among them.
fn cycles_by_level(edges: &Edges) -> Vec<String> {
    let mut levels: BTreeMap<Module, BTreeMap<(String, String), String>> = BTreeMap::new();
    for ((from, to), why) in edges {
        let common = from.iter().zip(to).take_while(|(a, b)| a == b).count();
        let (Some(a), Some(b)) = (from.get(common), to.get(common)) else {
            continue;
        };
        levels
            .entry(from[..common].to_vec())
            .or_default()
            .entry((a.clone(), b.clone()))
            .or_insert_with(|| format!("{} → {} ({why})", from.join("::"), to.join("::")));
    }
    let mut out = Vec::new();
    for (parent, level) in &levels {
        for cycle in cycles(level) {
            let steps: Vec<&str> = cycle
                .windows(2)
                .map(|w| level[&(w[0].clone(), w[1].clone())].as_str())
                .collect();
            let at = if parent.is_empty() {
                "crate".to_string()
            } else {
                parent.join("::")
            };
            out.push(format!(
                "in {at}: {}\n    {}",
                cycle.join(" → "),
                steps.join("\n    ")
            ));
        }
    }
    out
}

/// One cycle per strongly connected group of more than one node, as a closed walk.
fn cycles(level: &BTreeMap<(String, String), String>) -> Vec<Vec<String>> {
    let mut next: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (a, b) in level.keys() {
        next.entry(a).or_default().push(b);
    }
    let mut reported: BTreeSet<String> = BTreeSet::new();
    let mut out = Vec::new();
    for start in next.keys() {
        if reported.contains(*start) {
            continue;
        }
        if let Some(path) = path_back(&next, start) {
            reported.extend(path.iter().cloned());
            out.push(path);
        }
    }
    out
}

/// A walk from `start` back to itself, breadth first, if there is one.
fn path_back(next: &BTreeMap<&str, Vec<&str>>, start: &str) -> Option<Vec<String>> {
    let mut came_from: BTreeMap<&str, &str> = BTreeMap::new();
    let mut queue = std::collections::VecDeque::from([start]);
    while let Some(node) = queue.pop_front() {
        for &n in next.get(node).into_iter().flatten() {
            if n == start {
                let mut path = vec![start.to_string(), node.to_string()];
                let mut at = node;
                while at != start {
                    at = came_from[at];
                    path.push(at.to_string());
                }
                path.reverse();
                path.dedup();
                if path.first() != path.last() {
                    path.push(start.to_string());
                }
                return Some(path);
            }
            if !came_from.contains_key(n) && n != start {
                came_from.insert(n, node);
                queue.push_back(n);
            }
        }
    }
    None
}
