//! The outline: the agreement and its parties, calendars, services,
//! objectives, credits, bonuses, termination and clauses.

use lsp_types::{DocumentSymbol, SymbolKind};
use slate::ast::Item;

use crate::analysis::Analysis;

/// The document's symbols, nested under their agreement.
#[expect(
    deprecated,
    reason = "`DocumentSymbol::deprecated` must be written, as `None`"
)]
pub fn document_symbols(a: &Analysis) -> Vec<DocumentSymbol> {
    let symbol = |name: String,
                  detail: Option<String>,
                  kind: SymbolKind,
                  range: slate::Span,
                  selection: slate::Span,
                  children: Option<Vec<DocumentSymbol>>| DocumentSymbol {
        name,
        detail,
        kind,
        tags: None,
        deprecated: None,
        range: a.lines.range(&a.text, range),
        selection_range: a.lines.range(&a.text, selection),
        children,
    };
    a.ast
        .agreements
        .iter()
        .map(|ag| {
            let children = ag
                .items
                .iter()
                .filter_map(|item| {
                    let title = |t: &Option<slate::ast::Text>| t.as_ref().map(|t| t.value.clone());
                    Some(match item {
                        Item::Party(p) => symbol(
                            p.name.text.clone(),
                            Some(p.legal_name.value.clone()),
                            SymbolKind::OBJECT,
                            p.span,
                            p.name.span,
                            None,
                        ),
                        Item::Calendar(c) => symbol(
                            c.name.text.clone(),
                            title(&c.title),
                            SymbolKind::EVENT,
                            c.span,
                            c.name.span,
                            None,
                        ),
                        Item::Service(s) => symbol(
                            s.name.text.clone(),
                            title(&s.title),
                            SymbolKind::MODULE,
                            s.span,
                            s.name.span,
                            None,
                        ),
                        Item::Objective(o) => symbol(
                            o.name.text.clone(),
                            title(&o.title),
                            SymbolKind::PROPERTY,
                            o.span,
                            o.name.span,
                            None,
                        ),
                        Item::Credits(s) => symbol(
                            format!("credits for {}", s.objective.text),
                            None,
                            SymbolKind::OPERATOR,
                            s.span,
                            s.head,
                            None,
                        ),
                        Item::Bonus(s) => symbol(
                            format!("bonus for {}", s.objective.text),
                            None,
                            SymbolKind::OPERATOR,
                            s.span,
                            s.head,
                            None,
                        ),
                        Item::Termination(t) => symbol(
                            "termination".to_owned(),
                            None,
                            SymbolKind::KEY,
                            t.span,
                            t.head,
                            None,
                        ),
                        Item::Clause(c) => symbol(
                            c.name.text.clone(),
                            Some(c.title.value.clone()),
                            SymbolKind::STRING,
                            c.span,
                            c.name.span,
                            None,
                        ),
                        _ => return None,
                    })
                })
                .collect();
            symbol(
                ag.title.value.clone(),
                Some("agreement".to_owned()),
                SymbolKind::NAMESPACE,
                ag.span,
                ag.head,
                Some(children),
            )
        })
        .collect()
}
