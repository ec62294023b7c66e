//! A page's data, fetched once per render.
//!
//! Leptos runs a `<Suspense>`'s children closure more than once while it
//! renders a page on the server (the module page called its data function
//! three times per request), and drops the futures of the earlier runs
//! wherever they are — in the middle of the write that records a module as
//! opened, for one. A page therefore starts its data future once, in the
//! component's body, and every run of the closure awaits the same shared
//! future: the work is done once and is never cut off half-way while any
//! run still waits for it.

use futures::future::{FutureExt, Shared};
use std::future::Future;

/// `fetch`, to be awaited by every run of a `Suspend` (clone it into each).
pub fn once<F>(fetch: F) -> Shared<F>
where
    F: Future,
    F::Output: Clone,
{
    fetch.shared()
}
