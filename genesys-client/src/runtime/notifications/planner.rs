//! Topic planning: which subscription entries go to which channel, decided before any request.
//!
//! Genesys lets topics with the same prefix share one entry (`v2.users.42?presence&routingStatus`)
//! as long as the entry stays within 200 characters; a channel holds at most 1,000 (expanded)
//! topics, and a user/app pair at most 20 channels (a 21st silently replaces the oldest, which
//! would break another shard, so a plan needing more is refused up front).

use std::collections::{BTreeMap, BTreeSet};

use crate::runtime::topic::Topic;

/// Longest combined subscription entry Genesys accepts ("Combine related topics").
pub const MAX_COMBINED_LEN: usize = 200;
/// Topics per channel (per WebSocket connection); more is a `400`.
pub const MAX_TOPICS_PER_CHANNEL: usize = 1_000;
/// Channels per user and application.
pub const MAX_CHANNELS: usize = 20;

/// Why topics could not be planned (nothing was requested).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PlanError {
    /// No topics were given.
    #[error("no topics to subscribe to")]
    NoTopics,
    /// A topic name is empty or malformed (whitespace, an empty combined part).
    #[error("the topic `{0}` is not a valid topic name")]
    InvalidTopic(String),
    /// `channel.metadata` and `v2.system.*` are sent by Genesys on every channel and cannot be
    /// subscribed to.
    #[error("the topic `{0}` is reserved (channel.metadata and v2.system.* come unasked)")]
    ReservedTopic(String),
    /// The topics need more channels than a user/app pair may have.
    #[error(
        "{topics} topics need {needed} channels of at most {per_channel} topics; Genesys allows \
         {max} channels per user and application (a {next}st would replace the oldest)",
        next = max + 1
    )]
    TooManyChannels {
        /// Distinct topics requested.
        topics: usize,
        /// Channels the plan would need.
        needed: usize,
        /// Topics per channel.
        per_channel: usize,
        /// Channels allowed.
        max: usize,
    },
}

/// The subscriptions of one channel.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ShardPlan {
    /// The entries sent in the subscription call (plain or combined topic names).
    pub entries: Vec<String>,
    /// The expanded topic names they stand for, sorted.
    pub topics: Vec<Topic>,
}

/// Topics spread over channels.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Plan {
    /// One entry per channel.
    pub shards: Vec<ShardPlan>,
}

/// Limits the planner works to (the Genesys limits unless a test shrinks them).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Limits {
    pub(super) per_channel: usize,
    pub(super) channels: usize,
    pub(super) combined_len: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            per_channel: MAX_TOPICS_PER_CHANNEL,
            channels: MAX_CHANNELS,
            combined_len: MAX_COMBINED_LEN,
        }
    }
}

/// Expands combined input (`a.b?c&d` → `a.b.c`, `a.b.d`), checks every name, and returns the
/// distinct expanded names, sorted.
fn expand_all(topics: &[Topic]) -> Result<BTreeSet<String>, PlanError> {
    let mut out = BTreeSet::new();
    for topic in topics {
        let name = topic.as_str();
        let invalid = || PlanError::InvalidTopic(name.to_owned());
        if name.is_empty() || name.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(invalid());
        }
        let names: Vec<String> = match name.split_once('?') {
            None if name.contains('&') => return Err(invalid()),
            None => vec![name.to_owned()],
            Some((prefix, suffixes)) => {
                let parts: Vec<&str> = suffixes.split('&').collect();
                if prefix.is_empty() || parts.iter().any(|s| s.is_empty() || s.contains('?')) {
                    return Err(invalid());
                }
                parts.iter().map(|s| format!("{prefix}.{s}")).collect()
            }
        };
        for name in names {
            if name == "channel.metadata" || name.starts_with("v2.system.") {
                return Err(PlanError::ReservedTopic(name));
            }
            out.insert(name);
        }
    }
    if out.is_empty() {
        return Err(PlanError::NoTopics);
    }
    Ok(out)
}

/// One subscription entry and the expanded names it covers.
struct Entry {
    text: String,
    topics: Vec<String>,
}

/// Plans `topics` under `limits`.
pub(super) fn plan(topics: &[Topic], limits: Limits) -> Result<Plan, PlanError> {
    let names = expand_all(topics)?;
    let count = names.len();

    // Same-prefix groups, in name order; names without a prefix stand alone.
    let mut groups: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    let mut entries = Vec::new();
    for name in &names {
        match Topic::new(name.as_str())
            .split_suffix()
            .map(|(p, s)| (p.len(), s.len()))
        {
            Some((p, _)) => groups.entry(&name[..p]).or_default().push(&name[p + 1..]),
            None => entries.push(Entry {
                text: name.clone(),
                topics: vec![name.clone()],
            }),
        }
    }
    for (prefix, suffixes) in groups {
        let mut text = String::new();
        let mut covered: Vec<&str> = Vec::new();
        for suffix in suffixes {
            let fits = !covered.is_empty() && text.len() + 1 + suffix.len() <= limits.combined_len;
            if fits {
                text.push('&');
                text.push_str(suffix);
                covered.push(suffix);
                continue;
            }
            if !covered.is_empty() {
                entries.push(entry(prefix, &covered, text));
            }
            text = format!("{prefix}?{suffix}");
            covered = vec![suffix];
        }
        if !covered.is_empty() {
            entries.push(entry(prefix, &covered, text));
        }
    }

    // Pack entries into channels in order; an entry is never split.
    let mut shards: Vec<ShardPlan> = Vec::new();
    let mut load = 0;
    for e in entries {
        if shards.is_empty() || load + e.topics.len() > limits.per_channel {
            shards.push(ShardPlan {
                entries: Vec::new(),
                topics: Vec::new(),
            });
            load = 0;
        }
        let shard = shards.last_mut().expect("pushed above");
        load += e.topics.len();
        shard.entries.push(e.text);
        shard.topics.extend(e.topics.into_iter().map(Topic::new));
    }
    for shard in &mut shards {
        shard.topics.sort();
    }
    if shards.len() > limits.channels {
        return Err(PlanError::TooManyChannels {
            topics: count,
            needed: shards.len(),
            per_channel: limits.per_channel,
            max: limits.channels,
        });
    }
    Ok(Plan { shards })
}

/// A combined entry, or the plain name when it covers one suffix (or is too long to combine).
fn entry(prefix: &str, covered: &[&str], combined: String) -> Entry {
    let topics: Vec<String> = covered.iter().map(|s| format!("{prefix}.{s}")).collect();
    let text = if covered.len() == 1 {
        topics[0].clone()
    } else {
        combined
    };
    Entry { text, topics }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn topics(names: &[&str]) -> Vec<Topic> {
        names.iter().map(|n| Topic::new(*n)).collect()
    }

    fn expand(entry: &str) -> Vec<String> {
        match entry.split_once('?') {
            None => vec![entry.to_owned()],
            Some((p, s)) => s.split('&').map(|s| format!("{p}.{s}")).collect(),
        }
    }

    #[test]
    fn same_prefix_topics_are_combined() {
        let plan = plan(
            &topics(&[
                "v2.users.1.presence",
                "v2.users.1.routingStatus",
                "v2.users.2.presence",
                "v2.users.1.presence", // duplicate
                "solo",
            ]),
            Limits::default(),
        )
        .unwrap();
        assert_eq!(plan.shards.len(), 1);
        assert_eq!(
            plan.shards[0].entries,
            vec![
                "solo",
                "v2.users.1?presence&routingStatus",
                "v2.users.2.presence"
            ]
        );
        assert_eq!(plan.shards[0].topics.len(), 4);
    }

    #[test]
    fn combined_input_is_expanded_and_reserved_topics_refused() {
        let plan = plan(
            &topics(&["v2.users.9?presence&activity"]),
            Limits::default(),
        )
        .unwrap();
        assert_eq!(
            plan.shards[0].topics,
            topics(&["v2.users.9.activity", "v2.users.9.presence"])
        );
        assert_eq!(
            super::plan(&topics(&["v2.system.socket_closing"]), Limits::default()),
            Err(PlanError::ReservedTopic("v2.system.socket_closing".into()))
        );
        assert_eq!(
            super::plan(&[], Limits::default()),
            Err(PlanError::NoTopics)
        );
        for bad in ["", "a b", "a?", "a?b&&c", "?x", "a&b"] {
            assert!(
                matches!(
                    super::plan(&topics(&[bad]), Limits::default()),
                    Err(PlanError::InvalidTopic(_))
                ),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn combined_entries_stay_within_200_characters() {
        let suffixes: Vec<String> = (0..60).map(|i| format!("suffix{i:03}")).collect();
        let names: Vec<Topic> = suffixes
            .iter()
            .map(|s| Topic::new(format!("v2.users.abc.{s}")))
            .collect();
        let plan = plan(&names, Limits::default()).unwrap();
        let entries = &plan.shards[0].entries;
        assert!(entries.len() > 1);
        assert!(
            entries.iter().all(|e| e.len() <= MAX_COMBINED_LEN),
            "{entries:?}"
        );
        let covered: BTreeSet<String> = entries.iter().flat_map(|e| expand(e)).collect();
        assert_eq!(covered.len(), 60);
    }

    #[test]
    fn topics_are_sharded_at_1000_per_channel_and_21_channels_are_refused() {
        let names: Vec<Topic> = (0..2_500)
            .map(|i| Topic::new(format!("v2.users.{i}.presence")))
            .collect();
        let plan = plan(&names, Limits::default()).unwrap();
        assert_eq!(
            plan.shards
                .iter()
                .map(|s| s.topics.len())
                .collect::<Vec<_>>(),
            vec![1000, 1000, 500]
        );
        let too_many: Vec<Topic> = (0..20_001)
            .map(|i| Topic::new(format!("v2.users.{i}.presence")))
            .collect();
        let err = super::plan(&too_many, Limits::default()).unwrap_err();
        assert_eq!(
            err,
            PlanError::TooManyChannels {
                topics: 20_001,
                needed: 21,
                per_channel: 1000,
                max: 20
            }
        );
        assert!(err.to_string().contains("20 channels"), "{err}");
    }

    /// Property: for many random topic sets, every topic is planned exactly once, every entry
    /// is within the limits, and the entries expand to exactly the shard's topics.
    #[test]
    fn random_topic_sets_are_planned_exactly() {
        let mut rng = fastrand::Rng::with_seed(7);
        for round in 0..200 {
            let limits = Limits {
                per_channel: rng.usize(1..40),
                channels: rng.usize(1..8),
                combined_len: rng.usize(20..80),
            };
            let n = rng.usize(1..150);
            let suffixes = [
                "presence",
                "routingStatus",
                "activity",
                "conversations",
                "x",
            ];
            let names: Vec<Topic> = (0..n)
                .map(|_| {
                    let user = rng.usize(0..30);
                    let suffix = suffixes[rng.usize(0..suffixes.len())];
                    if rng.usize(0..10) == 0 {
                        Topic::new(format!("bare{user}"))
                    } else {
                        Topic::new(format!("v2.users.{user}.{suffix}"))
                    }
                })
                .collect();
            let want: BTreeSet<String> = names.iter().map(|t| t.as_str().to_owned()).collect();
            match plan(&names, limits) {
                Ok(plan) => {
                    let mut seen = BTreeSet::new();
                    for shard in &plan.shards {
                        assert!(shard.topics.len() <= limits.per_channel, "round {round}");
                        let expanded: BTreeSet<String> =
                            shard.entries.iter().flat_map(|e| expand(e)).collect();
                        let listed: BTreeSet<String> =
                            shard.topics.iter().map(|t| t.as_str().to_owned()).collect();
                        assert_eq!(expanded, listed, "round {round}");
                        for e in &shard.entries {
                            assert!(
                                !e.contains('?') || e.len() <= limits.combined_len,
                                "round {round}: {e}"
                            );
                        }
                        for t in listed {
                            assert!(seen.insert(t), "round {round}: planned twice");
                        }
                    }
                    assert_eq!(seen, want, "round {round}");
                    assert!(plan.shards.len() <= limits.channels);
                }
                Err(PlanError::TooManyChannels { needed, max, .. }) => {
                    assert!(needed > max && max == limits.channels, "round {round}");
                    assert!(want.len() > limits.channels, "round {round}");
                }
                Err(other) => panic!("round {round}: {other}"),
            }
        }
    }
}
