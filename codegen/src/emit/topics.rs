//! `topics.rs`: typed notification topics ([`ir::NotificationTopic`]): a constructor on the
//! runtime's `Topic` per subscribable topic, and the `NotificationEvent` enum the receiver
//! decodes event bodies into (a variant per subscribable topic, `Unknown` for the rest).

use super::docs;
use super::models::{ident, rust_type};
use crate::ir::{Api, NotificationTopic, TopicSegment};
use proc_macro2::TokenStream;
use quote::quote;

/// The whole file. A document without topics still gets the enum (only `Unknown`), so the
/// crate's surface does not depend on the tags a maintainer selects.
pub fn file(api: &Api) -> TokenStream {
    let typed: Vec<&NotificationTopic> = api.topics.iter().filter(|t| t.subscribe).collect();
    let constructors = typed.iter().map(|t| constructor(t));
    let variants = typed.iter().map(|t| variant(t));
    let matching = matching(&typed);
    let topic_arms = typed.iter().map(|t| topic_arm(t));
    let constructors = (!typed.is_empty()).then(|| {
        quote! {
            impl crate::runtime::topic::Topic {
                #(#constructors)*
            }
        }
    });
    quote! {
        //! Notification topics of the API (from `spec/notification-topics.json`): typed topic
        //! constructors and the events they carry.
        //!
        //! Subscribe with the constructors (`Topic::user_presence(id)`); the Notifications
        //! receiver decodes each event body into [`NotificationEvent`] by the topic it arrived
        //! on. A topic this version does not type arrives as [`NotificationEvent::Unknown`]
        //! with its body untouched; a typed event keeps its body raw beside the typed one (fields
        //! Genesys adds), and unknown enum values are kept as in every model, so a topic, field or
        //! value Genesys adds never fails a frame and is never lost.

        #constructors

        /// An event body decoded by the topic it arrived on.
        #[derive(Clone, Debug)]
        #[non_exhaustive]
        pub enum NotificationEvent {
            #(#variants)*
            /// A topic this version of the crate has no type for: the expanded topic name and the
            /// event body exactly as received.
            Unknown {
                /// The expanded topic name (`v2.users.42.station`).
                topic: String,
                /// The `eventBody`, byte for byte.
                raw: Box<::serde_json::value::RawValue>,
            },
        }

        impl NotificationEvent {
            /// The expanded name of the topic the event arrived on.
            pub fn topic(&self) -> crate::runtime::topic::Topic {
                match self {
                    #(#topic_arms)*
                    Self::Unknown { topic, .. } => crate::runtime::topic::Topic::new(topic.as_str()),
                }
            }
        }

        impl crate::runtime::topic::NotificationPayload for NotificationEvent {
            fn decode<'de, D: ::serde::Deserializer<'de>>(
                topic: &str,
                body: D,
            ) -> Result<Self, D::Error> {
                #matching
                Ok(Self::Unknown {
                    topic: topic.to_owned(),
                    raw: <Box<::serde_json::value::RawValue> as ::serde::Deserialize>::deserialize(body)?,
                })
            }
        }
    }
}

/// The topic match of `decode`: the name's segments (split without allocating, one slot more
/// than the longest pattern so a longer name never matches) against each typed pattern.
fn matching(typed: &[&NotificationTopic]) -> TokenStream {
    let Some(longest) = typed.iter().map(|t| t.segments.len()).max() else {
        return TokenStream::new();
    };
    let slots = longest + 1;
    let arms = typed.iter().map(|t| decode_arm(t, slots));
    let slots = proc_macro2::Literal::usize_unsuffixed(slots);
    quote! {
        let mut split = topic.split('.');
        let segments: [Option<&str>; #slots] = ::std::array::from_fn(|_| split.next());
        #[allow(clippy::single_match)]
        match segments {
            #(#arms)*
            _ => {}
        }
    }
}

fn payload_doc(t: &NotificationTopic) -> String {
    docs::describe(&t.payload)
}

fn constructor(t: &NotificationTopic) -> TokenStream {
    let name = ident(&t.name);
    let params: Vec<_> = t.params().map(ident).collect();
    let mut fmt = String::new();
    for (i, seg) in t.segments.iter().enumerate() {
        if i > 0 {
            fmt.push('.');
        }
        match seg {
            TopicSegment::Literal(l) => fmt.push_str(&l.replace('{', "{{").replace('}', "}}")),
            TopicSegment::Param { .. } => fmt.push_str("{}"),
        }
    }
    let doc = docs::attr(&format!(
        " `{}`: its events carry {}.",
        docs::sanitize(&t.pattern),
        payload_doc(t)
    ));
    let args = params.iter().map(|p| quote!(#p: impl AsRef<str>));
    let values = params.iter().map(|p| quote!(#p.as_ref()));
    let body = if params.is_empty() {
        quote!(Self::new(#fmt))
    } else {
        quote!(Self::new(format!(#fmt, #(#values),*)))
    };
    quote! {
        #doc
        pub fn #name(#(#args),*) -> Self {
            #body
        }
    }
}

fn variant(t: &NotificationTopic) -> TokenStream {
    let v = ident(&t.variant);
    let ty = rust_type(&t.payload);
    let doc = docs::attr(&format!(" An event on `{}`.", docs::sanitize(&t.pattern)));
    let fields = t.params().map(|p| {
        let p = ident(p);
        quote! {
            #[doc = " The value of the topic's placeholder."]
            #p: String,
        }
    });
    quote! {
        #doc
        #v {
            #(#fields)*
            /// The event body (boxed: the enum stays small, whatever the largest body).
            body: Box<#ty>,
            /// The event body exactly as received: what this version of the crate does not
            /// know (fields Genesys added) is kept here.
            raw: Box<::serde_json::value::RawValue>,
        },
    }
}

fn decode_arm(t: &NotificationTopic, slots: usize) -> TokenStream {
    let v = ident(&t.variant);
    let pats = t
        .segments
        .iter()
        .map(|s| match s {
            TopicSegment::Literal(l) => quote!(Some(#l)),
            TopicSegment::Param { name, .. } => {
                let n = ident(name);
                quote!(Some(#n))
            }
        })
        .chain((t.segments.len()..slots).map(|_| quote!(None)));
    let params: Vec<_> = t.params().map(ident).collect();
    let guard = (!params.is_empty()).then(|| quote!(if #(!#params.is_empty())&&*));
    quote! {
        [#(#pats),*] #guard => {
            let (body, raw) = crate::runtime::topic::typed_and_raw(body)?;
            return Ok(Self::#v {
                #(#params: #params.to_owned(),)*
                body: Box::new(body),
                raw,
            });
        }
    }
}

fn topic_arm(t: &NotificationTopic) -> TokenStream {
    let v = ident(&t.variant);
    let name = ident(&t.name);
    let params: Vec<_> = t.params().map(ident).collect();
    quote! {
        Self::#v { #(#params,)* .. } => crate::runtime::topic::Topic::#name(#(#params),*),
    }
}
