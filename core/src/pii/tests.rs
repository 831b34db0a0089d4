#![allow(clippy::unwrap_used, clippy::panic, clippy::indexing_slicing)]

use super::*;
use crate::types::HiveType;
use wasm_bindgen_test::wasm_bindgen_test;

/// Every positive matches `entity` and every negative does not.
fn check(entity: Entity, positives: &[&str], negatives: &[&str]) {
    for value in positives {
        assert!(entity.matches(value), "{entity} should match {value:?}");
    }
    for value in negatives {
        assert!(
            !entity.matches(value),
            "{entity} should not match {value:?}"
        );
    }
}

#[wasm_bindgen_test(unsupported = test)]
fn email_rule() {
    check(
        Entity::Email,
        &[
            "user0@example.com",
            "first.last+tag@mail.example.co.uk",
            "o'neil@x.io",
        ],
        &[
            "user@localhost",
            "@example.com",
            "user@@example.com",
            ".user@example.com",
            "us..er@example.com",
            "user@-example.com",
            "user@example.c0m",
            "user example.com",
            "v1.2.3",
        ],
    );
}

#[wasm_bindgen_test(unsupported = test)]
fn phone_number_rule() {
    check(
        Entity::PhoneNumber,
        &[
            "+1-555-635-6851",
            "(555) 635-6851",
            "555.635.6851",
            "+4930123456",
            "+44 20 7946 0958",
        ],
        &[
            "5556356851",          // bare digits: an order number as likely as a phone
            "ORD-2024-000123",     // letters
            "315-97-4011",         // an SSN has 9 digits
            "4539-9502-5990-5873", // a card number has 16
            "1.2.3.4",             // a version string
            "2024-01-15",          // a date
            "+1-555",              // too short
        ],
    );
}

#[wasm_bindgen_test(unsupported = test)]
fn usa_ssn_rule() {
    check(
        Entity::UsaSsn,
        &["315-97-4011", "501 75 3005", "899-12-3456"],
        &[
            "000-12-3456",
            "666-12-3456",
            "900-12-3456",
            "123-00-4567",
            "123-45-0000",
            "123456789",
            "123-45-67890",
            "12-345-6789",
            "123-45 6789",
        ],
    );
}

#[wasm_bindgen_test(unsupported = test)]
fn credit_card_rule() {
    check(
        Entity::CreditCard,
        &[
            "4539950259905873",
            "4539 9502 5990 5873",
            "4539-9502-5990-5873",
            "5555555555554444",
            "378282246310005",
            "6011111111111117",
        ],
        &[
            "4539950259905874",     // Luhn fails
            "1234567812345670",     // Luhn passes, no issuer starts with 1: an order number
            "4539  9502 5990 5873", // double space
            "453995025990",         // too short
            "4539x50259905873",
            "-4539950259905873",
        ],
    );
}

#[wasm_bindgen_test(unsupported = test)]
fn iban_rule() {
    check(
        Entity::Iban,
        &[
            "DE89370400440532013000",
            "GB82 WEST 1234 5698 7654 32",
            "fr1420041010050500013m02606",
        ],
        &[
            "DE89370400440532013001", // checksum fails
            "GB82WEST12345698765433",
            "DE8937040044",           // too short
            "1289370400440532013000", // no country
            "DE8937040044053201300!",
        ],
    );
}

#[wasm_bindgen_test(unsupported = test)]
fn ip_address_rule() {
    check(
        Entity::IpAddress,
        &[
            "10.0.0.0",
            "192.168.1.254",
            "2001:db8::1",
            "::1",
            "fe80::1ff:fe23:4567:890a",
        ],
        &[
            "256.1.1.1",
            "1.2.3",
            "01.2.3.4",
            "v1.2.3.4",
            "1.2.3.4-beta",
            "12:30",
            "1.2.3.4.5",
        ],
    );
}

#[wasm_bindgen_test(unsupported = test)]
fn mac_address_rule() {
    check(
        Entity::MacAddress,
        &["00:1a:2b:3c:4d:5e", "00-1A-2B-3C-4D-5E", "001a.2b3c.4d5e"],
        &[
            "00:1a:2b:3c:4d",
            "00:1a-2b:3c:4d:5e",
            "00:1a:2b:3c:4d:5g",
            "fe80::1",
            "12:30:45",
        ],
    );
}

#[wasm_bindgen_test(unsupported = test)]
fn usa_passport_number_rule() {
    check(
        Entity::UsaPassportNumber,
        &["123456789", "A12345678"],
        &[
            "12345678",
            "1234567890",
            "AB1234567",
            "a12345678",
            "12345678A",
        ],
    );
    assert!(Entity::UsaPassportNumber.needs_name_hint());
    assert!(Entity::UsaPassportNumber.hinted_by("passport_no"));
    assert!(!Entity::UsaPassportNumber.hinted_by("order_id"));
}

#[wasm_bindgen_test(unsupported = test)]
fn date_of_birth_rule() {
    check(
        Entity::DateOfBirth,
        &["1984-02-29", "1990/12/31", "12/31/1990", "31.12.1990"],
        &[
            "1985-02-29",
            "1990-13-01",
            "1850-01-01",
            "1990-1-1",
            "19900101",
            "1.2.3",
            "2.0.1",
        ],
    );
    assert!(Entity::DateOfBirth.hinted_by("date_of_birth"));
    assert!(Entity::DateOfBirth.hinted_by("dob"));
    assert!(Entity::DateOfBirth.hinted_by("birthDate"));
    assert!(!Entity::DateOfBirth.hinted_by("created_at"));
}

#[wasm_bindgen_test(unsupported = test)]
fn person_name_rule() {
    check(
        Entity::PersonName,
        &[
            "Ada Lovelace",
            "Jean-Luc Picard",
            "Siobhán O'Neil",
            "J. R. R. Tolkien",
            "Zoë",
        ],
        &[
            "ada lovelace",
            "ACME CORP",
            "call back later",
            "Order 42",
            "A B C D E",
            "user0@example.com",
        ],
    );
    for hinted in [
        "name",
        "first_name",
        "lastName",
        "full_name",
        "surname",
        "customer_name",
    ] {
        assert!(Entity::PersonName.hinted_by(hinted), "{hinted}");
    }
    for not_hinted in ["file_name", "table_name", "username", "notes", "hostname"] {
        assert!(!Entity::PersonName.hinted_by(not_hinted), "{not_hinted}");
    }
}

#[wasm_bindgen_test(unsupported = test)]
fn glue_names_round_trip() {
    for entity in Entity::ALL {
        assert_eq!(Entity::from_glue_name(entity.glue_name()), Some(entity));
    }
    assert_eq!(Entity::from_glue_name("SSN"), None);
}

fn sample(name: &str, values: &[Option<&str>]) -> ColumnSample {
    ColumnSample::new(name, values.iter().map(|v| v.map(str::to_owned)).collect())
}

#[wasm_bindgen_test(unsupported = test)]
fn share_counts_non_null_values_and_threshold_flags() {
    let mut values = vec![Some("a@example.com"); 6];
    values.extend([Some("n/a"); 4]);
    values.extend([None, Some("  ")]);
    let detection = detect(&sample("contact", &values), &DetectOptions::default()).unwrap();
    assert_eq!(detection.entity, Entity::Email);
    assert_eq!(
        detection.evidence,
        Evidence {
            sampled: 10,
            matched: 6,
            name_hint: false
        }
    );
    assert!((detection.share - 0.6).abs() < 1e-9);
    assert!(detection.flagged);
    let strict = DetectOptions { threshold: 0.7 };
    assert!(
        !detect(&sample("contact", &values), &strict)
            .unwrap()
            .flagged
    );
    assert_eq!(
        detect(&sample("x", &[None, None]), &DetectOptions::default()),
        None
    );
    assert_eq!(
        detect(
            &sample("notes", &[Some("ok"), Some("fine")]),
            &DetectOptions::default()
        ),
        None
    );
}

#[wasm_bindgen_test(unsupported = test)]
fn hint_gated_entities_need_their_column_name() {
    let values = vec![Some("123456789"); 30];
    assert_eq!(
        detect(&sample("order_id", &values), &DetectOptions::default()),
        None
    );
    let passport = detect(&sample("passport", &values), &DetectOptions::default()).unwrap();
    assert_eq!(passport.entity, Entity::UsaPassportNumber);
    assert!(passport.flagged && passport.evidence.name_hint);
}

#[wasm_bindgen_test(unsupported = test)]
fn confidence_grows_with_evidence() {
    let few = detect(
        &sample("c", &[Some("4539950259905873")]),
        &DetectOptions::default(),
    )
    .unwrap();
    let many = detect(
        &sample("c", &vec![Some("4539950259905873"); 40]),
        &DetectOptions::default(),
    )
    .unwrap();
    let hinted = detect(
        &sample("card", &vec![Some("4539950259905873"); 40]),
        &DetectOptions::default(),
    )
    .unwrap();
    assert!(few.confidence < many.confidence && many.confidence < hinted.confidence);
    assert!(hinted.confidence <= 1.0);
}

fn flagged(entity: Entity) -> Detection {
    Detection {
        entity,
        share: 1.0,
        confidence: 0.9,
        evidence: Evidence {
            sampled: 10,
            matched: 10,
            name_hint: false,
        },
        flagged: true,
    }
}

#[wasm_bindgen_test(unsupported = test)]
fn apply_writes_conclusions_and_tags() {
    let mut column = Column::new("contact", HiveType::String);
    column.tags.insert("keep".into());
    apply(&mut column, Some(&flagged(Entity::Email)));
    assert_eq!(column.parameters[ENTITY_PARAMETER], "EMAIL");
    assert_eq!(column.parameters[SHARE_PARAMETER], "1.00");
    assert_eq!(column.parameters[EVIDENCE_PARAMETER], "10/10");
    assert_eq!(
        column.tags.iter().map(String::as_str).collect::<Vec<_>>(),
        ["keep", "pii", "pii:EMAIL"]
    );
    // A later crawl that finds nothing clears what detection wrote, not the user's own tag.
    apply(&mut column, None);
    assert!(column.parameters.is_empty());
    assert_eq!(column.tags.iter().collect::<Vec<_>>(), ["keep"]);
}

#[wasm_bindgen_test(unsupported = test)]
fn decisions_survive_a_recrawl() {
    let mut stored = Column::new("contact", HiveType::String);
    apply(&mut stored, Some(&flagged(Entity::Email)));
    decide(&mut stored, Decision::Dismissed(Entity::Email));
    assert!(stored.tags.is_empty());
    assert_eq!(
        Decision::of(&stored),
        Some(Decision::Dismissed(Entity::Email))
    );

    let mut crawled = Column::new("contact", HiveType::String);
    carry_over(&stored, &mut crawled);
    apply(&mut crawled, Some(&flagged(Entity::Email)));
    assert!(crawled.tags.is_empty(), "a dismissed entity stays untagged");
    assert_eq!(crawled.parameters[DECISION_PARAMETER], "dismissed:EMAIL");
    apply(&mut crawled, Some(&flagged(Entity::CreditCard)));
    assert!(
        crawled.tags.contains("pii:CREDIT_CARD"),
        "another entity still tags"
    );

    let mut confirmed = Column::new("notes", HiveType::String);
    decide(&mut confirmed, Decision::Confirmed(Entity::PersonName));
    apply(&mut confirmed, None);
    assert!(confirmed.tags.contains("pii:PERSON_NAME"));
}

#[wasm_bindgen_test(unsupported = test)]
fn a_recrawl_takes_the_new_detection_under_the_users_decision() {
    let below = |entity| Detection {
        flagged: false,
        ..flagged(entity)
    };
    // Stored: contact detected below the threshold, card flagged then dismissed, notes tagged by hand.
    let mut contact = Column::new("contact", HiveType::String);
    apply(&mut contact, Some(&below(Entity::Email)));
    contact.tags.insert("owner:crm".into());
    let mut card = Column::new("card", HiveType::String);
    apply(&mut card, Some(&flagged(Entity::CreditCard)));
    decide(&mut card, Decision::Dismissed(Entity::CreditCard));
    let mut notes = Column::new("notes", HiveType::String);
    notes.tags.insert(PII_TAG.into());

    // This crawl flags all three.
    let crawl = |name: &str, entity| {
        let mut column = Column::new(name, HiveType::String);
        apply(&mut column, Some(&flagged(entity)));
        column
    };
    let mut new_contact = crawl("contact", Entity::Email);
    recrawled(&contact, &mut new_contact);
    assert_eq!(
        new_contact
            .tags
            .iter()
            .map(String::as_str)
            .collect::<Vec<_>>(),
        ["owner:crm", "pii", "pii:EMAIL"],
        "the new flag tags, the user's tag stays"
    );
    let mut new_card = crawl("card", Entity::CreditCard);
    recrawled(&card, &mut new_card);
    assert!(new_card.tags.is_empty(), "{:?}", new_card.tags);
    assert_eq!(
        new_card.parameters[DECISION_PARAMETER],
        "dismissed:CREDIT_CARD"
    );
    let mut new_notes = crawl("notes", Entity::Email);
    recrawled(&notes, &mut new_notes);
    assert!(new_notes.tags.contains("pii:EMAIL"));

    // A crawl that sampled nothing of a column keeps what the last one concluded.
    let mut unsampled = Column::new("contact", HiveType::String);
    recrawled(&new_contact, &mut unsampled);
    assert_eq!(unsampled, new_contact);
    // The user's own pii tag stays when nothing flags the column.
    let mut quiet = Column::new("notes", HiveType::String);
    apply(&mut quiet, Some(&below(Entity::Email)));
    recrawled(&notes, &mut quiet);
    assert!(quiet.tags.contains(PII_TAG));
}
