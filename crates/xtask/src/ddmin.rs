//! Delta debugging (Zeller and Hildebrandt's `ddmin`): given a set of
//! changes that makes a test fail while the empty set passes, find a
//! 1-minimal subset that still fails: removing any single change from it
//! makes the failure go away. Pure: the test is a closure, so this module
//! knows nothing about cargo or feature vectors (`bisect.rs` maps changes
//! to "switch this axis to the failing vector's implementation").

/// What one test run said about a set of changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    Pass,
    Fail,
    /// Neither: the configuration could not be tested (a build error, no
    /// test matched). Treated like a pass by `ddmin`, and reported.
    Unresolved(String),
}

impl Verdict {
    pub fn fails(&self) -> bool {
        matches!(self, Verdict::Fail)
    }
}

// Note [ddmin]
// ~~~~~~~~~~~~
// Split the failing set into n chunks (n = 2 first). If one chunk fails
// alone, continue with it (n = 2). Else, if a complement (the set minus one
// chunk) fails, continue with that (n - 1 chunks, at least 2). Else refine
// to 2n chunks, until the chunks are single changes and nothing smaller
// fails. The result is 1-minimal. With the handful of axes of the feature
// vector this takes a few runs; callers cache runs, because ddmin may ask
// about the same subset twice.

/// Minimises `changes` (which must fail as a whole) to a 1-minimal failing
/// subset, keeping the input order. `test` gets a subset of `changes`.
pub fn ddmin<T: Clone + PartialEq>(changes: &[T], test: &mut dyn FnMut(&[T]) -> Verdict) -> Vec<T> {
    let mut current: Vec<T> = changes.to_vec();
    let mut n = 2usize;
    while current.len() >= 2 {
        let chunks = split(&current, n);
        if let Some(chunk) = chunks.iter().find(|c| test(c).fails()) {
            current = chunk.clone();
            n = 2;
            continue;
        }
        // With two chunks each complement is the other chunk: already tried.
        if n > 2 {
            let complement = (0..chunks.len()).find_map(|skip| {
                let rest: Vec<T> = chunks
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| *i != skip)
                    .flat_map(|(_, c)| c.iter().cloned())
                    .collect();
                test(&rest).fails().then_some(rest)
            });
            if let Some(rest) = complement {
                current = rest;
                n = (n - 1).max(2);
                continue;
            }
        }
        if n >= current.len() {
            break;
        }
        n = (2 * n).min(current.len());
    }
    current
}

/// Splits `items` into `n` contiguous chunks of near-equal size (the first
/// ones one longer), none empty.
fn split<T: Clone>(items: &[T], n: usize) -> Vec<Vec<T>> {
    let n = n.clamp(1, items.len().max(1));
    let mut chunks = Vec::with_capacity(n);
    let mut start = 0;
    for i in 0..n {
        let len = items.len() / n + usize::from(i < items.len() % n);
        chunks.push(items[start..start + len].to_vec());
        start += len;
    }
    chunks.retain(|c| !c.is_empty());
    chunks
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Runs ddmin with a test that fails when the subset contains every one
    /// of `culprits`, and counts the distinct subsets tried (callers cache
    /// runs, so a repeated subset costs nothing).
    fn minimise(n: usize, culprits: &[usize]) -> (Vec<usize>, usize) {
        let changes: Vec<usize> = (0..n).collect();
        let mut tried = std::collections::BTreeSet::new();
        let result = ddmin(&changes, &mut |subset: &[usize]| {
            tried.insert(subset.to_vec());
            if culprits.iter().all(|c| subset.contains(c)) {
                Verdict::Fail
            } else {
                Verdict::Pass
            }
        });
        (result, tried.len())
    }

    #[test]
    fn finds_a_single_culprit_wherever_it_is() {
        for n in 1..=8 {
            for culprit in 0..n {
                assert_eq!(minimise(n, &[culprit]).0, vec![culprit], "n={n}");
            }
        }
    }

    #[test]
    fn finds_every_pair_that_fails_only_together() {
        for n in 2..=8 {
            for a in 0..n {
                for b in a + 1..n {
                    assert_eq!(minimise(n, &[a, b]).0, vec![a, b], "n={n}");
                }
            }
        }
    }

    #[test]
    fn four_axes_take_few_runs() {
        let (_, runs) = minimise(4, &[2]);
        assert!(runs <= 4, "{runs} runs");
        let (_, runs) = minimise(4, &[0, 3]);
        assert!(runs <= 10, "{runs} runs");
    }

    #[test]
    fn an_unresolved_run_is_not_a_failure() {
        let changes = vec![0, 1, 2];
        let result = ddmin(&changes, &mut |subset: &[usize]| {
            if subset == [0] {
                Verdict::Unresolved("build error".to_owned())
            } else if subset.contains(&1) {
                Verdict::Fail
            } else {
                Verdict::Pass
            }
        });
        assert_eq!(result, vec![1]);
    }

    #[test]
    fn the_result_is_one_minimal_for_an_either_or_failure() {
        // Fails with change 1 or with change 3: either alone is a valid
        // 1-minimal answer.
        let changes: Vec<usize> = (0..6).collect();
        let result = ddmin(&changes, &mut |subset: &[usize]| {
            if subset.contains(&1) || subset.contains(&3) {
                Verdict::Fail
            } else {
                Verdict::Pass
            }
        });
        assert!(result == vec![1] || result == vec![3], "{result:?}");
    }

    #[test]
    fn split_keeps_order_and_sizes() {
        assert_eq!(split(&[1, 2, 3, 4, 5], 2), vec![vec![1, 2, 3], vec![4, 5]]);
        assert_eq!(split(&[1, 2], 4), vec![vec![1], vec![2]]);
    }
}
