# shellcheck shell=bash
# jmh.sh: what scripts/leak-check and scripts/profile do around their JMH run: build the jars when
# stale, and read JMH's log afterwards, so a JMH failure ends in exit 2 with JMH's own error and never
# reaches leakcheck as an empty result file. Sourced after options.sh; run from the repository root.

BENCH_JAR="benchmarks/target/benchmarks.jar"
LEAKCHECK_JAR="analysis/target/leakcheck.jar"

# needs_build: true when a jar is missing or a source or pom is newer than it.
needs_build() {
  [ -f "$BENCH_JAR" ] && [ -f "$LEAKCHECK_JAR" ] || return 0
  [ -n "$(find engine workloads benchmarks analysis pom.xml -newer "$BENCH_JAR" \
          \( -name '*.java' -o -name 'pom.xml' -o -path '*/resources/*' \) -print -quit 2>/dev/null)" ] && return 0
  [ -n "$(find analysis pom.xml -newer "$LEAKCHECK_JAR" \( -name '*.java' -o -name 'pom.xml' \) -print -quit 2>/dev/null)" ] && return 0
  return 1
}

# build_jars BUILD(0|1): builds when asked and needed; a failed build or a missing jar exits 2.
build_jars() {
  if [ "$1" = 1 ] && needs_build; then
    echo "== building (mvn -DskipTests package) ..."
    # shellcheck disable=SC2086
    mvn -B -q -ntp ${MVN_OPTS:-} -DskipTests package || { echo "$PROG: the build failed (mvn exit $?)" >&2; exit 2; }
  fi
  local jar
  for jar in "$BENCH_JAR" "$LEAKCHECK_JAR"; do
    [ -f "$jar" ] || { echo "$PROG: $jar is missing (run without --no-build)" >&2; exit 2; }
  done
}

# jmh_failures LOG: one line per trial that JMH could not run, "FAIL|SKIP<TAB>benchmark (params)<TAB>
# the first line JMH printed after <failure>" (the exception). SKIP: the benchmark said the target
# cannot run its workload ("# leakbench: SKIPPED ..."), which is not an error.
jmh_failures() {
  awk '
    /^# Benchmark: /  { n = split(substr($0, 14), p, "."); bench = p[n - 1] "." p[n]; params = "" }
    /^# Parameters: / { params = " " substr($0, 15) }
    /^# Fork: /       { skipped = 0 }
    /# leakbench: SKIPPED/ { skipped = 1 }
    pending && NF     { print (skipped ? "SKIP" : "FAIL") "\t" bench params "\t" $0; pending = 0; next }
    /<failure>/       { pending = 1 }
    /<forked VM failed with exit code/ { sub(/^[^<]*/, ""); print "FAIL\t" bench params "\t" $0 }
  ' "$1"
}

# jmh_error LOG: JMH's own message when JMH exited non-zero (a bad option, no benchmark, a runner error).
jmh_error() {
  awk '
    /^Error parsing command line:/ { getline nxt; sub(/^ +/, "", nxt); print "error parsing the command line: " nxt; done = 1; exit }
    /^ERROR: / || /^No matching benchmarks/ || /^Exception in thread/ { print; done = 1; exit }
    NF && !/^[ \t]+at / { last = $0 }
    END { if (!done && last != "") print last }
  ' "$1"
}

# judge_jmh_run JMH_EXIT OUT: after `java -jar benchmarks.jar ... 2>&1 | tee OUT/jmh.log`. A JMH
# exit other than 0, or no result in OUT/jmh.json, exits 2 with JMH's first error. Else prints each
# trial JMH could not run and sets JMH_FAILED to their count (0: every trial ran or was skipped).
judge_jmh_run() {
  local rc="$1" out="$2" log="$2/jmh.log" failures results
  if [ "$rc" -ne 0 ]; then
    echo "$PROG: JMH failed (exit $rc): $(jmh_error "$log")" >&2
    exit 2
  fi
  failures="$(jmh_failures "$log")"
  # shellcheck disable=SC2034  # read by the caller
  JMH_FAILED="$(printf '%s\n' "$failures" | grep -c '^FAIL' || true)"
  if [ -n "$failures" ]; then
    printf '%s\n' "$failures" | awk -F '\t' -v prog="$PROG" '
      $1 == "SKIP" { print prog ": skipped " $2 ": " $3 }
      $1 == "FAIL" { print prog ": JMH could not run " $2 ": " $3 }' >&2
  fi
  results=0
  [ -f "$out/jmh.json" ] && results="$(grep -c '"benchmark"' "$out/jmh.json" || true)"
  if [ "$results" -eq 0 ]; then
    if [ -n "$failures" ]; then
      echo "$PROG: JMH recorded no benchmark result, so there is nothing to judge (JMH's errors above; all of it in $log)" >&2
    else
      echo "$PROG: JMH recorded no benchmark result and printed no error; see $log" >&2
    fi
    exit 2
  fi
}

# series_files OUT: the series CSVs (and heap dump indexes, NAME.dumps.csv) the LeakProfiler wrote into OUT,
# one per line, sorted.
series_files() {
  find "$1" -maxdepth 1 -name '*.csv' ! -name '*.classes.csv' ! -name '*.class-counts.csv' | sort
}

# final_exit_code LEAKCHECK_EXIT: the script's exit code, leakcheck's; 2 when JMH could not run a trial
# (judge_jmh_run counted them): the run is incomplete, and a 1 must mean a leak in a complete run.
final_exit_code() {
  local code="$1"
  if [ "${JMH_FAILED:-0}" -gt 0 ]; then
    echo "$PROG: exit 2: JMH could not run $JMH_FAILED benchmark trial(s) (above); leakcheck judged the others (exit $code)" >&2
    code=2
  fi
  echo "$code"
}
