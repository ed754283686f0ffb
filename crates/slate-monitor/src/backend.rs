//! The monitor's state behind the routes: `Monitor` as a [`Backend`],
//! its errors in words for the routes' JSON replies.

use std::sync::Arc;

use crate::routes::{Backend, Ingested, LineError, Memory, Rejected, Reporter};
use crate::state::Monitor;

impl Backend for Monitor {
    fn ingest(&mut self, body: &[u8]) -> Result<Ingested, Rejected> {
        match Monitor::ingest(self, body) {
            Ok(i) => Ok(Ingested {
                accepted: i.accepted,
                duplicates: i.duplicates,
            }),
            Err(crate::error::Rejected::Invalid { errors, total }) => Err(Rejected::Invalid {
                errors: errors
                    .into_iter()
                    .map(|e| LineError {
                        line: e.line,
                        message: e.message,
                    })
                    .collect(),
                total,
            }),
            Err(crate::error::Rejected::TooLarge) => Err(Rejected::TooLarge),
            Err(crate::error::Rejected::Io(e)) => Err(Rejected::Failed(e.to_string())),
        }
    }
    fn tidy(&mut self, now: i64) -> Result<(), String> {
        Monitor::tidy(self, now).map_err(|e| e.to_string())
    }
    fn live(&mut self, now: i64) -> Result<Arc<slate::eval::live::Live>, String> {
        Monitor::live(self, now).map_err(|e| e.to_string())
    }
    fn reporter(&self) -> Reporter {
        let snapshot = self.snapshot();
        Box::new(move |as_of, details| snapshot.report(as_of, details).map_err(|e| e.to_string()))
    }

    fn rules(&self) -> &slate::rules::RuleSet {
        Monitor::rules(self)
    }
    fn memory(&self) -> Memory {
        let s = self.stats();
        Memory {
            records: s.memory_records,
            items: s.memory_items,
        }
    }
}
