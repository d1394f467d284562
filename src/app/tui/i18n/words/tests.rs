use super::ru_plural;

#[test]
fn russian_plurals_follow_the_last_two_digits() {
    let f = |n| ru_plural(n, "черновик", "черновика", "черновиков");
    assert_eq!(f(1), "черновик");
    assert_eq!(f(2), "черновика");
    assert_eq!(f(5), "черновиков");
    assert_eq!(f(11), "черновиков");
    assert_eq!(f(12), "черновиков");
    assert_eq!(f(21), "черновик");
    assert_eq!(f(24), "черновика");
}
