//! The daemon's socket: the trust boundary between agents and the shared cache. On a
//! shared server only the daemon's account may write the cache; an agent's dashboard
//! reads it and sends its commands here. The daemon learns who asks from the socket's
//! peer credentials — the operating system's uid, never anything the agent says — and
//! carries the command out with the same `apply` as everywhere (read-only users, claims,
//! the rule checks, the lint), then answers with the outcome.
//!
//! The protocol is one JSON object per line each way: a [`Command`] in, a [`Reply`]
//! out. A line longer than [`MAX_LINE`] closes the connection.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::{UnixListener, UnixStream};
use tokio::sync::{Mutex, watch};

use super::Service;
use super::command::{Command, Refusal, Reply};
use super::words::words;
use crate::base::lang::Lang;
use crate::base::words::{Msg, fill};

/// The longest request line: a draft is at most 4,096 characters, a bulk write a few
/// hundred orders.
pub const MAX_LINE: usize = 1 << 20;
/// How long an agent waits for the daemon's answer.
const ANSWER_TIMEOUT: Duration = Duration::from_secs(30);

/// Where the daemon of the cache at `db` listens: beside it, `<db>.sock`.
pub fn path_for(db: &Path) -> PathBuf {
    let mut p = db.as_os_str().to_owned();
    p.push(".sock");
    PathBuf::from(p)
}

/// Why the daemon cannot serve its socket.
#[derive(Debug, thiserror::Error)]
pub enum SocketError {
    #[error("another ym-triage daemon already serves this cache (it answers on {0})")]
    Taken(PathBuf),
    #[error("{path}: cannot listen: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

/// Binds the socket: a stale one (nobody answering) is replaced; one another daemon
/// answers on is refused. The socket is made `0660`: the daemon's group (the agents)
/// may connect, nobody else.
pub async fn bind(path: &Path) -> Result<UnixListener, SocketError> {
    let io = |source| SocketError::Io {
        path: path.to_owned(),
        source,
    };
    if path.exists() {
        if UnixStream::connect(path).await.is_ok() {
            return Err(SocketError::Taken(path.to_owned()));
        }
        std::fs::remove_file(path).map_err(io)?;
    }
    let listener = UnixListener::bind(path).map_err(io)?;
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o660)).map_err(io)?;
    Ok(listener)
}

/// Serves agents' commands until `stop` turns true, then removes the socket.
pub async fn serve(
    service: Arc<Service>,
    listener: UnixListener,
    path: PathBuf,
    mut stop: watch::Receiver<bool>,
) {
    loop {
        let accepted = tokio::select! {
            accepted = listener.accept() => accepted,
            _ = stop.wait_for(|s| *s) => break,
        };
        match accepted {
            Ok((stream, _)) => {
                tokio::spawn(connection(Arc::clone(&service), stream));
            }
            Err(e) => {
                tracing::warn!(error = %e, "socket: accept failed");
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
        }
    }
    let _ = std::fs::remove_file(&path);
}

/// One agent's connection: who it is comes from the kernel, once.
async fn connection(service: Arc<Service>, stream: UnixStream) {
    let who = match stream.peer_cred() {
        Ok(cred) => crate::base::whoami::name_of(cred.uid()),
        Err(e) => {
            tracing::warn!(error = %e, "socket: no peer credentials; connection closed");
            return;
        }
    };
    tracing::info!(agent = %who, "socket: an agent connected");
    let (read, mut write) = stream.into_split();
    let mut lines = BufReader::new(read);
    let mut line = Vec::new();
    loop {
        line.clear();
        let n = match (&mut lines)
            .take(MAX_LINE as u64 + 1)
            .read_until(b'\n', &mut line)
            .await
        {
            Ok(n) => n,
            Err(_) => return,
        };
        if n == 0 {
            return;
        }
        if line.len() > MAX_LINE {
            tracing::warn!(agent = %who, "socket: a request over the size limit; connection closed");
            return;
        }
        let reply: Reply = match serde_json::from_slice::<Command>(&line) {
            Ok(cmd) => {
                tracing::info!(agent = %who, command = ?std::mem::discriminant(&cmd), "socket: command");
                service.execute(&who, cmd).await
            }
            Err(e) => Err(Refusal::refused(
                None,
                Msg::each(|l| fill(words(l).not_a_command, &[("e", &e)])),
            )),
        };
        let Ok(mut out) = serde_json::to_vec(&reply) else {
            return;
        };
        out.push(b'\n');
        if write.write_all(&out).await.is_err() {
            return;
        }
    }
}

/// An agent's end of the socket: one connection, made when first needed and again
/// after it broke; commands go one at a time.
#[derive(Debug)]
pub struct Remote {
    path: PathBuf,
    conn: Mutex<Option<BufReader<UnixStream>>>,
}

impl Remote {
    /// The daemon's socket at `path`.
    pub fn new(path: PathBuf) -> Remote {
        Remote {
            path,
            conn: Mutex::new(None),
        }
    }

    /// Sends `cmd` to the daemon and waits for its answer.
    pub async fn call(&self, cmd: &Command) -> Reply {
        let order_id = cmd.order_id();
        let mut conn = self.conn.lock().await;
        // A connection the daemon closed (it restarted) is made again, once.
        for attempt in 0..2 {
            if conn.is_none() {
                match UnixStream::connect(&self.path).await {
                    Ok(s) => *conn = Some(BufReader::new(s)),
                    Err(e) => return Err(self.unreachable(order_id, |_| e.to_string())),
                }
            }
            let Some(stream) = conn.as_mut() else {
                continue;
            };
            match tokio::time::timeout(ANSWER_TIMEOUT, exchange(stream, cmd)).await {
                Ok(Ok(reply)) => return reply,
                Ok(Err(e)) if attempt == 0 => {
                    tracing::info!(error = %e, "socket: the daemon's connection broke; connecting again");
                    *conn = None;
                }
                Ok(Err(e)) => {
                    *conn = None;
                    return Err(self.unreachable(order_id, |_| e.to_string()));
                }
                Err(_) => {
                    *conn = None;
                    return Err(self.unreachable(order_id, |l| words(l).daemon_no_answer.into()));
                }
            }
        }
        Err(self.unreachable(order_id, |l| words(l).daemon_broke_twice.into()))
    }

    /// The refusal of a daemon that does not answer; `why` in each language (the
    /// system's own words for an error it reports).
    fn unreachable(&self, order_id: Option<i64>, why: impl Fn(Lang) -> String) -> Refusal {
        let path = self.path.display();
        Refusal::unavailable(
            order_id,
            Msg::each(|l| {
                let why = why(l);
                fill(words(l).daemon_silent, &[("path", &path), ("why", &why)])
            }),
        )
    }
}

/// One request and its answer on an open connection.
async fn exchange(stream: &mut BufReader<UnixStream>, cmd: &Command) -> std::io::Result<Reply> {
    let mut out = serde_json::to_vec(cmd).map_err(std::io::Error::other)?;
    out.push(b'\n');
    stream.get_mut().write_all(&out).await?;
    let mut line = Vec::new();
    let n = stream.read_until(b'\n', &mut line).await?;
    if n == 0 {
        return Err(std::io::Error::new(
            std::io::ErrorKind::UnexpectedEof,
            "the daemon closed the connection",
        ));
    }
    serde_json::from_slice(&line).map_err(std::io::Error::other)
}

#[cfg(test)]
mod tests;
