//! `down when at least k components are down`: the service is down only
//! while at least k of the objective's listed components are down at once.

use slate_syntax::ast::{self, ObjectiveStmt as O};
use slate_syntax::{Code, Diagnostic};

use crate::env::Cx;
use crate::model;
use crate::once;

impl Cx<'_, '_> {
    /// The k of `down when at least k components are down`, checked against
    /// the listed components (n) and `per component`.
    pub(super) fn down_when(
        &mut self,
        o: &ast::Objective,
        items: Option<&model::Items>,
    ) -> Option<u64> {
        let stmt = once!(self, o.stmts, O::DownWhen, "down when")?;
        let k = stmt.value.value;
        if let Some(per) = o.stmts.iter().find_map(|s| match s {
            O::PerComponent(p) => Some(p),
            _ => None,
        }) {
            self.push(
                Diagnostic::new(
                    Code::ComponentsDown,
                    stmt.span,
                    "`down when` on an objective measured per component",
                )
                .label("combines the components")
                .related(per.span, "each component is measured on its own here")
                .help("remove one of the two: `per component` judges each component alone, `down when` judges them together"),
            );
            return None;
        }
        let n = match items {
            Some(model::Items::Ids(ids)) => ids.len() as u64,
            _ => {
                self.push(
                    Diagnostic::new(
                        Code::ComponentsDown,
                        stmt.span,
                        "`down when` needs the components listed",
                    )
                    .label("counts components")
                    .help("list the components' item ids, such as `items \"zone-a\", \"zone-b\", \"zone-c\"`"),
                );
                return None;
            }
        };
        if k == 0 || k > n {
            self.push(
                Diagnostic::new(
                    Code::ComponentsDown,
                    stmt.value.span,
                    format!("`{k}` is not between 1 and the {n} listed components"),
                )
                .label(format!("between 1 and {n}"))
                .help(format!(
                    "k must be at least 1 and at most the {n} components `items` lists"
                )),
            );
            return None;
        }
        Some(k)
    }
}
