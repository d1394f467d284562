//! The command line: clap definitions only.

use std::net::SocketAddr;
use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand};

use crate::app::tui::theme::ThemeName;
use crate::base::lang::Lang;

/// Find the Yandex.Market orders at risk of not arriving, and resolve them.
#[derive(Debug, Parser)]
#[command(name = "ym-triage", version, about)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Options every command takes (`--config`, `--db`, `--demo`, `--lang`), and the
/// dashboard's own (`--api-url`, `--read-only`, `--theme`: written before a command
/// name they reach `sync` and `daemon` too, which also take the ones that apply to them).
#[derive(Debug, Args, Clone, Default)]
pub struct GlobalArgs {
    // The environment variables beside these flags are read by `Config::load`, where an
    // empty one counts as unset (clap would take it as an empty value).
    /// The config file (or YM_TRIAGE_CONFIG; default: $XDG_CONFIG_HOME/ym-triage/config.toml).
    #[arg(long, global = true, value_name = "PATH")]
    pub config: Option<PathBuf>,
    /// The cache file (or YM_TRIAGE_DB; default: $XDG_DATA_HOME/ym-triage/cache.db).
    #[arg(long, global = true, value_name = "PATH")]
    pub db: Option<PathBuf>,
    /// The Market API's base URL (or YM_API_URL).
    #[arg(long, value_name = "URL")]
    pub api_url: Option<String>,
    /// Work against the built-in simulated Market on a loopback port. The demo keeps
    /// its cache and its world between runs (demo.db beside where the cache would be).
    #[arg(long, global = true)]
    pub demo: bool,
    /// With --demo (or the built-in demo): start the demo over, with a new simulated
    /// Market and an empty demo cache.
    #[arg(long, global = true)]
    pub fresh: bool,
    /// Show, never act.
    #[arg(long)]
    pub read_only: bool,
    /// Language of the screen: ru or en.
    #[arg(long, global = true, value_name = "ru|en", value_parser = str::parse::<Lang>)]
    pub lang: Option<Lang>,
    /// Colours of the dashboard (`NO_COLOR` in the environment selects mono).
    #[arg(long, value_name = "default|light|mono", value_parser = str::parse::<ThemeName>)]
    pub theme: Option<ThemeName>,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// One refresh of the cache: progress on stderr, a summary on stdout.
    Sync(SyncArgs),
    /// The at-risk summary and the most urgent orders.
    Status(StatusArgs),
    /// Paths, config in effect, who syncs, counts.
    Info,
    /// Periodic sync and the outbox worker, for the service account that holds the key.
    Daemon(DaemonArgs),
    /// The simulated Market API, for tests, demos and training.
    Sim(SimArgs),
    /// One order's card: rules, incident, buyer, timeline, chat, returns, outbox.
    Show(ShowArgs),
    /// Incident analysis (step 7): causes, carriers, regions, campaigns, agents; the
    /// Market's rates, the team's reaction times and the cost, against the period before.
    Report(ReportArgs),
}

/// `ym-triage status`.
#[derive(Debug, Args)]
pub struct StatusArgs {
    /// One JSON object on stdout, for scripts and monitoring.
    #[arg(long)]
    pub json: bool,
    /// How many of the most urgent orders to list.
    #[arg(long, default_value_t = 10)]
    pub limit: usize,
    /// The lead's view: per agent the orders held, the longest idle claim, today's notes
    /// and writes; what nobody holds; the buyers waiting longest.
    #[arg(long)]
    pub by_agent: bool,
}

/// `ym-triage show`.
#[derive(Debug, Args)]
pub struct ShowArgs {
    /// The order's id (a positive number).
    #[arg(value_name = "ORDER", value_parser = clap::value_parser!(i64).range(1..))]
    pub order: i64,
    /// One JSON object on stdout, for scripts.
    #[arg(long)]
    pub json: bool,
}

/// `ym-triage report`.
#[derive(Debug, Args)]
pub struct ReportArgs {
    /// How to write the report: aligned text, CSV of the breakdown, JSON, Markdown.
    #[arg(long, value_enum, default_value_t = ReportFormat::Table)]
    pub format: ReportFormat,
    /// The first Moscow day of the period, YYYY-MM-DD or DD.MM.YYYY (default: six days
    /// before --until).
    #[arg(long, value_name = "DAY", value_parser = crate::service::report::period::parse_day)]
    pub since: Option<NaiveDate>,
    /// The last Moscow day of the period, included, YYYY-MM-DD or DD.MM.YYYY (default:
    /// today).
    #[arg(long, value_name = "DAY", value_parser = crate::service::report::period::parse_day)]
    pub until: Option<NaiveDate>,
    /// What the breakdown groups incidents by.
    #[arg(long, value_enum, default_value_t = ReportBy::Cause)]
    pub by: ReportBy,
}

/// `report --format`: the report's formats.
pub type ReportFormat = crate::service::report::Format;

/// `report --by`: the breakdown's dimensions.
pub type ReportBy = crate::service::report::Dimension;

/// `ym-triage sync`.
#[derive(Debug, Args)]
pub struct SyncArgs {
    /// The Market API's base URL (or YM_API_URL).
    #[arg(long, value_name = "URL")]
    pub api_url: Option<String>,
}

/// `ym-triage daemon`.
#[derive(Debug, Args)]
pub struct DaemonArgs {
    /// Run one sync and drain the outbox once, then exit (for cron and tests).
    #[arg(long)]
    pub once: bool,
    /// The Market API's base URL (or YM_API_URL).
    #[arg(long, value_name = "URL")]
    pub api_url: Option<String>,
    /// Sync, but send no write to the Market.
    #[arg(long)]
    pub read_only: bool,
}

impl Cli {
    /// The options in effect: the global ones, with what the command itself was given.
    pub fn effective(&self) -> GlobalArgs {
        let mut g = self.global.clone();
        match &self.command {
            Some(Command::Sync(a)) => g.api_url = a.api_url.clone().or(g.api_url),
            Some(Command::Daemon(a)) => {
                g.api_url = a.api_url.clone().or(g.api_url);
                g.read_only |= a.read_only;
            }
            _ => {}
        }
        g
    }
}

/// `ym-triage sim`.
#[derive(Debug, Args)]
pub struct SimArgs {
    /// Address to listen on (loopback).
    #[arg(long, default_value = "127.0.0.1:8765")]
    pub listen: SocketAddr,
    /// How many orders to generate.
    #[arg(long, default_value_t = 1000)]
    pub orders: usize,
    /// Seed of the generated data: the same seed gives the same orders.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Faults to inject, e.g. `latency=5ms..40ms,5xx=0.05,420q=0.02,reset=0.01`.
    #[arg(long, value_name = "SPEC")]
    pub faults: Option<String>,
    /// Keep the simulated clock still; it moves only through `POST /_sim/advance`.
    #[arg(long)]
    pub frozen: bool,
}
