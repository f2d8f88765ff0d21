//! Swagger 2.0 → OpenAPI 3.0.3, covering what Genesys' documents use:
//!
//! | Swagger 2.0 | OpenAPI 3.0 |
//! | --- | --- |
//! | `host`, `basePath`, `schemes` | `servers` |
//! | `definitions`, `parameters`, `responses`, `securityDefinitions` | `components/{schemas, parameters + requestBodies, responses, securitySchemes}` |
//! | `in: body` parameter | `requestBody`, one media type per `consumes` entry |
//! | `in: formData` parameters, `type: file` | a form or multipart `requestBody` with an object schema; files are `string`/`binary` |
//! | `type`/`format`/`items`/`enum`/`default`… on a parameter | the parameter's `schema` |
//! | `collectionFormat` csv/multi/ssv/pipes | `style` + `explode` |
//! | `produces` | each response's `content` media types |
//! | `x-nullable` | `nullable` |
//!
//! Everything else, `x-` extensions included (`x-inin-requires-permissions`,
//! `x-purecloud-method-name`, `x-inin-error-codes`…), is carried over unchanged.

use crate::diag::{Diagnostic, JsonPointer};
use crate::Error;
use serde_json::{json, Map, Value};

/// Keys of a 2.0 parameter that belong to its schema in 3.0.
const SCHEMA_KEYS: &[&str] = &[
    "type",
    "format",
    "items",
    "enum",
    "default",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "minLength",
    "maxLength",
    "pattern",
    "minItems",
    "maxItems",
    "uniqueItems",
    "multipleOf",
];

struct Upgrader<'a> {
    doc: &'a Map<String, Value>,
    diags: Vec<Diagnostic>,
}

/// Upgrades a whole Swagger 2.0 document. `$ref`s are rewritten but not checked here
/// (see [`super::refs::check`]), so a slice can be checked on its own.
pub fn upgrade(doc: &Value) -> Result<Value, Error> {
    let root = JsonPointer::root();
    let Some(doc) = doc.as_object() else {
        return Err(Error::at(&root, "expected a JSON object at the top level"));
    };
    let mut up = Upgrader {
        doc,
        diags: Vec::new(),
    };
    let out = up.document();
    if up.diags.is_empty() {
        Ok(out)
    } else {
        up.diags.sort();
        Err(Error::Invalid(up.diags))
    }
}

fn extensions(from: &Map<String, Value>, to: &mut Map<String, Value>) {
    for (k, v) in from {
        if k.starts_with("x-") {
            to.insert(k.clone(), v.clone());
        }
    }
}

fn copy(from: &Map<String, Value>, to: &mut Map<String, Value>, keys: &[&str]) {
    for k in keys {
        if let Some(v) = from.get(*k) {
            to.insert((*k).to_owned(), v.clone());
        }
    }
}

fn strings(v: Option<&Value>) -> Option<Vec<String>> {
    v.and_then(Value::as_array).map(|a| {
        a.iter()
            .filter_map(|s| s.as_str().map(str::to_owned))
            .collect()
    })
}

/// `#/definitions/X` → `#/components/schemas/X`, `#/responses/X` → `#/components/responses/X`,
/// `#/parameters/X` → `#/components/parameters/X` (body parameters are redirected by the caller).
fn rewrite_ref(r: &str) -> String {
    for (from, to) in [
        ("#/definitions/", "#/components/schemas/"),
        ("#/responses/", "#/components/responses/"),
        ("#/parameters/", "#/components/parameters/"),
    ] {
        if let Some(rest) = r.strip_prefix(from) {
            return format!("{to}{rest}");
        }
    }
    r.to_owned()
}

impl Upgrader<'_> {
    fn error(&mut self, at: &JsonPointer, msg: impl Into<String>) {
        self.diags.push(Diagnostic::new(at, msg));
    }

    fn list(&self, key: &str) -> Vec<String> {
        strings(self.doc.get(key)).unwrap_or_default()
    }

    fn document(&mut self) -> Value {
        let root = JsonPointer::root();
        let mut out = Map::new();
        out.insert("openapi".into(), json!("3.0.3"));
        copy(
            self.doc,
            &mut out,
            &["info", "tags", "externalDocs", "security"],
        );
        extensions(self.doc, &mut out);
        out.insert("servers".into(), self.servers());

        let mut components = Map::new();
        if let Some(defs) = self.doc.get("definitions").and_then(Value::as_object) {
            let schemas: Map<String, Value> =
                defs.iter().map(|(k, v)| (k.clone(), schema(v))).collect();
            components.insert("schemas".into(), Value::Object(schemas));
        }
        if let Some(params) = self.doc.get("parameters").and_then(Value::as_object) {
            let mut parameters = Map::new();
            let mut bodies = Map::new();
            for (name, p) in params {
                let ptr = root.push("parameters").push(name);
                match p.get("in").and_then(Value::as_str) {
                    Some("body") => {
                        let consumes = self.list("consumes");
                        if let Some(b) = self.body(p, &consumes, &ptr) {
                            bodies.insert(name.clone(), b);
                        }
                    }
                    // OpenAPI 3.0 has no shared form fields: every operation that refers to
                    // one gets it inlined into its form `requestBody` (see `operation`).
                    Some("formData") => {}
                    _ => {
                        if let Some(v) = self.parameter(p, &ptr) {
                            parameters.insert(name.clone(), v);
                        }
                    }
                }
            }
            if !parameters.is_empty() {
                components.insert("parameters".into(), Value::Object(parameters));
            }
            if !bodies.is_empty() {
                components.insert("requestBodies".into(), Value::Object(bodies));
            }
        }
        if let Some(resps) = self.doc.get("responses").and_then(Value::as_object) {
            let produces = self.list("produces");
            let responses: Map<String, Value> = resps
                .iter()
                .map(|(k, v)| (k.clone(), response(v, &produces)))
                .collect();
            components.insert("responses".into(), Value::Object(responses));
        }
        if let Some(sec) = self
            .doc
            .get("securityDefinitions")
            .and_then(Value::as_object)
        {
            let mut schemes = Map::new();
            for (name, s) in sec {
                let ptr = root.push("securityDefinitions").push(name);
                if let Some(v) = self.security_scheme(s, &ptr) {
                    schemes.insert(name.clone(), v);
                }
            }
            components.insert("securitySchemes".into(), Value::Object(schemes));
        }
        out.insert("components".into(), Value::Object(components));

        let mut paths = Map::new();
        if let Some(ps) = self.doc.get("paths").and_then(Value::as_object) {
            for (path, item) in ps {
                let ptr = root.push("paths").push(path);
                paths.insert(path.clone(), self.path_item(item, &ptr));
            }
        }
        out.insert("paths".into(), Value::Object(paths));
        Value::Object(out)
    }

    fn servers(&self) -> Value {
        let host = self.doc.get("host").and_then(Value::as_str);
        let base = self
            .doc
            .get("basePath")
            .and_then(Value::as_str)
            .unwrap_or("");
        let mut schemes = self.list("schemes");
        if schemes.is_empty() {
            schemes.push("https".into());
        }
        match host {
            Some(h) => Value::Array(
                schemes
                    .iter()
                    .map(|s| json!({ "url": format!("{s}://{h}{base}") }))
                    .collect(),
            ),
            None => json!([{ "url": if base.is_empty() { "/" } else { base } }]),
        }
    }

    fn security_scheme(&mut self, s: &Value, ptr: &JsonPointer) -> Option<Value> {
        let obj = s.as_object()?;
        let mut out = Map::new();
        copy(obj, &mut out, &["description"]);
        extensions(obj, &mut out);
        match obj.get("type").and_then(Value::as_str) {
            Some("oauth2") => {
                let scopes = obj.get("scopes").cloned().unwrap_or_else(|| json!({}));
                let mut flow = Map::new();
                copy(obj, &mut flow, &["authorizationUrl", "tokenUrl"]);
                flow.insert("scopes".into(), scopes);
                let name = match obj.get("flow").and_then(Value::as_str) {
                    Some("implicit") => "implicit",
                    Some("password") => "password",
                    Some("application") => "clientCredentials",
                    Some("accessCode") => "authorizationCode",
                    _ => {
                        let flow = obj.get("flow").unwrap_or(&Value::Null);
                        self.error(
                            &ptr.push("flow"),
                            format!("unknown oauth2 flow {flow} (expected \"implicit\", \"password\", \"application\" or \"accessCode\")"),
                        );
                        return None;
                    }
                };
                out.insert("type".into(), json!("oauth2"));
                out.insert("flows".into(), json!({ name: flow }));
            }
            Some("apiKey") => {
                out.insert("type".into(), json!("apiKey"));
                copy(obj, &mut out, &["name", "in"]);
            }
            Some("basic") => {
                out.insert("type".into(), json!("http"));
                out.insert("scheme".into(), json!("basic"));
            }
            _ => {
                let ty = obj.get("type").unwrap_or(&Value::Null);
                self.error(
                    &ptr.push("type"),
                    format!("unknown security scheme type {ty} (expected \"oauth2\", \"apiKey\" or \"basic\")"),
                );
                return None;
            }
        }
        Some(Value::Object(out))
    }

    fn path_item(&mut self, item: &Value, ptr: &JsonPointer) -> Value {
        let Some(obj) = item.as_object() else {
            self.error(ptr, "a path item must be an object");
            return json!({});
        };
        let mut out = Map::new();
        extensions(obj, &mut out);
        copy(obj, &mut out, &["summary", "description"]);
        // Path-level parameters: non-body ones stay on the path item; body/formData ones are
        // merged into each operation below.
        let shared: Vec<Value> = obj
            .get("parameters")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        let mut path_params = Vec::new();
        let mut inherited: Vec<(JsonPointer, &Value)> = Vec::new();
        let shared_mark = self.diags.len();
        for (i, p) in shared.iter().enumerate() {
            let pptr = ptr.push("parameters").push(i.to_string());
            if self.is_body_or_form(p) {
                inherited.push((pptr, p));
            } else if let Some(v) = self.parameter_or_ref(p, &pptr) {
                path_params.push(v);
            }
        }
        // A problem of one operation (or of the parameters its path shares) leaves a marker in
        // its place (see `defects`), not an error for the document.
        let shared_problems = self.diags.split_off(shared_mark);
        if !path_params.is_empty() && shared_problems.is_empty() {
            out.insert("parameters".into(), Value::Array(path_params));
        }
        for (method, op) in obj {
            if super::METHODS.contains(&method.as_str()) {
                let optr = ptr.push(method);
                let mark = self.diags.len();
                let upgraded = self.operation(op, &inherited, &optr);
                let mut problems = self.diags.split_off(mark);
                problems.extend(shared_problems.iter().cloned());
                let value = if problems.is_empty() {
                    upgraded
                } else {
                    problems.sort();
                    super::defects::operation_with(op, &problems)
                };
                out.insert(method.clone(), value);
            }
        }
        Value::Object(out)
    }

    /// The parameter a (possibly `$ref`) parameter names.
    fn resolve<'v>(&'v self, p: &'v Value) -> &'v Value {
        match p
            .get("$ref")
            .and_then(Value::as_str)
            .and_then(|r| r.strip_prefix("#/parameters/"))
        {
            Some(name) => self
                .doc
                .get("parameters")
                .and_then(|ps| ps.get(name))
                .unwrap_or(p),
            None => p,
        }
    }

    fn is_body_or_form(&self, p: &Value) -> bool {
        matches!(
            self.resolve(p).get("in").and_then(Value::as_str),
            Some("body" | "formData")
        )
    }

    fn parameter_or_ref(&mut self, p: &Value, ptr: &JsonPointer) -> Option<Value> {
        match p.get("$ref").and_then(Value::as_str) {
            Some(r) => Some(json!({ "$ref": rewrite_ref(r) })),
            None => self.parameter(p, ptr),
        }
    }

    /// A query/path/header parameter.
    fn parameter(&mut self, p: &Value, ptr: &JsonPointer) -> Option<Value> {
        let Some(obj) = p.as_object() else {
            self.error(ptr, "a parameter must be an object");
            return None;
        };
        let name = obj.get("name").and_then(Value::as_str).unwrap_or("");
        let location = obj.get("in").and_then(Value::as_str).unwrap_or("");
        if !matches!(location, "query" | "path" | "header") {
            self.error(
                &ptr.push("in"),
                format!("parameter '{name}' has unknown location {location:?}"),
            );
            return None;
        }
        if !obj.contains_key("type") {
            self.error(ptr, format!("parameter '{name}' has no type"));
            return None;
        }
        let mut out = Map::new();
        copy(
            obj,
            &mut out,
            &[
                "name",
                "in",
                "description",
                "required",
                "deprecated",
                "allowEmptyValue",
            ],
        );
        extensions(obj, &mut out);
        if location == "path" {
            out.insert("required".into(), json!(true));
        }
        let schema_obj = simple_schema(obj);
        if obj.get("type").and_then(Value::as_str) == Some("file") {
            self.error(
                &ptr.push("type"),
                format!("parameter '{name}' of type file must be in formData"),
            );
            return None;
        }
        out.insert("schema".into(), Value::Object(schema_obj));
        if let Some(cf) = obj.get("collectionFormat") {
            let (style, explode) = match (cf.as_str(), location) {
                (Some("csv"), "query") => ("form", false),
                (Some("csv"), _) => ("simple", false),
                (Some("multi"), "query") => ("form", true),
                (Some("ssv"), "query") => ("spaceDelimited", false),
                (Some("pipes"), "query") => ("pipeDelimited", false),
                (Some("multi" | "ssv" | "pipes"), _) => {
                    self.error(
                        &ptr.push("collectionFormat"),
                        format!("collectionFormat {cf} is only allowed on query parameters, not on a {location} parameter"),
                    );
                    return None;
                }
                (Some("tsv"), _) => {
                    self.error(
                        &ptr.push("collectionFormat"),
                        "collectionFormat \"tsv\" has no OpenAPI 3.0 equivalent",
                    );
                    return None;
                }
                _ => {
                    self.error(
                        &ptr.push("collectionFormat"),
                        format!("unknown collectionFormat {cf} for a {location} parameter"),
                    );
                    return None;
                }
            };
            out.insert("style".into(), json!(style));
            out.insert("explode".into(), json!(explode));
        } else if obj.get("type").and_then(Value::as_str) == Some("array") && location == "query" {
            // 2.0's default collectionFormat is csv.
            out.insert("style".into(), json!("form"));
            out.insert("explode".into(), json!(false));
        }
        Some(Value::Object(out))
    }

    fn operation(
        &mut self,
        op: &Value,
        inherited: &[(JsonPointer, &Value)],
        ptr: &JsonPointer,
    ) -> Value {
        let Some(obj) = op.as_object() else {
            self.error(ptr, "an operation must be an object");
            return json!({});
        };
        let mut out = Map::new();
        copy(
            obj,
            &mut out,
            &[
                "tags",
                "summary",
                "description",
                "operationId",
                "deprecated",
                "security",
                "externalDocs",
            ],
        );
        extensions(obj, &mut out);
        let consumes = strings(obj.get("consumes")).unwrap_or_else(|| self.list("consumes"));
        let produces = strings(obj.get("produces")).unwrap_or_else(|| self.list("produces"));

        let own: Vec<Value> = obj
            .get("parameters")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        let mut params = Vec::new();
        let mut form: Vec<(JsonPointer, Value)> = Vec::new();
        let mut body_ref: Option<Value> = None;
        let all: Vec<(JsonPointer, &Value)> = inherited
            .iter()
            .map(|(pptr, p)| (pptr.clone(), *p))
            .chain(
                own.iter()
                    .enumerate()
                    .map(|(i, p)| (ptr.push("parameters").push(i.to_string()), p)),
            )
            .collect();
        for (pptr, p) in all {
            let resolved = self.resolve(p).clone();
            match resolved.get("in").and_then(Value::as_str) {
                Some("body") => {
                    body_ref = Some(
                        match p
                            .get("$ref")
                            .and_then(Value::as_str)
                            .and_then(|r| r.strip_prefix("#/parameters/"))
                        {
                            Some(name) => {
                                json!({ "$ref": format!("#/components/requestBodies/{name}") })
                            }
                            None => match self.body(&resolved, &consumes, &pptr) {
                                Some(b) => b,
                                None => continue,
                            },
                        },
                    );
                }
                Some("formData") => form.push((pptr, resolved)),
                _ => {
                    if let Some(v) = self.parameter_or_ref(p, &pptr) {
                        params.push(v);
                    }
                }
            }
        }
        if !params.is_empty() {
            out.insert("parameters".into(), Value::Array(params));
        }
        if body_ref.is_some() && !form.is_empty() {
            self.error(
                &ptr.push("parameters"),
                "an operation cannot have both a body and formData parameters",
            );
        }
        if let Some(b) = body_ref {
            out.insert("requestBody".into(), b);
        } else if !form.is_empty() {
            out.insert("requestBody".into(), self.form_body(&form, &consumes));
        }

        let mut responses = Map::new();
        if let Some(rs) = obj.get("responses").and_then(Value::as_object) {
            for (code, r) in rs {
                responses.insert(code.clone(), response(r, &produces));
            }
        } else {
            self.error(&ptr.push("responses"), "an operation must have responses");
        }
        out.insert("responses".into(), Value::Object(responses));
        Value::Object(out)
    }

    /// A body parameter as a `requestBody`: one media type per `consumes` entry (the
    /// operation's, else the document's, else `application/json`), `required` carried over.
    fn body(&mut self, p: &Value, consumes: &[String], ptr: &JsonPointer) -> Option<Value> {
        let obj = p.as_object()?;
        let name = obj.get("name").and_then(Value::as_str).unwrap_or("");
        let Some(s) = obj.get("schema") else {
            self.error(ptr, format!("body parameter '{name}' has no schema"));
            return None;
        };
        let s = schema(s);
        let mut out = Map::new();
        copy(obj, &mut out, &["description"]);
        extensions(obj, &mut out);
        out.insert(
            "required".into(),
            json!(obj
                .get("required")
                .and_then(Value::as_bool)
                .unwrap_or(false)),
        );
        let media: Vec<String> = if consumes.is_empty() {
            vec!["application/json".into()]
        } else {
            consumes.to_vec()
        };
        let content: Map<String, Value> = media
            .into_iter()
            .map(|m| (m, json!({ "schema": s.clone() })))
            .collect();
        out.insert("content".into(), Value::Object(content));
        Some(Value::Object(out))
    }

    fn form_body(&mut self, form: &[(JsonPointer, Value)], consumes: &[String]) -> Value {
        let mut props = Map::new();
        let mut required = Vec::new();
        let mut has_file = false;
        for (ptr, p) in form {
            let name = p
                .get("name")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_owned();
            let Some(obj) = p.as_object() else { continue };
            if !obj.contains_key("type") {
                self.error(ptr, format!("parameter '{name}' has no type"));
                continue;
            }
            let mut s = simple_schema(obj);
            copy(obj, &mut s, &["description"]);
            if s.get("type").and_then(Value::as_str) == Some("file") {
                has_file = true;
                s.insert("type".into(), json!("string"));
                s.insert("format".into(), json!("binary"));
            }
            if obj.get("required").and_then(Value::as_bool) == Some(true) {
                required.push(json!(name));
            }
            props.insert(name, Value::Object(s));
        }
        let media = if has_file
            || consumes
                .iter()
                .any(|c| c.starts_with("multipart/form-data"))
        {
            "multipart/form-data"
        } else {
            "application/x-www-form-urlencoded"
        };
        let mut schema_obj = Map::new();
        schema_obj.insert("type".into(), json!("object"));
        schema_obj.insert("properties".into(), Value::Object(props));
        if !required.is_empty() {
            schema_obj.insert("required".into(), Value::Array(required.clone()));
        }
        json!({
            "required": !required.is_empty(),
            "content": { media: { "schema": Value::Object(schema_obj) } }
        })
    }
}

/// The schema of a 2.0 non-body parameter, form field or header: its `type`, `format`,
/// `items`, `enum`, `default` and validation keywords, `x-nullable` as `nullable`. Nested
/// `items` lose their `collectionFormat` (it says how the outer value is serialized, which the
/// parameter's `style` carries).
fn simple_schema(obj: &Map<String, Value>) -> Map<String, Value> {
    let mut out = Map::new();
    copy(obj, &mut out, SCHEMA_KEYS);
    if let Some(Value::Object(items)) = obj.get("items") {
        out.insert("items".into(), Value::Object(simple_schema(items)));
    } else if let Some(items) = obj.get("items") {
        out.insert("items".into(), schema(items));
    }
    if let Some(Value::Bool(b)) = obj.get("x-nullable") {
        out.insert("nullable".into(), Value::Bool(*b));
    }
    if let Some(Value::String(r)) = obj.get("$ref") {
        out.insert("$ref".into(), Value::String(rewrite_ref(r)));
    }
    out
}

/// A 2.0 response (or `$ref` to one) as 3.0: `schema` under one media type per `produces`
/// entry, 2.0 `examples` (keyed by media type) as that media type's `example`, headers with a
/// `schema`.
fn response(r: &Value, produces: &[String]) -> Value {
    let Some(obj) = r.as_object() else {
        return r.clone();
    };
    if let Some(reference) = obj.get("$ref").and_then(Value::as_str) {
        return json!({ "$ref": rewrite_ref(reference) });
    }
    let mut out = Map::new();
    extensions(obj, &mut out);
    out.insert(
        "description".into(),
        obj.get("description").cloned().unwrap_or_else(|| json!("")),
    );
    let examples = obj.get("examples").and_then(Value::as_object);
    if let Some(s) = obj.get("schema") {
        let s = schema(s);
        let media: Vec<String> = if produces.is_empty() {
            vec!["application/json".into()]
        } else {
            produces.to_vec()
        };
        let content: Map<String, Value> = media
            .into_iter()
            .map(|m| {
                let mut mt = Map::new();
                mt.insert("schema".into(), s.clone());
                if let Some(ex) = examples.and_then(|e| e.get(&m)) {
                    mt.insert("example".into(), ex.clone());
                }
                (m, Value::Object(mt))
            })
            .collect();
        out.insert("content".into(), Value::Object(content));
    }
    if let Some(headers) = obj.get("headers").and_then(Value::as_object) {
        let hs: Map<String, Value> = headers
            .iter()
            .map(|(name, h)| {
                let mut ho = Map::new();
                if let Some(hobj) = h.as_object() {
                    copy(hobj, &mut ho, &["description"]);
                    extensions(hobj, &mut ho);
                    ho.insert("schema".into(), Value::Object(simple_schema(hobj)));
                    if hobj.contains_key("collectionFormat") {
                        // Headers only have `simple` style; 2.0 allowed csv only in practice.
                        ho.insert("style".into(), json!("simple"));
                    }
                }
                (name.clone(), Value::Object(ho))
            })
            .collect();
        out.insert("headers".into(), Value::Object(hs));
    }
    Value::Object(out)
}

/// A 2.0 schema as 3.0: `$ref`s rewritten, `x-nullable` → `nullable`, `type: file` → binary,
/// `discriminator` name → object. Walks the schema's structure (`properties`, `items`,
/// `allOf`...) rather than every key, so a property *named* `default` or `enum` is converted
/// like any other while the value of a `default`, `enum` or `example` keyword is copied as is.
/// Recursive: serde_json's parser already bounds nesting depth at 128.
pub fn schema(v: &Value) -> Value {
    let Value::Object(map) = v else {
        return v.clone();
    };
    let mut out = Map::new();
    for (k, child) in map {
        match (k.as_str(), child) {
            ("$ref", Value::String(r)) => {
                out.insert(k.clone(), Value::String(rewrite_ref(r)));
            }
            ("x-nullable", Value::Bool(b)) => {
                out.insert("nullable".into(), Value::Bool(*b));
            }
            ("type", Value::String(t)) if t == "file" => {
                out.insert("type".into(), json!("string"));
                out.insert("format".into(), json!("binary"));
            }
            ("discriminator", Value::String(d)) => {
                out.insert(k.clone(), json!({ "propertyName": d }));
            }
            ("properties" | "patternProperties", Value::Object(props)) => {
                let props: Map<String, Value> =
                    props.iter().map(|(n, p)| (n.clone(), schema(p))).collect();
                out.insert(k.clone(), Value::Object(props));
            }
            ("items" | "additionalProperties" | "not", _) => {
                out.insert(k.clone(), schema(child));
            }
            ("allOf" | "anyOf" | "oneOf", Value::Array(parts)) => {
                out.insert(k.clone(), Value::Array(parts.iter().map(schema).collect()));
            }
            _ => {
                out.insert(k.clone(), child.clone());
            }
        }
    }
    Value::Object(out)
}
