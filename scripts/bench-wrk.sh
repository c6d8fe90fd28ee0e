#!/usr/bin/env bash
# Throughput of the gateway against a bare net/http server with the same
# handler (examples/hello), measured with wrk over loopback in the same
# run: the gateway with its own HTTP/1.1 server (--engine goframe, the
# default), the gateway on Go's (--engine net/http), and plain net/http.
# The three take turns in every round, in a rotating order, so that drift
# on a shared machine hits them alike. Prints a Markdown table of
# requests/s and, for each gateway, the ratio to net/http: the median of
# the per-round ratios, with the smallest and largest.
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
# configuration no deployment has. Many short rotating rounds even out the
# noise instead.
"$tmp/hello" serve --workers 0 --bind 127.0.0.1:18080 --log-level warning &
"$tmp/hello" serve --workers 0 --engine net/http --bind 127.0.0.1:18082 --log-level warning &
"$tmp/plain" --bind 127.0.0.1:18081 2>/dev/null &
for port in 18080 18081 18082; do
  for _ in $(seq 100); do curl -fs "http://127.0.0.1:$port/" >/dev/null && break; sleep 0.1; done
done

rps() { wrk -t1 -c"$CONNS" -d"$DURATION" "$1" | awk '/Requests\/sec/ {print $2}'; }

# median prints the median of the numbers on standard input.
median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2 }'; }

echo "| path | server | req/s (median) | ratio to net/http: median of the rounds [min–max] |"
echo "|---|---|---|---|"
names=("gateway, --engine goframe" "gateway, --engine net/http" "net/http")
ports=(18080 18082 18081)
for path in / /json; do
  : > "$tmp/0"; : > "$tmp/1"; : > "$tmp/2"
  for round in $(seq "$ROUNDS"); do
    # Rotate who goes first, so that drift during a round hits all alike.
    for k in 0 1 2; do
      i=$(( (k + round) % 3 ))
      rps "http://127.0.0.1:${ports[$i]}$path" >> "$tmp/$i"
    done
  done
  for i in 0 1 2; do
    med=$(median < "$tmp/$i")
    if (( i == 2 )); then
      printf '| %s | %s | %.0f | 1 |\n' "$path" "${names[$i]}" "$med"
      continue
    fi
    # Per-round ratios: a round's runs saw the same machine, so their
    # ratio is steadier than either figure.
    paste "$tmp/$i" "$tmp/2" | awk '{ print $1 / $2 }' | sort -g > "$tmp/r"
    printf '| %s | %s | %.0f | %.3f [%.3f–%.3f] |\n' "$path" "${names[$i]}" "$med" \
      "$(median < "$tmp/r")" "$(head -1 "$tmp/r")" "$(tail -1 "$tmp/r")"
  done
done
