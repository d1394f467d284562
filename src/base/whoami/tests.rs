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
