//! IR → Rust files. Never sees `openapiv3`; only [`crate::ir`].
//!
//! Layout of the output (paths relative to `genesys-client/src/generated/`):
//! - `mod.rs`: module declarations and the few lint allowances generated code needs, each
//!   with its reason;
//! - `support.rs`: serde plumbing shared by generated types;
//! - `models/mod.rs` + `models/<type>.rs`: one file per schema (with its inline types);
//! - `operations/mod.rs` + `operations/<tag>.rs`: one file per tag;
//! - `events.rs`: batch-event glue for the runtime's publisher (see [`crate::ir::EventBatch`]);
//! - `topics.rs`: typed notification topics and their event enum (see [`crate::ir::NotificationTopic`]).
//! - `mock/mod.rs` + `mock/<tag>.rs`: typed stubs for the client's `mock` feature, one file
//!   per tag (declared by the client's `lib.rs` behind the feature, not by `mod.rs`).

pub mod baseline;
mod docs;
mod events;
mod features;
mod file;
mod mock;
pub mod models;
mod models_text;
mod operations;
mod request;
mod topics;
mod wire;

pub use file::HEADER;

use crate::{ir, Error, Output, Skipped};
use proc_macro2::TokenStream;
use quote::quote;

/// One output file to produce. Jobs are plain data (token streams are not `Send`), so files
/// can be rendered on several threads, each building its own tokens.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Job {
    /// `mod.rs`
    Root,
    /// `support.rs`
    Support,
    /// `models/mod.rs`
    ModelsMod,
    /// `models/<stem>.rs`, with the names (keys of `Api::types`) of the types it declares,
    /// grouped once by [`jobs`]: finding them per file made emit quadratic in the number of
    /// schemas (a 5,000-schema document spent most of its emit time filtering).
    Model(String, Vec<String>),
    /// `operations/mod.rs`
    OperationsMod,
    /// `operations/<tag>.rs`, by index into `Api::tags`.
    Tag(usize),
    /// `events.rs`
    Events,
    /// `topics.rs`
    Topics,
    /// `mock/mod.rs`
    MockMod,
    /// `mock/<tag>.rs`, by index into `Api::tags`.
    MockTag(usize),
}

/// Every file the API needs, in output order.
pub fn jobs(api: &ir::Api) -> Vec<Job> {
    let mut jobs = vec![Job::Root];
    if has_enums(api) {
        jobs.push(Job::Support);
    }
    jobs.push(Job::ModelsMod);
    jobs.extend(api.files().into_iter().map(|(f, types)| {
        Job::Model(f.to_owned(), types.iter().map(|t| t.name.clone()).collect())
    }));
    jobs.push(Job::OperationsMod);
    jobs.extend((0..api.tags.len()).map(Job::Tag));
    jobs.push(Job::Events);
    jobs.push(Job::Topics);
    jobs.push(Job::MockMod);
    jobs.extend((0..api.tags.len()).map(Job::MockTag));
    jobs
}

/// `support.rs` only serves open enums; a document without enums gets none (no dead code).
fn has_enums(api: &ir::Api) -> bool {
    api.types
        .values()
        .any(|t| matches!(t.kind, ir::TypeKind::Enum(_)))
}

/// Emits every file of the `generated/` tree, rendering on all available cores.
pub fn emit(api: &ir::Api) -> Result<Output, Error> {
    let jobs = jobs(api);
    let threads = std::thread::available_parallelism()
        .map(usize::from)
        .unwrap_or(1)
        .clamp(1, 8);
    let jobs = &jobs;
    let rendered: Vec<Result<Vec<(String, String)>, Error>> = std::thread::scope(|scope| {
        // Interleaved, so the big per-tag files at the end are spread over the threads.
        let handles: Vec<_> = (0..threads)
            .map(|first| {
                scope.spawn(move || {
                    jobs.iter()
                        .skip(first)
                        .step_by(threads)
                        .map(|job| render_job(api, job))
                        .collect()
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join().unwrap_or_else(|_| {
                    Err(Error::Internal {
                        file: "(render thread)".into(),
                        message: "a render thread panicked".into(),
                    })
                })
            })
            .collect()
    });
    let mut out = Output::default();
    for part in rendered {
        out.files.extend(part?);
    }
    out.skipped = skipped(api);
    out.features = tag_features(api);
    Ok(out)
}

/// The path and text of one file. Model files are written as text directly (see
/// [`models_text`]); the rest go through tokens, `syn` and `prettyplease`.
fn render_job(api: &ir::Api, job: &Job) -> Result<(String, String), Error> {
    if let Job::Model(stem, names) = job {
        let path = format!("models/{stem}.rs");
        let types: Vec<&ir::TypeDef> = names.iter().filter_map(|n| api.get(n)).collect();
        let body = models_text::file(&types).map_err(|e| match e {
            Error::Internal { message, .. } => Error::Internal {
                file: path.clone(),
                message,
            },
            other => other,
        })?;
        return Ok((path, file::finish(&body)));
    }
    let (path, tokens) = job_tokens(api, job);
    file::render(&path, tokens).map(|text| (path, text))
}

/// One cargo feature per tag, by module name (see [`features`]).
fn tag_features(api: &ir::Api) -> Vec<String> {
    let mut f: Vec<String> = api.tags.iter().map(|t| t.module.clone()).collect();
    f.sort();
    f
}

fn skipped(api: &ir::Api) -> Vec<Skipped> {
    api.skipped.clone()
}

/// Lines of the operations module docs naming every item left out, so a reader of the
/// generated crate finds why an operation of the document is missing (empty when none is).
fn skipped_docs(api: &ir::Api) -> Vec<String> {
    if api.skipped.is_empty() {
        return Vec::new();
    }
    let mut lines = vec![
        String::new(),
        "Left out of this client (printed by `cargo xtask codegen`; `--strict` refuses them):"
            .to_owned(),
        String::new(),
    ];
    for s in &api.skipped {
        lines.push(format!(
            "- {} {} at `{}`: {}",
            s.kind.as_str(),
            docs::sanitize(&s.name),
            s.pointer.to_string().replace('`', "'"),
            docs::sanitize(&s.reason).replace('\n', " ")
        ));
    }
    lines
}

/// Formats emitted tokens into file texts on one thread (the `syn` + `prettyplease` stage;
/// benchmarks time it apart from [`tokens`]). This is the reference path: [`emit`] writes
/// model files as text instead, and must produce the same bytes (`tests/text_render.rs`).
pub fn format(api: &ir::Api, tokens: Vec<(String, TokenStream)>) -> Result<Output, Error> {
    let mut out = Output::default();
    for (path, tokens) in tokens {
        let text = file::render(&path, tokens)?;
        out.files.insert(path, text);
    }
    out.skipped = skipped(api);
    out.features = tag_features(api);
    Ok(out)
}

/// The token stream of every file on one thread (the `quote` stage).
pub fn tokens(api: &ir::Api) -> Vec<(String, TokenStream)> {
    jobs(api).iter().map(|j| job_tokens(api, j)).collect()
}

/// The relative path and tokens of one file.
pub fn job_tokens(api: &ir::Api, job: &Job) -> (String, TokenStream) {
    match job {
        Job::Root => {
            let root_doc = docs::clean(&format!(
                " Code generated from the `{}` API description (version `{}`).",
                api.title, api.version
            ));
            let support = has_enums(api).then(|| {
                let cfg = features::cfg(&features::support_reach(api));
                quote!(
                    #cfg
                    pub(crate) mod support;
                )
            });
            let tokens = quote! {
                #![doc = #root_doc]
                #![doc = ""]
                #![doc = " Regenerate with `cargo xtask codegen`; never edit these files by hand."]
                // Constructors take every required field of a schema; some schemas have many.
                #![allow(clippy::too_many_arguments)]
                // Genesys deprecates fields and schemas that generated code still has to (de)serialize.
                #![allow(deprecated)]
                pub mod events;
                pub mod models;
                pub mod operations;
                pub mod topics;
                #support
            };
            ("mod.rs".into(), tokens)
        }
        Job::Support => ("support.rs".into(), support()),
        Job::ModelsMod => {
            let files = api.files();
            // Every type of a file has the same reach (`parse::reach`): the file's gate.
            let gate = |types: &[&ir::TypeDef]| {
                types
                    .first()
                    .map(|t| features::cfg(&t.reach))
                    .unwrap_or_default()
            };
            let mods = files.iter().map(|(f, types)| {
                let m = models::ident(f);
                let cfg = gate(types);
                quote!(#cfg mod #m;)
            });
            let uses = files.iter().flat_map(|(f, types)| {
                let m = models::ident(f);
                let cfg = gate(types);
                types.iter().map(move |t| {
                    let n = models::ident(&t.name);
                    quote!(#cfg pub use self::#m::#n;)
                })
            });
            let unknown = has_enums(api).then(|| {
                let cfg = features::cfg(&features::support_reach(api));
                quote!(
                    #cfg
                    pub use super::support::UnknownValue;
                )
            });
            let tokens = quote! {
                //! Every schema of the API as a Rust type.
                #(#mods)*
                #(#uses)*
                #unknown
            };
            ("models/mod.rs".into(), tokens)
        }
        Job::Model(stem, names) => {
            let types: Vec<&ir::TypeDef> = names.iter().filter_map(|n| api.get(n)).collect();
            (format!("models/{stem}.rs"), models::file(&types))
        }
        Job::OperationsMod => {
            let tag_mods = api.tags.iter().map(|t| {
                let m = models::ident(&t.module);
                let d = docs::attr(&format!(
                    " Operations tagged `{}` (cargo feature `{}`).",
                    t.wire_name, t.module
                ));
                let cfg = features::cfg_tag(t);
                quote!(#d #cfg pub mod #m;)
            });
            let left_out = docs::inner_lines_to_attrs(&skipped_docs(api));
            let tokens = quote! {
                //! Request builders, one module per API tag.
                //!
                //! Beyond JSON, operations take header parameters, query lists and maps by
                //! `style`, form and multipart bodies (files as `FilePart`), and text (`String`)
                //! or byte (`Bytes`) bodies and responses. Not supported, and so left out by name
                //! when a document uses them: cookie parameters, header parameters the runtime
                //! sets itself (`Accept`, `Authorization`, `Content-Type`, `Content-Length`,
                //! `User-Agent`, `Host`, `Connection`, `Transfer-Encoding`), parameters described
                //! by `content`, objects with properties in a query, lists in a path, maps in a
                //! path or header, `TRACE`, path-item `$ref`s and form bodies that name no fields.
                #left_out
                #(#tag_mods)*
            };
            ("operations/mod.rs".into(), tokens)
        }
        Job::Tag(i) => match api.tags.get(*i) {
            Some(tag) => (
                format!("operations/{}.rs", tag.module),
                operations::file(api, tag, &operations::index(api)),
            ),
            None => (format!("operations/{i}.rs"), TokenStream::new()),
        },
        Job::Events => ("events.rs".into(), events::file(api)),
        Job::Topics => ("topics.rs".into(), topics::file(api)),
        Job::MockMod => ("mock/mod.rs".into(), mock::mod_file(api)),
        Job::MockTag(i) => match api.tags.get(*i) {
            Some(tag) => (format!("mock/{}.rs", tag.module), mock::tag_file(api, tag)),
            None => (format!("mock/{i}.rs"), TokenStream::new()),
        },
    }
}

/// What all open enums share: the sealed holder of unknown values, and serde plumbing that
/// decodes from a borrowed `&str` when possible, so known values never allocate.
fn support() -> proc_macro2::TokenStream {
    quote! {
        //! What generated open enums share.

        /// A value of an open enum that this version of the crate does not know, kept byte for
        /// byte (spaces, case and all).
        ///
        /// Only this crate builds one: decoding and the enums' `From`/`FromStr` map every known
        /// wire string to its own variant, so a value has exactly one representation, and an
        /// `Unknown` you matched on never silently stops matching because it cannot hold a value
        /// a later version learns. Read it with [`as_str`](Self::as_str) or `Display`; to test
        /// for a value this version does not name, compare the enum's `as_str()`.
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct UnknownValue(::std::string::String);

        impl UnknownValue {
            pub(crate) fn new(value: ::std::string::String) -> Self {
                Self(value)
            }

            /// The value as sent on the wire.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl ::std::fmt::Display for UnknownValue {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl ::std::convert::AsRef<str> for UnknownValue {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        /// Deserializes an open enum from a string without allocating for known values.
        pub(crate) struct OpenEnumVisitor<T>(::std::marker::PhantomData<T>);

        impl<T> OpenEnumVisitor<T> {
            pub(crate) fn new() -> Self {
                Self(::std::marker::PhantomData)
            }
        }

        impl<'de, T> ::serde::de::Visitor<'de> for OpenEnumVisitor<T>
        where
            T: for<'a> ::std::convert::From<&'a str> + ::std::convert::From<::std::string::String>,
        {
            type Value = T;

            fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str("a string")
            }

            fn visit_str<E: ::serde::de::Error>(self, value: &str) -> ::std::result::Result<T, E> {
                ::std::result::Result::Ok(T::from(value))
            }

            fn visit_string<E: ::serde::de::Error>(self, value: ::std::string::String) -> ::std::result::Result<T, E> {
                ::std::result::Result::Ok(T::from(value))
            }
        }
    }
}
