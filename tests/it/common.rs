//! Helpers for the integration tests: a small simulated Market on a loopback port with
//! a frozen clock and a fixed key, and a reqwest client for it.

#![allow(dead_code)]

pub mod agents;
pub mod dash;
pub mod handmade;
pub mod tmux;

use chrono::{DateTime, Utc};
use ym_triage::sim::{Clock, FaultSpec, SimHandle, SimOptions, start};

/// The only key the test simulators accept.
pub const KEY: &str = "ACMA:test-key-for-the-simulator:0001";

/// The generation time of every test world, so seeds reproduce across days.
pub fn fixed_now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-07-15T09:00:00Z")
        .unwrap()
        .with_timezone(&Utc)
}

/// Waits out the last seconds of a Moscow day, so that the binary, run a moment later,
/// counts "today" and "a day past" from the same Moscow day as the test.
pub fn clear_of_moscow_midnight() {
    let left = 86_400 - (Utc::now().timestamp() + 3 * 3600).rem_euclid(86_400);
    if left <= 5 {
        std::thread::sleep(std::time::Duration::from_secs(left.unsigned_abs() + 1));
    }
}

/// The options of a test simulator: `orders` orders, seed 42, frozen clock.
pub fn options(orders: usize, faults: &str) -> SimOptions {
    SimOptions {
        orders,
        seed: 42,
        faults: FaultSpec::parse(faults).unwrap(),
        clock: Clock::Frozen,
        api_key: Some(KEY.to_owned()),
        now: Some(fixed_now()),
    }
}

/// Starts a test simulator on 127.0.0.1 with a free port.
pub async fn sim(orders: usize, faults: &str) -> SimHandle {
    sim_with(options(orders, faults)).await
}

pub async fn sim_with(opts: SimOptions) -> SimHandle {
    start("127.0.0.1:0".parse().unwrap(), opts).await.unwrap()
}

/// A reqwest client (with the crypto provider reqwest needs installed first).
pub fn client() -> reqwest::Client {
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::builder()
        .timeout(std::time::Duration::from_secs(20))
        .build()
        .unwrap()
}

/// A request with the test key and JSON headers.
pub fn api(c: &reqwest::Client, method: reqwest::Method, url: String) -> reqwest::RequestBuilder {
    c.request(method, url)
        .header("Api-Key", KEY)
        .header("Accept", "application/json")
        .header("Content-Type", "application/json")
}

/// Status and body parsed as JSON.
pub async fn json(resp: reqwest::Response) -> (u16, serde_json::Value) {
    let status = resp.status().as_u16();
    let text = resp.text().await.unwrap();
    let v = serde_json::from_str(&text)
        .unwrap_or_else(|e| panic!("status {status}: body is not JSON ({e}): {text}"));
    (status, v)
}

/// The one error of an `ApiErrorResponse`, checking the envelope on the way.
pub fn the_error(v: &serde_json::Value) -> (String, String) {
    assert_eq!(v["status"], "ERROR", "{v}");
    let errors = v["errors"].as_array().expect("errors array");
    assert!(!errors.is_empty(), "{v}");
    (
        errors[0]["code"].as_str().unwrap().to_owned(),
        errors[0]["message"].as_str().unwrap_or("").to_owned(),
    )
}
