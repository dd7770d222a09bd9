//! Rule files from arbitrary YAML text: compiling never panics; every
//! error is located in the file; a rule set that compiles reads a fixed
//! paragraph without panicking.
#![no_main]

use crosscheck::extract::extract_text;
use crosscheck::rules::{compile, RuleSource};
use libfuzzer_sys::fuzz_target;

const TEXT: &str = "At least 26 people were killed and more than 1,000 injured, officials said. \
Police detained 3,000 protesters; about 2-3 billion dollars of damage.";

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let source = RuleSource { name: "fuzz.yaml".into(), text: text.to_string() };
    match compile(&[source]) {
        Ok(rules) => {
            for claim in extract_text(TEXT, "e", &rules) {
                assert!(TEXT.get(claim.evidence.span.clone()).is_some(), "{:?}", claim.evidence.span);
            }
        }
        Err(errors) => {
            assert!(!errors.problems.is_empty());
            for p in &errors.problems {
                assert!(p.file == "fuzz.yaml" || p.file == "<lexicon>" || p.file == "<rules>", "{}", p.file);
            }
        }
    }
});
