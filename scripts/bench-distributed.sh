#!/usr/bin/env bash
# Distributed-mode benchmark: starts a throwaway PostgreSQL and Redis on free loopback ports, runs
# `Scoreboard.Bench distributed` against them (with pgbench and redis-benchmark baselines), then removes both.
set -euo pipefail
cd "$(dirname "$0")/.."

bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
root=$(mktemp -d)
pg_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
redis_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
as_owner=()
if [ "$(id -u)" -eq 0 ]; then chown postgres "$root"; as_owner=(runuser -u postgres --); fi

cleanup() {
  "${as_owner[@]}" "$bin/pg_ctl" -D "$root/data" -m immediate stop >/dev/null 2>&1 || true
  [ -n "${redis_pid:-}" ] && kill "$redis_pid" 2>/dev/null || true
  rm -rf "$root"
}
trap cleanup EXIT

"${as_owner[@]}" "$bin/initdb" -D "$root/data" -U scoreboard --auth=trust -E UTF8 --locale=C >/dev/null
"${as_owner[@]}" "$bin/pg_ctl" -D "$root/data" -l "$root/log" -w start \
  -o "-p $pg_port -k $root -c listen_addresses=127.0.0.1 -c max_connections=300" >/dev/null
redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no >/dev/null &
redis_pid=$!
sleep 1

dotnet build bench/Scoreboard.Bench -c Release >/dev/null
dotnet bench/Scoreboard.Bench/bin/Release/net10.0/Scoreboard.Bench.dll distributed \
  --pg "Host=127.0.0.1;Port=$pg_port;Username=scoreboard;Database=postgres" --redis "127.0.0.1:$redis_port" "$@"
