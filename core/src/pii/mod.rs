//! Sensitive-data detection over bounded value samples, named as Glue names its managed entity types
//! (glue.md §6.1), so a column Glueprint flags reads the same as one a Glue "Detect PII" job would report.
//!
//! Per column, every detector of [`Entity`] is run on each sampled non-null value
//! ([`ColumnSample`](crate::infer::values::ColumnSample)); the entity with the most matches is the
//! column's [`Detection`]: the share of non-null sampled values that matched, a confidence, and the counts
//! behind them. The column is *flagged* when the share reaches the threshold, which has the meaning of
//! Glue's `ThresholdFraction` ("the fraction of the data that must be met in order for a column to be
//! identified as PII data"); the default is 0.5.
//!
//! Conclusions, never values, leave this module: [`apply`] writes the entity, share, confidence and counts
//! into column parameters (`glueprint.pii.*`) and tags the flagged column `pii` and `pii:<ENTITY>`, which
//! exports carry in [`TAGS_PARAMETER`](crate::catalog::TAGS_PARAMETER). A user's confirmation or dismissal
//! lives in [`DECISION_PARAMETER`] and wins over what a later crawl detects.

mod detectors;

use std::collections::BTreeMap;
use std::fmt;

use crate::catalog::Column;
use crate::infer::values::ColumnSample;

/// Column parameter with the detected entity type (Glue's name, e.g. `EMAIL`).
pub const ENTITY_PARAMETER: &str = "glueprint.pii.entity";
/// Column parameter with the share of sampled non-null values that matched, two decimals.
pub const SHARE_PARAMETER: &str = "glueprint.pii.share";
/// Column parameter with the detection's confidence, two decimals.
pub const CONFIDENCE_PARAMETER: &str = "glueprint.pii.confidence";
/// Column parameter with the evidence as counts: `matched/sampled`, plus `name` when the column's name
/// hinted at the entity.
pub const EVIDENCE_PARAMETER: &str = "glueprint.pii.evidence";
/// Column parameter with the user's decision, `confirmed:<ENTITY>` or `dismissed:<ENTITY>`; never
/// written by detection, only kept.
pub const DECISION_PARAMETER: &str = "glueprint.pii.decision";
/// Tag on every flagged column; `pii:<ENTITY>` names the entity.
pub const PII_TAG: &str = "pii";

const PARAMETER_PREFIX: &str = "glueprint.pii.";

/// Glue's default would be 0.1 for `classifyColumns`; Glueprint flags a column when at least half of its
/// sampled values match, so a free-text column with an occasional e-mail address is not tagged.
pub const DEFAULT_THRESHOLD: f64 = 0.5;

/// Below this many sampled non-null values the confidence is scaled down proportionally: three matching
/// values out of three say less than 200 out of 200.
pub const FULL_CONFIDENCE_SAMPLES: u64 = 20;

/// A Glue managed sensitive-data entity type. Each variant's rule is the doc comment of its detector in
/// `pii/detectors.rs`, summarised here.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Entity {
    /// 13–19 digits with a known issuer prefix and a valid Luhn check digit.
    CreditCard,
    /// ISO 13616 shape with a valid mod-97 checksum.
    Iban,
    /// `AAA-GG-SSSS` with the SSA's never-issued ranges excluded.
    UsaSsn,
    /// `local@domain.tld` with RFC 5322's unquoted local part.
    Email,
    /// Six hex pairs (`:` or `-`) or Cisco's `xxxx.xxxx.xxxx`.
    MacAddress,
    /// IPv4 dotted quad or IPv6 text form.
    IpAddress,
    /// 10–15 digits grouped by separators, or `+` and digits.
    PhoneNumber,
    /// Nine digits or a letter and eight digits, under a `passport` column name.
    UsaPassportNumber,
    /// A valid calendar date 1900–2099, under a birth-date column name.
    DateOfBirth,
    /// One to four capitalised words, under a person-name column name.
    PersonName,
}

impl Entity {
    /// Every entity, most specific first: on equal match counts the earlier wins.
    pub const ALL: [Entity; 10] = [
        Entity::CreditCard,
        Entity::Iban,
        Entity::UsaSsn,
        Entity::Email,
        Entity::MacAddress,
        Entity::IpAddress,
        Entity::PhoneNumber,
        Entity::UsaPassportNumber,
        Entity::DateOfBirth,
        Entity::PersonName,
    ];

    /// The entity type's name in Glue's API (`EntityTypesToDetect`).
    pub fn glue_name(self) -> &'static str {
        match self {
            Entity::CreditCard => "CREDIT_CARD",
            Entity::Iban => "IBAN",
            Entity::UsaSsn => "USA_SSN",
            Entity::Email => "EMAIL",
            Entity::MacAddress => "MAC_ADDRESS",
            Entity::IpAddress => "IP_ADDRESS",
            Entity::PhoneNumber => "PHONE_NUMBER",
            Entity::UsaPassportNumber => "USA_PASSPORT_NUMBER",
            Entity::DateOfBirth => "DATE_OF_BIRTH",
            Entity::PersonName => "PERSON_NAME",
        }
    }

    /// The entity whose [`glue_name`](Self::glue_name) is `name`.
    pub fn from_glue_name(name: &str) -> Option<Entity> {
        Entity::ALL.into_iter().find(|e| e.glue_name() == name)
    }

    /// Whether one value (already trimmed) has this entity's shape.
    pub fn matches(self, value: &str) -> bool {
        match self {
            Entity::CreditCard => detectors::credit_card(value),
            Entity::Iban => detectors::iban(value),
            Entity::UsaSsn => detectors::usa_ssn(value),
            Entity::Email => detectors::email(value),
            Entity::MacAddress => detectors::mac_address(value),
            Entity::IpAddress => detectors::ip_address(value),
            Entity::PhoneNumber => detectors::phone_number(value),
            Entity::UsaPassportNumber => detectors::usa_passport_number(value),
            Entity::DateOfBirth => detectors::date_of_birth(value),
            Entity::PersonName => detectors::person_name(value),
        }
    }

    /// Entities whose value shape is shared by too much ordinary data (nine-digit identifiers, any date,
    /// any capitalised label) are only considered when the column's name hints at them.
    pub fn needs_name_hint(self) -> bool {
        matches!(
            self,
            Entity::UsaPassportNumber | Entity::DateOfBirth | Entity::PersonName
        )
    }

    /// Whether a column name suggests this entity. The name is split into lower-case words at `_`, `-`,
    /// `.`, spaces and camel-case humps (`customerEmail` → `customer`, `email`).
    pub fn hinted_by(self, column_name: &str) -> bool {
        let words = words(column_name);
        let has = |w: &str| words.iter().any(|x| x == w);
        let joined = words.concat();
        match self {
            Entity::CreditCard => {
                joined.contains("card") || has("cc") || has("pan") || has("ccnumber")
            }
            Entity::Iban => joined.contains("iban"),
            Entity::UsaSsn => has("ssn") || joined.contains("socialsecurity"),
            Entity::Email => joined.contains("email") || has("mail"),
            Entity::MacAddress => has("mac") || joined.contains("macaddr"),
            Entity::IpAddress => {
                has("ip") || has("ipv4") || has("ipv6") || joined.contains("ipaddr")
            }
            Entity::PhoneNumber => {
                joined.contains("phone")
                    || ["tel", "mobile", "cell", "fax", "msisdn"]
                        .iter()
                        .any(|w| has(w))
            }
            Entity::UsaPassportNumber => joined.contains("passport"),
            Entity::DateOfBirth => has("dob") || joined.contains("birth"),
            Entity::PersonName => {
                let qualifiers = [
                    "first", "last", "full", "given", "family", "middle", "maiden", "customer",
                    "person", "contact", "display",
                ];
                let whole = [
                    "firstname",
                    "lastname",
                    "fullname",
                    "surname",
                    "givenname",
                    "forename",
                    "familyname",
                ];
                words == ["name"]
                    || whole.iter().any(|w| has(w))
                    || words
                        .windows(2)
                        .any(|pair| matches!(pair, [q, n] if n == "name" && qualifiers.contains(&q.as_str())))
            }
        }
    }

    /// How much one match of this entity's rule is worth: checksums make look-alikes rare, strict formats
    /// nearly so, phone numbers less, and the hint-gated shapes least.
    fn strength(self) -> f64 {
        match self {
            Entity::CreditCard | Entity::Iban => 0.95,
            Entity::UsaSsn | Entity::Email | Entity::MacAddress | Entity::IpAddress => 0.9,
            Entity::PhoneNumber => 0.8,
            Entity::UsaPassportNumber | Entity::DateOfBirth | Entity::PersonName => 0.7,
        }
    }
}

impl fmt::Display for Entity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.glue_name())
    }
}

/// Lower-case words of a column name.
fn words(name: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut current = String::new();
    let mut previous_lower = false;
    for c in name.chars() {
        if !c.is_alphanumeric() {
            words.push(std::mem::take(&mut current));
            previous_lower = false;
            continue;
        }
        if c.is_uppercase() && previous_lower {
            words.push(std::mem::take(&mut current));
        }
        previous_lower = c.is_lowercase() || c.is_ascii_digit();
        current.extend(c.to_lowercase());
    }
    words.push(current);
    words.retain(|w| !w.is_empty());
    words
}

/// Knobs of detection.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DetectOptions {
    /// Share of sampled non-null values (0–1) that must match for a column to be flagged.
    pub threshold: f64,
}

impl Default for DetectOptions {
    fn default() -> Self {
        Self {
            threshold: DEFAULT_THRESHOLD,
        }
    }
}

/// What a detection rests on, as counts only.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Evidence {
    /// Non-null, non-blank values sampled.
    pub sampled: u64,
    /// How many of them matched the entity's rule.
    pub matched: u64,
    /// The column's name hinted at the entity.
    pub name_hint: bool,
}

/// The most likely entity of one column.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Detection {
    pub entity: Entity,
    /// `matched / sampled`.
    pub share: f64,
    /// 0–1: the share, weighted by how telling the entity's rule is, plus 0.05 for a name hint on an
    /// entity that does not need one, scaled down below [`FULL_CONFIDENCE_SAMPLES`] values.
    pub confidence: f64,
    pub evidence: Evidence,
    /// `share >= threshold`.
    pub flagged: bool,
}

/// The most likely entity of a column from its sampled values, or `None` when no value matched any rule
/// (or the column has no non-null values).
pub fn detect(sample: &ColumnSample, options: &DetectOptions) -> Option<Detection> {
    Tally::of(sample).detection(options)
}

/// The counts a detection is made of, for one leaf of one column: how many non-null values were sampled
/// and how many matched each entity's rule. Tallies of the files of one table add up ([`Tally::absorb`]),
/// so a crawl detects on all the files it sampled while keeping counts only, never values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tally {
    column: String,
    leaf: String,
    sampled: u64,
    /// Matches per entity of [`Entity::ALL`], in its order (0 for an entity the name does not allow).
    matched: [u64; Entity::ALL.len()],
}

impl Tally {
    /// Counts one leaf's sampled values.
    pub fn of(sample: &ColumnSample) -> Tally {
        let values: Vec<&str> = sample
            .values()
            .iter()
            .flatten()
            .map(|v| v.trim())
            .filter(|v| !v.is_empty())
            .collect();
        let leaf = sample.name();
        let matched = Entity::ALL.map(|e| {
            if e.needs_name_hint() && !e.hinted_by(&leaf) {
                0
            } else {
                values.iter().filter(|v| e.matches(v)).count() as u64
            }
        });
        Tally {
            column: sample.column().to_owned(),
            leaf,
            sampled: values.len() as u64,
            matched,
        }
    }

    /// Adds the counts of the same leaf in another file.
    pub fn absorb(&mut self, other: &Tally) {
        self.sampled = self.sampled.saturating_add(other.sampled);
        for (mine, theirs) in self.matched.iter_mut().zip(other.matched) {
            *mine = mine.saturating_add(theirs);
        }
    }

    /// The entity with the most matches (the earlier of [`Entity::ALL`] on a tie), or `None` when nothing
    /// matched.
    pub fn detection(&self, options: &DetectOptions) -> Option<Detection> {
        let (entity, matched) = Entity::ALL.into_iter().zip(self.matched).fold(
            None::<(Entity, u64)>,
            |best, (e, n)| match best {
                Some((_, m)) if m >= n => best,
                _ if n > 0 => Some((e, n)),
                _ => best,
            },
        )?;
        let sampled = self.sampled;
        let name_hint = entity.hinted_by(&self.leaf);
        let share = matched as f64 / sampled as f64;
        let bonus = if name_hint && !entity.needs_name_hint() {
            0.05
        } else {
            0.0
        };
        let scale = (sampled as f64 / FULL_CONFIDENCE_SAMPLES as f64).min(1.0);
        let confidence = ((share * entity.strength() + bonus) * scale).clamp(0.0, 1.0);
        Some(Detection {
            entity,
            share,
            confidence,
            evidence: Evidence {
                sampled,
                matched,
                name_hint,
            },
            flagged: share >= options.threshold,
        })
    }
}

/// The tallies of every sampled leaf of a file or, absorbed file by file, of a table.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tallies(BTreeMap<String, Tally>);

impl Tallies {
    /// The tallies of one file's samples.
    pub fn of(samples: &[ColumnSample]) -> Tallies {
        let mut tallies = Tallies::default();
        for sample in samples {
            tallies.add(Tally::of(sample));
        }
        tallies
    }

    fn add(&mut self, tally: Tally) {
        match self.0.get_mut(&tally.leaf) {
            Some(known) => known.absorb(&tally),
            None => {
                self.0.insert(tally.leaf.clone(), tally);
            }
        }
    }

    /// Adds another file's tallies, leaf by leaf.
    pub fn absorb(&mut self, other: Tallies) {
        for tally in other.0.into_values() {
            self.add(tally);
        }
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The detection of each top-level column, by column name. A nested column's leaves are detected one
    /// by one and the column takes its most telling leaf: a flagged one before the others, then the
    /// higher confidence.
    pub fn detections(&self, options: &DetectOptions) -> BTreeMap<String, Detection> {
        let mut best = BTreeMap::<String, Detection>::new();
        for tally in self.0.values() {
            let Some(detection) = tally.detection(options) else {
                continue;
            };
            let rank = |d: &Detection| (d.flagged, d.confidence);
            match best.get(&tally.column) {
                Some(known) if rank(known) >= rank(&detection) => {}
                _ => {
                    best.insert(tally.column.clone(), detection);
                }
            }
        }
        best
    }
}

/// The detection of each top-level column of one file's samples ([`Tallies::detections`]).
pub fn detect_columns(
    samples: &[ColumnSample],
    options: &DetectOptions,
) -> BTreeMap<String, Detection> {
    Tallies::of(samples).detections(options)
}

/// [`apply`] to every column: its detection from `detections` (by name) or none.
pub fn apply_columns(columns: &mut [Column], detections: &BTreeMap<String, Detection>) {
    for column in columns {
        let detection = detections.get(&column.name);
        apply(column, detection);
    }
}

/// A user's verdict on a column's sensitivity, kept across crawls in [`DECISION_PARAMETER`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// The column holds this entity, whatever a later sample shows: it stays tagged.
    Confirmed(Entity),
    /// The column does not hold this entity: a detection of it no longer tags the column (another
    /// entity still can).
    Dismissed(Entity),
}

impl Decision {
    /// The decision stored on `column`, if any and readable.
    pub fn of(column: &Column) -> Option<Decision> {
        let stored = column.parameters.get(DECISION_PARAMETER)?;
        let (verdict, entity) = stored.split_once(':')?;
        let entity = Entity::from_glue_name(entity)?;
        match verdict {
            "confirmed" => Some(Decision::Confirmed(entity)),
            "dismissed" => Some(Decision::Dismissed(entity)),
            _ => None,
        }
    }

    fn parameter_value(self) -> String {
        match self {
            Decision::Confirmed(e) => format!("confirmed:{e}"),
            Decision::Dismissed(e) => format!("dismissed:{e}"),
        }
    }
}

/// Writes a detection onto a column: replaces earlier `glueprint.pii.*` parameters (not the decision)
/// and `pii` tags, records the detection's conclusions, and tags the column when it is flagged, unless
/// the user dismissed that entity; a confirmed entity stays tagged whatever `detection` says.
pub fn apply(column: &mut Column, detection: Option<&Detection>) {
    let decision = Decision::of(column);
    column
        .parameters
        .retain(|k, _| !k.starts_with(PARAMETER_PREFIX) || k == DECISION_PARAMETER);
    if let Some(d) = detection {
        let evidence = format!(
            "{}/{}{}",
            d.evidence.matched,
            d.evidence.sampled,
            if d.evidence.name_hint { " name" } else { "" }
        );
        for (key, value) in [
            (ENTITY_PARAMETER, d.entity.glue_name().to_owned()),
            (SHARE_PARAMETER, format!("{:.2}", d.share)),
            (CONFIDENCE_PARAMETER, format!("{:.2}", d.confidence)),
            (EVIDENCE_PARAMETER, evidence),
        ] {
            column.parameters.insert(key.into(), value);
        }
    }
    let detected = detection.filter(|d| d.flagged).map(|d| d.entity);
    let tagged = match decision {
        Some(Decision::Confirmed(entity)) => Some(entity),
        Some(Decision::Dismissed(entity)) => detected.filter(|e| *e != entity),
        None => detected,
    };
    retag(column, tagged);
}

/// Whether a column counts as sensitive: it carries the [`PII_TAG`], which a flagged detection the user
/// did not dismiss, a confirmation, or the user's own tagging puts there.
pub fn is_sensitive(column: &Column) -> bool {
    column.tags.contains(PII_TAG)
}

/// Records the user's decision on a column and updates its tags to match.
pub fn decide(column: &mut Column, decision: Decision) {
    column
        .parameters
        .insert(DECISION_PARAMETER.into(), decision.parameter_value());
    let tagged = match decision {
        Decision::Confirmed(entity) => Some(entity),
        Decision::Dismissed(_) => None,
    };
    retag(column, tagged);
}

/// Copies the `glueprint.pii.*` parameters (the last detection's conclusions and the user's decision)
/// from the stored column to the freshly crawled one, so a re-crawl keeps them as it keeps the column's
/// tags; a new detection then goes through [`apply`], which keeps the decision.
pub fn carry_over(stored: &Column, crawled: &mut Column) {
    for (key, value) in &stored.parameters {
        if key.starts_with(PARAMETER_PREFIX) {
            crawled.parameters.insert(key.clone(), value.clone());
        }
    }
}

/// What a re-crawl keeps of a stored column's sensitive-data state (the crawled column already carries
/// this crawl's detection, [`apply`]'d by the crawler): the user's tags and decision always; this crawl's
/// conclusions when it sampled the column, re-tagged under the decision; otherwise the stored
/// conclusions and tags ([`carry_over`]), since a crawl that read no value of the column learnt nothing
/// new about it. A `pii` tag the user typed on a column detection never touched stays.
pub fn recrawled(stored: &Column, crawled: &mut Column) {
    let flagged = crawled
        .tags
        .iter()
        .find_map(|t| t.strip_prefix("pii:"))
        .and_then(Entity::from_glue_name);
    let sampled = crawled.parameters.contains_key(ENTITY_PARAMETER);
    crawled.tags = stored.tags.clone();
    if !sampled {
        carry_over(stored, crawled);
        return;
    }
    if let Some(decision) = stored.parameters.get(DECISION_PARAMETER) {
        crawled
            .parameters
            .insert(DECISION_PARAMETER.into(), decision.clone());
    }
    let tagged = match Decision::of(crawled) {
        Some(Decision::Confirmed(entity)) => Some(entity),
        Some(Decision::Dismissed(entity)) => flagged.filter(|e| *e != entity),
        None => flagged,
    };
    let typed_by_user = !stored
        .parameters
        .keys()
        .any(|k| k.starts_with(PARAMETER_PREFIX));
    match (typed_by_user, tagged) {
        (true, Some(entity)) => {
            crawled.tags.insert(PII_TAG.into());
            crawled.tags.insert(format!("{PII_TAG}:{entity}"));
        }
        (true, None) => {}
        (false, tagged) => retag(crawled, tagged),
    }
}

fn retag(column: &mut Column, entity: Option<Entity>) {
    column
        .tags
        .retain(|t| t != PII_TAG && !t.starts_with("pii:"));
    if let Some(entity) = entity {
        column.tags.insert(PII_TAG.into());
        column.tags.insert(format!("{PII_TAG}:{entity}"));
    }
}

#[cfg(test)]
mod tests;
