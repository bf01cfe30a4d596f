//! A small element tree, written with quick-xml's escaping: text and attribute values never
//! become markup, and characters XML 1.0 cannot carry are dropped.

use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};

#[derive(Debug, Clone)]
pub struct El {
    name: &'static str,
    attributes: Vec<(&'static str, String)>,
    text: Option<String>,
    children: Vec<El>,
}

impl El {
    pub fn new(name: &'static str) -> El {
        El {
            name,
            attributes: Vec::new(),
            text: None,
            children: Vec::new(),
        }
    }

    /// An element holding only text.
    pub fn leaf(name: &'static str, text: impl Into<String>) -> El {
        El::new(name).text(text)
    }

    /// A code from an eForms codelist: `<name listName="list">code</name>`.
    pub fn code(name: &'static str, list: &str, code: &str) -> El {
        El::leaf(name, code).attr("listName", list)
    }

    pub fn attr(mut self, name: &'static str, value: impl Into<String>) -> El {
        self.attributes.push((name, value.into()));
        self
    }

    pub fn text(mut self, text: impl Into<String>) -> El {
        self.text = Some(xml_chars(&text.into()));
        self
    }

    pub fn child(mut self, child: El) -> El {
        self.children.push(child);
        self
    }

    pub fn children(mut self, children: impl IntoIterator<Item = El>) -> El {
        self.children.extend(children);
        self
    }

    pub fn maybe(self, child: Option<El>) -> El {
        self.children(child)
    }

    fn write(&self, writer: &mut Writer<Vec<u8>>) -> std::io::Result<()> {
        let mut start = BytesStart::new(self.name);
        for (name, value) in &self.attributes {
            start.push_attribute((*name, xml_chars(value).as_str()));
        }
        if self.text.is_none() && self.children.is_empty() {
            return writer.write_event(Event::Empty(start));
        }
        writer.write_event(Event::Start(start))?;
        if let Some(text) = &self.text {
            writer.write_event(Event::Text(BytesText::new(text)))?;
        }
        for child in &self.children {
            child.write(writer)?;
        }
        writer.write_event(Event::End(BytesEnd::new(self.name)))
    }
}

/// The document, UTF-8, indented with tabs like the SDK's examples.
pub fn document(root: &El) -> String {
    let mut writer = Writer::new_with_indent(Vec::new(), b'\t', 1);
    // Writing into a Vec cannot fail.
    writer
        .write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))
        .and_then(|_| root.write(&mut writer))
        .expect("writing XML into memory");
    String::from_utf8(writer.into_inner()).expect("quick-xml writes the UTF-8 it is given")
}

/// XML 1.0 carries tab, newline, carriage return and everything from U+0020 except the
/// surrogates and U+FFFE/U+FFFF (which a Rust `char` cannot hold or are dropped here).
fn xml_chars(text: &str) -> String {
    text.chars()
        .filter(|c| {
            matches!(c, '\t' | '\n' | '\r') || (*c >= ' ' && !matches!(c, '\u{FFFE}' | '\u{FFFF}'))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_and_attributes_are_escaped_and_never_markup() {
        let root = El::new("r")
            .child(El::leaf("cbc:Name", "<b>A & B</b>\u{1}").attr("languageID", "\"ITA\" <x>"));
        let xml = document(&root);
        assert!(xml.contains("<cbc:Name languageID=\"&quot;ITA&quot; &lt;x&gt;\">&lt;b&gt;A &amp; B&lt;/b&gt;</cbc:Name>"), "{xml}");
        assert!(!xml.contains('\u{1}'));
        assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"));
    }

    #[test]
    fn empty_elements_close_themselves() {
        assert!(document(&El::new("a").child(El::new("b"))).contains("<b/>"));
    }
}
