# shellcheck shell=bash
# Functions shared by ops/db, ops/run, ops/test, ops/bench and ops/chaos.
# Source this file from a bash script that has already run
# `set -euo pipefail`. Sourcing it only sets variables and defines functions.
#
# The project runs two private PostgreSQL 15 clusters, each in its own folder
# owned by the postgres user (data/, postgresql.log, socket/):
#   app   .local/pg-app   port 55432  durable, database "lifecircle"
#   test  .local/pg-test  port 55433  fsync, synchronous_commit and
#                                      full_page_writes off
# LIFECIRCLE_APP_PG_PORT and LIFECIRCLE_TEST_PG_PORT override the ports.
# The postgres user cannot reach .local/ in a checkout under /root or under a
# mktemp -d folder, because those folders have mode 700. There, and when the
# socket path would be too long, the cluster folder is
# /var/lib/lifecircle/<hash of the checkout path>/pg-<name> instead, and
# .local/pg-<name> is a symbolic link to it.

LC_REPO_ROOT=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd -P)
LC_LOCAL_DIR="$LC_REPO_ROOT/.local"
LC_FALLBACK_ROOT=/var/lib/lifecircle
LC_PG_BIN=/usr/lib/postgresql/15/bin
LC_PG_PACKAGES=(postgresql-15 postgresql-contrib)
LC_CREATECLUSTER_CONF=/etc/postgresql-common/createcluster.conf
LC_APP_DATABASE=lifecircle
LC_APP_PG_PORT=${LIFECIRCLE_APP_PG_PORT:-55432}
LC_TEST_PG_PORT=${LIFECIRCLE_TEST_PG_PORT:-55433}

# A Unix socket path must fit in sockaddr_un.sun_path (108 bytes with the NUL).
LC_MAX_SOCKET_PATH=107

# The .NET CLI sends usage telemetry over the internet unless this is set.
export DOTNET_CLI_TELEMETRY_OPTOUT=${DOTNET_CLI_TELEMETRY_OPTOUT:-1}
export DOTNET_NOLOGO=${DOTNET_NOLOGO:-1}

LC_APT_UPDATED=false
LC_LOCK_FD=""

# ---------------------------------------------------------------------------
# Messages and preconditions

lc_log() {
    printf '[lifecircle] %s\n' "$*" >&2
}

lc_die() {
    printf '[lifecircle] error: %s\n' "$*" >&2
    exit 1
}

lc_require_root() {
    if [[ $EUID -ne 0 ]]; then
        lc_die "this script must run as root: it installs packages with apt-get and runs PostgreSQL as the postgres user through runuser"
    fi
}

lc_require_dotnet() {
    if ! command -v dotnet >/dev/null 2>&1; then
        lc_die "dotnet not found on PATH: install the .NET 10 SDK, which Debian does not package"
    fi
}

# ---------------------------------------------------------------------------
# Packages

# Install the given Debian packages that are not installed yet. Runs
# apt-get update once per script, and only when a package is missing.
lc_ensure_packages() {
    local missing=() package
    for package in "$@"; do
        if ! lc_package_installed "$package"; then
            missing+=("$package")
        fi
    done
    if ((${#missing[@]} == 0)); then
        return 0
    fi

    lc_require_root
    lc_log "installing missing packages: ${missing[*]}"

    # Installing postgresql-15 creates and starts a "main" cluster on port
    # 5432 unless createcluster.conf sets create_main_cluster = false. That
    # file comes with postgresql-common, so install it first and edit it.
    if ! lc_package_installed postgresql-15 && lc_contains_postgresql "${missing[@]}"; then
        if ! lc_package_installed postgresql-common; then
            lc_apt_install postgresql-common
        fi
        lc_disable_main_cluster_creation
    fi

    lc_apt_install "${missing[@]}"
}

lc_package_installed() {
    [[ $(dpkg-query -W -f='${Status}' "$1" 2>/dev/null) == "install ok installed" ]]
}

lc_contains_postgresql() {
    local package
    for package in "$@"; do
        if [[ $package == postgresql* ]]; then
            return 0
        fi
    done
    return 1
}

lc_apt_install() {
    if [[ $LC_APT_UPDATED != true ]]; then
        apt-get update -q
        LC_APT_UPDATED=true
    fi
    # The force-conf options keep existing configuration files without a
    # prompt. The lock timeout waits up to 300 s for another apt-get or dpkg.
    DEBIAN_FRONTEND=noninteractive UCF_FORCE_CONFFOLD=1 apt-get install -y -q \
        -o DPkg::Lock::Timeout=300 \
        -o Dpkg::Options::=--force-confdef \
        -o Dpkg::Options::=--force-confold \
        "$@"
}

# Set create_main_cluster = false in postgresql-common's createcluster.conf,
# creating the file and its folder when they do not exist.
lc_disable_main_cluster_creation() {
    local conf=$LC_CREATECLUSTER_CONF
    mkdir -p -- "$(dirname -- "$conf")"
    if [[ -f $conf ]] && grep -Eq '^[[:space:]]*#?[[:space:]]*create_main_cluster\b' "$conf"; then
        sed -Ei 's/^[[:space:]]*#?[[:space:]]*create_main_cluster\b.*$/create_main_cluster = false/' "$conf"
    else
        printf 'create_main_cluster = false\n' >>"$conf"
    fi
    lc_log "set create_main_cluster = false in $conf, so apt creates no cluster on port 5432"
}

# ---------------------------------------------------------------------------
# Cluster names, folders and connection strings

lc_cluster_port() {
    case $1 in
        app) printf '%s\n' "$LC_APP_PG_PORT" ;;
        test) printf '%s\n' "$LC_TEST_PG_PORT" ;;
        *) lc_die "unknown cluster name: $1 (expected app or test)" ;;
    esac
}

# Print the connection string that the application (app) or the test
# fixtures (test) use.
lc_connection_string() {
    local port
    port=$(lc_cluster_port "$1")
    case $1 in
        app) printf 'Host=127.0.0.1;Port=%s;Database=%s;Username=postgres;Keepalive=30;Tcp Keepalive=true\n' \
            "$port" "$LC_APP_DATABASE" ;;
        test) printf 'Host=127.0.0.1;Port=%s;Username=postgres\n' "$port" ;;
    esac
}

# Print the cluster's path inside the checkout. It is the cluster folder
# itself, or a symbolic link to the folder under $LC_FALLBACK_ROOT.
lc_cluster_link() {
    printf '%s/pg-%s\n' "$LC_LOCAL_DIR" "$1"
}

lc_fallback_dir() {
    local hash
    hash=$(printf '%s' "$LC_REPO_ROOT" | sha256sum | cut -c1-16)
    printf '%s/%s/pg-%s\n' "$LC_FALLBACK_ROOT" "$hash" "$1"
}

# Print the folder of an existing cluster, or return 1 when there is none.
lc_cluster_dir() {
    local link
    link=$(lc_cluster_link "$1")
    if [[ -L $link ]]; then
        readlink -m -- "$link"
    elif [[ -d $link ]]; then
        printf '%s\n' "$link"
    else
        return 1
    fi
}

lc_cluster_log() {
    printf '%s/postgresql.log\n' "$1"
}

# ---------------------------------------------------------------------------
# Running commands as postgres

# Run a command as the postgres user from /, because initdb and pg_ctl fail
# when they cannot read the current directory (for example under /root).
# The lock file is closed first: a server started by pg_ctl would otherwise
# inherit it and hold the lock until it stops.
lc_as_postgres() {
    (
        if [[ -n $LC_LOCK_FD ]]; then
            exec {LC_LOCK_FD}>&-
        fi
        cd / && runuser -u postgres -- "$@"
    )
}

lc_postgres_can_use() {
    local dir=$1 port=$2
    local socket="$dir/socket/.s.PGSQL.$port"
    ((${#socket} <= LC_MAX_SOCKET_PATH)) && lc_as_postgres test -w "$dir" -a -x "$dir"
}

lc_cluster_running() {
    local dir=$1
    [[ -f $dir/data/PG_VERSION ]] &&
        lc_as_postgres "$LC_PG_BIN/pg_ctl" -D "$dir/data" status >/dev/null 2>&1
}

# Return 0 when something accepts TCP connections on 127.0.0.1:<port>.
lc_port_in_use() {
    (: <>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# ---------------------------------------------------------------------------
# Locking: serialises cluster set-up between scripts of the same checkout,
# so that two ops/run or ops/db start calls at once do not both run initdb.

lc_lock() {
    mkdir -p -- "$LC_LOCAL_DIR"
    exec {LC_LOCK_FD}>>"$LC_LOCAL_DIR/ops.lock"
    if ! flock -w 300 "$LC_LOCK_FD"; then
        lc_die "timed out after 300 s waiting for $LC_LOCAL_DIR/ops.lock, which another ops script holds"
    fi
}

# Close the lock file, so that a process started with exec does not hold it.
lc_unlock() {
    if [[ -n $LC_LOCK_FD ]]; then
        exec {LC_LOCK_FD}>&-
        LC_LOCK_FD=""
    fi
}

# ---------------------------------------------------------------------------
# Cluster life cycle

# Print the folder of the named cluster, creating it (owned by postgres,
# mode 700) when it does not exist. Call with the lock held.
lc_prepare_cluster_dir() {
    local name=$1 port link fallback dir
    port=$(lc_cluster_port "$name")
    link=$(lc_cluster_link "$name")
    fallback=$(lc_fallback_dir "$name")

    if dir=$(lc_cluster_dir "$name"); then
        if [[ -L $link && ! -d $dir ]]; then
            lc_log "the $name cluster folder $dir is missing: creating a new cluster there"
            lc_make_postgres_dir "$dir"
        fi
        if ! lc_postgres_can_use "$dir" "$port"; then
            lc_die "the postgres user cannot write to $dir, or the socket path in it would exceed $LC_MAX_SOCKET_PATH bytes: stop the cluster, remove $link, and start again to create a new cluster under $LC_FALLBACK_ROOT"
        fi
        printf '%s\n' "$dir"
        return 0
    fi

    # .local/pg-<name> does not exist, so a cluster left under the fallback
    # folder belongs to a removed .local/ (a reset, or an earlier checkout
    # at this path) and nothing refers to it any more.
    if [[ -e $fallback ]]; then
        lc_remove_orphan_cluster "$fallback"
    fi

    mkdir -p -- "$LC_LOCAL_DIR"
    lc_make_postgres_dir "$link"
    if lc_postgres_can_use "$link" "$port"; then
        printf '%s\n' "$link"
        return 0
    fi

    rmdir -- "$link"
    mkdir -p -- "$(dirname -- "$fallback")"
    printf '%s\n' "$LC_REPO_ROOT" >"$(dirname -- "$fallback")/checkout-path"
    lc_make_postgres_dir "$fallback"
    ln -s -- "$fallback" "$link"
    lc_log "the postgres user cannot reach $LC_LOCAL_DIR, so the $name cluster lives in $fallback ($link links to it)"
    printf '%s\n' "$fallback"
}

lc_make_postgres_dir() {
    mkdir -p -- "$1"
    chown postgres:postgres -- "$1"
    chmod 700 -- "$1"
}

lc_remove_orphan_cluster() {
    local dir=$1
    if lc_cluster_running "$dir"; then
        lc_log "stopping the orphaned cluster in $dir"
        lc_as_postgres "$LC_PG_BIN/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null
    fi
    lc_log "removing the orphaned cluster in $dir, which no .local/ link refers to"
    rm -rf -- "$dir"
}

lc_init_cluster() {
    local name=$1 dir=$2
    if [[ -f $dir/data/PG_VERSION ]]; then
        return 0
    fi
    if [[ -e $dir/data ]] && [[ -n $(ls -A -- "$dir/data") ]]; then
        lc_die "$dir/data is not empty but has no PG_VERSION file: remove it by hand to create a new $name cluster"
    fi

    lc_log "creating the $name cluster in $dir/data"
    if ! lc_as_postgres "$LC_PG_BIN/initdb" -D "$dir/data" -U postgres --auth=trust \
        -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1; then
        cat -- "$dir/initdb.log" >&2
        lc_die "initdb failed for the $name cluster (output above, also in $dir/initdb.log)"
    fi
    lc_make_postgres_dir "$dir/socket"

    # postgresql.conf includes lifecircle.conf last, so its settings win.
    printf "\n# Settings written by ops/lib.sh on every start.\ninclude_if_exists = 'lifecircle.conf'\n" \
        >>"$dir/data/postgresql.conf"
}

# Write data/lifecircle.conf for the named cluster. Returns 0 when the file
# changed, 1 when it already had this content.
lc_write_cluster_conf() {
    local name=$1 dir=$2 port durability conf new
    port=$(lc_cluster_port "$name")
    case $name in
        app) durability=on ;;
        test) durability=off ;;
    esac
    conf="$dir/data/lifecircle.conf"
    new=$(
        cat <<EOF
# Written by ops/lib.sh each time the cluster is started: edit that file instead.
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$dir/socket'
max_connections = 300
# Ends sessions that stay idle inside a transaction for 60 s, because such a
# session stalls Marten's async projection daemon.
idle_in_transaction_session_timeout = '60s'
fsync = $durability
synchronous_commit = $durability
full_page_writes = $durability
EOF
    )
    if [[ -f $conf ]] && [[ $(<"$conf") == "$new" ]]; then
        return 1
    fi
    printf '%s\n' "$new" >"$conf"
    chown postgres:postgres -- "$conf"
    return 0
}

# Make sure the named cluster exists, has the current settings and is
# accepting connections. Installs PostgreSQL 15 first when it is missing and,
# for the app cluster, creates the lifecircle database.
lc_start_cluster() {
    local name=$1 port dir log conf_changed=false
    lc_require_root
    lc_ensure_packages "${LC_PG_PACKAGES[@]}"
    port=$(lc_cluster_port "$name")

    lc_lock
    dir=$(lc_prepare_cluster_dir "$name")
    log=$(lc_cluster_log "$dir")
    lc_init_cluster "$name" "$dir"
    if lc_write_cluster_conf "$name" "$dir"; then
        conf_changed=true
    fi

    if lc_cluster_running "$dir"; then
        if [[ $conf_changed == true ]]; then
            lc_log "restarting the $name cluster to apply changed settings"
            lc_pg_ctl_or_die "$name" "$log" -D "$dir/data" -l "$log" -m fast -w -t 120 restart
        else
            lc_log "the $name cluster is already running on 127.0.0.1:$port"
        fi
    else
        if lc_port_in_use "$port"; then
            lc_die "port $port on 127.0.0.1 is already in use, maybe by the $name cluster of another checkout: stop that server, or set LIFECIRCLE_$(lc_upper "$name")_PG_PORT to another port"
        fi
        lc_log "starting the $name cluster on 127.0.0.1:$port (log: $log)"
        lc_pg_ctl_or_die "$name" "$log" -D "$dir/data" -l "$log" -w -t 120 start
    fi

    if [[ $name == app ]]; then
        lc_ensure_database "$port" "$LC_APP_DATABASE"
    fi
    lc_unlock
}

lc_pg_ctl_or_die() {
    local name=$1 log=$2
    shift 2
    if ! lc_as_postgres "$LC_PG_BIN/pg_ctl" "$@" >/dev/null; then
        tail -n 20 -- "$log" >&2 || true
        lc_die "pg_ctl $* failed for the $name cluster: see the log lines above and $log"
    fi
}

lc_upper() {
    printf '%s\n' "${1^^}"
}

lc_ensure_database() {
    local port=$1 database=$2 exists
    # psql expands :'name' only in input read from stdin, not in -c.
    exists=$("$LC_PG_BIN/psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -XAtq \
        -v ON_ERROR_STOP=1 -v name="$database" \
        <<<"select 1 from pg_database where datname = :'name'")
    if [[ $exists != 1 ]]; then
        lc_log "creating database $database"
        "$LC_PG_BIN/createdb" -h 127.0.0.1 -p "$port" -U postgres "$database"
    fi
}

lc_stop_cluster() {
    local name=$1 dir
    lc_require_root
    if ! dir=$(lc_cluster_dir "$name") || [[ ! -f $dir/data/PG_VERSION ]]; then
        lc_log "the $name cluster has not been created yet: nothing to stop"
        return 0
    fi
    if ! lc_cluster_running "$dir"; then
        lc_log "the $name cluster is already stopped"
        return 0
    fi
    lc_log "stopping the $name cluster"
    lc_pg_ctl_or_die "$name" "$(lc_cluster_log "$dir")" -D "$dir/data" -m fast -w stop
    lc_log "the $name cluster is stopped"
}

# Print the state of the named cluster. Returns 0 when it is running and 3
# (as pg_ctl status does) when it is stopped or not created.
lc_cluster_status() {
    local name=$1 port dir state
    lc_require_root
    port=$(lc_cluster_port "$name")
    if ! dir=$(lc_cluster_dir "$name") || [[ ! -f $dir/data/PG_VERSION ]]; then
        printf '%s cluster: not created (./ops/db%s start creates it)\n' \
            "$name" "$(lc_test_flag "$name")"
        return 3
    fi
    if lc_cluster_running "$dir"; then
        state=running
    else
        state=stopped
    fi
    printf '%s cluster: %s\n' "$name" "$state"
    printf '  folder:     %s\n' "$dir"
    printf '  port:       127.0.0.1:%s\n' "$port"
    printf '  log:        %s\n' "$(lc_cluster_log "$dir")"
    printf '  connection: %s\n' "$(lc_connection_string "$name")"
    [[ $state == running ]] || return 3
}

lc_test_flag() {
    if [[ $1 == test ]]; then
        printf ' --test\n'
    fi
}

# Replace this process with psql connected to the named cluster: the
# lifecircle database for app, the postgres database for test. Arguments
# are passed to psql and may override the database with -d.
lc_exec_psql() {
    local name=$1 dir
    shift
    if ! dir=$(lc_cluster_dir "$name") || ! lc_cluster_running "$dir"; then
        lc_die "the $name cluster is not running: start it with ./ops/db$(lc_test_flag "$name") start"
    fi
    export PGHOST=127.0.0.1 PGUSER=postgres
    PGPORT=$(lc_cluster_port "$name")
    export PGPORT
    if [[ $name == app ]]; then
        export PGDATABASE=$LC_APP_DATABASE
    else
        export PGDATABASE=postgres
    fi
    exec "$LC_PG_BIN/psql" "$@"
}

# ---------------------------------------------------------------------------
# Test results

# Print "N passed, N failed, N skipped" summed over the .trx files under the
# given folder. Errors, timeouts and aborted tests count as failed, and
# skipped is total minus executed. Returns 0 when every test passed, 1 when
# a test failed or a file could not be read, and 2 when there is no .trx file.
lc_summarize_trx() {
    python3 - "$1" <<'PYTHON'
import glob
import os
import sys
import xml.etree.ElementTree as ET

files = sorted(glob.glob(os.path.join(sys.argv[1], "**", "*.trx"), recursive=True))
if not files:
    print("0 passed, 0 failed, 0 skipped")
    sys.exit(2)

passed = failed = skipped = 0
unreadable = False
for path in files:
    try:
        counters = ET.parse(path).getroot().find("{*}ResultSummary/{*}Counters")
    except ET.ParseError as error:
        print(f"[lifecircle] error: cannot parse {path}: {error}", file=sys.stderr)
        unreadable = True
        continue
    if counters is None:
        print(f"[lifecircle] error: {path} has no ResultSummary/Counters element", file=sys.stderr)
        unreadable = True
        continue

    def count(name):
        return int(counters.get(name, "0"))

    passed += count("passed")
    failed += count("failed") + count("error") + count("timeout") + count("aborted")
    skipped += count("total") - count("executed")

print(f"{passed} passed, {failed} failed, {skipped} skipped")
sys.exit(1 if failed or unreadable else 0)
PYTHON
}
