//! The bench's only source of randomness: a seeded ChaCha8 stream with hand-written
//! range and weight helpers.
//!
//! Every figure must be reproducible: the same seed has to give byte-identical articles
//! and queries on any machine and with any later `rand` release. ChaCha8's output is
//! fixed by its specification, and the helpers below use only its raw `u64`s, so no
//! library's choice of sampling algorithm can change the workload.

use rand_chacha::ChaCha8Rng;
use rand_chacha::rand_core::{RngCore, SeedableRng};

/// Separates the random streams of unrelated uses of the same seed.
#[derive(Debug, Clone, Copy)]
pub enum Purpose {
    /// Publication dates of the whole archive.
    Dates = 1,
    /// The content of one article (one stream per article, so articles are generated in parallel).
    Article = 2,
    /// The query mix.
    Mix = 3,
}

/// A deterministic random stream.
///
/// ```ignore
/// let mut a = BenchRng::new(7, Purpose::Mix, 0);
/// let mut b = BenchRng::new(7, Purpose::Mix, 0);
/// assert_eq!(a.below(1000), b.below(1000));
/// ```
#[derive(Debug, Clone)]
pub struct BenchRng(ChaCha8Rng);

impl BenchRng {
    /// The stream `item` of `purpose` under `seed`.
    pub fn new(seed: u64, purpose: Purpose, item: u64) -> Self {
        let mut rng = ChaCha8Rng::seed_from_u64(seed.rotate_left(8) ^ purpose as u64);
        rng.set_stream(item);
        BenchRng(rng)
    }

    /// Uniform in `0..n` (0 when `n` is 0), by Lemire's multiply-shift.
    pub fn below(&mut self, n: usize) -> usize {
        ((u128::from(self.0.next_u64()) * n as u128) >> 64) as usize
    }

    /// Uniform in `lo..=hi`.
    pub fn between(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi.saturating_sub(lo) + 1)
    }

    /// Uniform in `[0, 1)` with 53 random bits.
    pub fn unit(&mut self) -> f64 {
        (self.0.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    /// A uniformly chosen element, `None` for an empty slice.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> Option<&'a T> {
        if items.is_empty() {
            None
        } else {
            items.get(self.below(items.len()))
        }
    }
}

/// Draws indices in proportion to fixed weights (binary search over the running sums).
#[derive(Debug, Clone)]
pub struct Weighted {
    cumulative: Vec<f64>,
}

impl Weighted {
    /// From non-negative weights; an empty or all-zero list draws nothing.
    pub fn new(weights: impl IntoIterator<Item = f64>) -> Self {
        let mut total = 0.0;
        let cumulative = weights
            .into_iter()
            .map(|w| {
                total += w.max(0.0);
                total
            })
            .collect();
        Weighted { cumulative }
    }

    /// Zipf's law over `n` ranks: rank `k` (from 0) has weight `1 / (k + 1)^s`.
    pub fn zipf(n: usize, s: f64) -> Self {
        Weighted::new((1..=n).map(|k| (k as f64).powf(-s)))
    }

    /// An index drawn by weight, `None` when there is nothing to draw.
    pub fn sample(&self, rng: &mut BenchRng) -> Option<usize> {
        let total = *self.cumulative.last()?;
        if total <= 0.0 {
            return None;
        }
        let target = rng.unit() * total;
        let index = self.cumulative.partition_point(|&c| c <= target);
        Some(index.min(self.cumulative.len() - 1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_stream_and_streams_differ() {
        let draw = |seed, item| {
            let mut rng = BenchRng::new(seed, Purpose::Article, item);
            (0..32).map(|_| rng.below(1_000_000)).collect::<Vec<_>>()
        };
        assert_eq!(draw(1, 5), draw(1, 5));
        assert_ne!(draw(1, 5), draw(1, 6));
        assert_ne!(draw(1, 5), draw(2, 5));
    }

    #[test]
    fn ranges_stay_in_bounds() {
        let mut rng = BenchRng::new(3, Purpose::Mix, 0);
        for _ in 0..10_000 {
            assert!(rng.below(7) < 7);
            let x = rng.between(4, 12);
            assert!((4..=12).contains(&x));
            let u = rng.unit();
            assert!((0.0..1.0).contains(&u));
        }
        assert_eq!(rng.below(0), 0);
    }

    #[test]
    fn zipf_favours_the_first_ranks() {
        let weighted = Weighted::zipf(40, 1.0);
        let mut rng = BenchRng::new(9, Purpose::Mix, 1);
        let mut counts = [0usize; 40];
        for _ in 0..20_000 {
            counts[weighted.sample(&mut rng).unwrap()] += 1;
        }
        assert!(counts[0] > 3 * counts[9], "{counts:?}");
        assert!(counts[39] > 0);
        assert!(Weighted::new([0.0, 0.0]).sample(&mut rng).is_none());
        assert!(Weighted::new([]).sample(&mut rng).is_none());
    }
}
