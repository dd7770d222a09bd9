//! The singular of an English counted noun, by a few suffix rules, so that
//! "one *journalist*" and "three *journalists*", "a *fisherman*" and "four
//! *fishermen*", "one *casualty*" and "two *casualties*" name one group.
//!
//! The rules are a small hand-written set, not a dictionary: a noun that
//! fits none of them is left as it is ("police", "staff", "personnel"), and
//! so is a word that only looks plural ("boss", "virus", "crisis", "news").
//! A few plurals come out wrong ("movies" gives "movy", "heroes" "heroe"):
//! what matters is that a noun's singular and plural give the same form, and
//! for the nouns that count people they almost always do.

use std::borrow::Cow;

/// Words that end like a plural but are singular, or the same in both
/// numbers: left as they are.
const UNCHANGED: [&str; 14] = [
    "news",
    "species",
    "series",
    "means",
    "headquarters",
    "barracks",
    "crossroads",
    "whereabouts",
    "specimen",
    "abdomen",
    "omen",
    "regimen",
    "acumen",
    "stamen",
];

/// Whole words whose plural no suffix rule reaches.
const IRREGULAR: [(&str, &str); 8] = [
    ("feet", "foot"),
    ("teeth", "tooth"),
    ("geese", "goose"),
    ("mice", "mouse"),
    ("oxen", "ox"),
    ("lives", "life"),
    ("knives", "knife"),
    ("dice", "die"),
];

/// Endings replaced by another, in order, the first that fits winning
/// ("schoolchildren", "townspeople", "fishermen", "casualties"), each with
/// the fewest letters its stem must keep ("spies" → "spy", but "lies" is
/// left to the plain `-s` rule: "lie"; "MPs" → "mp", but "us" stays).
const ENDINGS: [(&str, &str, usize); 11] = [
    ("children", "child", 0),
    ("people", "person", 0),
    ("wives", "wife", 0),
    ("ieves", "ief", 1),
    ("men", "man", 0),
    ("sses", "ss", 1),
    ("shes", "sh", 1),
    ("ches", "ch", 1),
    ("xes", "x", 1),
    ("ies", "y", 2),
    ("s", "", 2),
];

/// Endings a singular has that the plain `-s` rule must not strip.
const SINGULAR_S_ENDINGS: [&str; 3] = ["ss", "us", "is"];

/// The singular of a lower-case English noun, or the noun itself when it
/// does not look plural: words the same in both numbers ("series",
/// "headquarters") stay, whole irregular plurals ("feet", "mice") are
/// looked up, and then the first plural ending that fits is replaced
/// ("schoolchildren" → "schoolchild", "casualties" → "casualty").
pub fn singular(noun: &str) -> Cow<'_, str> {
    if UNCHANGED.contains(&noun) {
        return Cow::Borrowed(noun);
    }
    if let Some(&(_, one)) = IRREGULAR.iter().find(|(many, _)| *many == noun) {
        return Cow::Borrowed(one);
    }
    for (ending, replacement, min_stem) in ENDINGS {
        let Some(stem) = noun.strip_suffix(ending) else { continue };
        if stem.chars().count() < min_stem {
            continue;
        }
        if ending == "s" && SINGULAR_S_ENDINGS.iter().any(|e| noun.ends_with(e)) {
            return Cow::Borrowed(noun);
        }
        return Cow::Owned(format!("{stem}{replacement}"));
    }
    Cow::Borrowed(noun)
}

/// Whether a lower-case noun looks plural: it ends in *s* (not *ss*) or
/// *men*, or [`singular`] changes it ("children"), or it names a body of
/// people counted as many ("40 personnel", "12 staff").
pub fn looks_plural(noun: &str) -> bool {
    const COLLECTIVE: [&str; 2] = ["personnel", "staff"];
    (noun.ends_with('s') && !noun.ends_with("ss")) || noun.ends_with("men") || singular(noun) != noun || COLLECTIVE.contains(&noun)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plurals_become_singular() {
        let cases = [
            ("journalists", "journalist"),
            ("firefighters", "firefighter"),
            ("fishermen", "fisherman"),
            ("women", "woman"),
            ("men", "man"),
            ("policewomen", "policewoman"),
            ("casualties", "casualty"),
            ("deputies", "deputy"),
            ("spies", "spy"),
            ("allies", "ally"),
            ("witnesses", "witness"),
            ("actresses", "actress"),
            ("coaches", "coach"),
            ("boxes", "box"),
            ("bushes", "bush"),
            ("nurses", "nurse"),
            ("horses", "horse"),
            ("refugees", "refugee"),
            ("boys", "boy"),
            ("thieves", "thief"),
            ("housewives", "housewife"),
            ("schoolchildren", "schoolchild"),
            ("townspeople", "townsperson"),
            ("people", "person"),
            ("co-workers", "co-worker"),
            ("specimens", "specimen"),
            ("lies", "lie"),
            ("ties", "tie"),
            ("days", "day"),
            ("feet", "foot"),
            ("lives", "life"),
            ("relatives", "relative"),
            ("medics", "medic"),
            ("mps", "mp"),
        ];
        for (plural, one) in cases {
            assert_eq!(singular(plural), one, "{plural}");
        }
    }

    #[test]
    fn singulars_and_invariant_nouns_are_left_alone() {
        let cases = [
            "journalist",
            "fisherman",
            "woman",
            "casualty",
            "witness",
            "boss",
            "police",
            "personnel",
            "staff",
            "news",
            "species",
            "series",
            "virus",
            "census",
            "crisis",
            "analysis",
            "specimen",
            "abdomen",
            "omen",
            "human",
            "us",
            "as",
            "child",
            "person",
            "журналисты",
            "",
        ];
        for noun in cases {
            assert_eq!(singular(noun), noun, "{noun}");
        }
    }

    /// Whatever the rules give, the singular of a singular is itself, so
    /// both forms of a noun meet.
    #[test]
    fn the_singular_is_a_fixed_point() {
        let nouns = ["journalists", "fishermen", "casualties", "witnesses", "thieves", "schoolchildren", "nurses", "movies", "heroes"];
        for noun in nouns {
            let one = singular(noun);
            assert_eq!(singular(&one), one, "{noun}");
        }
    }

    #[test]
    fn plural_looks() {
        for noun in ["villagers", "fishermen", "children", "feet", "species", "days", "personnel", "staff"] {
            assert!(looks_plural(noun), "{noun}");
        }
        for noun in ["villager", "fisherman", "boss", "police", "horse"] {
            assert!(!looks_plural(noun), "{noun}");
        }
    }
}
