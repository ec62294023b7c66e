//! What a process keeps in memory beside its pool, so that a page read asks
//! the database only for what may have changed.
//!
//! Two kinds of thing are cached, with two rules:
//!
//! - **Immutable things, by version** (a module version's HTML, contents and
//!   knowledge check): kept until the cache is full, keyed by everything
//!   that identifies the version, so one version can never be served for
//!   another.
//! - **Mutable state** (a session with its user and roles, a course's list of
//!   modules): trusted for at most [`FRESH_FOR`], then read again. A change
//!   this process makes takes effect here at once — the writer calls
//!   [`Caches::changed`] for its [`Topic`], and everything cached about that
//!   topic before is ignored. A change another `lantern` process makes (they
//!   share PostgreSQL) takes effect here within [`FRESH_FOR`].
//!
//! Caches hang off the [`Db`](super::Db) handle, not off statics, so two
//! databases in one process (tests; a backup being restored) never see each
//! other's entries. Each area defines its own cache type and finds it with
//! [`Caches::get`]; this module knows none of them, so the store stays at
//! the bottom of the house.

use std::any::{Any, TypeId};
use std::borrow::Borrow;
use std::collections::HashMap;
use std::hash::Hash;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

/// How long a process acts on mutable state it read without reading it
/// again: the bound within which signing out, a password change, disabling
/// an account, removing a role or importing a course on one process takes
/// effect on every other. Two seconds: a signed-in reader's page then costs
/// one session query every two seconds instead of one per request.
pub const FRESH_FOR: Duration = Duration::from_secs(2);

/// Entries one cache holds at most. Past it the cache starts over — simpler
/// than tracking use, and a miss costs one query. Ten thousand module
/// versions is far more than a deployment's curriculum; ten thousand
/// sessions touched within [`FRESH_FOR`] is far more than one node serves.
pub const CAPACITY: usize = 10_000;

/// What a write changed, for the caches of this process.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Topic {
    /// Accounts, roles and sessions: whoever is signed in, as whom.
    People,
    /// Courses, modules and their current versions.
    Content,
}

impl Topic {
    const ALL: [Topic; 2] = [Topic::People, Topic::Content];

    fn index(self) -> usize {
        self as usize
    }
}

/// The caches of one database handle.
pub struct Caches {
    instance: u64,
    generations: [AtomicU64; Topic::ALL.len()],
    slots: RwLock<HashMap<TypeId, Arc<dyn Any + Send + Sync>>>,
}

impl Default for Caches {
    fn default() -> Self {
        static NEXT: AtomicU64 = AtomicU64::new(1);
        Caches {
            instance: NEXT.fetch_add(1, Ordering::Relaxed),
            generations: Default::default(),
            slots: Default::default(),
        }
    }
}

impl std::fmt::Debug for Caches {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Caches").finish_non_exhaustive()
    }
}

impl Caches {
    /// A number no other database handle of this process has: what is kept
    /// outside these caches about this database's content (pages render
    /// parts of a module version once, `pages/fragments.rs`) is keyed with
    /// it, so two databases in one process never share an entry.
    pub fn instance(&self) -> u64 {
        self.instance
    }

    /// The cache of type `T` (made empty on first use).
    pub fn get<T: Default + Send + Sync + 'static>(&self) -> Arc<T> {
        let id = TypeId::of::<T>();
        if let Some(slot) = read(&self.slots).get(&id) {
            if let Ok(t) = Arc::clone(slot).downcast::<T>() {
                return t;
            }
        }
        let mut slots = self
            .slots
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let slot = slots
            .entry(id)
            .or_insert_with(|| Arc::new(T::default()) as Arc<dyn Any + Send + Sync>);
        Arc::clone(slot)
            .downcast::<T>()
            .expect("a slot holds the type it is keyed by")
    }

    /// This process changed `topic`: what any cache holds about it is stale.
    pub fn changed(&self, topic: Topic) {
        self.generations[topic.index()].fetch_add(1, Ordering::AcqRel);
    }

    /// How many changes to `topic` this process has made: an entry cached
    /// under an older generation is not used.
    pub fn generation(&self, topic: Topic) -> u64 {
        self.generations[topic.index()].load(Ordering::Acquire)
    }
}

fn read<T>(lock: &RwLock<T>) -> std::sync::RwLockReadGuard<'_, T> {
    // A panic while holding the lock leaves a map that is still a valid
    // map; carry on with it.
    lock.read()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

struct Entry<V> {
    at: Instant,
    generation: u64,
    value: V,
}

/// A map from keys to cloneable values (use `Arc` for large ones), with an
/// age limit for mutable state or none for immutable things.
pub struct Cache<K, V> {
    entries: RwLock<HashMap<K, Entry<V>>>,
    max_age: Option<Duration>,
}

impl<K: Eq + Hash, V: Clone> Cache<K, V> {
    /// For mutable state: an entry is used for [`FRESH_FOR`] at most.
    pub fn fresh() -> Self {
        Self::with_max_age(Some(FRESH_FOR))
    }

    /// For things that never change once written.
    pub fn immutable() -> Self {
        Self::with_max_age(None)
    }

    fn with_max_age(max_age: Option<Duration>) -> Self {
        Cache {
            entries: RwLock::new(HashMap::new()),
            max_age,
        }
    }

    /// The value cached for `key`, if it is young enough and nothing of its
    /// topic changed since (`generation` is the topic's generation now; 0
    /// for immutable things).
    pub fn get<Q>(&self, key: &Q, generation: u64) -> Option<V>
    where
        K: Borrow<Q>,
        Q: Eq + Hash + ?Sized,
    {
        let entries = read(&self.entries);
        let entry = entries.get(key)?;
        let young = self.max_age.is_none_or(|max| entry.at.elapsed() < max);
        (young && entry.generation == generation).then(|| entry.value.clone())
    }

    /// Keeps `value` for `key`, read when the topic's generation was
    /// `generation` (taken *before* the read, so that a change made during
    /// the read makes the entry stale rather than lost).
    pub fn put(&self, key: K, value: V, generation: u64) {
        let mut entries = self
            .entries
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if entries.len() >= CAPACITY {
            entries.clear();
        }
        entries.insert(
            key,
            Entry {
                at: Instant::now(),
                generation,
                value,
            },
        );
    }

    /// Forgets `key`.
    pub fn forget<Q>(&self, key: &Q)
    where
        K: Borrow<Q>,
        Q: Eq + Hash + ?Sized,
    {
        self.entries
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .remove(key);
    }

    pub fn len(&self) -> usize {
        read(&self.entries).len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Default)]
    struct Names(Cache<i64, String>);

    impl Default for Cache<i64, String> {
        fn default() -> Self {
            Cache::fresh()
        }
    }

    #[test]
    fn a_change_of_the_topic_makes_entries_stale() {
        let caches = Caches::default();
        let names = caches.get::<Names>();
        let before = caches.generation(Topic::People);
        names.0.put(1, "Noi".into(), before);
        assert_eq!(
            names.0.get(&1, caches.generation(Topic::People)).as_deref(),
            Some("Noi")
        );
        caches.changed(Topic::Content);
        assert!(
            names.0.get(&1, caches.generation(Topic::People)).is_some(),
            "another topic's change leaves it"
        );
        caches.changed(Topic::People);
        assert!(names.0.get(&1, caches.generation(Topic::People)).is_none());
        // The same cache is found again by its type.
        assert!(Arc::ptr_eq(&names, &caches.get::<Names>()));
    }

    #[test]
    fn fresh_entries_expire_and_immutable_ones_do_not() {
        let fresh: Cache<i64, i64> = Cache::with_max_age(Some(Duration::from_millis(30)));
        let kept: Cache<i64, i64> = Cache::immutable();
        fresh.put(1, 10, 0);
        kept.put(1, 10, 0);
        std::thread::sleep(Duration::from_millis(40));
        assert_eq!(fresh.get(&1, 0), None);
        assert_eq!(kept.get(&1, 0), Some(10));
    }

    #[test]
    fn a_full_cache_starts_over() {
        let c: Cache<usize, usize> = Cache::immutable();
        for i in 0..CAPACITY {
            c.put(i, i, 0);
        }
        assert_eq!(c.len(), CAPACITY);
        c.put(CAPACITY, 0, 0);
        assert_eq!(c.len(), 1);
        c.forget(&CAPACITY);
        assert!(c.is_empty());
    }
}
