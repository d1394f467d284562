//! The dashboard's commands to the service, carried out one after another in the
//! order given (this process's service, or the daemon over its socket); each answer
//! comes back to `update` as `Action::Replied`, and the order's detail is read again.

use std::sync::Arc;

use tokio::sync::mpsc;

use super::action::{Action, Replied};
use crate::service::{Command, Service};

/// Runs until the dashboard drops its end of `rx`, then returns once every command
/// sent before has been answered — so a command given just before quitting is not
/// lost with the process.
pub async fn run(
    service: Arc<Service>,
    me: String,
    mut rx: mpsc::UnboundedReceiver<Command>,
    tx: mpsc::UnboundedSender<Action>,
    reread: impl Fn(Option<i64>) + Send + 'static,
) {
    while let Some(cmd) = rx.recv().await {
        let reply = service.execute(&me, cmd.clone()).await;
        let order_id = match &reply {
            Ok(o) => o.order_id,
            Err(r) => r.order_id,
        };
        let _ = tx.send(Action::Replied(Box::new(Replied { cmd, reply })));
        reread(order_id);
    }
}
