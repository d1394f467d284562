use rusqlite::Connection;

use super::*;

/// A cache as a build before kopecks wrote it: schema version 7.
fn version_7() -> Connection {
    let mut conn = Connection::open_in_memory().unwrap();
    let tx = conn.transaction().unwrap();
    for sql in &MIGRATIONS[..7] {
        tx.execute_batch(sql).unwrap();
    }
    tx.pragma_update(None, "user_version", 7).unwrap();
    tx.commit().unwrap();
    conn
}

fn insert_order(conn: &Connection, order_id: i64, value: f64) {
    conn.execute(
        "INSERT INTO orders(order_id, campaign_id, business_id, model, status, substatus, \
         created_at, delivery_type, partner, carrier_id, carrier, value, first_seen, last_change) \
         VALUES (?1, 1, 1, 'DBS', 'DELIVERY', 'DELIVERY_SERVICE_RECEIVED', 0, 'DELIVERY', \
         'SHOP', 51, 'СДЭК', ?2, 0, 0)",
        params![order_id, value],
    )
    .unwrap();
}

#[test]
fn an_old_cache_keeps_every_amount_to_the_kopeck_as_it_was_written() {
    let mut conn = version_7();
    let orders = [
        (1, 1234.5, 123_450),
        (2, 1.005, 101),
        (3, 0.1 + 0.2, 30),
        (4, 19.99, 1999),
        (5, 0.0, 0),
        (6, 12_345_678_901.23, 1_234_567_890_123),
    ];
    for (id, value, _) in orders {
        insert_order(&conn, id, value);
    }
    conn.execute_batch(
        "INSERT INTO returns(return_id, order_id, campaign_id, return_type, amount, seen_at) \
         VALUES (10, 1, 1, 'UNREDEEMED', 666.67, 0), (11, 2, 1, 'RETURN', NULL, 0)",
    )
    .unwrap();

    let tx = conn.transaction().unwrap();
    migrate(&tx, 7).unwrap();
    tx.commit().unwrap();

    assert_eq!(identity(&conn).unwrap().user_version, LATEST);
    for (id, value, kopecks) in orders {
        let got: i64 = conn
            .query_row(
                "SELECT value_kopecks FROM orders WHERE order_id = ?1",
                [id],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(got, kopecks, "order {id} stored {value}");
    }
    let returns: Vec<Option<i64>> = conn
        .prepare("SELECT amount_kopecks FROM returns ORDER BY return_id")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(returns, [Some(66_667), None]);
    let reals: i64 = conn
        .query_row(
            "SELECT (SELECT count(*) FROM pragma_table_info('orders') WHERE name = 'value') \
             + (SELECT count(*) FROM pragma_table_info('returns') WHERE name = 'amount')",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(reals, 0, "the REAL columns are gone");
}

#[test]
fn a_new_cache_stores_amounts_as_integers() {
    let mut conn = Connection::open_in_memory().unwrap();
    let tx = conn.transaction().unwrap();
    migrate(&tx, 0).unwrap();
    tx.commit().unwrap();
    let types: Vec<String> = conn
        .prepare(
            "SELECT type FROM pragma_table_info('orders') WHERE name = 'value_kopecks' \
             UNION ALL SELECT type FROM pragma_table_info('returns') WHERE name = 'amount_kopecks'",
        )
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(types, ["INTEGER", "INTEGER"]);
}
