#!/usr/bin/env bash
# Browser tests of gazette's web page: imports a small hand-written fixture into a
# temporary data dir, serves it on a free loopback port, and drives the page in
# Debian's headless Chromium through playwright-core (flow.test.mjs).
# Exits non-zero on any failure; skips (exit 0, with a message) without Chromium.
set -euo pipefail
cd "$(dirname "$0")"

CHROMIUM_PATH="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ ! -x "$CHROMIUM_PATH" ]; then
  echo "SKIP: $CHROMIUM_PATH is absent; browser tests not run (apt-get install chromium)"
  exit 0
fi
if [ ! -d node_modules/playwright-core ]; then
  npm ci --no-audit --no-fund
fi

ROOT="$(cd ../.. && pwd)"
cargo build --quiet --manifest-path "$ROOT/Cargo.toml" --bin gazette
BIN="$ROOT/target/debug/gazette"

WORK="$(mktemp -d)"
SERVER_PID=""
cleanup() {
  if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

# No sources: the server must not try to crawl anything during the test.
cat > "$WORK/config.toml" <<TOML
data_dir = "$WORK/data"
TOML

PORT="$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close();});')"
"$BIN" --config "$WORK/config.toml" import --jsonl fixture.jsonl
"$BIN" --config "$WORK/config.toml" serve --bind "127.0.0.1:$PORT" >"$WORK/server.log" 2>&1 &
SERVER_PID=$!

URL="http://127.0.0.1:$PORT"
for _ in $(seq 1 100); do
  if node -e "fetch('$URL/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"; then break; fi
  if ! kill -0 "$SERVER_PID" 2>/dev/null; then
    echo "gazette serve exited early:"; cat "$WORK/server.log"; exit 1
  fi
  sleep 0.2
done

status=0
GAZETTE_URL="$URL" CHROMIUM_PATH="$CHROMIUM_PATH" node --test --test-reporter=spec flow.test.mjs || status=$?
if [ "$status" -ne 0 ]; then
  echo "--- server log ---"; tail -n 50 "$WORK/server.log"
fi
exit "$status"
