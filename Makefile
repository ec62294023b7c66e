# Lantern — the two commands in README.md are `make run` and `make test`.
SHELL := /usr/bin/env bash
.SHELLFLAGS := -euo pipefail -c
export PATH := $(CURDIR)/tools/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)

.PHONY: run build tools site server test test-rust lint check-wasm test-e2e test-faults fmt clean

## run: build everything (installing missing tools) and serve on http://127.0.0.1:3000
run: build
	./target/release/lantern import content
	./target/release/lantern serve

## build: the release server and the browser bundle in target/
build: tools site server

tools:
	./scripts/install-tools.sh

site:
	./scripts/build-site.sh

server:
	cargo build --locked --release -p server

## test: every test — Rust unit and integration (SQLite, and PostgreSQL when
## LANTERN_TEST_POSTGRES_URL is set), clippy, the browser bundle (which is
## the wasm build check), the browser tests, the two-node cluster test and
## the fault tests, all against the server binary that `cargo test` built
## (debug: the server is compiled once, not twice). The cluster and fault
## tests start PostgreSQL clusters and nginx of their own and mount a tmpfs:
## they need root or sudo (docs/deployment.md).
test: test-rust lint tools site
	LANTERN_BIN=target/debug/lantern ./scripts/e2e.sh
	LANTERN_BIN=$(CURDIR)/target/debug/lantern ./scripts/cluster.sh test
	LANTERN_BIN=$(CURDIR)/target/debug/lantern ./scripts/faults.sh

test-rust:
	cargo test --locked --workspace

## lint: clippy on every target, warnings are errors
lint:
	cargo clippy --locked --workspace --all-targets -- -D warnings

check-wasm: tools
	cargo check --locked -p app --target wasm32-unknown-unknown --features hydrate

## test-e2e: the browser tests against the release build
test-e2e: build
	./scripts/e2e.sh

## test-faults: the cluster and fault tests alone, against the release build
test-faults: build
	./scripts/cluster.sh test
	LANTERN_BIN=$(CURDIR)/target/release/lantern ./scripts/faults.sh

fmt:
	cargo fmt --all

clean:
	cargo clean
	rm -rf end2end/node_modules tools/node_modules
