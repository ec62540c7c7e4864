# Tandem's everyday commands. Run "make help" to list them.
.DEFAULT_GOAL := help
GO ?= go
STATICCHECK_VERSION := v0.8.2

.PHONY: help
help: ## list the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F ':.*## ' '{printf "  %-10s %s\n", $$1, $$2}'

.PHONY: run
run: ## run the demo: seeded SQLite, prints the URL and a login
	$(GO) run ./cmd/tandem demo

.PHONY: build
build: ## build bin/tandem
	$(GO) build -trimpath -o bin/tandem ./cmd/tandem

.PHONY: test
test: ## install missing test dependencies, then lint and run every test on SQLite and PostgreSQL
	scripts/install-test-deps
	test -z "$$(gofmt -l .)" || { echo "gofmt needed on:"; gofmt -l .; exit 1; }
	$(GO) vet ./...
	$(GO) run honnef.co/go/tools/cmd/staticcheck@$(STATICCHECK_VERSION) ./...
	$(GO) test -count=1 ./...

.PHONY: fuzz
fuzz: ## fuzz every public decoder on both engines, FUZZTIME (default 2m) per target and engine
	GO=$(GO) FUZZTIME=$(or $(FUZZTIME),2m) scripts/fuzz

.PHONY: bench
bench: ## feedback ingestion over HTTP on both engines, against a bare net/http ceiling (PROFILE=prefix writes CPU profiles)
	TANDEM_BENCH_CPUPROFILE=$(PROFILE) $(GO) test ./api -run '^$$' -bench FeedbackIngest -benchtime 30000x

SIZES ?= 10k,1m
ENGINES ?= sqlite,postgres

.PHONY: bench-insight
bench-insight: ## insight at scale: seeds the demo with SIZES feedback (10k,1m; 10m is the scale test) on ENGINES, prints p50/p95 and peak RSS
	$(GO) run ./bench/insight -sizes $(SIZES) -engines $(ENGINES)

.PHONY: flood
flood: ## one client floods the real binary on loopback: healthz p50/p99, peak memory, writes accepted, staff view
	$(GO) run ./bench/flood

.PHONY: lint
lint: ## gofmt, go vet and staticcheck
	test -z "$$(gofmt -l .)" || { gofmt -l .; exit 1; }
	$(GO) vet ./...
	$(GO) run honnef.co/go/tools/cmd/staticcheck@$(STATICCHECK_VERSION) ./...

.PHONY: bench-webhooks
bench-webhooks: ## feedback ingestion while webhooks are delivered: rate, deliveries, duplicates, lag
	$(GO) test ./jobs -run '^$$' -bench WebhookDelivery -benchtime 20000x
