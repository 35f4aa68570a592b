# shellcheck shell=bash
# Starting and stopping the app under test. Source lib.sh, cluster.sh and
# build.sh first. The app runs from the private Release build with the
# pre-generated handler code (LifeCircle:CodeGeneration=Static).

BENCH_APP_PID=""
# Npgsql connection string options added to the app's connection string only,
# for example "No Reset On Close=true" (ops/bench --app-connection-options).
BENCH_APP_CONNECTION_OPTIONS=${BENCH_APP_CONNECTION_OPTIONS:-}

# Start the app on 127.0.0.1:$1 against the bench database, logging to $2, and
# wait up to 120 s until /health/ready returns 200. Sets BENCH_APP_PID.
bench_start_app() {
    local port=$1 log=$2 url="http://127.0.0.1:$1" waited=0
    if lc_port_in_use "$port"; then
        lc_die "port $port on 127.0.0.1 is already in use: choose another with --app-port"
    fi

    # The Development environment maps GET /dev/sms/{phone}, which the load
    # driver reads sign-in codes from. The abuse limits are raised because
    # the load comes from one address and a few dozen accounts.
    (
        # shellcheck disable=SC2153 # BENCH_APP_DIR comes from build.sh.
        cd -- "$BENCH_APP_DIR" || exit 1
        exec env \
            ASPNETCORE_ENVIRONMENT=Development \
            ConnectionStrings__LifeCircle="$(bench_connection_string "$BENCH_DATABASE")${BENCH_APP_CONNECTION_OPTIONS:+;$BENCH_APP_CONNECTION_OPTIONS}" \
            LifeCircle__CodeGeneration=Static \
            LifeCircle__Demo__Seed=true \
            LifeCircle__Limits__CodeSendsPerAddress=100000 \
            LifeCircle__Limits__BookingsPerResidentPerHour=1000000 \
            LifeCircle__Limits__BookingsPerOperatorPerHour=1000000 \
            Logging__LogLevel__Default=Warning \
            Logging__LogLevel__Microsoft.Hosting.Lifetime=Information \
            "Logging__Console__TimestampFormat=HH:mm:ss.fff " \
            dotnet LifeCircle.dll --urls "$url"
    ) >"$log" 2>&1 &
    BENCH_APP_PID=$!

    while ((waited < 1200)); do
        if ! kill -0 "$BENCH_APP_PID" 2>/dev/null; then
            tail -n 30 -- "$log" >&2
            BENCH_APP_PID=""
            lc_die "the app exited during start-up: see $log"
        fi
        if [[ $(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$url/health/ready" 2>/dev/null) == 200 ]]; then
            return 0
        fi
        sleep 0.1
        waited=$((waited + 1))
    done
    lc_die "the app did not become ready within 120 s: see $log"
}

# Stop the app started by bench_start_app: SIGTERM, then SIGKILL after 30 s.
bench_stop_app() {
    local waited=0
    if [[ -z $BENCH_APP_PID ]] || ! kill -0 "$BENCH_APP_PID" 2>/dev/null; then
        BENCH_APP_PID=""
        return 0
    fi
    kill -TERM "$BENCH_APP_PID" 2>/dev/null || true
    while kill -0 "$BENCH_APP_PID" 2>/dev/null && ((waited < 300)); do
        sleep 0.1
        waited=$((waited + 1))
    done
    if kill -0 "$BENCH_APP_PID" 2>/dev/null; then
        lc_log "warning: the app (pid $BENCH_APP_PID) did not stop within 30 s of SIGTERM: killing it"
        kill -KILL "$BENCH_APP_PID" 2>/dev/null || true
    fi
    wait "$BENCH_APP_PID" 2>/dev/null || true
    BENCH_APP_PID=""
}

# Print "VmHWM VmRSS" of the app in kB.
bench_app_memory() {
    awk '/^VmHWM:/ { hwm = $2 } /^VmRSS:/ { rss = $2 } END { print hwm, rss }' "/proc/$BENCH_APP_PID/status"
}
