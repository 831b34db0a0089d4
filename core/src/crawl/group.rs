//! Which leaf folders make one table (glue.md §4.1).
//!
//! Starting at the crawl root, the leaf folders below a folder become the partitions of one table rooted
//! there when all of these hold, and otherwise each subfolder is considered on its own (and files directly
//! in the folder become a table of their own):
//!
//! * every leaf is equally deep below the folder, and its folders are the same kind of partition level
//!   (the same Hive key, or unnamed) at each depth: the crawler's "path structure";
//! * every leaf has the same storage format ([`Schema::same_format`]): the same "data format" and
//!   "compression format";
//! * unless `CombineCompatibleSchemas` is set ("create a single schema for each S3 path", which "ignores
//!   the similarity of the specific schemas"): the schemas are similar. Glue documents a threshold ("higher
//!   than 0.7") and at most five distinct schemas ("clusters"), not the metric. Glueprint measures each
//!   leaf by the share of the union of all the leaves' column names that it has, and requires every leaf
//!   to exceed 70 %: a partition that gained one column out of four (75 %) stays a partition, two folders
//!   sharing one column out of seven do not.

use std::collections::BTreeSet;

use crate::crawl::leaf::Schema;
use crate::crawl::path;

/// A leaf's schema must cover more than this share of the union of column names.
pub const SIMILARITY_THRESHOLD: f64 = 0.7;
/// At most this many distinct schemas (column-name sets) make one table.
pub const MAX_SCHEMA_CLUSTERS: usize = 5;

/// One leaf folder and the merged schema of its files of one format.
#[derive(Debug, Clone)]
pub struct Leaf {
    /// Folders from the crawl root to the leaf.
    pub folders: Vec<String>,
    pub schema: Schema,
}

/// Leaves that make one table rooted at `root` (folders from the crawl root).
#[derive(Debug, Clone)]
pub struct Group {
    pub root: Vec<String>,
    pub leaves: Vec<Leaf>,
}

/// Groups `leaves` (in folder order) into tables, explaining each decision in `decisions`.
pub fn group(leaves: Vec<Leaf>, combine: bool, decisions: &mut Vec<String>) -> Vec<Group> {
    let mut groups = Vec::new();
    group_at(Vec::new(), leaves, combine, decisions, &mut groups);
    groups
}

fn display(folders: &[String]) -> String {
    if folders.is_empty() {
        "the crawl root".to_owned()
    } else {
        format!("{}/", folders.join("/"))
    }
}

fn group_at(
    root: Vec<String>,
    leaves: Vec<Leaf>,
    combine: bool,
    decisions: &mut Vec<String>,
    out: &mut Vec<Group>,
) {
    if leaves.is_empty() {
        return;
    }
    match one_table(&root, &leaves, combine) {
        Ok(why) => {
            decisions.push(format!("{}: one table, {why}.", display(&root)));
            out.push(Group { root, leaves });
        }
        Err(why) => {
            decisions.push(format!(
                "{}: not one table ({why}); files directly in it make their own table, and each subfolder is \
                 considered on its own.",
                display(&root)
            ));
            let depth = root.len();
            let mut children: Vec<(String, Vec<Leaf>)> = Vec::new();
            for leaf in leaves {
                match leaf.folders.get(depth).cloned() {
                    None => out.push(Group {
                        root: root.clone(),
                        leaves: vec![leaf],
                    }),
                    Some(child) => match children.last_mut() {
                        Some((name, list)) if *name == child => list.push(leaf),
                        _ => children.push((child, vec![leaf])),
                    },
                }
            }
            for (child, list) in children {
                let mut child_root = root.clone();
                child_root.push(child);
                group_at(child_root, list, combine, decisions, out);
            }
        }
    }
}

/// `Ok(explanation)` when `leaves` make one table rooted at `root`, else `Err(reason)`.
fn one_table(root: &[String], leaves: &[Leaf], combine: bool) -> Result<String, String> {
    let Some(first) = leaves.first() else {
        return Err("no files".into());
    };
    let depth = first.folders.len();
    if let Some(other) = leaves.iter().find(|l| l.folders.len() != depth) {
        return Err(format!(
            "{} and {} are at different depths",
            display(&first.folders),
            display(&other.folders)
        ));
    }
    let keys = |leaf: &Leaf| -> Vec<String> {
        path::levels(leaf.folders.get(root.len()..).unwrap_or_default())
            .into_iter()
            .map(|l| l.key)
            .collect()
    };
    let first_keys = keys(first);
    if let Some(other) = leaves.iter().find(|l| keys(l) != first_keys) {
        return Err(format!(
            "{} and {} have different partition levels ({} against {})",
            display(&first.folders),
            display(&other.folders),
            first_keys.join(", "),
            keys(other).join(", ")
        ));
    }
    if let Some(other) = leaves.iter().find(|l| !first.schema.same_format(&l.schema)) {
        return Err(format!(
            "{} and {} differ in format, compression or SerDe",
            display(&first.folders),
            display(&other.folders)
        ));
    }
    let keys_text = if first_keys.is_empty() {
        "not partitioned".to_owned()
    } else {
        format!("{} partition(s) by {}", leaves.len(), first_keys.join(", "))
    };
    if combine {
        return Ok(format!(
            "{keys_text}; schemas combined without a similarity check (CombineCompatibleSchemas)"
        ));
    }
    if leaves.len() == 1 {
        return Ok(keys_text);
    }
    let mut union: BTreeSet<&str> = BTreeSet::new();
    let mut clusters: BTreeSet<BTreeSet<&str>> = BTreeSet::new();
    for leaf in leaves {
        let names: BTreeSet<&str> = leaf
            .schema
            .columns
            .iter()
            .map(|c| c.name.as_str())
            .collect();
        union.extend(names.iter().copied());
        if clusters.len() <= MAX_SCHEMA_CLUSTERS {
            clusters.insert(names);
        }
    }
    if clusters.len() > MAX_SCHEMA_CLUSTERS {
        return Err(format!("more than {MAX_SCHEMA_CLUSTERS} different schemas"));
    }
    let total = union.len().max(1);
    let share = |leaf: &Leaf| leaf.schema.columns.len() as f64 / total as f64;
    let (worst, worst_share) =
        leaves
            .iter()
            .map(|l| (l, share(l)))
            .fold(
                (first, f64::INFINITY),
                |acc, x| if x.1 < acc.1 { x } else { acc },
            );
    let measured = format!(
        "{} has {} of the {} column names ({:.0} %)",
        display(&worst.folders),
        worst.schema.columns.len(),
        union.len(),
        worst_share * 100.0
    );
    if worst_share > SIMILARITY_THRESHOLD {
        Ok(format!(
            "{keys_text}; schemas similar (least similar: {measured}, above 70 %)"
        ))
    } else {
        Err(format!("schemas not similar: {measured}, not above 70 %"))
    }
}
