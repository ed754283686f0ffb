//! Completion and hover for delay damages (`per day late`, `cap per item`),
//! which come from the grammar.

use lsp_types::{HoverContents, Position};

use crate::complete::completion;
use crate::hover::hover;

const TEXT: &str = "agreement \"A\" {\n  credits for on_time {\n    per day late : USD 500.00\n    cap per item 100% of cost\n    \n  }\n}\n";

#[test]
fn delay_damages_are_offered_in_a_credits_block() {
    let a = crate::analyze(TEXT, std::path::Path::new("a.sla"));
    let got: Vec<String> = completion(&a, Position::new(4, 4))
        .into_iter()
        .map(|i| i.label)
        .collect();
    assert!(got.contains(&"cap per item".to_owned()), "{got:?}");
    assert!(got.iter().any(|l| l == "per"), "{got:?}");
}

#[test]
fn delay_damages_have_hover_docs() {
    let a = crate::analyze(TEXT, std::path::Path::new("a.sla"));
    let text = |line, col| {
        hover(&a, Position::new(line, col)).map(|h| match h.contents {
            HoverContents::Markup(m) => m.value,
            _ => String::new(),
        })
    };
    let late = text(2, 13).unwrap_or_default();
    assert!(late.contains("late"), "{late}");
    let item = text(3, 13).unwrap_or_default();
    assert!(item.contains("item"), "{item}");
}
