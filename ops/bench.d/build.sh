# shellcheck shell=bash
# Builds what the benchmark runs in a private copy of the repository, so that
# uncommitted work in the checkout neither enters the run nor is disturbed by
# it. The copy holds the app as committed at HEAD and the benchmark tool
# (src/LifeCircle.Bench) as it is in the working tree. Source lib.sh first.

# shellcheck disable=SC2034 # BENCH_APP_DIR and BENCH_TOOL_DLL are used by ops/bench and app.sh.
BENCH_SOURCE_DIR="$LC_LOCAL_DIR/bench/source"
BENCH_APP_DIR="$BENCH_SOURCE_DIR/src/LifeCircle/bin/Release/net10.0"
BENCH_TOOL_DLL="$BENCH_SOURCE_DIR/src/LifeCircle.Bench/bin/Release/net10.0/LifeCircle.Bench.dll"

# Refresh $BENCH_SOURCE_DIR from HEAD plus the working tree's benchmark tool.
# Only files whose content changed are copied, and they get a new modification
# time, so MSBuild's incremental build notices them; bin/ and obj/ stay.
bench_export_source() {
    local staging
    lc_ensure_packages rsync
    staging=$(mktemp -d)
    git -C "$LC_REPO_ROOT" archive --format=tar HEAD | tar -x -C "$staging"
    rm -rf -- "$staging/src/LifeCircle.Bench"
    tar -C "$LC_REPO_ROOT" --exclude=bin --exclude=obj -cf - src/LifeCircle.Bench | tar -x -C "$staging"
    mkdir -p -- "$BENCH_SOURCE_DIR"
    # Handler code generated for an older commit may not compile any more.
    rm -rf -- "$BENCH_SOURCE_DIR/src/LifeCircle/Internal/Generated"
    rsync -r --checksum --delete --exclude=bin/ --exclude=obj/ -- "$staging/" "$BENCH_SOURCE_DIR/"
    rm -rf -- "$staging"
}

# Pre-generate Wolverine's handler code into src/LifeCircle/Internal/Generated
# of the private copy, then build the app (with that code compiled in) and the
# benchmark tool in Release.
bench_build() {
    local project="$BENCH_SOURCE_DIR/src/LifeCircle"
    lc_log "generating Wolverine handler code (codegen write)"
    # codegen write builds the host without starting it, so the connection
    # string only has to be well formed.
    ConnectionStrings__LifeCircle="Host=127.0.0.1;Port=1;Database=none;Username=none" \
        dotnet run --project "$project" -c Release --no-launch-profile -- codegen write >"$BENCH_RUN_DIR/codegen.log" 2>&1 ||
        { tail -n 30 -- "$BENCH_RUN_DIR/codegen.log" >&2; lc_die "codegen write failed: see $BENCH_RUN_DIR/codegen.log"; }
    if [[ -z $(find "$project/Internal/Generated" -name '*.cs' -print -quit 2>/dev/null) ]]; then
        lc_die "codegen write wrote no code into $project/Internal/Generated"
    fi

    lc_log "building the app and the benchmark tool (Release)"
    dotnet build "$BENCH_SOURCE_DIR/src/LifeCircle.Bench/LifeCircle.Bench.csproj" -c Release -nologo -v q \
        >"$BENCH_RUN_DIR/build.log" 2>&1 ||
        { grep -E 'error|Error' -- "$BENCH_RUN_DIR/build.log" | sort -u | head -n 20 >&2; lc_die "the build failed: see $BENCH_RUN_DIR/build.log"; }
}
