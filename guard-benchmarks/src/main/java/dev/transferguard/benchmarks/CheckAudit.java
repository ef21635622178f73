package dev.transferguard.benchmarks;

import dev.transferguard.audit.AuditReader;
import dev.transferguard.audit.AuditRecord;
import dev.transferguard.audit.SigningKey;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

/**
 * Durable records per second that {@code guard check --audit} writes, as a user runs it: the real command in a
 * child process on a JSON Lines file of 100,000 transfers (the shipped packs' benchmark transfers in turn, dated
 * today, since a recorded decision is a live one), into a new log each run, in its default durability (every
 * printed result is durable). Timed on the wall clock from the start of the process to its exit, JVM start
 * included; the figure is the best run's records over its seconds. Of that run it also gives the CPU seconds of
 * all the command's threads and of the JIT's compilers among them: on N processors the command cannot take less
 * than its CPU time over N.
 *
 * <pre>
 * java -cp benchmarks.jar dev.transferguard.benchmarks.CheckAudit --guard REPO/guard --dir WORK --out OUT.json
 * </pre>
 *
 * <p>An untimed run on 100 transfers comes first, so that no timed run pays for the launcher building the
 * command. Each run is checked: the command exits with 0 or 1 (some of the transfers are denied), prints one result per
 * transfer, and its log holds one decision record per transfer.
 */
public final class CheckAudit {

    /** The number of transfers decided and recorded per run. */
    static final int TRANSFERS = 100_000;
    /** Transfers of the untimed first run. */
    private static final int WARM_UP = 100;

    private static final String USAGE =
            "CheckAudit --guard CMD --policies DIR --dir WORK --out OUT.json [--runs N]";

    private CheckAudit() {
    }

    /**
     * Writes the input and the key, times the command and writes {@code {"cli_audit_records_per_s": ...}}.
     *
     * @param args {@code --guard CMD}, {@code --policies DIR}, {@code --dir WORK}, {@code --out FILE}, optionally
     *             {@code --runs N} (timed runs, 3 by default)
     * @throws Exception when the command fails or records other than it should
     */
    public static void main(String[] args) throws Exception {
        Options o = Options.parse("CheckAudit", USAGE, args,
                List.of("--guard", "--policies", "--dir", "--out", "--runs"), Map.of("--runs", "3"));
        Path guardCommand = o.path("--guard");
        Path policies = o.path("--policies");
        Path work = o.path("--dir");
        Path out = o.path("--out");
        int runs = o.positive("--runs", "CheckAudit");
        ScratchFiles.delete(work);
        Files.createDirectories(work);
        Path input = work.resolve("transfers.jsonl");
        Files.writeString(input, input(), StandardCharsets.UTF_8);
        Path key = work.resolve("bench-check.key");
        SigningKey.generate("bench-check").writePem(key);

        // Untimed, on a few transfers: the launcher builds the command first if its sources changed.
        Path warmInput = work.resolve("warm-up.jsonl");
        Files.writeString(warmInput, input().lines().limit(WARM_UP).map(l -> l + "\n")
                .collect(java.util.stream.Collectors.joining()), StandardCharsets.UTF_8);
        Path warmLog = work.resolve("log-warm-up");
        run(List.of(guardCommand.toString(), "check", "--policies", policies.toString(), "--audit",
                warmLog.toString(), "--key", key.toString(), "--json", warmInput.toString()), warmLog, WARM_UP);
        ScratchFiles.delete(warmLog);

        TimedRun best = null;
        for (int i = 0; i < runs; i++) {
            Path log = work.resolve("log-" + i);
            TimedRun r = run(List.of(guardCommand.toString(), "check", "--policies", policies.toString(), "--audit",
                    log.toString(), "--key", key.toString(), "--json", input.toString()), log, TRANSFERS);
            System.err.println(r.describe("CheckAudit", i + 1, runs));
            ScratchFiles.delete(log);
            if (best == null || r.seconds() < best.seconds()) {
                best = r;
            }
        }
        // The same command on four times the transfers: what the three more cost is the pace once the JVM has
        // started and compiled the hot code, which a run of 100,000 spends most of its first second on.
        Path longInput = work.resolve("transfers-x4.jsonl");
        String text = input();
        Files.writeString(longInput, text + text + text + text, StandardCharsets.UTF_8);
        Path longLog = work.resolve("log-x4");
        double longSeconds = run(List.of(guardCommand.toString(), "check", "--policies", policies.toString(),
                "--audit", longLog.toString(), "--key", key.toString(), "--json", longInput.toString()), longLog,
                4 * TRANSFERS).seconds();
        ScratchFiles.delete(longLog);
        if (longSeconds <= best.seconds()) {
            throw new IllegalStateException("four times the transfers took " + longSeconds + " s, no longer than "
                    + best.seconds() + " s: the machine's speed changed too much to tell the pace apart");
        }
        double steady = 3 * TRANSFERS / (longSeconds - best.seconds());
        String json = String.format(Locale.ROOT, "{\"cli_audit_records_per_s\": %.0f, \"cli_audit_best_s\": %.3f,"
                + " \"cli_audit_steady_records_per_s\": %.0f, \"cli_audit_cpu_s\": %s,"
                + " \"cli_audit_compile_cpu_s\": %s}%n", TRANSFERS / best.seconds(), best.seconds(), steady,
                TimedRun.json(best.cpuSeconds()), TimedRun.json(best.compilerSeconds()));
        Options.write(out, json);
        System.out.print(json);
    }

    /** {@link #TRANSFERS} lines: the shipped packs' benchmark transfers in turn, each dated today. */
    static String input() {
        String today = "\"date\": \"" + LocalDate.now(ZoneOffset.UTC) + "\"";
        List<String> lines = new ArrayList<>();
        for (String line : Resources.text("packs/transfers.jsonl").split("\n")) {
            if (!line.isBlank()) {
                String dated = line.replaceFirst("\"date\": \"[0-9-]+\"", today);
                if (!dated.contains(today)) {
                    throw new IllegalStateException("a benchmark transfer has no date to set: " + line);
                }
                lines.add(dated);
            }
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < TRANSFERS; i++) {
            sb.append(lines.get(i % lines.size())).append('\n');
        }
        return sb.toString();
    }

    /** Runs the command once, checks what it printed and recorded, and gives its times. */
    private static TimedRun run(List<String> command, Path log, int transfers) throws IOException,
            InterruptedException {
        long start = System.nanoTime();
        Process p = new ProcessBuilder(command).start();
        ThreadCpu cpu = ThreadCpu.watch(p);
        CompletableFuture<Long> lines = CompletableFuture.supplyAsync(() -> countLines(p.getInputStream()));
        CompletableFuture<String> errors = CompletableFuture.supplyAsync(() -> VerifyMillion.drain(p.getErrorStream()));
        int code = p.waitFor();
        long end = System.nanoTime();
        cpu.stop();
        long printed = lines.join();
        if ((code != 0 && code != 1) || printed != transfers) {
            throw new IllegalStateException("'" + String.join(" ", command) + "' exited with " + code + " after "
                    + printed + " results of " + transfers + ":\n" + errors.join());
        }
        long recorded;
        try (Stream<AuditRecord> records = AuditReader.records(log)) {
            recorded = records.filter(r -> r.kind() == AuditRecord.Kind.DECISION).count();
        }
        if (recorded != transfers) {
            throw new IllegalStateException("the log holds " + recorded + " decisions of " + transfers);
        }
        return new TimedRun((end - start) / 1e9, cpu.totalSeconds(), cpu.compilerSeconds());
    }

    private static long countLines(InputStream in) {
        byte[] buffer = new byte[1 << 16];
        long n = 0;
        try (in) {
            int r;
            while ((r = in.read(buffer)) > 0) {
                for (int i = 0; i < r; i++) {
                    n += buffer[i] == '\n' ? 1 : 0;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return n;
    }
}
