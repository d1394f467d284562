//! The query of a simulated API request: parameters percent-decoded and read as the
//! Market reads them (`limit` bounds, `page_token` and its alias, lists repeated or
//! comma-separated), and the opaque page tokens the simulator hands out.

use super::reply::Reply;

/// Query parameters, percent-decoded, in order.
#[derive(Debug, Clone, Default)]
pub(crate) struct Query(Vec<(String, String)>);

impl Query {
    pub(crate) fn parse(q: Option<&str>) -> Query {
        Query(
            q.unwrap_or("")
                .split('&')
                .filter(|p| !p.is_empty())
                .map(|p| {
                    let (k, v) = p.split_once('=').unwrap_or((p, ""));
                    (percent_decode(k), percent_decode(v))
                })
                .collect(),
        )
    }

    pub(crate) fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// A required or optional whole-number parameter; 400 when it is not one.
    pub(crate) fn int(&self, name: &str) -> Result<Option<i64>, Reply> {
        match self.get(name) {
            None => Ok(None),
            Some(v) => v
                .trim()
                .parse()
                .map(Some)
                .map_err(|_| Reply::bad_request(format!("Invalid value {v:?} for {name}"))),
        }
    }

    /// Every value of a list parameter, whether repeated (`a=1&a=2`) or comma-separated
    /// (`a=1,2`, as the returns method's spec describes its lists); empty items dropped.
    pub(crate) fn list(&self, name: &str) -> Vec<&str> {
        self.0
            .iter()
            .filter(|(k, _)| k == name)
            .flat_map(|(_, v)| v.split(','))
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .collect()
    }

    /// `page_token`, or its documented alias `pageToken`.
    pub(crate) fn page_token(&self) -> Option<&str> {
        self.get("page_token")
            .or_else(|| self.get("pageToken"))
            .filter(|t| !t.is_empty())
    }

    /// `limit`: `default` when absent, 400 outside `1..=max`.
    pub(crate) fn limit(&self, default: usize, max: usize) -> Result<usize, Reply> {
        match self.int("limit")? {
            None => Ok(default),
            Some(n) if n > max as i64 => Err(Reply::bad_request(format!(
                "Limit exceeded: limit is {n}, the maximum is {max}"
            ))),
            Some(n) if n < 1 => Err(Reply::bad_request(format!(
                "Invalid limit {n}: the minimum is 1"
            ))),
            Some(n) => Ok(n as usize),
        }
    }

    /// `limit` of the methods whose spec truncates it (`x-transform: truncateLimit`):
    /// above `max` it is `max`, not an error; below 1 it is still refused.
    pub(crate) fn limit_truncated(&self, default: usize, max: usize) -> Result<usize, Reply> {
        match self.int("limit")? {
            Some(n) if n > max as i64 => Ok(max),
            _ => self.limit(default, max),
        }
    }
}

fn percent_decode(s: &str) -> String {
    fn hex(c: u8) -> Option<u8> {
        (c as char).to_digit(16).map(|d| d as u8)
    }
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < b.len() => match (hex(b[i + 1]), hex(b[i + 2])) {
                (Some(h), Some(l)) => {
                    out.push(h * 16 + l);
                    i += 2;
                }
                _ => out.push(b'%'),
            },
            c => out.push(c),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// A page token: `kind:n` in unpadded URL-safe base64, so clients must treat it as
/// opaque and it needs no escaping in a query.
pub(crate) fn encode_token(kind: &str, n: i64) -> String {
    let raw = format!("{kind}:{n}");
    let mut out = String::new();
    for chunk in raw.as_bytes().chunks(3) {
        let v = chunk
            .iter()
            .enumerate()
            .fold(0u32, |acc, (i, &x)| acc | (u32::from(x) << (16 - 8 * i)));
        for i in 0..=chunk.len() {
            out.push(B64[((v >> (18 - 6 * i)) & 63) as usize] as char);
        }
    }
    out
}

/// Reads a token of `kind` back; 400 for anything else.
pub(crate) fn decode_token(kind: &str, token: &str) -> Result<i64, Reply> {
    let bad = || Reply::bad_request(format!("Invalid page_token {token:?}"));
    let mut bits = 0u32;
    let mut nbits = 0;
    let mut raw = Vec::new();
    for c in token.bytes() {
        let v = B64.iter().position(|&x| x == c).ok_or_else(bad)? as u32;
        bits = (bits << 6) | v;
        nbits += 6;
        if nbits >= 8 {
            nbits -= 8;
            raw.push((bits >> nbits) as u8);
            bits &= (1 << nbits) - 1;
        }
    }
    let raw = String::from_utf8(raw).map_err(|_| bad())?;
    raw.strip_prefix(kind)
        .and_then(|r| r.strip_prefix(':'))
        .and_then(|n| n.parse().ok())
        .filter(|n: &i64| *n >= 0)
        .ok_or_else(bad)
}

#[cfg(test)]
mod tests;
