#!/usr/bin/env bash
# A soak run, not part of CI: SOAK_MINUTES (default 30) of mixed credits, reads and SOAK_CLIENTS (default 2000) live
# clients that keep connecting and leaving, against one embedded server. The server prints its resident set and GC
# heap each minute; a flat curve after warm-up is the result (docs/BENCHMARKS.md keeps one).
set -euo pipefail
cd "$(dirname "$0")/.."

minutes="${SOAK_MINUTES:-30}"
clients="${SOAK_CLIENTS:-2000}"
bench=(dotnet bench/Scoreboard.Bench/bin/Release/net10.0/Scoreboard.Bench.dll)
dotnet build bench/Scoreboard.Bench/Scoreboard.Bench.csproj -c Release -v quiet -nologo >/dev/null
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

log="$(mktemp)"
"${bench[@]}" soak-server --minutes "$minutes" "$@" >"$log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true; rm -f "$log"' EXIT
for _ in $(seq 1 120); do
  url="$(sed -n 's/^listening //p' "$log")"
  [ -n "$url" ] && break
  sleep 0.5
done
[ -n "${url:-}" ] || { cat "$log"; echo "soak.sh: the server did not start" >&2; exit 1; }

tail -f "$log" &
tailer=$!
"${bench[@]}" soak-load --url "$url" --minutes "$minutes" --clients "$clients"
sleep 1
kill "$tailer" 2>/dev/null || true
