//! `slate eval --bill FILE`: the charges billed for services whose fee is
//! billed, read whole and checked against the rule set.

use std::path::Path;

use crate::Fatal;

/// Reads the bill file at `path` for `rules`: its format from its name,
/// every row checked; the first problem refuses it, by file and line.
pub(crate) fn read(path: &Path, rules: &slate::rules::RuleSet) -> Result<slate::eval::Bill, Fatal> {
    if path.as_os_str() == "-" {
        return Err(Fatal(
            "`--bill -`: the bill is read from a file\n  help: save it as a `.csv` or `.ndjson` file and give its name".to_owned(),
        ));
    }
    let shown = slate::eval::visible::visible(&path.display().to_string()).into_owned();
    let format = path
        .to_str()
        .and_then(slate::eval::BillFormat::from_name)
        .ok_or_else(|| {
            Fatal(format!(
                "cannot tell the format of the bill `{shown}` from its name\n  help: name it `.csv` (with a header line) or `.ndjson`"
            ))
        })?;
    let (name, text) = crate::read(&path.to_path_buf())?;
    slate::eval::read_bill(&name, &text, format, rules).map_err(|e| Fatal(format!("the bill {e}")))
}
