#!/usr/bin/env bash
# Builds the benchmarks, runs them, prints a table and writes guard-benchmarks/target/summary.json.
#
#   guard-benchmarks/run.sh [--quick] [-- JMH options...]
#
# --quick    one fork and short iterations: under 5 minutes on 2 cores, for a first look
# -- ...     anything after '--' goes to JMH, e.g. '-- -prof jfr' or '-- DecisionBenchmark'
#            (naming benchmarks runs only those; the summary then lacks the others)
#
# The benchmarks that write to disk (AuditBenchmark, FsyncFloorBenchmark) run in a JMH run of their own,
# with shorter iterations under --quick, in guard-benchmarks/target/disk-benchmarks.
#
# Needs only JDK 17: the Maven wrapper fetches Maven and the dependencies.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
quick=0
jmh_extra=()
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) quick=1 ;;
    --) shift; jmh_extra=("$@"); break ;;
    -h|--help) sed -n '2,13p' "${BASH_SOURCE[0]}"; exit 0 ;;
    *) echo "run.sh: unknown option $1 (try --help)" >&2; exit 2 ;;
  esac
  shift
done

out="$here/target/results"
jar="$here/target/benchmarks.jar"

# guard-cli too: the verification benchmark times the real `guard audit verify`.
echo "== building (./mvnw -B -q -pl guard-benchmarks,guard-cli -am package -DskipTests)" >&2
(cd "$root" && ./mvnw -B -q -pl guard-benchmarks,guard-cli -am package -DskipTests)
mkdir -p "$out"
rm -f "$out"/*.json "$out"/*.txt "$here/target/summary.json"

# Benchmarks run one at a time on this machine; a fixed heap keeps GC behaviour the same from fork to fork.
jvm_args="-Xms1g -Xmx1g -Dguard.policies=$root/policies -Dguard.benchmarks.results=$out"
disk_args="$jvm_args -Dguard.benchmarks.scratch=$here/target/disk-benchmarks"
if [ "$quick" = 1 ]; then
  timing=(-f 1 -wi 3 -w 2s -i 5 -r 1s)
  disk_timing=(-f 1 -wi 1 -w 1s -i 3 -r 1s)   # 9 benchmarks in about 80 s
else
  timing=()   # the benchmarks' own settings: 2 forks, 8 x 2 s warm-up, 10 x 2 s measured
  disk_timing=()   # theirs: 2 forks, 5 x 2 s warm-up, 8 x 2 s measured
fi
# JMH adds up the benchmarks named (-- NAMES) and takes away those excluded (-e): each run excludes the others'.
disk_benchmarks='^dev\.transferguard\.benchmarks\.(AuditBenchmark|FsyncFloorBenchmark)\.'
other_benchmarks='^dev\.transferguard\.benchmarks\.(?!(AuditBenchmark|FsyncFloorBenchmark)\.)'

# Whether JMH, given these options, finds any benchmark to run.
any_benchmark() {
  java -jar "$jar" -l "$@" | grep -q '^dev\.transferguard\.'
}

load_before="$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)"
if awk -v l="${load_before%% *}" -v n="$(nproc)" 'BEGIN { exit !(l + 0 > n / 2) }' 2>/dev/null; then
  echo "run.sh: the machine is busy (load average $load_before on $(nproc) cores); the figures will be noisy" >&2
fi
jmh_results=()
if any_benchmark -e "$disk_benchmarks" ${jmh_extra[@]+"${jmh_extra[@]}"}; then
  echo "== JMH: decision, load and Spring benchmarks" >&2
  java -jar "$jar" ${timing[@]+"${timing[@]}"} -prof gc -jvmArgsAppend "$jvm_args" -e "$disk_benchmarks" \
    -foe true -rf json -rff "$out/jmh.json" ${jmh_extra[@]+"${jmh_extra[@]}"} | tee "$out/jmh.log"
  jmh_results+=(--jmh "$out/jmh.json")
fi
# Where a decision's time goes, measured in this run: PacksBenchmark.compiled once more under JMH's JFR profiler
# (a run of its own, so that the recording costs the timed figures nothing), its samples counted by step.
if [ ${#jmh_extra[@]} -eq 0 ]; then
  echo "== JFR profile of the decision benchmark" >&2
  rm -rf "$out/jfr"
  if [ "$quick" = 1 ]; then profile_timing=(-wi 2 -w 1s -i 3 -r 2s); else profile_timing=(-wi 4 -w 2s -i 10 -r 2s); fi
  java -jar "$jar" 'PacksBenchmark\.compiled$' -bm avgt -f 1 "${profile_timing[@]}" \
    -prof "jfr:dir=$out/jfr;configName=profile" -jvmArgsAppend "$jvm_args" > "$out/jmh-profile.log"
  java -cp "$jar" dev.transferguard.benchmarks.DecisionProfile --jfr "$out/jfr" --out "$out/decision-profile.json" \
    >/dev/null
  jmh_results+=(--extra "$out/decision-profile.json")
fi
# The Spring benchmark's audit writer: mean record size, the writer thread's CPU per record and its floor, over
# the forks of SpringBenchmark.guarded (each appends one line "RECORD_BYTES WRITER_CPU_NS FLOOR_NS").
if [ -s "$out/spring-writer.txt" ]; then
  awk '{ b += $1; c += $2; f += $3; n++ } END { if (n > 0) printf "{\"spring_record_bytes\": %.0f, \"spring_writer_cpu_ns\": %.0f, \"spring_writer_floor_ns\": %.0f}\n", b / n, c / n, f / n }' \
    "$out/spring-writer.txt" > "$out/spring-writer.json"
  jmh_results+=(--extra "$out/spring-writer.json")
fi

if any_benchmark -e "$other_benchmarks" ${jmh_extra[@]+"${jmh_extra[@]}"}; then
  echo "== JMH: audit log against Logback, and the disk's fsync floor" >&2
  rm -rf "$here/target/disk-benchmarks"
  java -jar "$jar" ${disk_timing[@]+"${disk_timing[@]}"} -prof gc -jvmArgsAppend "$disk_args" -e "$other_benchmarks" \
    -foe true -rf json -rff "$out/jmh-disk.json" ${jmh_extra[@]+"${jmh_extra[@]}"} | tee "$out/jmh-disk.log"
  jmh_results+=(--jmh "$out/jmh-disk.json")
fi
# Group commit's batch size in AuditBenchmark.sync8: records per write call of the process, over every measured
# iteration of every fork (each appends one line "RECORDS WRITES", and where Linux says, the writer thread's
# "WALL CPU USER RUN_QUEUE PARKED" nanoseconds): with those, where a batch's time went, in microseconds per write call
# over the iterations that have them (the kernel's part is the wall clock's rest: system calls, on a processor or
# blocked).
if [ -s "$out/audit-sync8-writes.txt" ]; then
  awk '{ r += $1; w += $2; if (NF >= 7) { tw += $2; wall += $3; cpu += $4; user += $5; runq += $6; park += $7 } }
    END {
      if (w == 0) exit
      printf "{\"audit_sync_8t_records_per_write\": %.3f", r / w
      if (tw > 0) printf ", \"audit_sync_8t_batch_us\": %.1f, \"audit_sync_8t_writer_cpu_us\": %.1f, " \
          "\"audit_sync_8t_writer_user_us\": %.1f, \"audit_sync_8t_writer_kernel_us\": %.1f, " \
          "\"audit_sync_8t_writer_run_queue_us\": %.1f, \"audit_sync_8t_writer_parked_us\": %.1f", wall / tw / 1e3,
          cpu / tw / 1e3, user / tw / 1e3, (wall - user - runq - park) / tw / 1e3, runq / tw / 1e3, park / tw / 1e3
      print "}"
    }' "$out/audit-sync8-writes.txt" > "$out/audit-batches.json"
  jmh_results+=(--extra "$out/audit-batches.json")
fi

echo "== retained heap after loading all packs, and the first load in a fresh JVM" >&2
java -XX:+UseSerialGC -Xmx512m -Dguard.policies="$root/policies" -cp "$jar" \
  dev.transferguard.benchmarks.HeapAfterLoad "$out/heap.json" >/dev/null

echo "== guard audit verify on a log of 1,000,000 records (written on the first run, then reused)" >&2
java -Dguard.policies="$root/policies" -cp "$jar" dev.transferguard.benchmarks.VerifyMillion \
  --guard "$root/guard" --dir "$here/target/verify-1m" --runs "$([ "$quick" = 1 ] && echo 3 || echo 5)" \
  --out "$out/verify.json" >/dev/null
echo "== guard check --audit on 100,000 transfers, sync (every printed result durable)" >&2
java -cp "$jar" dev.transferguard.benchmarks.CheckAudit --guard "$root/guard" --policies "$root/policies" \
  --dir "$here/target/disk-benchmarks/check-audit" --runs "$([ "$quick" = 1 ] && echo 1 || echo 3)" \
  --out "$out/check-audit.json" >/dev/null
echo "== volume counters shared in PostgreSQL: 4 guards x 8 threads, far from and near a limit" >&2
java -Xms1g -Xmx1g -cp "$jar" dev.transferguard.benchmarks.CountersBench \
  --seconds "$([ "$quick" = 1 ] && echo 3 || echo 10)" --out "$out/counters.json" >/dev/null
echo >&2
echo "Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $(java -version 2>&1 | head -n 1)"
echo "Command: guard-benchmarks/run.sh$([ "$quick" = 1 ] && echo ' --quick')${jmh_extra[*]+ -- ${jmh_extra[*]}}"
echo "Load average (1, 5, 15 min) before: $load_before; after: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)"
echo
java -cp "$jar" dev.transferguard.benchmarks.Summary \
  ${jmh_results[@]+"${jmh_results[@]}"} --extra "$out/heap.json" --extra "$out/verify.json" \
    --extra "$out/check-audit.json" --extra "$out/counters.json" \
    --out "$here/target/summary.json"
echo
echo "Written: $here/target/summary.json (raw results in $out)"
