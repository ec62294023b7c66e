#!/usr/bin/env bash
# Installs the build tools a fresh machine lacks, and nothing that is already
# there: the wasm target, wasm-bindgen (exactly the version in Cargo.lock) and
# wasm-opt (npm `binaryen`, pinned in tools/package-lock.json). Nothing is
# downloaded at build time after this.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

if ! command -v cargo >/dev/null; then
  echo "error: cargo is not installed; install Rust with rustup first (https://rustup.rs)" >&2
  exit 1
fi

if command -v rustup >/dev/null && ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

want=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
have=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)
if [ "$have" != "$want" ]; then
  say "installing wasm-bindgen-cli $want (found: ${have:-none}; takes a few minutes)"
  # Not --locked: its lock file pins a crate that is no longer published.
  cargo install wasm-bindgen-cli --version "$want"
fi

if [ ! -x tools/node_modules/.bin/wasm-opt ]; then
  if ! command -v npm >/dev/null; then
    echo "error: npm is needed to install wasm-opt (binaryen); install Node.js 20 or later" >&2
    exit 1
  fi
  say "installing wasm-opt (npm binaryen)"
  npm ci --prefix tools --no-audit --no-fund
fi
