//! A load-robust ratio for a shared machine: run the two arms alternately (A B A B …), one
//! ratio per round, and print the median ratio. Criterion measures the arms one after the
//! other, so a compile starting on another core between them skews its ratio; alternating
//! rounds see the same load on both arms.
//!
//! On Linux each round is also measured in CPU time of the calling thread
//! (`/proc/thread-self/schedstat`, nanoseconds on a CPU): time spent waiting for a core that
//! another process holds does not count, so that ratio is the one to quote on a busy machine.
//! (The loopback server of the requests bench runs on its own thread and is not counted.)
#![allow(dead_code)]

use std::time::{Duration, Instant};

/// Times `generated` and `baseline` alternately for `rounds` rounds (after one warm-up
/// round each) and prints `label: generated/baseline median …` plus both medians.
pub fn ratio(label: &str, rounds: usize, mut generated: impl FnMut(), mut baseline: impl FnMut()) {
    let time = |f: &mut dyn FnMut()| {
        let cpu = thread_cpu();
        let started = Instant::now();
        f();
        let wall = started.elapsed();
        let cpu = thread_cpu().zip(cpu).map(|(after, before)| after - before);
        (wall, cpu)
    };
    // Repeat short workloads so a round lasts at least ~20 ms (CPU time has tick granularity).
    let once = time(&mut generated).0;
    time(&mut baseline);
    let reps = (Duration::from_millis(20).as_nanos() / once.as_nanos().max(1)).max(1) as usize;
    let mut generated = move || (0..reps).for_each(|_| generated());
    let mut baseline = move || (0..reps).for_each(|_| baseline());
    let mut ratios = Vec::with_capacity(rounds);
    let mut cpu_ratios = Vec::with_capacity(rounds);
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
        ratios.push(tg.0.as_secs_f64() / tb.0.as_secs_f64());
        if let (Some(cg), Some(cb)) = (tg.1, tb.1) {
            if !cg.is_zero() && !cb.is_zero() {
                cpu_ratios.push(cg.as_secs_f64() / cb.as_secs_f64());
            }
        }
        g.push(tg.0);
        b.push(tb.0);
    }
    let median = |v: &mut Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    let median_d = |v: &mut Vec<Duration>| {
        v.sort();
        v[v.len() / 2]
    };
    let cpu = if cpu_ratios.is_empty() {
        String::new()
    } else {
        format!("cpu {:.3}, ", median(&mut cpu_ratios))
    };
    println!(
        "paired {label}: generated/baseline = {cpu}wall {:.3} (medians of {rounds} alternating \
         rounds of {reps} run(s); wall medians per round {:.2?} vs {:.2?})",
        median(&mut ratios),
        median_d(&mut g),
        median_d(&mut b)
    );
}

/// CPU time of the calling thread so far (Linux), or `None`.
fn thread_cpu() -> Option<Duration> {
    let text = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns: u64 = text.split_whitespace().next()?.parse().ok()?;
    Some(Duration::from_nanos(ns))
}
