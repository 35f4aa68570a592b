# shellcheck shell=bash
# The benchmark's own PostgreSQL cluster, built from the functions of
# ops/lib.sh. Source lib.sh first. Sourcing this file only defines functions.
#
#   bench  .local/pg-bench  port 55434 (LIFECIRCLE_BENCH_PG_PORT)  durable:
#          fsync, synchronous_commit and full_page_writes on
#
# lib.sh knows the clusters "app" and "test" only, so lc_cluster_port is
# wrapped to add "bench"; every other cluster function of lib.sh then works
# for it unchanged, except the settings file, which is written here.

BENCH_PG_PORT=${LIFECIRCLE_BENCH_PG_PORT:-55434}
BENCH_DATABASE=lifecircle_bench

# Keep lib.sh's function under another name and answer for "bench" first.
eval "bench_lib_cluster_port() $(declare -f lc_cluster_port | tail -n +2)"
lc_cluster_port() {
    if [[ $1 == bench ]]; then
        printf '%s\n' "$BENCH_PG_PORT"
    else
        bench_lib_cluster_port "$1"
    fi
}

bench_connection_string() {
    local database=${1:-$BENCH_DATABASE}
    printf 'Host=127.0.0.1;Port=%s;Database=%s;Username=postgres;Keepalive=30;Tcp Keepalive=true\n' \
        "$BENCH_PG_PORT" "$database"
}

# Write data/lifecircle.conf of the bench cluster: the app cluster's settings
# (durability on), max_wal_size raised so that seeding a million events does
# not force a checkpoint every few seconds, pg_stat_statements for the report,
# then any extra "name = value" lines given as arguments (--pg of ops/bench).
# Returns 0 when the file changed, 1 when it already had this content.
bench_write_cluster_conf() {
    local dir=$1 conf new extra
    shift
    conf="$dir/data/lifecircle.conf"
    new=$(
        cat <<EOF
# Written by ops/bench each time it starts the bench cluster: edit ops/bench.d/cluster.sh instead.
listen_addresses = '127.0.0.1'
port = $BENCH_PG_PORT
unix_socket_directories = '$dir/socket'
max_connections = 300
idle_in_transaction_session_timeout = '60s'
fsync = on
synchronous_commit = on
full_page_writes = on
max_wal_size = '4GB'
shared_preload_libraries = 'pg_stat_statements'
pg_stat_statements.track = top
EOF
        for extra in "$@"; do
            printf '%s\n' "$extra"
        done
    )
    if [[ -f $conf ]] && [[ $(<"$conf") == "$new" ]]; then
        return 1
    fi
    printf '%s\n' "$new" >"$conf"
    chown postgres:postgres -- "$conf"
    return 0
}

# Create (when missing) and start the bench cluster with the given extra
# settings, restarting it when the settings changed. Prints nothing.
bench_start_cluster() {
    local dir log
    lc_require_root
    lc_ensure_packages "${LC_PG_PACKAGES[@]}"

    lc_lock
    dir=$(lc_prepare_cluster_dir bench)
    log=$(lc_cluster_log "$dir")
    lc_init_cluster bench "$dir"
    bench_write_cluster_conf "$dir" "$@" || true

    # A cluster left running by an interrupted run is restarted, so that it
    # runs with exactly the settings written above.
    if lc_cluster_running "$dir"; then
        lc_log "restarting the bench cluster left running by an earlier run"
        lc_pg_ctl_or_die bench "$log" -D "$dir/data" -l "$log" -m fast -w -t 120 restart
    else
        if lc_port_in_use "$BENCH_PG_PORT"; then
            lc_die "port $BENCH_PG_PORT on 127.0.0.1 is already in use: stop that server, or set LIFECIRCLE_BENCH_PG_PORT to another port"
        fi
        lc_log "starting the bench cluster on 127.0.0.1:$BENCH_PG_PORT (log: $log)"
        lc_pg_ctl_or_die bench "$log" -D "$dir/data" -l "$log" -w -t 120 start
    fi
    lc_unlock
}

bench_stop_cluster() {
    local dir
    if ! dir=$(lc_cluster_dir bench) || ! lc_cluster_running "$dir"; then
        return 0
    fi
    lc_log "stopping the bench cluster"
    lc_as_postgres "$LC_PG_BIN/pg_ctl" -D "$dir/data" -m fast -w -t 120 stop >/dev/null ||
        lc_log "warning: pg_ctl stop failed for the bench cluster: see $(lc_cluster_log "$dir")"
}

# Print the process id of the bench cluster's postmaster.
bench_postmaster_pid() {
    local dir
    dir=$(lc_cluster_dir bench) || return 1
    head -n 1 -- "$dir/data/postmaster.pid"
}

bench_psql() {
    PGOPTIONS='-c client_min_messages=warning' "$LC_PG_BIN/psql" -h 127.0.0.1 -p "$BENCH_PG_PORT" -U postgres -XAtq -v ON_ERROR_STOP=1 "$@"
}

# Drop and create the benchmark database, so every run starts from the same
# empty state, and add pg_stat_statements to it.
bench_recreate_database() {
    bench_psql -d postgres -c "drop database if exists $BENCH_DATABASE with (force)" >/dev/null
    bench_psql -d postgres -c "create database $BENCH_DATABASE" >/dev/null
    bench_psql -d "$BENCH_DATABASE" -c "create extension if not exists pg_stat_statements" >/dev/null
}
