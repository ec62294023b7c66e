#!/usr/bin/env bash
# Builds what the browser downloads into target/site: the hydration bundle
# (lantern.js + lantern.wasm, optimised with wasm-opt), the stylesheet and the
# public files. The server hashes and compresses them at start-up.
# The same steps as `cargo leptos build --release`, without cargo-leptos.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/tools/node_modules/.bin:$HOME/.cargo/bin:$PATH"

site=target/site
pkg=$site/pkg

# `app` is an rlib everywhere else; only here is it linked as the cdylib the
# browser loads, so server and test builds never link a cdylib of it.
cargo rustc --locked --profile wasm-release --target wasm32-unknown-unknown \
  -p app --lib --crate-type cdylib --no-default-features --features hydrate

rm -rf "$site"
mkdir -p "$pkg"
wasm-bindgen --target web --no-typescript --out-dir "$pkg" --out-name lantern \
  target/wasm32-unknown-unknown/wasm-release/app.wasm
wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int \
  "$pkg/lantern_bg.wasm" -o "$pkg/lantern.wasm"
rm "$pkg/lantern_bg.wasm"

cp style/main.css "$pkg/lantern.css"
cp -R public/. "$site/"

for f in "$pkg"/lantern.{js,wasm,css}; do
  printf '%-28s %8d bytes, %7d gzipped\n' "$f" "$(stat -c %s "$f")" "$(gzip -9c "$f" | wc -c)"
done
