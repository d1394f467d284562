//! A cache built by hand through the library's API, with fixed instants, for the tests
//! of what the commands print: three FBS orders and one incident, in a private
//! environment for the real binary.

use std::path::PathBuf;

use assert_cmd::Command;
use chrono::{DateTime, NaiveDate, Utc};
use ym_triage::cache::Cache;
use ym_triage::domain::incident::steps::{FaultOwner, RootCause};
use ym_triage::domain::order::Order;
use ym_triage::market::enums::{
    DeliveryPartnerType, DeliveryType, OrderStatus, OrderSubstatus, ProgramType,
};

/// A carrier name a spreadsheet must get back whole: Cyrillic, a comma and quotes.
pub const POST: &str = "Почта России, \"Экспресс\"";

pub fn t(s: &str) -> DateTime<Utc> {
    s.parse().unwrap()
}

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

pub fn order(id: i64, carrier: &str, status: OrderStatus, handed_over: Option<&str>) -> Order {
    Order {
        order_id: id,
        campaign_id: 1001,
        business_id: 77,
        model: ProgramType::FBS,
        status,
        substatus: OrderSubstatus::STARTED,
        created_at: t("2026-11-01T09:00:00Z"),
        updated_at: handed_over.map(t),
        ship_date: Some(d("2026-11-04")),
        ship_time: None,
        due_from: Some(d("2026-11-06")),
        due_to: None,
        real_delivery_date: None,
        delivery_type: DeliveryType::DELIVERY,
        partner: DeliveryPartnerType::YANDEX_MARKET,
        carrier_id: 9,
        carrier: carrier.into(),
        tracks: vec![],
        region: Some("Санкт-Петербург".into()),
        city: None,
        value: 1000.0,
        currency: "RUR".into(),
        buyer_name: None,
        cancel_requested: false,
        estimated: false,
        storage_limit: None,
        expiry: None,
        items_lost: false,
        items: Vec::new(),
    }
}

/// A private environment and a cache with three FBS orders shipping on 4 November
/// (one on time with «Почта России, "Экспресс"», one late and one never shipped with
/// СДЭК) and one incident opened on the 5th and closed on the 6th.
pub struct Env {
    pub dir: tempfile::TempDir,
}

impl Env {
    pub fn new() -> Env {
        let env = Env {
            dir: tempfile::tempdir().unwrap(),
        };
        let mut c = Cache::open(&env.db()).unwrap();
        let put = |c: &mut Cache, o: Order, seen: &str| {
            c.upsert_orders(&[o], t(seen)).unwrap();
        };
        let on_time = order(1, POST, OrderStatus::DELIVERY, Some("2026-11-04T09:00:00Z"));
        put(&mut c, on_time, "2026-11-04T09:05:00Z");
        let late = order(
            2,
            "СДЭК",
            OrderStatus::DELIVERY,
            Some("2026-11-05T09:00:00Z"),
        );
        put(&mut c, late, "2026-11-05T09:05:00Z");
        let stuck = order(3, "СДЭК", OrderStatus::PROCESSING, None);
        put(&mut c, stuck, "2026-11-03T09:05:00Z");
        c.open_incidents(&[(3, "shipment_overdue")], t("2026-11-05T06:00:00Z"))
            .unwrap();
        let i = c.incident(3).unwrap().unwrap();
        c.update_incident(
            i.id,
            i.version,
            "anna",
            "close",
            t("2026-11-06T06:00:00Z"),
            |i| {
                i.closed_at = Some(t("2026-11-06T06:00:00Z"));
                i.closed_by = Some("anna".into());
                i.root_cause = RootCause::from_id("missed_handover");
                i.fault_owner = FaultOwner::from_id("seller");
            },
        )
        .unwrap()
        .unwrap();
        env
    }

    pub fn db(&self) -> PathBuf {
        self.dir.path().join("cache.db")
    }

    pub fn cmd(&self) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_ym-triage"));
        c.env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", self.dir.path())
            .env("XDG_CONFIG_HOME", self.dir.path().join("config"))
            .env("XDG_DATA_HOME", self.dir.path().join("data"))
            .env("XDG_STATE_HOME", self.dir.path().join("state"))
            .env("USER", "lead")
            .env("YM_TRIAGE_DB", self.db());
        c
    }

    /// `report` for 2–8 November with `args`; the output, which must be a success.
    pub fn report(&self, args: &[&str]) -> String {
        let out = self
            .cmd()
            .args(["report", "--since", "2026-11-02", "--until", "2026-11-08"])
            .args(args)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "exit {:?}: {}",
            out.status.code(),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).expect("UTF-8 output")
    }
}
