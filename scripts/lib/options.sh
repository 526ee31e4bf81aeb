# shellcheck shell=bash
# options.sh: the checks the leakbench scripts run on their options, before any build or JMH run.
# Sourced, not run. The caller sets PROG (its name, for messages). Every check that fails prints one
# line on stderr, "PROG: OPTION: what is wrong with VALUE", and exits 2 (usage error), so a script's
# exit 1 stays "a leak was found" and nothing else.
#
#   while [ $# -gt 0 ]; do
#     case "$1" in
#       --out) need_value "$@"; out="$2"; shift 2 ;;
#       ...
#   check_positive_int --iterations "$iterations"

LEAKBENCH_LIB="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

# The names the JMH target and fault parameters take. ScriptUsageTest holds these lists to
# Targets.providers() and FaultKind.values(), so a new target or fault fails a test until it is added.
LEAKBENCH_TARGETS=(embedded embedded-jdbc jcasbin jcasbin-cached)
LEAKBENCH_FAULTS=(none unbounded-cache connection-leak watch-leak listener-leak alloc-bloat offheap-leak mvcc-history)

# usage_error MESSAGE...: one line on stderr, exit 2.
usage_error() {
  printf '%s: %s\n' "${PROG:-leakbench}" "$*" >&2
  exit 2
}

# first_line TEXT [SKIP_ERE]: prints the first non-blank line of TEXT that does not match SKIP_ERE;
# false when there is none. (No pipe into grep -m1: its early exit would SIGPIPE the writer.)
first_line() {
  local line
  while IFS= read -r line; do
    [[ "$line" =~ [^[:space:]] ]] || continue
    if [ -n "${2:-}" ] && [[ "$line" =~ $2 ]]; then continue; fi
    printf '%s\n' "$line"
    return 0
  done <<< "$1"
  return 1
}

# need_value "$@": call it with the script's remaining arguments when $1 is an option that takes a
# value; refuses a missing or empty value, and an option where the value should be (`--out --no-build`).
need_value() {
  local opt="$1"
  if [ $# -lt 2 ]; then
    usage_error "$opt needs a value (see --help)"
  fi
  case "$2" in
    '') usage_error "$opt needs a value, got an empty one (see --help)" ;;
    --*) usage_error "$opt needs a value, got the option '$2' (see --help)" ;;
  esac
}

# _int_at_most DIGITS MAX: DIGITS (ASCII digits only) is at most MAX, without bash's 64-bit overflow
# or its octal reading of a leading 0.
_int_at_most() {
  local v="$1" max="$2"
  v="${v#"${v%%[!0]*}"}"            # strip leading zeros
  [ -n "$v" ] || v=0
  [ "${#v}" -lt "${#max}" ] && return 0
  [ "${#v}" -gt "${#max}" ] && return 1
  [ "$((10#$v))" -le "$((10#$max))" ]     # same length as MAX: fits in bash's arithmetic
}

# check_positive_int OPTION VALUE: a whole number from 1 to 2147483647 (a Java int, as JMH's -i and
# the benchmarks' int parameters take it).
check_positive_int() {
  local opt="$1" v="$2"
  if [[ ! "$v" =~ ^[0-9]+$ ]]; then
    usage_error "$opt: '$v' is not a whole number (use 1, 2, 3, ...)"
  fi
  if ! _int_at_most "$v" 2147483647; then
    usage_error "$opt: '$v' is too large (at most 2147483647)"
  fi
  if [ "$((10#$v))" -lt 1 ]; then
    usage_error "$opt: must be at least 1, was '$v'"
  fi
}

# check_integer OPTION VALUE: a whole number, optionally signed (a Java long, e.g. a seed).
check_integer() {
  local opt="$1" v="$2"
  if [[ ! "$v" =~ ^[+-]?[0-9]{1,18}$ ]]; then
    usage_error "$opt: '$v' is not a whole number"
  fi
}

# check_duration OPTION VALUE: a JMH time, accepted exactly as JMH 1.37's TimeValue.fromString
# accepts it: spaces dropped, case ignored, then the first of the units ns, ms, us, s, m, hr, day found
# in the text ends the number (a plain number is seconds); the number is a Java int, not negative.
# So 1s, 500ms, 2m, 1hr, 1day, 250us and 3 (seconds) are times; 1h and 1.5s are not.
check_duration() {
  local opt="$1" v="$2" t num unit found=""
  t="${v// /}"
  t="$(printf '%s' "$t" | tr '[:upper:]' '[:lower:]')"
  num="$t"
  for unit in ns ms us s m hr day; do
    if [[ "$t" == *"$unit"* ]]; then
      num="${t%%"$unit"*}"
      found="$unit"
      break
    fi
  done
  local hint="use a number and a JMH unit: 1s, 500ms, 2m, 1hr, 1day, 250us; a plain number is seconds"
  [[ "$t" =~ ^[0-9]+h$ ]] && hint="JMH writes hours as 'hr', e.g. ${t%h}hr"
  if [[ ! "$num" =~ ^[+-]?[0-9]+$ ]]; then
    usage_error "$opt: '$v' is not a JMH time ($hint)"
  fi
  if [[ "$num" == -* ]] && [[ "${num#-}" =~ [1-9] ]]; then
    usage_error "$opt: '$v' is negative"
  fi
  if ! _int_at_most "${num#[+-]}" 2147483647; then
    usage_error "$opt: '$v' is too large for JMH (at most 2147483647${found:-s})"
  fi
}

# check_size OPTION VALUE: a size as leakcheck's --heap takes it (Quantities.parseBytes): a number
# (decimals and an exponent allowed) with an optional suffix b, k/kb/kib, m/mb/mib, g/gb/gib, t/tb/tib
# in any case, e.g. 4g, 512m, 1024k, 1.5GiB, 1048576.
check_size() {
  local opt="$1" v="$2" t suffix LC_ALL=C
  t="${v#"${v%%[![:space:]]*}"}"
  t="${t%"${t##*[![:space:]]}"}"
  if [[ ! "$t" =~ ^[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?[[:space:]]*([a-zA-Z]*)$ ]]; then
    usage_error "$opt: '$v' is not a size (e.g. 4g, 512m, 1024k, 256MiB, 1048576)"
  fi
  suffix="$(printf '%s' "${BASH_REMATCH[3]}" | tr '[:upper:]' '[:lower:]')"
  case "$suffix" in
    ''|b|k|kb|kib|m|mb|mib|g|gb|gib|t|tb|tib) ;;
    *) usage_error "$opt: '$v' has an unknown size suffix '${BASH_REMATCH[3]}' (use k, m, g, t: e.g. 4g, 512m)" ;;
  esac
}

# check_jvm_size OPTION VALUE: a size the JVM takes for -Xms/-Xmx (a whole number, optional k, m, g
# or t in either case) that leakcheck takes too, e.g. 2g, 512m.
check_jvm_size() {
  local opt="$1" v="$2"
  if [[ ! "$v" =~ ^[0-9]+[kKmMgGtT]?$ ]]; then
    usage_error "$opt: '$v' is not a JVM heap size (a whole number with k, m or g: e.g. 2g, 512m)"
  fi
  check_size "$opt" "$v"
}

# check_soak_duration OPTION VALUE: a soak time as the soak runner takes it (SoakDuration.parse):
# parts of a whole number and a unit d, h, m, s, ms, from the largest unit down, each at most once,
# longer than zero: 30s, 2h, 24h, 1h30m, 500ms. Sets SOAK_MILLIS to its length in milliseconds.
check_soak_duration() {
  local opt="$1" v="$2" t rest n unit rank last=-1 LC_ALL=C
  local examples="e.g. 30s, 2h, 24h, 1h30m, 500ms"
  t="${v#"${v%%[![:space:]]*}"}"
  t="${t%"${t##*[![:space:]]}"}"
  t="$(printf '%s' "$t" | tr '[:upper:]' '[:lower:]')"
  if [[ ! "$t" =~ ^([0-9]+(d|h|ms|m|s))+$ ]]; then
    usage_error "$opt: '$v' is not a duration: use a number and a unit (d, h, m, s, ms), $examples"
  fi
  SOAK_MILLIS=0
  rest="$t"
  while [ -n "$rest" ]; do
    [[ "$rest" =~ ^([0-9]+)(ms|d|h|m|s)(.*)$ ]]
    n="${BASH_REMATCH[1]}" unit="${BASH_REMATCH[2]}" rest="${BASH_REMATCH[3]}"
    case "$unit" in d) rank=0 ;; h) rank=1 ;; m) rank=2 ;; s) rank=3 ;; *) rank=4 ;; esac
    if [ "$rank" -le "$last" ]; then
      usage_error "$opt: '$v': units must go from largest to smallest, each once, $examples"
    fi
    last="$rank"
    if [ "${#n}" -gt 18 ]; then
      usage_error "$opt: '$v': $n is too large"
    fi
    n="${n#"${n%%[!0]*}"}"
    [ "${#n}" -le 7 ] || n=9999999      # thousands of years: enough to compare, no overflow
    n="$((10#${n:-0}))"
    case "$unit" in
      d) SOAK_MILLIS=$((SOAK_MILLIS + n * 86400000)) ;;
      h) SOAK_MILLIS=$((SOAK_MILLIS + n * 3600000)) ;;
      m) SOAK_MILLIS=$((SOAK_MILLIS + n * 60000)) ;;
      s) SOAK_MILLIS=$((SOAK_MILLIS + n * 1000)) ;;
      ms) SOAK_MILLIS=$((SOAK_MILLIS + n)) ;;
    esac
  done
  if [ "$SOAK_MILLIS" -eq 0 ]; then
    usage_error "$opt: '$v': a duration must be longer than zero, $examples"
  fi
}

# check_choice OPTION VALUE CHOICE...: VALUE is one of the CHOICEs.
check_choice() {
  local opt="$1" v="$2" c
  shift 2
  for c in "$@"; do
    [ "$v" = "$c" ] && return 0
  done
  usage_error "$opt: unknown value '$v'; one of: $*"
}

check_target() { check_choice "$1" "$2" "${LEAKBENCH_TARGETS[@]}"; }
check_fault() { check_choice "$1" "$2" "${LEAKBENCH_FAULTS[@]}"; }

# _nearest_existing PATH: PATH, or its closest ancestor that exists (or is a dangling link).
_nearest_existing() {
  local p="$1"
  while [ ! -e "$p" ] && [ ! -L "$p" ]; do p="$(dirname -- "$p")"; done
  printf '%s' "$p"
}

# check_out_dir OPTION DIR: DIR is a directory, or one can be made there (creates nothing: the
# script makes it once every option passed).
check_out_dir() {
  local opt="$1" d="$2" base
  if [ -e "$d" ] && [ ! -d "$d" ]; then
    usage_error "$opt: '$d' exists and is not a directory"
  fi
  base="$(_nearest_existing "$d")"
  if [ ! -d "$base" ]; then
    usage_error "$opt: cannot create the directory '$d': '$base' is not a directory"
  fi
  if [ ! -w "$base" ] || [ ! -x "$base" ]; then
    usage_error "$opt: cannot write into '$d': '$base' is not writable"
  fi
}

# check_out_file OPTION FILE: FILE is a writable regular file, or one can be created there.
check_out_file() {
  local opt="$1" f="$2" base
  if [ -d "$f" ]; then
    usage_error "$opt: '$f' is a directory, not a file"
  fi
  if [ -e "$f" ] && [ ! -f "$f" ]; then
    usage_error "$opt: '$f' is not a regular file"
  fi
  if [ -e "$f" ] && [ ! -w "$f" ]; then
    usage_error "$opt: '$f' is not writable"
  fi
  base="$(_nearest_existing "$(dirname -- "$f")")"
  if [ ! -d "$base" ]; then
    usage_error "$opt: cannot create '$f': '$base' is not a directory"
  fi
  if [ ! -w "$base" ] || [ ! -x "$base" ]; then
    usage_error "$opt: cannot create '$f': '$base' is not writable"
  fi
}

# make_out_dir OPTION DIR: creates DIR after every check passed; a failure is still a usage error.
make_out_dir() {
  local opt="$1" d="$2" err
  if ! err="$(mkdir -p -- "$d" 2>&1)"; then
    usage_error "$opt: cannot create the directory '$d' (${err##*: })"
  fi
}

# check_benchmark_regex OPTION REGEX: REGEX compiles as a Java regex (JMH compiles each include
# pattern with java.util.regex.Pattern and find()s it in the full benchmark name). Needs only java,
# not the benchmarks jar, so it runs before the build; check_benchmarks_match runs after it.
check_benchmark_regex() {
  local opt="$1" re="$2" why
  case "$re" in
    -*) usage_error "$opt: '$re' starts with '-', which JMH would read as an option (write \\$re)" ;;
  esac
  if ! why="$(java -Xshare:auto -XX:TieredStopAtLevel=1 "$LEAKBENCH_LIB/CheckRegex.java" "$re" 2>&1)"; then
    usage_error "$opt: '$re' is not a valid Java regex: ${why:-java failed}"
  fi
}

# check_benchmarks_match OPTION REGEX JAR: JMH finds at least one benchmark for REGEX in JAR (asks
# JMH itself: java -jar JAR -l REGEX). After the build, before the run.
check_benchmarks_match() {
  local opt="$1" re="$2" jar="$3" listed rc=0
  listed="$(java -jar "$jar" -l "$re" 2>&1)" || rc=$?
  if [ "$rc" -ne 0 ]; then
    usage_error "$opt: JMH cannot use '$re': $(first_line "$listed" '^[[:space:]]+at ' || echo "java -jar $jar -l failed (exit $rc)")"
  fi
  if [ "$(printf '%s\n' "$listed" | awk 'f && NF { n++ } /^Benchmarks:/ { f = 1 } END { print n + 0 }')" -eq 0 ]; then
    usage_error "$opt: '$re' matches no benchmark in $jar (java -jar $jar -l lists them)"
  fi
}

# exit_2_on_failure: from here on a command that fails unexpectedly (set -e) ends the script with
# exit 2 and a line naming it, never with the command's own code (often 1, which reads as a leak).
exit_2_on_failure() {
  set -E
  trap 'echo "${PROG:-leakbench}: failed (exit $?) at line $LINENO: $BASH_COMMAND" >&2; exit 2' ERR
}
