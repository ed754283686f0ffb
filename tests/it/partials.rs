//! Mergeable partials (issue 21): the items of an evaluation cut into any
//! partitions, each partition's outcomes worked out on its own and the
//! partials merged in any order, give the report of the whole evaluation
//! byte for byte. Every example that ships events is cut at random into
//! one to eight partitions by a seeded hash of the item ids and merged in
//! a random order (random pairs, either way round, then the rest in
//! order); so is a history of the support example ten times over, whose
//! 7,170 tickets fill every partition.
//!
//! Every other evaluation the tests make is also checked in three
//! partitions merged out of order ([`slate_tests::evaluated`]).

#![expect(clippy::expect_used, reason = "a failed expectation is a failed test")]

use proptest::prelude::*;
use slate_tests::{
    ExampleInput, example_input, examples_with_events, partition, relative, seeded_runner,
};

/// A way to cut items and merge their partials.
#[derive(Clone, Debug)]
struct Cut {
    partitions: usize,
    seed: u64,
    merges: Vec<(usize, usize)>,
}

fn cuts() -> impl Strategy<Value = Cut> {
    (
        1usize..=8,
        any::<u64>(),
        proptest::collection::vec((0usize..8, 0usize..8), 0..8),
    )
        .prop_map(|(partitions, seed, merges)| Cut {
            partitions,
            seed,
            merges,
        })
}

/// The report of `e` evaluated with its items cut as `cut` says.
fn cut_report(e: &ExampleInput, cut: &Cut) -> String {
    let report = slate::eval::evaluate_partitioned(
        &e.rules,
        &e.events,
        e.bill.as_ref(),
        &e.options,
        &|id| partition(id, cut.seed, cut.partitions),
        &cut.merges,
    )
    .expect("the example evaluates in partitions");
    slate::eval::to_json(&report)
}

/// Checks `cases` random cuts of `e` against its whole report.
#[expect(clippy::panic, reason = "a counterexample is a failed test")]
fn holds_for(name: &str, e: &ExampleInput, cases: u32, seed: u8) {
    let whole = slate::eval::evaluate_billed(&e.rules, &e.events, e.bill.as_ref(), &e.options)
        .expect("the example evaluates");
    let whole = slate::eval::to_json(&whole);
    let mut runner = seeded_runner(cases, seed);
    let result = runner.run(&cuts(), |cut| {
        prop_assert!(
            cut_report(e, &cut) == whole,
            "{name}: the report differs when cut as {cut:?}"
        );
        Ok(())
    });
    if let Err(e) = result {
        panic!("{e}");
    }
}

#[test]
fn any_cut_of_the_items_merged_in_any_order_gives_the_report() {
    let mut checked = 0;
    for (n, example) in examples_with_events().into_iter().enumerate() {
        let e = example_input(&example, 1, 0);
        holds_for(&relative(&example), &e, 24, n as u8);
        checked += 1;
    }
    assert!(checked >= 16, "only {checked} examples checked");
}

#[test]
fn a_long_history_cut_at_random_gives_its_report() {
    let example = slate_tests::root().join("examples/support.sla");
    let mut e = example_input(&example, 1, 0);
    let mut events = slate::eval::Events::default();
    events.due_attributes(slate::eval::due::attributes(&e.rules));
    events.read(
        "history.ndjson",
        &super::scale::history(),
        slate::eval::Format::Ndjson,
    );
    e.events = events;
    holds_for("a history of examples/support.sla", &e, 8, 11);
}
