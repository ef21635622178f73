package dev.transferguard.audit;

import dev.transferguard.internal.EngineDecision;
import dev.transferguard.Decision;
import dev.transferguard.Outcome;
import dev.transferguard.Reason;
import dev.transferguard.Recipient;
import dev.transferguard.Subjects;
import dev.transferguard.Transfer;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;

/**
 * The process {@link AuditCrashIT} kills: it opens the log (recovering it), then appends from several
 * threads in SYNC mode and prints {@code <seq> <marker>} for every append that returned, i.e. every
 * record it has acknowledged as durable.
 *
 * <p>Arguments: the log directory, the signing key file, the run number.
 */
public final class AuditCrashChild {

    private AuditCrashChild() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        SigningKey key = SigningKey.readPem(Path.of(args[1]));
        String run = args[2];
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), false, "UTF-8");
        Transfer transfer = Transfer.builder().date(LocalDate.of(2026, 3, 1)).origin("CN").destination("SG")
                .categories("personal.contact").subjects(Subjects.of(10, "CN"))
                .recipient(new Recipient("acme-sg", "commercial", "SG", false)).bases("separate-consent").build();
        // Made by hand rather than decided: compiling policies would only slow the start of every run.
        Decision decision = new EngineDecision(Outcome.ALLOW, List.of("record-keeping"), List.of(),
                List.of(new Reason("cn.test", "consent", Reason.Kind.MET, "PIPL Art. 39", "cn.guard:12")), List.of(),
                "sha256:" + "0".repeat(64));
        AuditLog log = AuditLog.builder().directory(dir).origin(AuditFixtures.ORIGIN).signingKey(key)
                .checkpointEvery(50, Duration.ofMillis(20)).segmentSize(64 * 1024).open();
        synchronized (out) {
            out.println("open " + log.size());
            out.flush();
        }
        for (int t = 0; t < 4; t++) {
            String thread = "r" + run + "t" + t;
            Thread appender = new Thread(() -> {
                for (long i = 0; ; i++) {
                    String marker = thread + "n" + i;
                    long seq = log.append(transfer, decision, new Caller("crash", marker));
                    synchronized (out) {
                        out.println(seq + " " + marker);
                        out.flush();
                    }
                }
            });
            appender.start();
        }
        Thread.sleep(Long.MAX_VALUE);
    }
}
