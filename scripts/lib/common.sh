# Shared settings of the one-machine scripts. Two profiles: "run" (the demo, default ports of
# architecture §8) and "test" (the test command's own stack, shifted ports, own data), so a test
# run never touches a running demo.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
PROFILE="${FREMMOEDE_PROFILE:-run}"
case "$PROFILE" in
  run)  RUN_DIR="$ROOT/.run";      OFFSET=0 ;;
  test) RUN_DIR="$ROOT/.run/test"; OFFSET=100 ;;
  # The benchmarks keep a caller's FREMMOEDE_PORT_OFFSET, so two work trees can benchmark side by side.
  bench) RUN_DIR="$ROOT/.run/bench"; OFFSET="${FREMMOEDE_PORT_OFFSET:-200}" ;;
  bench-web) RUN_DIR="$ROOT/.run/bench-web"; OFFSET="${FREMMOEDE_PORT_OFFSET:-900}" ;;
  # More benchmark stacks side by side: FREMMOEDE_PROFILE=bench-NAME with FREMMOEDE_PORT_OFFSET.
  bench-*) RUN_DIR="$ROOT/.run/$PROFILE"; OFFSET="${FREMMOEDE_PORT_OFFSET:?set FREMMOEDE_PORT_OFFSET for profile $PROFILE}" ;;
  # More test stacks side by side (e.g. one per work tree): FREMMOEDE_PROFILE=test-NAME with
  # FREMMOEDE_PORT_OFFSET (a multiple of 100 from 300).
  test-*) RUN_DIR="$ROOT/.run/$PROFILE"; OFFSET="${FREMMOEDE_PORT_OFFSET:?set FREMMOEDE_PORT_OFFSET for profile $PROFILE}" ;;
  *) echo "FREMMOEDE_PROFILE must be run, test, test-NAME, bench, bench-web or bench-NAME, got '$PROFILE'" >&2; exit 64 ;;
esac

PG_PORT="${PG_PORT:-$((54329 + OFFSET / 10))}"
SMTP_PORT="${SMTP_PORT:-$((2525 + OFFSET / 10))}"
PLANNING_PORT="${PLANNING_PORT:-$((8080 + OFFSET))}"
INTAKE_PORT="${INTAKE_PORT:-$((8081 + OFFSET))}"
SCREENING_PORT="${SCREENING_PORT:-$((8082 + OFFSET))}"
NOTIFICATION_PORT="${NOTIFICATION_PORT:-$((8083 + OFFSET))}"
IDP_PORT="${IDP_PORT:-$((8090 + OFFSET))}"
DEMO_STAFF_FILE="${DEMO_STAFF_FILE:-$ROOT/demo/staff.json}"
DEV_PARTITIONS="${DEV_PARTITIONS:-12}"
# The demo's attendance system: registered in Intake by `scripts/stack up`, with its own raw-feed topic.
DEMO_SOURCE_SYSTEM="${DEMO_SOURCE_SYSTEM:-demo-skolesystem}"

PG_BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
SCRATCH="${FREMMOEDE_SCRATCH:-$ROOT/.build}"
# PostgreSQL runs as the postgres user, which must reach its data directory: inside the clone's run
# folder when it can (the usual case), else under /var/tmp (a clone in a private directory, such as
# one made by `mktemp -d`, which only its owner may enter). Call after scripts/install-deps.
pg_home() {
  if [ -z "${PG_HOME:-}" ]; then
    mkdir -p "$RUN_DIR"
    if runuser -u postgres -- test -x "$RUN_DIR" 2>/dev/null; then
      PG_HOME="$RUN_DIR"
    else
      PG_HOME="/var/tmp/fremmoede-postgres/$(printf '%s' "$RUN_DIR" | sha1sum | cut -c1-16)"
      mkdir -p "$PG_HOME" && chmod 755 /var/tmp/fremmoede-postgres "$PG_HOME"
    fi
  fi
  printf '%s\n' "$PG_HOME"
}
BIN_DIR="${BIN_DIR:-$SCRATCH/debug}"
DATABASE_URL="postgres://fremmoede@127.0.0.1:$PG_PORT/fremmoede"
read -r -a SERVICES <<<"${STACK_SERVICES:-IntakeService ScreeningService PlanningService NotificationService}"

say() { printf '\033[1m[fremmoede]\033[0m %s\n' "$*"; }
die() { printf '[fremmoede] error: %s\n' "$*" >&2; exit 1; }

# Health and metrics are served on a port of their own: the service's port + 1000 (OPERATIONS_PORT).
operations_port() { echo $(( $(service_port "$1") + 1000 )); }

service_port() {
  case "$1" in
    IntakeService) echo "$INTAKE_PORT" ;;
    ScreeningService) echo "$SCREENING_PORT" ;;
    PlanningService) echo "$PLANNING_PORT" ;;
    NotificationService) echo "$NOTIFICATION_PORT" ;;
  esac
}

# wait_until SECONDS DESCRIPTION COMMAND...: retries COMMAND until it succeeds.
wait_until() {
  local seconds="$1" what="$2"; shift 2
  local deadline=$((SECONDS + seconds))
  until "$@" >/dev/null 2>&1; do
    [ "$SECONDS" -lt "$deadline" ] || return 1
    sleep 0.2
  done
}

# A process counts as alive when it exists and is not a zombie (a killed service whose parent has
# not reaped it yet must be started again).
pid_alive() {
  [ -f "$1" ] || return 1
  local pid; pid="$(cat "$1")"
  kill -0 "$pid" 2>/dev/null || return 1
  ! grep -qE '^[0-9]+ \(.*\) Z' "/proc/$pid/stat" 2>/dev/null
}
