use std::sync::Arc;

use super::*;

#[test]
fn the_same_text_is_handed_out_as_one_copy() {
    let mut i = Interner::new();
    let a = i.get("СДЭК");
    let b = i.get(&String::from("СДЭК"));
    assert!(Arc::ptr_eq(&a, &b));
    assert_eq!(&*a, "СДЭК");
    assert_eq!(i.len(), 1);
}

#[test]
fn different_texts_stay_apart() {
    let mut i = Interner::new();
    let a = i.get("Москва");
    let b = i.get("Казань");
    assert!(!Arc::ptr_eq(&a, &b));
    assert_eq!(i.len(), 2);
}
