//! A loopback TLS front for the tests of `ClientBuilder::add_root_certificate_der`: a rustls
//! server with a certificate made at test time (rcgen, self-signed for `127.0.0.1`) that
//! forwards the decrypted bytes of each connection to a plain-text upstream (a mock server).
//!
//! Through `tokio_rustls::rustls`, so it builds without the client's `notifications` feature
//! (which is what makes `rustls` a direct dependency).
#![allow(dead_code)]

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use tokio::net::{TcpListener, TcpStream};
use tokio_rustls::rustls;

/// A running front: its port, its certificate (DER), and how many handshakes completed and
/// failed (a failed one forwarded nothing).
pub struct TlsFront {
    pub port: u16,
    pub cert: Vec<u8>,
    pub handshakes: Arc<AtomicUsize>,
    pub failed: Arc<AtomicUsize>,
}

impl TlsFront {
    /// `https://127.0.0.1:PORT`.
    pub fn https_uri(&self) -> String {
        format!("https://127.0.0.1:{}", self.port)
    }

    /// Handshakes completed so far.
    pub fn handshakes(&self) -> usize {
        self.handshakes.load(Ordering::SeqCst)
    }

    /// Handshakes refused or broken off so far.
    pub fn failed(&self) -> usize {
        self.failed.load(Ordering::SeqCst)
    }

    /// Waits (at most 10 s) until `n` handshakes have failed: the client gives up on a
    /// certificate before the front has read its alert.
    pub async fn until_failed(&self, n: usize) {
        let waiting = async {
            while self.failed() < n {
                tokio::time::sleep(Duration::from_millis(2)).await;
            }
        };
        tokio::time::timeout(Duration::from_secs(10), waiting)
            .await
            .unwrap_or_else(|_| panic!("{} failed handshakes, not {n}", self.failed()));
    }
}

/// Starts a front on a free loopback port forwarding to `upstream` (`host:port`).
pub async fn tls_front(upstream: String) -> TlsFront {
    let certified = rcgen::generate_simple_self_signed(vec!["127.0.0.1".to_owned()]).unwrap();
    let cert = certified.cert.der().to_vec();
    let key =
        rustls::pki_types::PrivateKeyDer::try_from(certified.key_pair.serialize_der()).unwrap();
    let config = rustls::ServerConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .unwrap()
    .with_no_client_auth()
    .with_single_cert(vec![cert.clone().into()], key)
    .unwrap();
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let handshakes = Arc::new(AtomicUsize::new(0));
    let failed = Arc::new(AtomicUsize::new(0));
    let (done, bad) = (handshakes.clone(), failed.clone());
    tokio::spawn(async move {
        while let Ok((tcp, _)) = listener.accept().await {
            let (acceptor, upstream) = (acceptor.clone(), upstream.clone());
            let (done, bad) = (done.clone(), bad.clone());
            tokio::spawn(async move {
                let Ok(mut tls) = acceptor.accept(tcp).await else {
                    bad.fetch_add(1, Ordering::SeqCst);
                    return;
                };
                done.fetch_add(1, Ordering::SeqCst);
                let mut plain = TcpStream::connect(&upstream).await.unwrap();
                let _ = tokio::io::copy_bidirectional(&mut tls, &mut plain).await;
            });
        }
    });
    TlsFront {
        port,
        cert,
        handshakes,
        failed,
    }
}
