//! Page-numbered listings (`pageNumber`/`pageSize`, `pageCount`, `nextUri`) as streams of items.

use std::collections::VecDeque;
use std::future::Future;

use futures_util::stream::BoxStream;
use futures_util::StreamExt;

use super::error::Error;

/// A stream of listing items, boxed so it is `Unpin` (`while let Some(x) = s.next().await`
/// needs no pinning) and `Send` (it can move into a spawned task). Generated `stream()`
/// methods return `ItemStream<'static, T>`.
pub type ItemStream<'a, T> = BoxStream<'a, Result<T, Error>>;

/// One page of a listing, as the pagination helpers see it.
///
/// `#[non_exhaustive]`: outside this crate, build one with [`Page::new`] and the `with_*`
/// setters.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct Page<T> {
    /// The items on this page.
    pub entities: Vec<T>,
    /// The page number the server reports, if any.
    pub page_number: Option<i64>,
    /// How many pages the server reports, if any.
    pub page_count: Option<i64>,
    /// The server's link to the next page, if any.
    pub next_uri: Option<String>,
}

impl<T> Page<T> {
    /// A page holding `entities` and no paging fields.
    pub fn new(entities: Vec<T>) -> Self {
        Page {
            entities,
            page_number: None,
            page_count: None,
            next_uri: None,
        }
    }

    /// Sets [`page_number`](Self::page_number) (listings carry it as an optional field).
    pub fn with_page_number(mut self, number: Option<i64>) -> Self {
        self.page_number = number;
        self
    }

    /// Sets [`page_count`](Self::page_count).
    pub fn with_page_count(mut self, count: Option<i64>) -> Self {
        self.page_count = count;
        self
    }

    /// Sets [`next_uri`](Self::next_uri).
    pub fn with_next_uri(mut self, uri: Option<String>) -> Self {
        self.next_uri = uri;
        self
    }
}

/// A listing response type (`…EntityListing`); generated listings implement it.
pub trait Listing {
    /// The type of one item.
    type Item;
    /// The page's items and paging fields.
    fn into_page(self) -> Page<Self::Item>;
}

/// Streams every item of a listing, fetching pages `first_page`, `first_page + 1`, … lazily
/// with `fetch(page_number)`.
///
/// After each page the stream stops when the page is empty, or when `page_count` is reported
/// and reached, or (when `page_count` is not reported) when there is no `next_uri`. An error is
/// yielded as the stream's last item.
pub fn paginate<'a, L, F, Fut>(first_page: i32, fetch: F) -> ItemStream<'a, L::Item>
where
    L: Listing,
    L::Item: Send + 'a,
    F: FnMut(i32) -> Fut + Send + 'a,
    Fut: Future<Output = Result<L, Error>> + Send + 'a,
{
    let state = State {
        fetch,
        next_page: Some(first_page),
        buffer: VecDeque::new(),
    };
    futures_util::stream::unfold(state, |mut state| async move {
        loop {
            if let Some(item) = state.buffer.pop_front() {
                return Some((Ok(item), state));
            }
            let page_number = state.next_page.take()?;
            match (state.fetch)(page_number).await {
                Err(err) => return Some((Err(err), state)),
                Ok(listing) => {
                    let page = listing.into_page();
                    let more = !page.entities.is_empty()
                        && match page.page_count {
                            Some(count) => i64::from(page_number) < count,
                            None => page.next_uri.is_some(),
                        };
                    if more {
                        state.next_page = page_number.checked_add(1);
                    }
                    state.buffer.extend(page.entities);
                }
            }
        }
    })
    .boxed()
}

struct State<F, T> {
    fetch: F,
    next_page: Option<i32>,
    buffer: VecDeque<T>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use futures_util::StreamExt;
    use std::sync::Mutex;

    struct Fake(Page<u32>);

    impl Listing for Fake {
        type Item = u32;
        fn into_page(self) -> Page<u32> {
            self.0
        }
    }

    fn page(entities: Vec<u32>, count: Option<i64>, next: bool) -> Fake {
        Fake(Page {
            entities,
            page_number: None,
            page_count: count,
            next_uri: next.then(|| "/next".to_owned()),
        })
    }

    fn block_on<F: Future>(f: F) -> F::Output {
        tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap()
            .block_on(f)
    }

    #[test]
    fn stops_at_page_count() {
        let calls = Mutex::new(Vec::new());
        let items: Vec<_> = block_on(
            paginate(1, |n| {
                calls.lock().unwrap().push(n);
                async move { Ok(page(vec![n as u32 * 10, n as u32 * 10 + 1], Some(2), true)) }
            })
            .collect(),
        );
        let items: Vec<u32> = items.into_iter().map(Result::unwrap).collect();
        assert_eq!(items, vec![10, 11, 20, 21]);
        assert_eq!(*calls.lock().unwrap(), vec![1, 2]);
    }

    #[test]
    fn stops_without_next_uri_or_on_empty_page() {
        let items: Vec<_> = block_on(
            paginate(3, |n| async move { Ok(page(vec![n as u32], None, n < 4)) }).collect(),
        );
        assert_eq!(items.len(), 2);
        let items: Vec<_> = block_on(
            paginate(1, |n| async move {
                Ok(page(if n < 2 { vec![1] } else { vec![] }, Some(10), true))
            })
            .collect(),
        );
        assert_eq!(items.len(), 1);
    }

    #[test]
    fn an_error_ends_the_stream() {
        let items: Vec<Result<u32, Error>> = block_on(
            paginate(1, |n| async move {
                if n == 2 {
                    Err(Error::configuration("boom"))
                } else {
                    Ok(page(vec![n as u32], Some(5), true))
                }
            })
            .collect(),
        );
        assert_eq!(items.len(), 2);
        assert!(items[0].is_ok());
        assert!(matches!(items[1], Err(Error::Configuration { .. })));
    }
}
