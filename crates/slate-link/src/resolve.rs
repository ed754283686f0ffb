//! Resolving: the [`Linker`] loads every file an agreement reaches and
//! resolves each into one agreement (inherited terms, overrides merged in
//! place, imported definitions, its own terms).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use slate_syntax::ast::{self, Item};
use slate_syntax::diagnostic::did_you_mean;
use slate_syntax::refs::each_reference;
use slate_syntax::spans::{FileId, Spans};
use slate_syntax::{Code, Diagnostic, Span};

use crate::files::ReadError;
use crate::merge::{describe, merge, noun, rename};
use crate::{
    Kind, Level, Linked, OverrideUse, SourceFile, Sources, Term, normalize, same_statement, term,
};

/// [`crate::link_keeping`]: links the agreement at `path`.
pub(crate) fn link(path: &Path, text: String, sources: &dyn Sources, keep: bool) -> Linked {
    let mut l = Linker {
        sources,
        files: Vec::new(),
        trees: Vec::new(),
        by_path: BTreeMap::new(),
        resolved: BTreeMap::new(),
        stack: Vec::new(),
        diags: Vec::new(),
        overrides: Vec::new(),
        parents: BTreeMap::new(),
        root: FileId(0),
    };
    let root = l.add(normalize(path), text);
    l.root = root;
    // The root's tree as written, kept before resolving takes it apart.
    let parsed = if keep {
        l.tree(root).cloned().unwrap_or_default()
    } else {
        ast::File::default()
    };
    let tree = l.resolve(root).map(|r| r.tree).unwrap_or_default();
    let mut levels = Vec::new();
    let mut at = root;
    while let Some(parent) = l.parents.get(&at).copied() {
        if levels.iter().any(|lv: &Level| lv.file == parent) || parent == root {
            break;
        }
        if let Some(Some(r)) = l.resolved.get(&parent) {
            levels.push(Level {
                file: parent,
                tree: r.tree.clone(),
            });
        }
        at = parent;
    }
    levels.reverse();
    let mut diagnostics = l.diags;
    slate_syntax::diagnostic::sort(&mut diagnostics);
    Linked {
        parsed,
        files: l.files,
        tree,
        levels,
        overrides: l.overrides,
        diagnostics,
    }
}

/// The state of resolving one file's own terms.
struct Scope {
    /// The file.
    id: FileId,
    /// How many items at the start are inherited.
    inherited: usize,
    /// Which inherited head statements the file replaced.
    replaced: Vec<bool>,
    /// What the file's agreement extends.
    extends: Option<ast::Text>,
    /// The title of the agreement extended.
    parent_title: Option<String>,
    /// Every term overridden so far, with where.
    overridden: Vec<(Kind, String, Span)>,
    /// Whether the file is a library (no agreement).
    library: bool,
    /// The definitions imports brought.
    brought: Vec<Brought>,
}

/// A definition an import brought.
struct Brought {
    /// Its name's span: which definition it is.
    def: Span,
    /// Its name here (qualified when imported with an alias).
    name: String,
    /// Whether the import names it in a list.
    listed: bool,
    /// The import.
    import: Span,
    /// The names it uses from its own file.
    needs: Vec<Need>,
}

/// A name an imported definition uses, and the definition it must be.
struct Need {
    /// The name, as it reads after the import.
    name: String,
    /// Where it is used.
    at: Span,
    /// The definition it names in its own file.
    def: Span,
}

#[derive(Clone, Debug)]
struct Resolved {
    tree: ast::File,
}

struct Linker<'s> {
    sources: &'s dyn Sources,
    files: Vec<SourceFile>,
    trees: Vec<ast::File>,
    by_path: BTreeMap<PathBuf, FileId>,
    /// Files resolved so far; `None` for a file that could not be resolved.
    resolved: BTreeMap<FileId, Option<Resolved>>,
    /// The files being resolved, each with the statement that reached the next.
    stack: Vec<(FileId, Span)>,
    diags: Vec<Diagnostic>,
    overrides: Vec<OverrideUse>,
    /// The file each agreement extends.
    parents: BTreeMap<FileId, FileId>,
    /// The file being checked: only its overrides are compared.
    root: FileId,
}

impl Linker<'_> {
    fn add(&mut self, path: PathBuf, text: String) -> FileId {
        let parsed = slate_syntax::parse(&text);
        self.add_parsed(path, text, parsed)
    }

    fn add_parsed(
        &mut self,
        path: PathBuf,
        text: String,
        mut parsed: slate_syntax::Parsed,
    ) -> FileId {
        let id = FileId(u32::try_from(self.files.len()).unwrap_or(u32::MAX));
        parsed.file.shift(id);
        for d in &mut parsed.diagnostics {
            d.shift(id);
        }
        self.diags.extend(parsed.diagnostics);
        self.by_path.insert(self.sources.identity(&path), id);
        self.files.push(SourceFile { path, text });
        self.trees.push(parsed.file);
        id
    }

    fn tree(&self, id: FileId) -> Option<&ast::File> {
        self.trees.get(id.0 as usize)
    }

    fn path(&self, id: FileId) -> String {
        self.files
            .get(id.0 as usize)
            .map(|f| f.path.display().to_string())
            .unwrap_or_default()
    }

    /// The file `target` names, read from the file `from`; `None` (reported)
    /// when it may not or cannot be read (see [`crate::files::refused`]).
    fn open(&mut self, from: FileId, target: &ast::Text) -> Option<FileId> {
        let dir = self
            .files
            .get(from.0 as usize)
            .and_then(|f| f.path.parent())
            .map(Path::to_path_buf)
            .unwrap_or_default();
        if let Some(d) = crate::files::refused_path(target) {
            self.diags.push(d);
            return None;
        }
        let path = normalize(&dir.join(&target.value));
        if let Some(id) = self.by_path.get(&self.sources.identity(&path)) {
            return Some(*id);
        }
        let read = self.sources.read(&path).and_then(|text| {
            if crate::files::looks_like_slate(&text) {
                Ok(text)
            } else {
                Err(ReadError::NotSlate)
            }
        });
        // A file whose first statement does not parse is not Slate either:
        // none of its lines is quoted back.
        let read = read.and_then(|text| {
            let parsed = slate_syntax::parse(&text);
            if crate::files::first_statement_parses(&parsed) {
                Ok((text, parsed))
            } else {
                Err(ReadError::NotSlate)
            }
        });
        match read {
            Ok((text, parsed)) => Some(self.add_parsed(path, text, parsed)),
            Err(e) => {
                self.diags
                    .push(crate::files::refused(target, &path, &dir, &e));
                None
            }
        }
    }

    /// Resolves `target`, reached from the statement at `via`; reports a
    /// cycle when `target` is already being resolved.
    fn reach(&mut self, target: FileId, via: Span) -> Option<Resolved> {
        if let Some(pos) = self.stack.iter().position(|(f, _)| *f == target) {
            let mut chain: Vec<String> = self
                .stack
                .iter()
                .skip(pos)
                .map(|(f, _)| format!("`{}`", self.path(*f)))
                .collect();
            chain.push(format!("`{}`", self.path(target)));
            let mut d = Diagnostic::new(
                Code::ImportCycle,
                via,
                format!("files import each other in a circle: {}", chain.join(" → ")),
            )
            .label("this closes the circle")
            .help("move the definitions both files need into a third file that both import");
            let top = self.stack.len().saturating_sub(1);
            for (_, span) in self.stack.iter().take(top).skip(pos) {
                d = d.related(*span, "part of the circle");
            }
            self.diags.push(d);
            return None;
        }
        self.resolve(target)
    }

    fn resolve(&mut self, id: FileId) -> Option<Resolved> {
        if let Some(done) = self.resolved.get(&id) {
            return done.clone();
        }
        // Each file is resolved once: its tree is taken, not copied.
        let file = std::mem::take(self.trees.get_mut(id.0 as usize)?);
        self.stack.push((id, Span::default()));
        let result = self.resolve_file(id, file);
        self.stack.pop();
        // The root is reached again only through a cycle, which is reported
        // before the memo is read: it need not be kept.
        let kept = if id == self.root {
            None
        } else {
            result.clone()
        };
        self.resolved.insert(id, kept);
        result
    }

    fn resolve_file(&mut self, id: FileId, mut file: ast::File) -> Option<Resolved> {
        let mut others = std::mem::take(&mut file.agreements);
        let mut agreement = (!others.is_empty()).then(|| others.remove(0));
        let mut items: Vec<Item> = Vec::new();
        // 1. What the agreement extends.
        let mut inherited = 0;
        let mut parent_title = None;
        // Whether something the file names could not be brought: the
        // checker then draws no conclusions from what seems to be missing.
        let mut lost = false;
        if let Some(ext) = agreement.as_ref().and_then(|a| a.extends.clone()) {
            lost = true;
            let parent = match self.open(id, &ext) {
                Some(pid) => {
                    self.parents.insert(id, pid);
                    self.set_via(ext.span);
                    self.reach(pid, ext.span)
                }
                None => None,
            };
            if let Some(parent) = parent {
                match parent.tree.agreements.first() {
                    Some(pa) => {
                        items = pa.items.clone();
                        parent_title = Some(pa.title.value.clone());
                        lost = pa.recovered;
                    }
                    None => self.diags.push(
                        Diagnostic::new(
                            Code::NothingToExtend,
                            ext.span,
                            format!("`{}` has no agreement to extend", ext.value),
                        )
                        .label("a library of definitions")
                        .help(format!(
                            "import its definitions with `import \"{}\"`, or extend a file that holds an agreement",
                            ext.value
                        )),
                    ),
                }
            }
            inherited = items.len();
        }
        let mut scope = Scope {
            id,
            inherited,
            replaced: vec![false; inherited],
            extends: agreement.as_ref().and_then(|a| a.extends.clone()),
            parent_title: parent_title.clone(),
            overridden: Vec::new(),
            library: agreement.is_none(),
            brought: Vec::new(),
        };
        // 2. Imported definitions.
        for import in &file.imports {
            lost |= !self.import(id, import, &mut items, &mut scope);
        }
        // 3. The file's own terms.
        let own: Vec<Item> = match &mut agreement {
            Some(a) => std::mem::take(&mut a.items),
            None => std::mem::take(&mut file.definitions),
        };
        for item in own {
            self.own(item, &mut items, &mut scope);
        }
        lost |= !self.finish(&mut items, &scope);
        lost |= file.recovered;
        let tree = match agreement {
            Some(mut a) => {
                a.items = items;
                a.recovered |= lost;
                a.lost_definition |= lost;
                // A second agreement is an error the checker reports.
                let mut agreements = vec![a];
                agreements.append(&mut others);
                ast::File {
                    agreements,
                    recovered: file.recovered,
                    ..ast::File::default()
                }
            }
            None => ast::File {
                definitions: items,
                recovered: file.recovered || lost,
                ..ast::File::default()
            },
        };
        Some(Resolved { tree })
    }

    /// Records the statement through which the file on top of the stack
    /// reaches the next one, for the cycle diagnostic.
    fn set_via(&mut self, span: Span) {
        if let Some(top) = self.stack.last_mut() {
            top.1 = span;
        }
    }

    /// The definitions of `defs` that an import's list names, in its
    /// order and each once; a name `defs` lacks is reported.
    fn choose(
        &mut self,
        import: &ast::Import,
        list: &[ast::Name],
        defs: &[&Item],
        names: &[&str],
    ) -> Vec<Item> {
        let mut chosen = Vec::new();
        for n in list {
            match defs
                .iter()
                .find(|i| term(i).is_some_and(|t| t.name == n.text))
            {
                Some(i) => chosen.push((*i).clone()),
                None => {
                    let mut d = Diagnostic::new(
                        Code::NotExported,
                        n.span,
                        format!("`{}` defines no `{}`", import.path.value, n.text),
                    )
                    .label("not in that file");
                    d = match did_you_mean(&n.text, names.iter().copied()) {
                        Some(s) => d.help(format!("did you mean `{s}`?")),
                        None => d.help(format!(
                            "it defines {}",
                            if names.is_empty() {
                                "nothing that can be imported".to_owned()
                            } else {
                                names
                                    .iter()
                                    .map(|n| format!("`{n}`"))
                                    .collect::<Vec<_>>()
                                    .join(", ")
                            }
                        )),
                    };
                    self.diags.push(d);
                }
            }
        }
        chosen.dedup_by(|a, b| term(a).map(|t| t.span) == term(b).map(|t| t.span));
        chosen
    }

    /// Brings the definitions `import` names; `false` when any could not be
    /// brought (and was reported).
    fn import(
        &mut self,
        id: FileId,
        import: &ast::Import,
        items: &mut Vec<Item>,
        scope: &mut Scope,
    ) -> bool {
        let Some(target) = self.open(id, &import.path) else {
            return false;
        };
        self.set_via(import.span);
        let Some(resolved) = self.reach(target, import.span) else {
            return false;
        };
        let errors = self.diags.len();
        let source = match resolved.tree.agreements.first() {
            Some(a) => &a.items,
            None => &resolved.tree.definitions,
        };
        let defs: Vec<&Item> = source
            .iter()
            .filter(|i| term(i).is_some_and(|t| t.kind.importable()))
            .collect();
        let names: Vec<&str> = defs
            .iter()
            .filter_map(|i| term(i).map(|t| t.name))
            .collect();
        let mut chosen: Vec<Item> = match &import.names {
            None => defs.iter().map(|i| (*i).clone()).collect(),
            Some(list) => self.choose(import, list, &defs, &names),
        };
        // Every name a chosen definition uses from its file must come too
        // (checked once all imports are in, see `finish`).
        let needs: Vec<Vec<Need>> = chosen
            .iter()
            .map(|item| {
                let mut needs = Vec::new();
                each_reference(item, &mut |_, u| {
                    if let Some(def) = defs
                        .iter()
                        .filter_map(|d| term(d))
                        .find(|t| t.name == u.text)
                    {
                        needs.push(Need {
                            name: u.text.clone(),
                            at: u.span,
                            def: def.span,
                        });
                    }
                });
                needs
            })
            .collect();
        if let Some(alias) = &import.alias {
            for item in &mut chosen {
                rename(item, &format!("{}.", alias.text), &names);
            }
        }
        for (item, mut needs) in chosen.into_iter().zip(needs) {
            if let Some(alias) = &import.alias {
                for n in &mut needs {
                    n.name = format!("{}.{}", alias.text, n.name);
                }
            }
            if let Some(Term {
                name, span: def, ..
            }) = term(&item)
            {
                scope.brought.push(Brought {
                    def,
                    name: name.to_owned(),
                    listed: import.names.is_some(),
                    import: import.span,
                    needs,
                });
            }
            // The same definition reached twice (two files import one
            // library) is one definition.
            let same = term(&item).and_then(|t| {
                items
                    .iter()
                    .find(|i| term(i).is_some_and(|u| u.is(t.kind, t.name) && u.span == t.span))
            });
            if same.is_none() {
                items.push(item);
            }
        }
        let incomplete = resolved.tree.recovered
            || resolved
                .tree
                .agreements
                .first()
                .is_some_and(|a| a.recovered);
        self.diags.len() == errors && !incomplete
    }

    /// Checks that every imported definition names, among the definitions of
    /// its file, what it named there (`E0704`, and the definition is not
    /// kept); then, in an agreement, keeps only the imported definitions it
    /// uses or names in an import list: a library's other parties must not
    /// become parties to the contract. `false` when a definition was dropped
    /// for `E0704`.
    fn finish(&mut self, items: &mut Vec<Item>, scope: &Scope) -> bool {
        if scope.brought.is_empty() {
            return true;
        }
        let here = |items: &[Item], name: &str, def: Span| {
            items
                .iter()
                .filter_map(term)
                .any(|t| t.kind.importable() && t.name == name && t.span == def)
        };
        let mut broken: Vec<Span> = Vec::new();
        for b in scope.brought.iter().filter(|b| b.listed) {
            for n in &b.needs {
                if here(items, &n.name, n.def) {
                    continue;
                }
                self.diags.push(
                    Diagnostic::new(
                        Code::IncompleteImport,
                        b.import,
                        format!(
                            "`{}` uses `{}`, which this import leaves out",
                            b.name, n.name
                        ),
                    )
                    .label("add the name to this list")
                    .related(n.at, format!("`{}` uses `{}` here", b.name, n.name))
                    .help(format!("import `{}` as well", n.name)),
                );
                broken.push(b.def);
            }
        }
        let drop = |i: &Item, keep: &dyn Fn(Span) -> bool| {
            term(i).is_some_and(|t| scope.brought.iter().any(|b| b.def == t.span) && !keep(t.span))
        };
        items.retain(|i| !drop(i, &|def| !broken.contains(&def)));
        if scope.library {
            return broken.is_empty();
        }
        // What the agreement uses: its own and inherited terms, the
        // definitions an import lists, and what those use, transitively.
        let imported = |span: Span| scope.brought.iter().any(|b| b.def == span);
        let mut used: Vec<bool> = items
            .iter()
            .enumerate()
            .map(|(n, i)| {
                n < scope.inherited
                    || term(i).is_none_or(|t| {
                        !imported(t.span)
                            || scope.brought.iter().any(|b| b.def == t.span && b.listed)
                    })
            })
            .collect();
        loop {
            let mut names: Vec<String> = Vec::new();
            for (item, _) in items.iter().zip(&used).filter(|(_, u)| **u) {
                each_reference(item, &mut |_, n| {
                    names.push(n.text.clone());
                });
            }
            let mut grew = false;
            for (item, u) in items.iter().zip(used.iter_mut()) {
                if !*u && term(item).is_some_and(|t| names.iter().any(|n| n == t.name)) {
                    *u = true;
                    grew = true;
                }
            }
            if !grew {
                break;
            }
        }
        let mut flags = used.into_iter();
        items.retain(|_| flags.next().unwrap_or(true));
        broken.is_empty()
    }

    fn own(&mut self, item: Item, items: &mut Vec<Item>, scope: &mut Scope) {
        let inherited = scope.inherited;
        let extends = scope.extends.clone();
        let parent_title = scope.parent_title.clone();
        let parent_title = parent_title.as_deref();
        let Some(Term {
            kind,
            name,
            overrides,
            span,
        }) = term(&item)
        else {
            head_statement(item, items, scope);
            return;
        };
        let (name, overrides) = (name.to_owned(), overrides.cloned());
        let found = (0..inherited).find(|i| {
            items
                .get(*i)
                .and_then(term)
                .is_some_and(|t| t.is(kind, &name))
        });
        let what = describe(kind, &name);
        let parent = parent_title.map_or_else(
            || "the agreement it extends".to_owned(),
            |t| format!("\"{t}\""),
        );
        match (overrides, found) {
            (Some(o), _) if extends.is_none() => {
                let why = if scope.library {
                    "a library extends nothing"
                } else {
                    "this agreement extends no other"
                };
                self.diags.push(
                    Diagnostic::new(
                        Code::NothingToExtend,
                        o.span,
                        format!("{what} overrides nothing: {why}"),
                    )
                    .label("nothing to override")
                    .help("remove `override`, or make the agreement build on another: `agreement \"…\" extends \"corporate.sla\" { … }`"),
                );
                items.push(item);
            }
            (Some(o), None) => {
                let candidates: Vec<&str> = items
                    .iter()
                    .take(inherited)
                    .filter_map(term)
                    .filter(|t| t.kind == kind)
                    .map(|t| t.name)
                    .collect();
                let mut d = Diagnostic::new(
                    Code::OverrideOfNothing,
                    span,
                    format!("{parent} has no {} to override", noun(kind, &name)),
                )
                .label("not inherited")
                .related(o.span, "overrides this");
                d = match did_you_mean(&name, candidates.iter().copied()) {
                    Some(s) => d.help(format!("did you mean `{s}`?")),
                    None => d.help(format!(
                        "remove `override` to add {what} that {parent} does not have"
                    )),
                };
                self.diags.push(d);
            }
            (Some(o), Some(i)) => {
                if let Some((.., first)) = scope
                    .overridden
                    .iter()
                    .find(|(k, n, _)| *k == kind && *n == name)
                {
                    self.diags.push(
                        Diagnostic::new(
                            Code::MissingOverride,
                            span,
                            format!("{} is overridden twice", noun(kind, &name)),
                        )
                        .label("overridden again")
                        .related(*first, "first overridden here")
                        .help("put every change in one `override`, so that each is compared with what is inherited"),
                    );
                    return;
                }
                scope.overridden.push((kind, name.clone(), span));
                if scope.id == self.root {
                    self.overrides.push(OverrideUse {
                        kind,
                        name,
                        span: o.span,
                        because: o.because.map(|b| b.value),
                    });
                }
                if let Some(slot) = items.get_mut(i) {
                    *slot = merge(slot.clone(), item);
                }
            }
            (None, Some(i)) => {
                let earlier = items.get(i).and_then(term).map_or(span, |t| t.span);
                let d = defined_again(kind, &name, &parent, span, earlier);
                self.diags.push(d);
            }
            (None, None) => items.push(item),
        }
    }
}

/// A statement of the agreement's head: it replaces the inherited one (a
/// field's values, the inherited declaration of that field; reports add to
/// the inherited ones).
fn head_statement(item: Item, items: &mut Vec<Item>, scope: &mut Scope) {
    if !matches!(item, Item::Report(_))
        && let Some(i) = (0..scope.inherited).find(|i| {
            scope.replaced.get(*i) == Some(&false)
                && items.get(*i).is_some_and(|x| same_statement(x, &item))
        })
        && let (Some(replaced), Some(slot)) = (scope.replaced.get_mut(i), items.get_mut(i))
    {
        *replaced = true;
        *slot = item;
        return;
    }
    items.push(item);
}

/// The error for a term `name` of `kind` defined at `span` without
/// `override` when `parent` already has it (at `earlier`).
fn defined_again(kind: Kind, name: &str, parent: &str, span: Span, earlier: Span) -> Diagnostic {
    let what = describe(kind, name);
    Diagnostic::new(
        Code::MissingOverride,
        span,
        format!("{parent} already has {what}"),
    )
    .label("defined again")
    .related(earlier, "inherited from here")
    .help(format!(
        "write `override {}` to change what is inherited, or choose another name",
        match kind {
            Kind::Termination => "termination { … }".to_owned(),
            Kind::Credits | Kind::Bonus => format!("{} {name} {{ … }}", kind.keyword()),
            _ => format!("{} {name} …", kind.keyword()),
        }
    ))
}
