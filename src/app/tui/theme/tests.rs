use super::*;

#[test]
fn no_color_selects_mono_unless_a_theme_is_named() {
    assert_eq!(Theme::choose(None, Some("1")), ThemeName::Mono);
    assert_eq!(Theme::choose(None, Some("")), ThemeName::Default);
    assert_eq!(Theme::choose(None, None), ThemeName::Default);
    assert_eq!(
        Theme::choose(Some(ThemeName::Light), Some("1")),
        ThemeName::Light
    );
}

#[test]
fn mono_sets_no_colour_at_all() {
    let t = Theme::new(ThemeName::Mono);
    let all = [
        t.p1,
        t.p2,
        t.p3,
        t.p4,
        t.selected,
        t.changed,
        t.header,
        t.tab_active,
        t.tab_inactive,
        t.footer,
        t.key,
        t.error,
        t.notice,
        t.badge,
        t.dim,
        t.border,
        t.stale,
    ];
    for s in all {
        assert_eq!((s.fg, s.bg), (None, None), "{s:?}");
    }
}

#[test]
fn severities_differ_without_colour() {
    let t = Theme::new(ThemeName::Mono);
    assert_ne!(t.p1, t.p2);
    assert_ne!(t.p2, t.p3);
    assert_ne!(t.p3, t.p4);
}
