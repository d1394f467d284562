//! Shared by the outbox tests: a simulated Market on its own runtime (so it outlives
//! every daemon a test starts and kills), a private environment for the binary, and
//! builders of the writes the tests enqueue.

#![allow(dead_code)]

use std::path::PathBuf;
use std::process::{Child, Command};
use std::sync::{Arc, Mutex};

use chrono::{DateTime, Days, NaiveDate, Utc};
use serde_json::Value;
use ym_triage::domain::write::{OutboxWrite, WriteKind, key_for};
use ym_triage::market::enums::{DeliveryDateReason, OrderStatus, OrderSubstatus, ProgramType};
use ym_triage::market::wire::BusinessOrder;
use ym_triage::market::wire::write::{DeliveryDateChange, DeliveryDateRequest, StatusChange};
use ym_triage::sim::{Clock, FaultSpec, SimHandle, SimOptions, World, WorldConfig};

pub const KEY: &str = "ACMA:outbox-test-key:0007";

/// A simulator on its own runtime, with a frozen clock at `now` (the wall clock, so
/// the Market's chat times and the rows' times agree as they do in production).
pub struct Market {
    rt: tokio::runtime::Runtime,
    sim: Option<SimHandle>,
}

impl Market {
    pub fn start(orders: usize, seed: u64, faults: &str, now: DateTime<Utc>) -> Market {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        let opts = SimOptions {
            orders,
            seed,
            faults: FaultSpec::parse(faults).unwrap(),
            clock: Clock::Frozen,
            api_key: Some(KEY.to_owned()),
            now: Some(now),
        };
        let sim = rt
            .block_on(ym_triage::sim::start("127.0.0.1:0".parse().unwrap(), opts))
            .unwrap();
        Market { rt, sim: Some(sim) }
    }

    pub fn sim(&self) -> &SimHandle {
        self.sim.as_ref().unwrap()
    }

    pub fn world(&self) -> Arc<Mutex<World>> {
        self.sim().world()
    }

    /// Every write the simulator received (the side door has no faults).
    pub fn writes(&self) -> Vec<Value> {
        let url = format!("{}/_sim/writes", self.sim().url());
        self.rt.block_on(async {
            let _ = rustls::crypto::ring::default_provider().install_default();
            let v: Value = reqwest::get(url).await.unwrap().json().await.unwrap();
            v.as_array().unwrap().clone()
        })
    }
}

impl Drop for Market {
    fn drop(&mut self) {
        if let Some(sim) = self.sim.take() {
            self.rt.block_on(sim.shutdown());
        }
    }
}

/// A private home, config and cache for the binary.
pub struct Env {
    pub dir: tempfile::TempDir,
}

impl Env {
    pub fn new() -> Env {
        Env {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    pub fn db(&self) -> PathBuf {
        self.dir.path().join("data").join("cache.db")
    }

    pub fn daemon(&self, url: &str) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_ym-triage"));
        c.env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", self.dir.path())
            .env("XDG_CONFIG_HOME", self.dir.path().join("config"))
            .env("XDG_DATA_HOME", self.dir.path().join("data-home"))
            .env("XDG_STATE_HOME", self.dir.path().join("state"))
            .env("USER", "svc-triage")
            .env("YM_TRIAGE_DB", self.db())
            .env("YM_API_URL", url)
            .env("YM_API_KEY", KEY)
            .arg("daemon");
        c
    }
}

/// The first seed whose world (at `now`) has what a test needs: the same seed and
/// `now` give the same world, and generating one takes milliseconds.
pub fn seed_with(orders: usize, now: DateTime<Utc>, need: impl Fn(&World) -> bool) -> u64 {
    (1..200)
        .find(|&seed| need(&World::generate(&WorldConfig { orders, seed }, now)))
        .expect("no seed gives the orders the test needs")
}

pub fn is(o: &BusinessOrder, model: ProgramType, status: OrderStatus, sub: OrderSubstatus) -> bool {
    o.program_type == Some(model) && o.status == status && o.substatus == sub
}

pub fn msk_today(now: DateTime<Utc>) -> NaiveDate {
    (now + chrono::Duration::hours(3)).date_naive()
}

/// 12:00 Moscow time (09:00 UTC) on the Moscow day of `now`: a world generated then
/// has the orders of a working day whatever the hour the test runs at.
pub fn msk_midday(now: DateTime<Utc>) -> DateTime<Utc> {
    msk_today(now)
        .and_hms_opt(9, 0, 0)
        .expect("a valid time")
        .and_utc()
}

pub fn storage_limit(o: &BusinessOrder) -> Option<NaiveDate> {
    o.delivery
        .pickup
        .as_ref()
        .and_then(|p| p.outlet_storage_limit_date)
}

pub fn cancel_pending(o: &BusinessOrder) -> bool {
    o.program_type == Some(ProgramType::DBS)
        && o.cancel_requested == Some(true)
        && matches!(o.status, OrderStatus::DELIVERY | OrderStatus::PICKUP)
}

pub fn new_date(o: &BusinessOrder, today: NaiveDate) -> NaiveDate {
    let current = o
        .delivery
        .dates
        .to_date
        .unwrap_or(o.delivery.dates.from_date);
    current.max(today) + Days::new(1)
}

/// A write for order `o`, keyed as an agent's confirmation would be.
pub fn write(o: &BusinessOrder, business: i64, kind: WriteKind, nonce: usize) -> OutboxWrite {
    OutboxWrite {
        key: key_for("agent1", o.order_id, kind.name(), &format!("t{nonce}")),
        kind,
        order_id: Some(o.order_id),
        campaign_id: o.campaign_id,
        business_id: business,
        incident_id: None,
        created_by: "agent1".into(),
    }
}

pub fn status(s: OrderStatus, sub: OrderSubstatus) -> WriteKind {
    WriteKind::Status(StatusChange {
        status: s,
        substatus: Some(sub),
        delivery: None,
    })
}

pub fn date_move(to: NaiveDate) -> WriteKind {
    WriteKind::DeliveryDate(DeliveryDateRequest {
        dates: DeliveryDateChange { to_date: to },
        reason: DeliveryDateReason::PARTNER_MOVED_DELIVERY_DATES,
    })
}

/// The simulator's log entries for one request, by method and path.
pub fn entries<'a>(log: &'a [Value], method: &str, path: &str) -> Vec<&'a Value> {
    log.iter()
        .filter(|w| w["method"] == method && w["path"] == path)
        .collect()
}

pub fn accepted(entries: &[&Value]) -> usize {
    entries.iter().filter(|w| w["http_status"] == 200).count()
}

/// A request body as the client serializes it.
pub fn body<T: serde::Serialize>(v: &T) -> Value {
    serde_json::to_value(v).unwrap()
}

/// A small deterministic generator for the kill schedule.
pub struct Rng(pub u64);

impl Rng {
    pub fn range(&mut self, lo: u64, hi: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        lo + self.0 % (hi - lo)
    }
}

pub fn kill(child: &mut Child) {
    let _ = child.kill();
    let _ = child.wait();
}
