#!/usr/bin/env bash
# Build entry point for Linux and macOS (build.ps1 has the same targets for PowerShell users).
#
#   ./build.sh build            build everything in Release (zero warnings: warnings are errors)
#   ./build.sh test             install what the tests need when missing, build, run every test, print
#                               "N passed, N failed[, N skipped]" as the last line
#   ./build.sh demo [args]      the main job: engine demo on the embedded defaults (args go to `engine demo`)
#   ./build.sh bench [names]    macro harnesses (default: all, --quick); `./build.sh bench micro [filter]` for BenchmarkDotNet
#   ./build.sh clean            remove build outputs and test results
set -euo pipefail

cd "$(dirname "$0")"
ROOT="$(pwd)"
CONFIGURATION="${CONFIGURATION:-Release}"
RESULTS_DIR="$ROOT/artifacts/test-results"
export DOTNET_CLI_TELEMETRY_OPTOUT=1
export DOTNET_NOLOGO=1
export DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

die() { echo "build.sh: $*" >&2; exit 1; }

require_dotnet() {
  command -v dotnet >/dev/null 2>&1 || die "the .NET SDK is not on PATH; install .NET SDK 10 (https://dot.net) and retry"
}

# PostgreSQL from Debian packages: the event-store tests start their own server (initdb in a temp dir).
find_initdb() {
  local candidate
  for candidate in /usr/lib/postgresql/*/bin/initdb; do
    [ -x "$candidate" ] && { echo "$candidate"; return 0; }
  done
  command -v initdb 2>/dev/null || return 1
}

require_postgres() {
  if find_initdb >/dev/null; then
    return 0
  fi
  local install="apt-get update && apt-get install -y postgresql"
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "build.sh: PostgreSQL is missing; installing it from Debian packages ($install)"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
    find_initdb >/dev/null || die "PostgreSQL was installed but initdb was not found under /usr/lib/postgresql/*/bin"
  elif command -v apt-get >/dev/null 2>&1; then
    die "the tests need PostgreSQL; install it with: sudo sh -c '$install'"
  else
    die "the tests need PostgreSQL server binaries (initdb, pg_ctl); install your platform's postgresql package"
  fi
}

# Debian's Chromium: the report and operator-console browser tests drive it headless (no browser download here).
require_chromium() {
  if command -v chromium >/dev/null 2>&1; then
    return 0
  fi
  local install="apt-get update && apt-get install -y chromium"
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "build.sh: Chromium is missing; installing it from Debian packages ($install)"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
    command -v chromium >/dev/null 2>&1 || die "chromium was installed but is not on the PATH"
  elif [ -n "${CI:-}" ]; then
    die "the browser tests need Chromium; install it with: sudo sh -c '$install'"
  else
    echo "build.sh: Chromium is missing (install it with: sudo sh -c '$install'); the browser tests will be skipped" >&2
  fi
}

build() {
  require_dotnet
  dotnet build Engine.sln -c "$CONFIGURATION" -nologo -v:minimal
}

# Sums the <Counters> of every TRX file: passed, failed (failed + error + timeout + aborted), skipped
# (total - executed: the test platform counts an ignored test as neither executed nor "notExecuted").
summarize_results() {
  local files=("$RESULTS_DIR"/*.trx)
  if [ ! -e "${files[0]}" ]; then
    echo "0 0 0 0"
    return
  fi
  awk '
    /<Counters / {
      n = split($0, parts, " ")
      for (i = 1; i <= n; i++) {
        split(parts[i], kv, "=")
        gsub(/"|\/>|>/, "", kv[2])
        if (kv[1] == "passed") passed += kv[2]
        else if (kv[1] == "failed" || kv[1] == "error" || kv[1] == "timeout" || kv[1] == "aborted") failed += kv[2]
        else if (kv[1] == "total") total += kv[2]
        else if (kv[1] == "executed") executed += kv[2]
      }
      files++
    }
    END { printf "%d %d %d %d\n", passed, failed, total - executed, files }
  ' "${files[@]}"
}

run_tests() {
  require_dotnet
  require_postgres
  require_chromium
  build
  rm -rf "$RESULTS_DIR"
  mkdir -p "$RESULTS_DIR"
  local projects project name expected status=0
  projects=$(dotnet sln Engine.sln list | grep -E '\.Tests\.csproj$' | tr '\\' '/' || true)
  expected=$(printf '%s\n' "$projects" | grep -c . || true)
  # One test project at a time: each gets its own TRX file, and the 2-core machines are not oversubscribed.
  for project in $projects; do
    name=$(basename "$project" .csproj)
    echo "build.sh: testing $name"
    dotnet test "$project" -c "$CONFIGURATION" --no-build -nologo \
      --logger "trx;LogFileName=$name.trx" --logger "console;verbosity=minimal" \
      --results-directory "$RESULTS_DIR" || status=$?
  done

  local passed failed skipped files
  read -r passed failed skipped files < <(summarize_results)
  if [ "$files" -lt "$expected" ]; then
    echo "build.sh: only $files of $expected test projects produced results (a test host crashed or aborted)" >&2
    failed=$((failed + expected - files))
  fi
  if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
    echo "build.sh: dotnet test exited with $status although no test failed; counting it as a failure" >&2
    failed=1
  fi
  local summary="$passed passed, $failed failed"
  [ "$skipped" -gt 0 ] && summary="$summary, $skipped skipped"
  echo "$summary"
  [ "$failed" -eq 0 ] && [ "$status" -eq 0 ]
}

run_demo() {
  require_dotnet
  dotnet run -c "$CONFIGURATION" --project tools/Engine.Cli -- demo "$@"
}

run_bench() {
  require_dotnet
  if [ "${1:-}" = "micro" ]; then
    shift
    dotnet run -c Release --project bench/Engine.Benchmarks -- --filter "${1:-*}"
    return
  fi
  dotnet build bench/Engine.PerfTests -c Release -nologo -v:quiet
  if [ "$#" -eq 0 ]; then
    set -- all --quick
  fi
  dotnet run -c Release --no-build --project bench/Engine.PerfTests -- "$@"
}

clean() {
  rm -rf "$ROOT/artifacts" "$ROOT/BenchmarkDotNet.Artifacts"
  find "$ROOT" -type d \( -name bin -o -name obj \) -prune -exec rm -rf {} +
}

target="${1:-build}"
[ "$#" -gt 0 ] && shift
case "$target" in
  build) build ;;
  test) run_tests ;;
  demo) run_demo "$@" ;;
  bench) run_bench "$@" ;;
  clean) clean ;;
  -h|--help|help) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//' ;;
  *) echo "build.sh: unknown target '$target' (build, test, demo, bench, clean)" >&2; exit 2 ;;
esac
