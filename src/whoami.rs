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
mod tests {
    #[test]
    fn the_user_is_the_account_of_the_effective_uid_whatever_user_says() {
        let name = super::user();
        assert!(!name.is_empty());
        assert_eq!(name, super::name_of(uzers::get_effective_uid()));
        // The environment is not asked: the process's own account name is what counts.
        let from_passwd = std::fs::read_to_string("/etc/passwd")
            .unwrap_or_default()
            .lines()
            .find_map(|l| {
                let f: Vec<&str> = l.split(':').collect();
                (f.get(2) == Some(&uzers::get_effective_uid().to_string().as_str()))
                    .then(|| f[0].to_owned())
            });
        if let Some(n) = from_passwd {
            assert_eq!(name, n);
        }
    }

    #[test]
    fn a_uid_without_an_account_is_named_by_its_number() {
        assert_eq!(super::name_of(4_000_000_123), "uid4000000123");
    }
}
