#!/usr/bin/env bash
# Throughput of the gateway against a bare net/http server with the same
# handler, measured with wrk over loopback in the same run, alternating the
# two servers so that drift on a shared machine hits both alike.
# Prints a Markdown table of requests/s and the ratio gateway/net-http.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${DURATION:-2s}
CONNS=${CONNS:-64}
ROUNDS=${ROUNDS:-6}
tmp=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$tmp"' EXIT

go build -o "$tmp/hello" ./examples/hello
(cd bench && go build -o "$tmp/plain" ./plain)

# Not pinned to cores: pinning a server to one core leaves Go one P, a
# configuration no deployment has, where the gateway's extra goroutine
# hand-offs cost twice what they cost otherwise. Many short alternating
# rounds even out the noise instead (a server against itself: ±2%).
"$tmp/hello" serve --workers 0 --bind 127.0.0.1:18080 --log-level warning &
"$tmp/plain" --bind 127.0.0.1:18081 2>/dev/null &
for port in 18080 18081; do
  for _ in $(seq 100); do curl -fs "http://127.0.0.1:$port/" >/dev/null && break; sleep 0.1; done
done

rps() { wrk -t1 -c"$CONNS" -d"$DURATION" "$1" | awk '/Requests\/sec/ {print $2}'; }

echo "| path | gateway req/s | net/http req/s | gateway / net/http |"
echo "|---|---|---|---|"
for path in / /json; do
  g=0; p=0
  for _ in $(seq "$ROUNDS"); do
    g=$(awk -v a="$g" -v b="$(rps "http://127.0.0.1:18080$path")" 'BEGIN {print a + b}')
    p=$(awk -v a="$p" -v b="$(rps "http://127.0.0.1:18081$path")" 'BEGIN {print a + b}')
  done
  awk -v path="$path" -v g="$g" -v p="$p" -v n="$ROUNDS" 'BEGIN {printf "| %s | %.0f | %.0f | %.3f |\n", path, g / n, p / n, g / p}'
done
