//! ym-triage: parse the command line, set up logging, run one command.

use std::process::ExitCode;

use clap::Parser;
use ym_triage::app::cli::{Cli, Command};
use ym_triage::app::commands;
use ym_triage::app::config::Config;
use ym_triage::base::text::clean_lines;

fn main() -> ExitCode {
    ym_triage::app::logging::mark_start();
    // `ym-triage status | head` should end quietly, as other command-line tools do:
    // Rust ignores SIGPIPE by default and then panics on the closed pipe.
    sigpipe::reset();
    let cli = Cli::parse();
    let code = match run(cli) {
        Ok(code) => code,
        Err(e) => {
            // The chain may quote the Market or a file: cleaned, its lines kept.
            eprintln!("error: {}", clean_lines(&format!("{e:#}")));
            1
        }
    };
    ExitCode::from(code.clamp(0, 255) as u8)
}

fn run(cli: Cli) -> anyhow::Result<i32> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    if let Some(Command::Sim(args)) = &cli.command {
        return runtime.block_on(commands::sim(args));
    }
    let cfg = match Config::load(&cli.effective()) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("{}", clean_lines(&e.to_string()));
            return Ok(2);
        }
    };
    let _log = ym_triage::app::logging::init(&cfg.log_dir, &cfg.own_log_dir);
    runtime.block_on(async {
        match &cli.command {
            Some(Command::Sync(_)) => commands::sync(&cfg).await,
            Some(Command::Status(args)) => commands::status(&cfg, args).await,
            Some(Command::Info) => ym_triage::app::info::run(&cfg),
            Some(Command::Daemon(args)) => ym_triage::app::daemon::run(&cfg, args).await,
            Some(Command::Sim(args)) => commands::sim(args).await,
            Some(Command::Report(args)) => commands::report(&cfg, args).await,
            Some(Command::Show(args)) => commands::show(&cfg, args).await,
            None => commands::dashboard(cfg).await,
        }
    })
}
