//! Where a value is in a rule file: the line and column of the node at a
//! path such as `settings.tolerance` or `outlets[3].domains[0]`, as the
//! YAML parser itself sees it (block or flow style, quoted or not, any
//! indentation), so that an error points at the user's own value.
//!
//! serde_yaml keeps no spans in its values, but it does locate errors: the
//! file is walked again along the path, and the node at its end answers
//! with an error, whose location is that node's.

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use std::fmt;

/// One step of a path into a YAML document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step<'a> {
    /// The value of a mapping's key.
    Key(&'a str),
    /// The n-th (0-based) item of a sequence.
    Index(usize),
}

/// The message the node at the end of the path answers with.
const HERE: &str = "\u{0}crosscheck: the node sought";

/// The 1-based line and column of the node at `path` in a YAML text, or
/// `None` when there is no such node (or the text is not YAML).
pub fn position(text: &str, path: &[Step]) -> Option<(usize, usize)> {
    let de = serde_yaml::Deserializer::from_str(text);
    match (Seek { path }).deserialize(de) {
        Ok(()) => None,
        Err(e) if e.to_string().contains(HERE) => e.location().map(|l| (l.line(), l.column())),
        Err(_) => None,
    }
}

/// The 1-based line and column of the byte at `offset` of a text, the
/// column counted in characters; the offset is clamped to the text.
pub fn line_column_of_offset(bytes: &[u8], offset: usize) -> (usize, usize) {
    let before = bytes.get(..offset).unwrap_or(bytes);
    let line_start = before.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let on_line = before.get(line_start..).unwrap_or(&[]);
    // count characters, not bytes: a UTF-8 continuation byte starts none
    let column = on_line.iter().filter(|&&b| b & 0xC0 != 0x80).count() + 1;
    (line, column)
}

/// Walks down the path; `Ok(())` means the path is not in the document.
struct Seek<'p, 'a> {
    path: &'p [Step<'a>],
}

impl<'de> DeserializeSeed<'de> for Seek<'_, '_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        match self.path.split_first() {
            None => d.deserialize_any(Here),
            Some((Step::Key(key), rest)) => d.deserialize_map(InMap { key, rest }),
            Some((Step::Index(index), rest)) => d.deserialize_seq(InSeq { index: *index, rest }),
        }
    }
}

/// The node sought: whatever it is, it answers with [`HERE`].
struct Here;

impl<'de> Visitor<'de> for Here {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any value")
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<(), E> {
        Err(E::custom(HERE))
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<(), E> {
        Err(E::custom(HERE))
    }
    fn visit_i128<E: de::Error>(self, _: i128) -> Result<(), E> {
        Err(E::custom(HERE))
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<(), E> {
        Err(E::custom(HERE))
    }
    fn visit_u128<E: de::Error>(self, _: u128) -> Result<(), E> {
        Err(E::custom(HERE))
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<(), E> {
        Err(E::custom(HERE))
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<(), E> {
        Err(E::custom(HERE))
    }
    fn visit_bytes<E: de::Error>(self, _: &[u8]) -> Result<(), E> {
        Err(E::custom(HERE))
    }
    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        Err(E::custom(HERE))
    }
    fn visit_none<E: de::Error>(self) -> Result<(), E> {
        Err(E::custom(HERE))
    }
    fn visit_some<D: Deserializer<'de>>(self, _: D) -> Result<(), D::Error> {
        Err(de::Error::custom(HERE))
    }
    fn visit_newtype_struct<D: Deserializer<'de>>(self, _: D) -> Result<(), D::Error> {
        Err(de::Error::custom(HERE))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, _: A) -> Result<(), A::Error> {
        Err(de::Error::custom(HERE))
    }
    fn visit_map<A: MapAccess<'de>>(self, _: A) -> Result<(), A::Error> {
        Err(de::Error::custom(HERE))
    }
    fn visit_enum<A: de::EnumAccess<'de>>(self, _: A) -> Result<(), A::Error> {
        Err(de::Error::custom(HERE))
    }
}

/// A mapping on the path: the value of `key` is followed.
struct InMap<'p, 'a> {
    key: &'p str,
    rest: &'p [Step<'a>],
}

impl<'de> Visitor<'de> for InMap<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a mapping")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key::<serde_yaml::Value>()? {
            if key.as_str() == Some(self.key) {
                return map.next_value_seed(Seek { path: self.rest });
            }
            map.next_value::<IgnoredAny>()?;
        }
        Ok(())
    }
}

/// A sequence on the path: its `index`-th item is followed.
struct InSeq<'p, 'a> {
    index: usize,
    rest: &'p [Step<'a>],
}

impl<'de> Visitor<'de> for InSeq<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a sequence")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        for _ in 0..self.index {
            if seq.next_element::<IgnoredAny>()?.is_none() {
                return Ok(());
            }
        }
        seq.next_element_seed(Seek { path: self.rest })?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Step::{Index, Key};

    #[test]
    fn finds_values_in_block_and_flow_style() {
        let text = "settings:\n  tolerance: -1\nkinds:\n  - id: a\n    triggers: [x, \"\"]\n  - {id: b, counts: people}\n";
        assert_eq!(position(text, &[Key("settings"), Key("tolerance")]), Some((2, 14)));
        assert_eq!(position(text, &[Key("kinds"), Index(0), Key("triggers"), Index(1)]), Some((5, 19)));
        assert_eq!(position(text, &[Key("kinds"), Index(1), Key("id")]), Some((6, 10)));
        assert_eq!(position(text, &[Key("kinds"), Index(1)]), Some((6, 5)));
        assert_eq!(position(text, &[Key("kinds"), Index(2)]), None);
        assert_eq!(position(text, &[Key("groups")]), None);
        assert_eq!(position(text, &[Key("settings"), Index(0)]), None);
        assert_eq!(position("b: ]\na: 1", &[Key("a")]), None);
    }

    #[test]
    fn offsets_become_lines_and_columns() {
        assert_eq!(line_column_of_offset(b"ab\ncd", 0), (1, 1));
        assert_eq!(line_column_of_offset(b"ab\ncd", 4), (2, 2));
        assert_eq!(line_column_of_offset("é\néx".as_bytes(), 6), (2, 3));
        assert_eq!(line_column_of_offset(b"ab", 99), (1, 3));
    }
}
