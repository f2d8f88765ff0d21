//! How deeply a document may nest, and where it nests too deep.
//!
//! Deserializing `openapiv3` schemas (flattened, untagged enums) takes a lot of stack per level,
//! several KiB in unoptimized builds, and serde_json refuses text nested over 128 levels with
//! only a line and column. Both cases are reported here the same way: at the JSON pointer of
//! the first array or object nested deeper than [`MAX_DEPTH`].

use crate::diag::JsonPointer;
use crate::Error;
use serde_json::Value;

/// How deeply arrays and objects may nest. At this depth a 2 MiB thread is safe; Genesys
/// documents nest about 15 deep.
pub const MAX_DEPTH: usize = 64;

/// The error for nesting deeper than [`MAX_DEPTH`] at `pointer`.
fn too_deep_at(pointer: &JsonPointer) -> Error {
    Error::at(
        pointer,
        format!(
            "the document nests more than {MAX_DEPTH} arrays and objects deep here; \
             the generator reads at most {MAX_DEPTH} levels"
        ),
    )
}

/// Refuses a value nested deeper than [`MAX_DEPTH`]. Iterative, so it cannot overflow the
/// stack itself; pointers are built only on the way down to a node that is too deep.
pub fn check(value: &Value) -> Result<(), Error> {
    type Children<'v> = Box<dyn Iterator<Item = (String, &'v Value)> + 'v>;
    fn children(v: &Value) -> Children<'_> {
        match v {
            Value::Array(a) => Box::new(a.iter().enumerate().map(|(i, v)| (i.to_string(), v))),
            Value::Object(o) => Box::new(o.iter().map(|(k, v)| (k.clone(), v))),
            _ => Box::new(std::iter::empty()),
        }
    }
    let nested = |v: &Value| v.is_array() || v.is_object();
    if !nested(value) {
        return Ok(());
    }
    // Depth-first; the stack holds one iterator per open container, so its length is the depth.
    let mut stack: Vec<(String, Children<'_>)> = vec![(String::new(), children(value))];
    while let Some((_, iter)) = stack.last_mut() {
        match iter.next() {
            Some((key, child)) if nested(child) => {
                stack.push((key, children(child)));
                if stack.len() > MAX_DEPTH {
                    let pointer = stack
                        .iter()
                        .skip(1)
                        .fold(JsonPointer::root(), |p, (key, _)| p.push(key));
                    return Err(too_deep_at(&pointer));
                }
            }
            Some(_) => {}
            None => {
                stack.pop();
            }
        }
    }
    Ok(())
}

/// Reads `bytes` as JSON; text nested too deep for serde_json is reported at the pointer of the
/// first container deeper than [`MAX_DEPTH`] instead of serde_json's line and column.
pub fn parse(bytes: &[u8]) -> Result<Value, Error> {
    serde_json::from_slice(bytes).map_err(|e| {
        let recursion = e.is_syntax() && e.to_string().starts_with("recursion limit exceeded");
        match recursion.then(|| pointer_too_deep_in_text(bytes)).flatten() {
            Some(pointer) => too_deep_at(&pointer),
            None => Error::Json(e),
        }
    })
}

/// One open container while scanning JSON text.
enum Open {
    /// An object, with the key of the member being read (if its key has been read).
    Object { key: Option<String>, in_key: bool },
    /// An array, with the index of the element being read.
    Array(usize),
}

/// The pointer to the first container nested deeper than [`MAX_DEPTH`] in JSON text, found
/// with a structural scan (strings, brackets, `,` and `:`); `None` if there is none or the text
/// breaks off. Only used to explain an error, so it favours simplicity over speed.
fn pointer_too_deep_in_text(bytes: &[u8]) -> Option<JsonPointer> {
    let mut stack: Vec<Open> = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => {
                let start = i;
                i += 1;
                while *bytes.get(i)? != b'"' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                if let Some(Open::Object { key, in_key: true }) = stack.last_mut() {
                    *key = Some(serde_json::from_slice(&bytes[start..=i]).ok()?);
                }
            }
            open @ (b'{' | b'[') => {
                stack.push(if open == b'{' {
                    Open::Object {
                        key: None,
                        in_key: true,
                    }
                } else {
                    Open::Array(0)
                });
                if stack.len() > MAX_DEPTH {
                    // The pointer names the member or element each open container is reading.
                    let parents = &stack[..stack.len() - 1];
                    return Some(
                        parents
                            .iter()
                            .fold(JsonPointer::root(), |p, open| match open {
                                Open::Object { key, .. } => {
                                    p.push(key.as_deref().unwrap_or_default())
                                }
                                Open::Array(index) => p.push(index.to_string()),
                            }),
                    );
                }
            }
            b'}' | b']' => {
                stack.pop();
            }
            b',' => match stack.last_mut() {
                Some(Open::Array(index)) => *index += 1,
                Some(Open::Object { key, in_key }) => {
                    *key = None;
                    *in_key = true;
                }
                None => {}
            },
            b':' => {
                if let Some(Open::Object { in_key, .. }) = stack.last_mut() {
                    *in_key = false;
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `{"a":[1,{"k~/":` then `depth` more arrays: the first too deep is at a known pointer.
    fn nested_text(depth: usize) -> String {
        format!(
            "{{\"x\":\"{{[\\\"\",\"a\":[1,{{\"k~/\":{}{}}}]}}",
            "[".repeat(depth),
            "]".repeat(depth)
        )
    }

    #[test]
    fn text_too_deep_is_reported_at_its_pointer() {
        // Open containers: root object, "a" array, element 1 object, then the arrays under
        // "k~/": the 62nd of those is container 65, under 61 of them.
        let text = nested_text(300);
        let err = parse(text.as_bytes()).unwrap_err().to_string();
        let expected = format!("at #/a/1/k~0~1{}: ", "/0".repeat(61));
        assert!(err.starts_with(&expected), "{err}");
        assert!(err.contains("more than 64"), "{err}");
    }

    #[test]
    fn shallow_text_parses_and_bad_text_keeps_serde_position() {
        assert!(parse(nested_text(10).as_bytes()).is_ok());
        let err = parse(b"{\"a\": [1, }").unwrap_err().to_string();
        assert!(err.contains("line 1 column"), "{err}");
    }

    #[test]
    fn values_too_deep_are_reported_at_the_same_pointer_as_text() {
        let value: Value = serde_json::from_str(&nested_text(100)).unwrap();
        let from_value = check(&value).unwrap_err().to_string();
        let from_text = pointer_too_deep_in_text(nested_text(100).as_bytes()).unwrap();
        assert!(
            from_value.starts_with(&format!("at {from_text}: ")),
            "{from_value}"
        );
        check(&serde_json::from_str(&nested_text(60)).unwrap()).unwrap();
    }
}
