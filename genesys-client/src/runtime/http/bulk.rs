//! Bulk reads of any size: split a list of inputs (e.g. user ids) into chunks of at most the
//! operation's documented limit, run one request per chunk with bounded concurrency, and keep
//! every chunk's result, in input order.
//!
//! Generated builders of operations with a limited list parameter call [`chunked`] from their
//! `send_chunked` method; it is public so a caller can do the same around any request.

use std::future::Future;
use std::ops::Range;

use futures_util::StreamExt;

use super::error::Error;

/// Default requests in flight for chunked reads.
pub const DEFAULT_BULK_IN_FLIGHT: usize = 4;

/// Splits `inputs` into chunks of at most `limit` (at least 1), calls `call` on each, at most
/// `in_flight` (at least 1) at a time, and returns every chunk's result in input order. A
/// failed chunk does not stop the others. No inputs, no requests.
pub async fn chunked<T, R, F, Fut>(
    inputs: Vec<T>,
    limit: usize,
    in_flight: usize,
    mut call: F,
) -> BulkOutcome<T, R>
where
    T: Clone,
    F: FnMut(Vec<T>) -> Fut,
    Fut: Future<Output = Result<R, Error>>,
{
    let limit = limit.max(1);
    let ranges: Vec<Range<usize>> = (0..inputs.len())
        .step_by(limit)
        .map(|start| start..inputs.len().min(start + limit))
        .collect();
    let calls: Vec<(Range<usize>, Fut)> = ranges
        .into_iter()
        .map(|range| {
            let chunk = inputs[range.clone()].to_vec();
            (range, call(chunk))
        })
        .collect();
    // `buffered` (not `buffer_unordered`): results come back in chunk order.
    let chunks = futures_util::stream::iter(calls)
        .map(|(range, fut)| async move {
            Chunk {
                range,
                result: fut.await,
            }
        })
        .buffered(in_flight.max(1))
        .collect()
        .await;
    BulkOutcome { inputs, chunks }
}

/// One request of a chunked read: which inputs it carried and what came back.
#[derive(Debug)]
#[non_exhaustive]
pub struct Chunk<R> {
    /// The chunk's inputs, as positions in [`BulkOutcome::inputs`].
    pub range: Range<usize>,
    /// The decoded response, or the request's error.
    pub result: Result<R, Error>,
}

/// Every chunk of a chunked read, in input order; failures are kept per chunk, never
/// swallowed.
#[derive(Debug)]
#[non_exhaustive]
pub struct BulkOutcome<T, R> {
    /// All inputs, in the order given.
    pub inputs: Vec<T>,
    /// One entry per request, in input order.
    pub chunks: Vec<Chunk<R>>,
}

impl<T, R> BulkOutcome<T, R> {
    /// Whether every chunk succeeded.
    pub fn is_complete(&self) -> bool {
        self.chunks.iter().all(|c| c.result.is_ok())
    }

    /// The failed chunks: their inputs and errors.
    pub fn failures(&self) -> impl Iterator<Item = (&[T], &Error)> {
        self.chunks.iter().filter_map(|c| match &c.result {
            Ok(_) => None,
            Err(e) => Some((&self.inputs[c.range.clone()], e)),
        })
    }
}

impl<T, I> BulkOutcome<T, Vec<I>> {
    /// The items of every successful chunk, in input order of the chunks (within a chunk, in
    /// the order the API answered), and the failed chunks with their inputs.
    pub fn into_items(self) -> (Vec<I>, Vec<(Vec<T>, Error)>)
    where
        T: Clone,
    {
        let mut items = Vec::new();
        let mut failed = Vec::new();
        for chunk in self.chunks {
            match chunk.result {
                Ok(part) => items.extend(part),
                Err(e) => failed.push((self.inputs[chunk.range].to_vec(), e)),
            }
        }
        (items, failed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn chunks_respect_the_limit_keep_input_order_and_report_failures() {
        let inputs: Vec<u32> = (0..230).collect();
        let outcome = chunked(inputs, 50, 3, |chunk: Vec<u32>| async move {
            assert!(chunk.len() <= 50);
            // Later chunks answer first: order must still follow the input.
            tokio::task::yield_now().await;
            if chunk[0] == 100 {
                Err(Error::Configuration {
                    message: "chunk 3 fails".into(),
                })
            } else {
                Ok(chunk.iter().map(|i| i * 10).collect::<Vec<_>>())
            }
        })
        .await;
        assert_eq!(outcome.chunks.len(), 5);
        assert!(!outcome.is_complete());
        let failed: Vec<_> = outcome
            .failures()
            .map(|(inputs, _)| inputs.to_vec())
            .collect();
        assert_eq!(failed, [(100..150).collect::<Vec<_>>()]);
        let (items, failed) = outcome.into_items();
        let expected: Vec<u32> = (0..100).chain(150..230).map(|i| i * 10).collect();
        assert_eq!(items, expected);
        assert_eq!(failed.len(), 1);
    }

    #[tokio::test]
    async fn no_inputs_no_requests() {
        let outcome = chunked(Vec::<u32>::new(), 50, 4, |_| async {
            panic!("no request expected");
            #[allow(unreachable_code)]
            Ok::<Vec<u32>, Error>(vec![])
        })
        .await;
        assert!(outcome.chunks.is_empty() && outcome.is_complete());
    }
}
