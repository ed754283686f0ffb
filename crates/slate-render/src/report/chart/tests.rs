use super::*;

#[test]
fn chart_numbers() {
    let m = |s: &str| milli(s.parse().unwrap());
    assert_eq!(m("99.950"), Some(99_950));
    assert_eq!(m("95"), Some(95_000));
    assert_eq!(m("99.9999"), Some(99_999));
    assert_eq!(m("-0.5"), Some(-500));
    assert_eq!(milli(rust_decimal::Decimal::MAX), None);
    assert_eq!(milli_text(99_900), "99.9");
    assert_eq!(milli_text(100_000), "100");
    let a = Axis::percent(&[99_978, 99_702, 100_000], Some(99_900));
    assert_eq!((a.lo, a.step), (99_500, 100));
    let a = Axis::count(262);
    assert_eq!((a.hi, a.step), (300, 100));
}
