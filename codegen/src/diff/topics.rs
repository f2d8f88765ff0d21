//! Notification topics: topics that appeared, went, changed payload type or whether clients
//! may subscribe. Changes inside a payload type (fields added or removed) are the payload
//! schema's, reported by [`super::schemas`] like any model's.
//!
//! What a topic is in Rust: a subscribable topic has a constructor on `Topic` and a variant of
//! `NotificationEvent`; any other topic has neither (its events arrive as `Unknown`).

use super::{ChangeKind, Differ, Impact};
use crate::ir::{NotificationTopic, TypeRef};
use std::collections::BTreeMap;

fn by_pattern(topics: &[NotificationTopic]) -> BTreeMap<&str, &NotificationTopic> {
    topics.iter().map(|t| (t.pattern.as_str(), t)).collect()
}

fn type_name(t: &TypeRef) -> String {
    crate::diag::type_words(t)
}

impl Differ<'_> {
    pub(super) fn topics(&mut self) {
        let old = by_pattern(&self.old.ir.topics);
        let new = by_pattern(&self.new.ir.topics);
        for (pattern, o) in &old {
            let pointer = o.pointer.as_str();
            let Some(n) = new.get(pattern) else {
                let (impact, detail) = if o.subscribe {
                    (
                        Impact::Breaking,
                        format!(
                            "`Topic::{}` and `NotificationEvent::{}` are gone; its events now arrive as `Unknown`",
                            o.name, o.variant
                        ),
                    )
                } else {
                    (
                        Impact::None,
                        "not subscribable: no Rust item named it".to_owned(),
                    )
                };
                self.push(impact, ChangeKind::TopicRemoved, pattern, pointer, detail);
                continue;
            };
            if o.payload != n.payload {
                let impact = if o.subscribe && n.subscribe {
                    Impact::Breaking
                } else {
                    Impact::None
                };
                self.push(
                    impact,
                    ChangeKind::TopicPayloadChanged,
                    pattern,
                    pointer,
                    format!(
                        "payload {} → {}",
                        type_name(&o.payload),
                        type_name(&n.payload)
                    ),
                );
            }
            if o.subscribe != n.subscribe {
                let (impact, detail) = if o.subscribe {
                    (
                        Impact::Breaking,
                        format!(
                            "no longer subscribable: `Topic::{}` and `NotificationEvent::{}` are gone",
                            o.name, o.variant
                        ),
                    )
                } else {
                    (
                        Impact::Additive,
                        format!(
                            "now subscribable: `Topic::{}` and `NotificationEvent::{}` are new",
                            n.name, n.variant
                        ),
                    )
                };
                self.push(
                    impact,
                    ChangeKind::TopicSubscribeChanged,
                    pattern,
                    pointer,
                    detail,
                );
            } else if o.subscribe && (o.name != n.name || o.variant != n.variant) {
                self.push(
                    Impact::Breaking,
                    ChangeKind::Renamed,
                    pattern,
                    pointer,
                    format!(
                        "`Topic::{}` / `NotificationEvent::{}` → `Topic::{}` / `NotificationEvent::{}`",
                        o.name, o.variant, n.name, n.variant
                    ),
                );
            }
        }
        for (pattern, n) in &new {
            if old.contains_key(pattern) {
                continue;
            }
            let pointer = n.pointer.as_str();
            let (impact, detail) = if n.subscribe {
                (
                    Impact::Additive,
                    format!(
                        "`Topic::{}` and `NotificationEvent::{}` (payload {}); `NotificationEvent` is `non_exhaustive`",
                        n.name,
                        n.variant,
                        type_name(&n.payload)
                    ),
                )
            } else {
                (
                    Impact::None,
                    "not subscribable: arrives as `Unknown`".to_owned(),
                )
            };
            self.push(impact, ChangeKind::TopicAdded, pattern, pointer, detail);
        }
    }
}
