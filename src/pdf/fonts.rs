//! The two embedded fonts, their widths, and line wrapping measured with them.

use std::sync::OnceLock;

use printpdf::{FontId, ParsedFont};

pub(super) struct Fonts {
    pub(super) regular: Face,
    pub(super) bold: Face,
}

/// Characters below this have their advance widths looked up once, when the fonts load: every
/// Italian and English text, and most European names, measure from a table.
const TABULATED: usize = 0x250;

/// A font and the advance widths of its common characters.
pub(super) struct Face {
    pub(super) font: ParsedFont,
    per_em: f32,
    advances: Vec<u16>,
}

impl Face {
    fn new(font: ParsedFont) -> Face {
        let advances = (0..TABULATED as u32)
            .map(|c| font.get_horizontal_advance(font.lookup_glyph_index(c).unwrap_or(0)))
            .collect();
        Face {
            per_em: f32::from(font.font_metrics.units_per_em),
            advances,
            font,
        }
    }

    fn advance(&self, c: char) -> u32 {
        match self.advances.get(c as usize) {
            Some(units) => u32::from(*units),
            None => u32::from(
                self.font
                    .get_horizontal_advance(self.font.lookup_glyph_index(c as u32).unwrap_or(0)),
            ),
        }
    }

    pub(super) fn width(&self, s: &str, size: f32) -> f32 {
        let units: u32 = s.chars().map(|c| self.advance(c)).sum();
        units as f32 * size / self.per_em
    }
}

/// Fixed ids keep resource names and subset prefixes the same on every run.
pub(super) fn regular_id() -> FontId {
    FontId("PDSREG".into())
}

pub(super) fn bold_id() -> FontId {
    FontId("PDSBLD".into())
}

/// The fonts are parsed once per process: every document uses the same two.
pub(super) fn fonts() -> &'static Fonts {
    static FONTS: OnceLock<Fonts> = OnceLock::new();
    FONTS.get_or_init(|| {
        let mut warnings = Vec::new();
        let regular = ParsedFont::from_bytes(dejavu::sans::regular(), 0, &mut warnings);
        let bold = ParsedFont::from_bytes(dejavu::sans::bold(), 0, &mut warnings);
        match (regular, bold) {
            (Some(regular), Some(bold)) => Fonts {
                regular: Face::new(regular),
                bold: Face::new(bold),
            },
            // Compiled in: failing to parse them is a build defect, not a runtime state.
            _ => panic!("the embedded DejaVu fonts cannot be parsed"),
        }
    })
}

/// The character drawn for one the fonts lack (an emoji): a visible mark, never an empty box.
const REPLACEMENT: char = '\u{FFFD}';

impl Face {
    fn has_glyph(&self, c: char) -> bool {
        self.font
            .lookup_glyph_index(c as u32)
            .is_some_and(|g| g != 0)
    }
}

/// Text as the fonts can draw it: a control character (a tab, a stray escape) becomes a space
/// and a character neither font has becomes U+FFFD; line breaks stay.
pub(super) fn printable<'s>(fonts: &Fonts, s: &'s str) -> std::borrow::Cow<'s, str> {
    let drawable = |c: char| {
        c == '\n'
            || (!c.is_control()
                && ((c as usize) < TABULATED
                    || fonts.regular.has_glyph(c) && fonts.bold.has_glyph(c)))
    };
    if s.chars().all(drawable) {
        return std::borrow::Cow::Borrowed(s);
    }
    s.chars()
        .map(|c| match c {
            c if drawable(c) => c,
            c if c.is_control() => ' ',
            _ => REPLACEMENT,
        })
        .collect()
}

/// The words a line may break between: "€ 40.000,00" is one, so an amount never loses its sign.
pub(super) fn words(paragraph: &str) -> Vec<std::borrow::Cow<'_, str>> {
    let mut out: Vec<std::borrow::Cow<'_, str>> = Vec::new();
    let mut tokens = paragraph.split_whitespace();
    while let Some(token) = tokens.next() {
        match token {
            "€" => match tokens.next() {
                Some(amount) => out.push(format!("€ {amount}").into()),
                None => out.push(token.into()),
            },
            _ => out.push(token.into()),
        }
    }
    out
}

/// Greedy word wrap; a word wider than the line (a hash, a long file name) is cut by characters.
/// Widths are added up as words are placed, so a paragraph is measured once.
pub(super) fn wrap(font: &Face, text: &str, size: f32, width: f32) -> Vec<String> {
    let text = printable(fonts(), text);
    let space = font.width(" ", size);
    let mut lines = Vec::new();
    for paragraph in text.split('\n') {
        let mut current = String::new();
        let mut current_w = 0.0;
        for word in words(paragraph) {
            let word = word.as_ref();
            let word_w = font.width(word, size);
            let needed = if current.is_empty() {
                word_w
            } else {
                current_w + space + word_w
            };
            if needed <= width {
                if !current.is_empty() {
                    current.push(' ');
                }
                current.push_str(word);
                current_w = needed;
                continue;
            }
            if !current.is_empty() {
                lines.push(std::mem::take(&mut current));
                current_w = 0.0;
            }
            if word_w <= width {
                current.push_str(word);
                current_w = word_w;
                continue;
            }
            for c in word.chars() {
                let c_w = font.width(c.encode_utf8(&mut [0; 4]), size);
                if current_w + c_w > width && !current.is_empty() {
                    lines.push(std::mem::take(&mut current));
                    current_w = 0.0;
                }
                current.push(c);
                current_w += c_w;
            }
        }
        lines.push(current);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emoji_and_control_characters_print_as_a_visible_mark_or_a_space() {
        let fonts = fonts();
        assert_eq!(printable(fonts, "Città di Forlì € ½"), "Città di Forlì € ½");
        assert_eq!(
            printable(fonts, "Ottimo 🦀\tlavoro\u{7}"),
            "Ottimo \u{FFFD} lavoro "
        );
        assert!(!fonts.regular.has_glyph('🦀'), "a character the fonts lack");
        assert_eq!(printable(fonts, "a\nb"), "a\nb");
        assert!(fonts.regular.has_glyph('\u{FFFD}') && fonts.bold.has_glyph('\u{FFFD}'));
    }

    #[test]
    fn wrapping_keeps_every_character_and_respects_the_width() {
        let fonts = fonts();
        let text = "Città di Forlì: però più caffè € 1.234,56 ".repeat(10);
        let lines = wrap(&fonts.regular, &text, 10.0, 200.0);
        assert!(lines.len() > 3);
        assert!(lines.iter().all(|l| fonts.regular.width(l, 10.0) <= 200.0));
        assert_eq!(
            lines.join(" ").split_whitespace().collect::<Vec<_>>(),
            text.split_whitespace().collect::<Vec<_>>()
        );
        let hash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
        let cut = wrap(&fonts.regular, hash, 9.0, 120.0);
        assert!(cut.len() > 1);
        assert_eq!(cut.concat(), hash);
    }
}
