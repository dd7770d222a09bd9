//! The HTML report in a real browser: headless Chromium renders the page
//! from a file with networking disabled and takes a screenshot. Skipped,
//! with a message, where /usr/bin/chromium is not installed (CI does not
//! need it); `scripts/html-screenshot.sh` makes the README's picture.

mod common;

use std::path::Path;
use std::process::Command;

const CHROMIUM: &str = "/usr/bin/chromium";

#[test]
fn html_report_renders_offline_in_headless_chromium() {
    if !Path::new(CHROMIUM).exists() {
        eprintln!("skipped: {CHROMIUM} is not installed (apt-get install chromium to run this test)");
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let html = dir.path().join("report.html");
    let png = dir.path().join("report.png");
    let out = common::run(&["report", "--format", "html", "--output", html.to_str().expect("UTF-8"), "corpus/kazakhstan-2022"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let profile = dir.path().join("profile");
    let flags = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        // No network at all: a page that needed one would render broken.
        "--proxy-server=127.0.0.1:9",
        "--window-size=1280,1600",
    ];
    let url = format!("file://{}", html.display());
    let shot = Command::new(CHROMIUM)
        .args(flags)
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(format!("--screenshot={}", png.display()))
        .arg(&url)
        .output()
        .expect("run chromium");
    assert!(shot.status.success(), "chromium failed: {}", String::from_utf8_lossy(&shot.stderr));
    let bytes = std::fs::read(&png).expect("screenshot written");
    assert!(bytes.starts_with(b"\x89PNG\r\n\x1a\n"), "not a PNG");
    // A blank 1280×1600 page compresses to a few kB; the report is far larger.
    assert!(bytes.len() > 50_000, "screenshot suspiciously small: {} bytes", bytes.len());

    // The DOM Chromium built has the findings table and highlighted quotes.
    let dom = Command::new(CHROMIUM)
        .args(flags)
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg("--dump-dom")
        .arg(&url)
        .output()
        .expect("run chromium");
    let dom = String::from_utf8_lossy(&dom.stdout);
    assert!(dom.contains("<table>") && dom.contains("<mark>") && dom.contains("class=\"badge conflict\""), "{dom}");
}
