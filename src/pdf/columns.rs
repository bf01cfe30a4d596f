//! Table column widths sized by their content: every column is at least as wide as its longest
//! word, so a cell breaks between words ("Presentata", never "Presentat|a"); the space left is
//! shared as the document asked. Only a word longer than any column could hold (a hash, a long
//! file name) is cut by characters.

/// Words longer than this many characters do not widen their column: they are cut instead.
const LONGEST_KEPT_WORD: usize = 24;

/// The narrowest width each column can take without cutting a word, given how wide each word is.
pub(super) fn minimum_widths<'a>(
    columns: usize,
    cells: impl Iterator<Item = (usize, &'a str, bool)>,
    measure: impl Fn(&str, bool) -> f32,
    padding: f32,
) -> Vec<f32> {
    let mut minimum = vec![padding; columns];
    for (column, text, bold) in cells {
        for word in super::fonts::words(text) {
            let word = word.as_ref();
            if word.chars().count() <= LONGEST_KEPT_WORD {
                let needed = measure(word, bold) + padding;
                if needed > minimum[column] {
                    minimum[column] = needed;
                }
            }
        }
    }
    minimum
}

/// Widths in proportion to `relative` over `total`, each raised to its minimum and the others
/// narrowed in proportion to what they can spare. When even the minimums do not fit, they are
/// scaled down together.
pub(super) fn fit(relative: &[f32], minimum: &[f32], total: f32) -> Vec<f32> {
    let needed: f32 = minimum.iter().sum();
    if needed >= total {
        return minimum.iter().map(|m| m / needed * total).collect();
    }
    let sum: f32 = relative.iter().sum();
    let wanted: Vec<f32> = relative.iter().map(|r| r / sum * total).collect();
    let deficit: f32 = wanted
        .iter()
        .zip(minimum)
        .map(|(w, m)| (m - w).max(0.0))
        .sum();
    let slack: f32 = wanted
        .iter()
        .zip(minimum)
        .map(|(w, m)| (w - m).max(0.0))
        .sum();
    wanted
        .iter()
        .zip(minimum)
        .map(|(w, m)| {
            if w < m {
                *m
            } else {
                w - deficit * (w - m) / slack
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_narrow_column_takes_its_longest_word_from_the_others() {
        let widths = fit(&[1.0, 9.0], &[60.0, 10.0], 400.0);
        assert_eq!(widths[0], 60.0);
        assert!((widths.iter().sum::<f32>() - 400.0).abs() < 0.01);
        assert!(widths[1] >= 10.0);
        let untouched = fit(&[1.0, 1.0], &[10.0, 10.0], 400.0);
        assert_eq!(untouched, [200.0, 200.0]);
        let squeezed = fit(&[1.0, 1.0], &[300.0, 300.0], 400.0);
        assert_eq!(squeezed, [200.0, 200.0]);
    }

    #[test]
    fn long_tokens_do_not_widen_a_column() {
        let hash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
        let cells = [(0, "Presentata", true), (1, hash, false)];
        let minimum = minimum_widths(2, cells.into_iter(), |w, _| w.len() as f32, 6.0);
        assert_eq!(minimum, [16.0, 6.0]);
    }
}
