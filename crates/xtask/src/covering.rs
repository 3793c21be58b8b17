//! Pairwise covering arrays: a small set of rows (one value per axis) in
//! which every value of every axis appears, and every pair of values taken
//! from two different axes appears together in at least one row.
//!
//! This module is pure combinatorics: it knows nothing about features or
//! cargo. `crate::vector` maps its rows to feature vectors.

// Note [Why pairwise]
// ~~~~~~~~~~~~~~~~~~~
// Most faults caused by mixing implementations of the feature axes involve
// one axis alone or the interaction of two (the observation behind
// combinatorial interaction testing). All 3×4×3×3 = 108 vectors take too
// long for CI, while a pairwise covering array of the same axes has about a
// dozen rows (12 is the lower bound: the two largest axes have 4×3 pairs).
// `cargo xtask matrix --all` remains for the exhaustive run.
//
// Note [The IPOG construction]
// ~~~~~~~~~~~~~~~~~~~~~~~~~~~~
// We build the array with the "in-parameter-order" strategy (IPOG, Lei et
// al.), which is deterministic and close to optimal for small inputs:
//
// 1. Order the axes by decreasing size; start with every combination of the
//    first two.
// 2. For each further axis k (horizontal growth): give every existing row
//    the value of k that covers the most still-uncovered pairs between k and
//    the earlier axes; a row that would cover nothing keeps a "don't care".
// 3. (vertical growth) Each pair still uncovered is placed in an existing row
//    whose cells for the two axes are compatible (equal or "don't care"), or
//    else in a new row of don't-cares.
// 4. Finally don't-cares become value 0, and the axes are put back in their
//    original order.
//
// Every choice breaks ties by the lowest index, so the output is a pure
// function of the axis sizes: the CI set of vectors is stable from run to run.

use std::collections::BTreeSet;

/// A row of the array: `row[axis]` is the index of the chosen value.
pub type Row = Vec<usize>;

/// One pair still to cover: (earlier axis, its value, value of the new axis).
type Pair = (usize, usize, usize);

/// Computes a pairwise covering array for axes with the given number of
/// values each (see Note [The IPOG construction]).
///
/// With no axes the result is one empty row; if an axis has no values there
/// is no row at all; with one axis every value gets its own row.
pub fn pairwise(sizes: &[usize]) -> Vec<Row> {
    if sizes.contains(&0) {
        return Vec::new();
    }
    if sizes.is_empty() {
        return vec![Vec::new()];
    }
    // `order[p]` is the original axis placed at position p (largest first).
    let mut order: Vec<usize> = (0..sizes.len()).collect();
    order.sort_by(|&a, &b| sizes[b].cmp(&sizes[a]).then(a.cmp(&b)));
    let mut best = ipog_in_order(sizes, &order);
    // The greedy depends on the order of the axes; for a few axes, trying
    // every order is cheap and often saves a row or two (see Note [The IPOG
    // construction]).
    if sizes.len() <= MAX_AXES_FOR_ORDER_SEARCH && sizes.len() > 2 {
        for candidate_order in permutations(&order) {
            let candidate = ipog_in_order(sizes, &candidate_order);
            if candidate.len() < best.len() {
                best = candidate;
            }
        }
    }
    best
}

/// Above this many axes only the largest-first order is tried.
const MAX_AXES_FOR_ORDER_SEARCH: usize = 7;

fn permutations(items: &[usize]) -> Vec<Vec<usize>> {
    if items.len() <= 1 {
        return vec![items.to_vec()];
    }
    let mut out = Vec::new();
    for i in 0..items.len() {
        let mut rest = items.to_vec();
        let first = rest.remove(i);
        for mut tail in permutations(&rest) {
            tail.insert(0, first);
            out.push(tail);
        }
    }
    out
}

/// IPOG with the axes taken in `order` (`order[p]` = original axis at
/// position p); rows come back in the original axis order.
fn ipog_in_order(sizes: &[usize], order: &[usize]) -> Vec<Row> {
    let sorted: Vec<usize> = order.iter().map(|&axis| sizes[axis]).collect();

    let mut rows: Vec<Vec<Option<usize>>> = initial_rows(&sorted);
    for k in 2..sorted.len() {
        let mut uncovered = pairs_with_earlier_axes(&sorted, k);
        grow_horizontally(&mut rows, &sorted, k, &mut uncovered);
        grow_vertically(&mut rows, sorted.len(), k, &uncovered);
    }

    rows.into_iter()
        .map(|row| {
            let mut original = vec![0; sizes.len()];
            for (position, &axis) in order.iter().enumerate() {
                original[axis] = row[position].unwrap_or(0);
            }
            original
        })
        .collect()
}

/// Every combination of the first two (sorted) axes; one row per value if
/// there is a single axis.
fn initial_rows(sorted: &[usize]) -> Vec<Vec<Option<usize>>> {
    let width = sorted.len();
    let mut rows = Vec::new();
    if width == 1 {
        for v in 0..sorted[0] {
            rows.push(vec![Some(v)]);
        }
        return rows;
    }
    for a in 0..sorted[0] {
        for b in 0..sorted[1] {
            let mut row = vec![None; width];
            row[0] = Some(a);
            row[1] = Some(b);
            rows.push(row);
        }
    }
    rows
}

fn pairs_with_earlier_axes(sorted: &[usize], k: usize) -> BTreeSet<Pair> {
    let mut pairs = BTreeSet::new();
    for (j, &size_j) in sorted.iter().enumerate().take(k) {
        for vj in 0..size_j {
            for vk in 0..sorted[k] {
                pairs.insert((j, vj, vk));
            }
        }
    }
    pairs
}

fn grow_horizontally(
    rows: &mut [Vec<Option<usize>>],
    sorted: &[usize],
    k: usize,
    uncovered: &mut BTreeSet<Pair>,
) {
    for row in rows.iter_mut() {
        let gain = |vk: usize| {
            (0..k)
                .filter(|&j| row[j].is_some_and(|vj| uncovered.contains(&(j, vj, vk))))
                .count()
        };
        // Most new pairs first; among equals, the value with the most pairs
        // still to cover (the hardest to place later); then the lowest.
        let still_open = |vk: usize| uncovered.iter().filter(|p| p.2 == vk).count();
        let mut best: Option<(usize, usize, usize)> = None;
        for vk in 0..sorted[k] {
            let key = (gain(vk), still_open(vk));
            if key.0 > 0 && best.is_none_or(|(g, o, _)| key > (g, o)) {
                best = Some((key.0, key.1, vk));
            }
        }
        let Some((_, _, vk)) = best else {
            continue; // covers nothing new: keep a don't-care for vertical growth
        };
        row[k] = Some(vk);
        for (j, cell) in row.iter().enumerate().take(k) {
            if let Some(vj) = *cell {
                uncovered.remove(&(j, vj, vk));
            }
        }
    }
}

fn grow_vertically(
    rows: &mut Vec<Vec<Option<usize>>>,
    width: usize,
    k: usize,
    uncovered: &BTreeSet<Pair>,
) {
    let compatible = |cell: Option<usize>, value: usize| cell.is_none_or(|c| c == value);
    for &(j, vj, vk) in uncovered {
        let already = rows.iter().any(|r| r[j] == Some(vj) && r[k] == Some(vk));
        if already {
            continue; // covered while filling an earlier pair's don't-cares
        }
        match rows
            .iter_mut()
            .find(|r| compatible(r[j], vj) && compatible(r[k], vk))
        {
            Some(row) => {
                row[j] = Some(vj);
                row[k] = Some(vk);
            }
            None => {
                let mut row = vec![None; width];
                row[j] = Some(vj);
                row[k] = Some(vk);
                rows.push(row);
            }
        }
    }
}

/// Every row of the full Cartesian product, in lexicographic order.
pub fn all_rows(sizes: &[usize]) -> Vec<Row> {
    let mut rows = vec![Vec::new()];
    for &size in sizes {
        rows = rows
            .into_iter()
            .flat_map(|prefix| {
                (0..size).map(move |v| {
                    let mut row = prefix.clone();
                    row.push(v);
                    row
                })
            })
            .collect();
    }
    rows
}

/// The pairs (and, for a single axis, the values) that `rows` leaves
/// uncovered, as `((axis_a, value_a), (axis_b, value_b))`; empty means the
/// rows form a pairwise covering array. Used by the tests and as a guard by
/// callers.
pub fn missing_pairs(sizes: &[usize], rows: &[Row]) -> Vec<((usize, usize), (usize, usize))> {
    let mut missing = Vec::new();
    if sizes.len() == 1 {
        for v in 0..sizes[0] {
            if !rows.iter().any(|r| r[0] == v) {
                missing.push(((0, v), (0, v)));
            }
        }
    }
    for a in 0..sizes.len() {
        for b in a + 1..sizes.len() {
            for va in 0..sizes[a] {
                for vb in 0..sizes[b] {
                    if !rows.iter().any(|r| r[a] == va && r[b] == vb) {
                        missing.push(((a, va), (b, vb)));
                    }
                }
            }
        }
    }
    missing
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_covering(sizes: &[usize]) -> Vec<Row> {
        let rows = pairwise(sizes);
        for row in &rows {
            assert_eq!(row.len(), sizes.len(), "row {row:?} for {sizes:?}");
            for (axis, &v) in row.iter().enumerate() {
                assert!(
                    v < sizes[axis],
                    "value out of range in {row:?} for {sizes:?}"
                );
            }
        }
        assert_eq!(
            missing_pairs(sizes, &rows),
            vec![],
            "sizes {sizes:?}, rows {rows:?}"
        );
        // Every value of every axis appears (implied by the pairs when there
        // are two axes or more, checked directly to be sure).
        for (axis, &size) in sizes.iter().enumerate() {
            for v in 0..size {
                assert!(
                    rows.iter().any(|r| r[axis] == v),
                    "axis {axis} value {v} missing"
                );
            }
        }
        // No duplicate rows: a duplicate would be a wasted CI run.
        let distinct: BTreeSet<&Row> = rows.iter().collect();
        assert_eq!(distinct.len(), rows.len(), "duplicate rows in {rows:?}");
        rows
    }

    #[test]
    fn the_feature_axes_get_a_small_covering_set() {
        let rows = assert_covering(&[3, 4, 3, 3]);
        // 12 = 4×3 is the lower bound; allow one row of slack for the greedy.
        assert!(rows.len() <= 13, "{} rows: {rows:?}", rows.len());
        assert!(rows.len() >= 12);
    }

    #[test]
    fn every_small_shape_is_covered() {
        // Exhaustive over all shapes of up to 4 axes with 1..=4 values each.
        for width in 1..=4 {
            for shape in all_rows(&vec![4; width]) {
                let sizes: Vec<usize> = shape.iter().map(|v| v + 1).collect();
                assert_covering(&sizes);
            }
        }
    }

    #[test]
    fn wider_and_uneven_shapes_are_covered() {
        for sizes in [
            vec![2; 10],
            vec![3; 7],
            vec![5, 1, 3, 2, 6],
            vec![1, 1, 1],
            vec![7, 7],
            vec![2, 3, 4, 5, 6],
        ] {
            let rows = assert_covering(&sizes);
            let product: usize = sizes.iter().product();
            if sizes.len() >= 3 && product > 8 {
                assert!(
                    rows.len() < product,
                    "no saving for {sizes:?}: {} rows",
                    rows.len()
                );
            }
        }
    }

    #[test]
    fn degenerate_shapes() {
        assert_eq!(pairwise(&[]), vec![Vec::<usize>::new()]);
        assert_eq!(pairwise(&[3, 0, 2]), Vec::<Row>::new());
        assert_eq!(pairwise(&[3]), vec![vec![0], vec![1], vec![2]]);
    }

    #[test]
    fn the_checker_sees_a_missing_pair() {
        // Guard against a vacuous checker: drop a row and a pair disappears.
        let sizes = [2, 2, 2];
        let mut rows = pairwise(&sizes);
        let removed = rows.remove(0);
        let missing = missing_pairs(&sizes, &rows);
        assert!(!missing.is_empty(), "removing {removed:?} lost nothing?");
        assert!(
            missing
                .iter()
                .all(|&((a, va), (b, vb))| removed[a] == va && removed[b] == vb)
        );
    }

    #[test]
    fn the_construction_is_deterministic() {
        assert_eq!(pairwise(&[3, 4, 3, 3]), pairwise(&[3, 4, 3, 3]));
    }

    #[test]
    fn all_rows_is_the_product() {
        let rows = all_rows(&[3, 4, 3, 3]);
        assert_eq!(rows.len(), 108);
        let distinct: BTreeSet<&Row> = rows.iter().collect();
        assert_eq!(distinct.len(), 108);
    }
}
