//! Tracing: one `genesys.request` span per call, one `genesys.attempt` child per attempt, one
//! event per call at the outcome's level. Alone in its binary: tracing's per-callsite interest
//! cache is global, so subscribers of tests running in parallel threads would interfere.

mod common;

use common::get;
use wiremock::matchers::path;
use wiremock::{Mock, MockServer, ResponseTemplate};

#[derive(Clone, Default)]
struct Captured(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> tracing_subscriber::fmt::MakeWriter<'a> for Captured {
    type Writer = Captured;
    fn make_writer(&'a self) -> Self::Writer {
        self.clone()
    }
}

/// Runs `parts` on a fresh client against `server` with `level` captured; returns the log.
async fn logs_of(
    server: &MockServer,
    level: tracing::Level,
    parts: genesys_client::runtime::RequestParts,
) -> String {
    let captured = Captured::default();
    // At TRACE, span closings are logged too, with every field recorded by then.
    let span_events = if level == tracing::Level::TRACE {
        tracing_subscriber::fmt::format::FmtSpan::CLOSE
    } else {
        tracing_subscriber::fmt::format::FmtSpan::NONE
    };
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(level)
        .with_ansi(false)
        .with_span_events(span_events)
        .with_writer(captured.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);
    let (builder, _sleep) = common::virtual_time_builder(server);
    let _ = builder
        .build()
        .unwrap()
        .execute::<serde_json::Value>(parts)
        .await;
    let logs = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    // This crate's events only (hyper and reqwest log at debug too).
    logs.lines()
        .filter(|line| line.contains(" genesys_client::"))
        .map(|line| format!("{line}\n"))
        .collect()
}

#[tokio::test]
async fn one_span_per_call_one_child_per_attempt_and_one_event_at_the_outcomes_level() {
    let server = MockServer::start().await;
    Mock::given(path("/api/v2/ok"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({})))
        .mount(&server)
        .await;
    // Two paths that fail once, then succeed.
    for flaky in ["/api/v2/flaky", "/api/v2/flaky-traced"] {
        Mock::given(path(flaky))
            .respond_with(ResponseTemplate::new(503).insert_header("ININ-Correlation-Id", "c-1"))
            .up_to_n_times(1)
            .mount(&server)
            .await;
        Mock::given(path(flaky))
            .respond_with(
                ResponseTemplate::new(200)
                    .insert_header("ININ-Correlation-Id", "c-2")
                    .set_body_json(serde_json::json!({})),
            )
            .mount(&server)
            .await;
    }
    Mock::given(path("/api/v2/missing"))
        .respond_with(ResponseTemplate::new(404))
        .mount(&server)
        .await;

    // A first-attempt success: silent at info, one event at debug.
    assert_eq!(
        logs_of(&server, tracing::Level::INFO, get("/api/v2/ok")).await,
        ""
    );
    let debug = logs_of(&server, tracing::Level::DEBUG, get("/api/v2/ok")).await;
    assert_eq!(debug.lines().count(), 1, "{debug}");
    assert!(
        debug.contains("DEBUG") && debug.contains("request succeeded"),
        "{debug}"
    );

    // A retried success: one info event, on the call's span with its final fields.
    let info = logs_of(&server, tracing::Level::INFO, get("/api/v2/flaky")).await;
    assert_eq!(info.lines().count(), 1, "{info}");
    assert!(
        info.contains("INFO") && info.contains("after retries"),
        "{info}"
    );
    assert!(
        info.contains("attempts=2") && info.contains("correlation_id=\"c-2\""),
        "{info}"
    );
    assert!(info.contains("latency_ms="), "{info}");
    // Each attempt has its own span: fields are never re-recorded on one span.
    let trace = logs_of(&server, tracing::Level::TRACE, get("/api/v2/flaky-traced")).await;
    let first_attempt_closed = trace.lines().any(|line| {
        line.contains("genesys.attempt{attempt=1 ")
            && line.contains("status=503")
            && line.contains("correlation_id=\"c-1\"")
            && line.contains("retry_wait_ms=")
            && line.contains(": close")
    });
    assert!(first_attempt_closed, "{trace}");
    // The loop's own events are emitted inside the attempt's span, itself inside the call's.
    assert!(
        trace.lines().any(|line| line.contains("genesys.request{")
            && line.contains("}:genesys.attempt{attempt=1")
            && line.contains("retryable status")),
        "{trace}"
    );
    for line in trace.lines() {
        assert!(
            !(line.contains("attempt=1") && line.contains("attempt=2")),
            "{line}"
        );
        assert!(line.matches("status=").count() <= 2, "{line}");
    }

    // A failure: one warn event.
    let warn = logs_of(&server, tracing::Level::INFO, get("/api/v2/missing")).await;
    assert_eq!(warn.lines().count(), 1, "{warn}");
    assert!(
        warn.contains("WARN") && warn.contains("request failed"),
        "{warn}"
    );
    assert!(warn.contains("status=404"), "{warn}");
}
