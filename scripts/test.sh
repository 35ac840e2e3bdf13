#!/usr/bin/env bash
# Runs every test. Installs what the tests need on a fresh Debian machine first; a missing
# dependency that cannot be installed stops the run here, loudly, rather than skipping tests.
set -euo pipefail
cd "$(dirname "$0")/.."

apt_install() {
  local missing=()
  for pkg in "$@"; do dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "test.sh: installing ${missing[*]}" >&2
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
}

# Live tests: the published socket.io-client runs on node; the page is tested in Debian's headless Chromium.
# By command, not package: a node from elsewhere (e.g. NodeSource, which bundles npm) is used as it is.
command -v node >/dev/null || apt_install nodejs
command -v npm >/dev/null || apt_install npm
apt_install chromium fonts-dejavu-core
# Boards draw period boundaries in IANA zones, read from the system's tz database.
apt_install tzdata
(cd tests/Scoreboard.IntegrationTests/SocketIoClient && npm ci --no-audit --no-fund)

# The interop tests mint tokens with npm's jose (an independent JWT implementation) under node.
(cd tests/Scoreboard.IntegrationTests/JoseClient && npm ci --no-audit --no-fund)

# The README's quickstart is run as written (FirstTenMinutes/ReadmeQuickstartTests): curl, openssl and jq, and node's WebSocket.
apt_install curl openssl jq
# The OpenAPI document is linted by npm's @redocly/cli with its recommended rules.
(cd tests/Scoreboard.IntegrationTests/OpenApiLint && npm ci --no-audit --no-fund)

# Distributed mode's tests start real PostgreSQL and Redis servers on loopback ports; the trusted-proxy tests put a
# real nginx in front of the server; the metrics tests scrape it with a real Prometheus (and lint with its promtool).
apt_install postgresql redis-server nginx prometheus

dotnet build Scoreboard.slnx -c Release
dotnet test Scoreboard.slnx -c Release --no-build --logger "console;verbosity=normal" "$@"

# One suite, two backends: every server test again, on PostgreSQL + Redis instead of SQLite.
SCOREBOARD_TEST_BACKEND=distributed dotnet test tests/Scoreboard.IntegrationTests/Scoreboard.IntegrationTests.csproj -c Release --no-build \
  --logger "console;verbosity=normal" --filter "Backend!=embedded&Backend!=distributed" "$@"
