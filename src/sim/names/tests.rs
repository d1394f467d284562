use super::*;

#[test]
fn every_city_region_chain_ends_in_russia_through_a_district() {
    for c in CITIES {
        let r = c.region();
        assert_eq!(r.kind, RegionType::CITY);
        let subject = r.parent.as_deref().expect("subject");
        assert!(matches!(
            subject.kind,
            RegionType::REGION | RegionType::REPUBLIC
        ));
        let district = subject.parent.as_deref().expect("district");
        assert_eq!(district.kind, RegionType::COUNTRY_DISTRICT);
        let country = district.parent.as_deref().expect("country");
        assert_eq!(
            (country.id, country.kind.clone()),
            (225, RegionType::COUNTRY)
        );
    }
}

#[test]
fn feminine_surnames_follow_russian_grammar() {
    let mut p = PersonName {
        female: true,
        first: 0,
        last: 0,
        middle: 0,
    };
    assert_eq!(p.last(), "Иванова");
    p.last = SURNAMES.iter().position(|s| *s == "Островский").unwrap() as u16;
    assert_eq!(p.last(), "Островская");
    p.last = SURNAMES.iter().position(|s| *s == "Заречный").unwrap() as u16;
    assert_eq!(p.last(), "Заречная");
    assert_eq!(p.middle(), "Александровна");
}

#[test]
fn all_cities_lists_every_city_once() {
    assert_eq!(ALL_CITIES.len(), CITIES.len());
    assert!(ALL_CITIES.iter().enumerate().all(|(i, &c)| i == c));
}

#[test]
fn carrier_ids_are_unique() {
    let mut ids: Vec<i64> = CARRIERS.iter().map(|c| c.0).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), CARRIERS.len());
}
