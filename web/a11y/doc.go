// Package a11y holds the automated accessibility check of the customer
// pages and nothing else: its test seeds the demo into a real SQLite store,
// serves the customer pages over loopback HTTP, walks every page a customer
// can reach (touchpoint, companion for a first-timer and a regular, help
// asked, feedback, a refused feedback, thanks, appointment preparation, the
// large-text variant) in English, Russian and Finnish in headless Chromium
// on a 320 px wide screen, and runs axe-core over each one.
//
// It fails on any serious or critical WCAG 2.0/2.1/2.2 A or AA violation, on
// sideways scrolling at 320 px or at 200 % text zoom (a 160 px viewport), and
// on a page heavier than 30 KB gzip-compressed with its CSS and scripts.
//
// Run it with
//
//	go test ./web/a11y -v
//
// It needs Debian's chromium (/usr/bin/chromium) and the axe-core pinned in
// tools/a11y (scripts/install-test-deps runs npm ci there). Without them it
// skips, except with CI=true, where it fails.
package a11y
