package dev.transferguard.audit;

import dev.transferguard.Decision;
import dev.transferguard.Guard;
import dev.transferguard.Recipient;
import dev.transferguard.Subjects;
import dev.transferguard.Transfer;
import dev.transferguard.audit.internal.LogFiles;
import dev.transferguard.policy.PolicyBundle;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Policies, transfers, keys and log helpers shared by the audit tests. */
public final class AuditFixtures {

    public static final String ORIGIN = "test.example/audit";

    public static final String VOCABULARY = """
            bundle default allow
            category personal "people"
            category personal.contact "contact"
            category personal.sensitive "sensitive"
            category personal.sensitive.health "health"
            category non-personal "nobody"
            basis separate-consent "consent"
            basis cac-standard-contract "contract"
            basis pi-certification "certification"
            basis prc-authority-approval "approval"
            recipient-kind commercial "company"
            recipient-kind foreign-judicial "court"
            obligation record-keeping "keep records"
            """;

    public static final String PACK = """
            policy cn.test "China test pack"
              version 2024-03-22
              applies when origin in CN and destination not in CN
              default allow

            counter exported = distinct subjects of personal per calendar-year

            rule foreign-justice
              deny when recipient.kind in [foreign-judicial] and not basis prc-authority-approval
              because "DSL Art. 36"

            rule consent
              require separate-consent when any category in personal
              oblige [record-keeping]
              because "PIPL Art. 39"

            rule volume
              require one of [cac-standard-contract, pi-certification] when count(exported) >= 100000
              because "2024 Provisions Art. 8"
            """;

    public static final PolicyBundle POLICIES = PolicyBundle.of(Map.of("vocabulary.guard", VOCABULARY,
            "cn.guard", PACK));

    /** A fixed pseudonym key: tests compare pseudonyms across opens. */
    public static final byte[] PSEUDONYM_KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private static final SigningKey KEY = SigningKey.generate("test-key");

    private AuditFixtures() {
    }

    public static SigningKey key() {
        return KEY;
    }

    public static Transfer.Builder cnToSg(long count) {
        return Transfer.builder().date(LocalDate.of(2026, 3, 1)).origin("CN").destination("SG")
                .categories("personal.contact").subjects(Subjects.of(count, "CN"))
                .recipient(new Recipient("acme-sg", "commercial", "SG", false));
    }

    public static Transfer allowed(long count) {
        return cnToSg(count).bases("separate-consent").build();
    }

    public static Decision decide(Transfer t) {
        return Guard.builder().policies(POLICIES).build().preview(t);
    }

    public static AuditLog.Builder builder(Path dir) {
        return AuditLog.builder().directory(dir).origin(ORIGIN).signingKey(KEY).pseudonymKey(PSEUDONYM_KEY);
    }

    /** Writes a closed log of {@code n} decisions, with a checkpoint every {@code every} records. */
    public static void writeLog(Path dir, int n, int every) {
        Transfer t = allowed(10);
        Decision d = decide(t);
        try (AuditLog log = builder(dir).durability(AuditLog.Durability.ASYNC)
                .checkpointEvery(every, Duration.ofHours(1)).open()) {
            for (int i = 0; i < n; i++) {
                log.append(i % 3 == 0 ? t : cnToSg(i + 1).build(), i % 3 == 0 ? d : decide(cnToSg(i + 1).build()));
                if ((i + 1) % every == 0) {
                    log.flush();
                }
            }
        }
    }

    /** The lines of every segment, in order, without their newlines. */
    public static List<String> lines(Path dir) {
        List<String> out = new ArrayList<>();
        try {
            for (Path s : LogFiles.segments(dir)) {
                String text = Files.readString(s, StandardCharsets.UTF_8);
                if (text.isEmpty()) {
                    continue;
                }
                for (String line : text.split("\n", -1)) {
                    out.add(line);
                }
                if (out.get(out.size() - 1).isEmpty()) {
                    out.remove(out.size() - 1);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** Every byte of every file under the directory, concatenated. */
    public static byte[] allBytes(Path dir) {
        try (var files = Files.walk(dir)) {
            var out = new java.io.ByteArrayOutputStream();
            for (Path p : files.filter(Files::isRegularFile).sorted().toList()) {
                out.write(Files.readAllBytes(p));
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static boolean contains(byte[] haystack, String needle) {
        byte[] n = needle.getBytes(StandardCharsets.UTF_8);
        outer:
        for (int i = 0; i + n.length <= haystack.length; i++) {
            for (int j = 0; j < n.length; j++) {
                if (haystack[i + j] != n[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
