//! Who and where this process is: the operating system's account of the user (for the
//! audit trail and claims) and the host. Never the environment: `USER=someone` does not
//! make anyone someone else.

/// The account name of this process's effective user, from the password database
/// (`uid1234` for a uid without an account).
pub fn user() -> String {
    name_of(uzers::get_effective_uid())
}

/// The account name of `uid` (`uid1234` without an account): who is asking on the
/// daemon's socket.
pub fn name_of(uid: u32) -> String {
    uzers::get_user_by_uid(uid)
        .map(|u| u.name().to_string_lossy().into_owned())
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| format!("uid{uid}"))
}

/// Whether this process's user may write `path` (a file, or a folder: create files in
/// it), by its owner, group and mode; false when it cannot be asked. (ACLs and
/// read-only mounts are not looked at: this only chooses which words an error uses.)
pub fn may_write(path: &std::path::Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    let Ok(m) = std::fs::metadata(path) else {
        return false;
    };
    let uid = uzers::get_effective_uid();
    if uid == 0 {
        return true;
    }
    if m.uid() == uid {
        return m.mode() & 0o200 != 0;
    }
    let in_group = m.gid() == uzers::get_effective_gid()
        || uzers::group_access_list()
            .map(|groups| groups.iter().any(|g| g.gid() == m.gid()))
            .unwrap_or(false);
    if in_group {
        return m.mode() & 0o020 != 0;
    }
    m.mode() & 0o002 != 0
}

/// This machine's host name.
pub fn host() -> String {
    std::fs::read_to_string("/proc/sys/kernel/hostname")
        .or_else(|_| std::fs::read_to_string("/etc/hostname"))
        .map(|s| s.trim().to_owned())
        .ok()
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| "localhost".into())
}

#[cfg(test)]
mod tests;
