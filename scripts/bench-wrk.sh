#!/usr/bin/env bash
# Throughput of the gateway against a bare net/http server with the same
# handler, measured with wrk over loopback in the same run, alternating the
# two servers so that drift on a shared machine hits both alike.
# Prints a Markdown table of requests/s and the ratio gateway/net-http:
# the median of the per-round ratios, with the smallest and largest.
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

echo "| path | gateway req/s (median) | net/http req/s (median) | gateway / net/http: median of the rounds [min–max] |"
echo "|---|---|---|---|"
for path in / /json; do
  gs=(); ps=()
  for round in $(seq "$ROUNDS"); do
    # Alternate who goes first, so that drift during a round hits both alike.
    if (( round % 2 )); then
      g=$(rps "http://127.0.0.1:18080$path"); p=$(rps "http://127.0.0.1:18081$path")
    else
      p=$(rps "http://127.0.0.1:18081$path"); g=$(rps "http://127.0.0.1:18080$path")
    fi
    gs+=("$g"); ps+=("$p")
  done
  # Per-round ratios, then their median and spread: a round's two runs saw
  # the same machine, so their ratio is steadier than either figure.
  printf '%s\n' "${gs[@]}" > "$tmp/g"; printf '%s\n' "${ps[@]}" > "$tmp/p"
  paste "$tmp/g" "$tmp/p" | awk -v path="$path" '
    function median(a, n,   i, j, t) {
      for (i = 2; i <= n; i++) for (j = i; j > 1 && a[j-1] > a[j]; j--) { t = a[j]; a[j] = a[j-1]; a[j-1] = t }
      return (n % 2) ? a[(n+1)/2] : (a[n/2] + a[n/2+1]) / 2
    }
    { n++; g[n] = $1; p[n] = $2; r[n] = $1 / $2 }
    END {
      mg = median(g, n); mp = median(p, n); mr = median(r, n)
      printf "| %s | %.0f | %.0f | %.3f [%.3f–%.3f] |\n", path, mg, mp, mr, r[1], r[n]
    }'
done
