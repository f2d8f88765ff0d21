//! A load-robust ratio for a shared machine: run the two arms alternately (A B A B …), one
//! ratio per round, and print the median ratio. Criterion measures the arms one after the
//! other, so a compile starting on another core between them skews its ratio; alternating
//! rounds see the same load on both arms.
//!
//! Wall time only: the thread CPU time Linux exposes without `unsafe`
//! (`/proc/thread-self/schedstat`) advances in scheduler ticks while a thread runs, so over
//! rounds of tens of milliseconds its ratios were quantized (medians of exactly 1.000).
#![allow(dead_code)]

use std::time::{Duration, Instant};

/// Times `generated` and `baseline` alternately for `rounds` rounds (after one warm-up
/// round each) and prints `label: generated/baseline median …` plus both medians.
pub fn ratio(label: &str, rounds: usize, mut generated: impl FnMut(), mut baseline: impl FnMut()) {
    let time = |f: &mut dyn FnMut()| {
        let started = Instant::now();
        f();
        started.elapsed()
    };
    // Repeat short workloads so a round lasts at least ~20 ms (timer and scheduler noise).
    let once = time(&mut generated);
    time(&mut baseline);
    let reps = (Duration::from_millis(20).as_nanos() / once.as_nanos().max(1)).max(1) as usize;
    let mut generated = move || (0..reps).for_each(|_| generated());
    let mut baseline = move || (0..reps).for_each(|_| baseline());
    let mut ratios = Vec::with_capacity(rounds);
    let mut g = Vec::with_capacity(rounds);
    let mut b = Vec::with_capacity(rounds);
    for round in 0..rounds {
        // Alternate which arm goes first, so neither always runs on a warmer cache.
        let (tg, tb) = if round % 2 == 0 {
            let tg = time(&mut generated);
            (tg, time(&mut baseline))
        } else {
            let tb = time(&mut baseline);
            (time(&mut generated), tb)
        };
        ratios.push(tg.as_secs_f64() / tb.as_secs_f64());
        g.push(tg);
        b.push(tb);
    }
    let median = |v: &mut Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    let median_d = |v: &mut Vec<Duration>| {
        v.sort();
        v[v.len() / 2]
    };
    println!(
        "paired {label}: generated/baseline = wall {:.3} (medians of {rounds} alternating \
         rounds of {reps} run(s); wall medians per round {:.2?} vs {:.2?})",
        median(&mut ratios),
        median_d(&mut g),
        median_d(&mut b)
    );
}
