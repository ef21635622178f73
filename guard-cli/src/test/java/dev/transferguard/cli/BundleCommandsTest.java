package dev.transferguard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.transferguard.policy.BundleSignature;
import dev.transferguard.policy.PolicyBundle;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code guard bundle sign} and {@code guard bundle verify}, and {@code --policy-key} on the policy commands. */
class BundleCommandsTest {

    @TempDir
    Path dir;

    Path policies;
    Path keys;

    @BeforeEach
    void copyThePoliciesAndMakeKeys() throws IOException {
        policies = dir.resolve("policies");
        Path shipped = Cli.repository("policies");
        try (Stream<Path> walk = Files.walk(shipped)) {
            for (Path p : walk.filter(p -> p.toString().endsWith(".guard")).toList()) {
                Path to = policies.resolve(shipped.relativize(p).toString());
                Files.createDirectories(to.getParent());
                Files.copy(p, to);
            }
        }
        keys = dir.resolve("keys");
        assertEquals(0, Cli.run("keygen", "--name", "policy-2026", "--out", keys.toString()).code());
        assertEquals(0, Cli.run("keygen", "--name", "intruder", "--out", keys.toString()).code());
    }

    private Cli sign(String... extra) {
        String[] args = Stream.concat(Stream.of("bundle", "sign", "--policies", policies.toString(), "--key",
                keys.resolve("policy-2026.key").toString()), Stream.of(extra)).toArray(String[]::new);
        return Cli.run(args);
    }

    private Cli verify(String key) {
        return Cli.run("bundle", "verify", "--policies", policies.toString(), "--key", keys.resolve(key).toString());
    }

    @Test
    void signWritesTheSignatureAndVerifyAcceptsIt() {
        Cli sign = sign();
        assertEquals(0, sign.code(), sign.toString());
        String digest = PolicyBundle.load(policies).digest();
        assertEquals(digest + "\n", sign.out());
        assertTrue(Files.exists(policies.resolve(BundleSignature.FILE_NAME)));
        assertTrue(sign.err().startsWith("wrote " + policies.resolve(BundleSignature.FILE_NAME)
                + ", signed by policy-2026+"), sign.toString());
        Cli verify = verify("policy-2026.pub");
        assertEquals(0, verify.code(), verify.toString());
        assertTrue(verify.out().startsWith("OK: " + policies + ": " + digest + " signed by policy-2026+"),
                verify.toString());
        Cli check = Cli.run("check", "--policies", policies.toString(), "--policy-key",
                keys.resolve("policy-2026.pub").toString(), Cli.repository("examples/transfers/cn-to-sg.json")
                        .toString());
        assertEquals(1, check.code(), "decided (denied), not refused: " + check);
    }

    @Test
    void verifyRefusesAnUnsignedAlteredOrOtherwiseSignedBundle() throws IOException {
        Cli unsigned = verify("policy-2026.pub");
        assertEquals(1, unsigned.code(), unsigned.toString());
        assertTrue(unsigned.out().startsWith("REFUSED: UNSIGNED: "), unsigned.toString());

        assertEquals(0, sign().code());
        Cli other = verify("intruder.pub");
        assertEquals(1, other.code(), other.toString());
        assertTrue(other.out().startsWith("REFUSED: UNTRUSTED_KEY: "), other.toString());

        Path pipl = policies.resolve("cn/pipl.guard");
        Files.writeString(pipl, Files.readString(pipl) + "\n# an unreviewed edit\n");
        Cli altered = verify("policy-2026.pub");
        assertEquals(1, altered.code(), altered.toString());
        assertTrue(altered.out().startsWith("REFUSED: ALTERED: policy bundle " + policies
                + " was changed after it was signed"), altered.toString());
        Cli check = Cli.run("check", "--policies", policies.toString(), "--policy-key",
                keys.resolve("policy-2026.pub").toString(), Cli.repository("examples/transfers/cn-to-sg.json")
                        .toString());
        assertEquals(2, check.code(), check.toString());
        assertTrue(check.err().contains("was changed after it was signed"), check.toString());
        assertEquals("", check.out(), "nothing is decided under refused policies");
    }

    @Test
    void badInputExitsWithTwo() throws IOException {
        Cli noDir = Cli.run("bundle", "verify", "--policies", dir.resolve("nowhere").toString(), "--key",
                keys.resolve("policy-2026.pub").toString());
        assertEquals(2, noDir.code(), noDir.toString());
        Cli noKey = Cli.run("bundle", "sign", "--policies", policies.toString(), "--key",
                dir.resolve("missing.key").toString());
        assertEquals(2, noKey.code(), noKey.toString());
        assertTrue(noKey.err().contains("missing.key: no such file"), noKey.toString());
        Files.writeString(policies.resolve("broken.guard"), "rule nothing\n");
        Cli broken = sign();
        assertEquals(2, broken.code(), broken.toString());
        assertFalse(Files.exists(policies.resolve(BundleSignature.FILE_NAME)), "nothing signed");
        Cli part = sign("--part");
        assertEquals(0, part.code(), "a part of a bundle is signed without compiling it alone: " + part);
    }

    @Test
    void aPrivateKeyOthersCanReadIsUsedWithAWarning() throws IOException {
        Path key = keys.resolve("policy-2026.key");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));
        assertFalse(sign().err().contains("warning"));
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));
        Cli sign = sign();
        assertEquals(0, sign.code(), sign.toString());
        assertTrue(sign.err().startsWith("warning: the private key file " + key + " can be read or written by its"
                + " group or by others (mode rw-r--r--); make it readable by its owner only: chmod 600 " + key),
                sign.toString());
    }

    @Test
    void signAndVerifyPrintJson() throws IOException {
        Cli sign = sign("--json");
        assertEquals(0, sign.code(), sign.toString());
        String digest = PolicyBundle.load(policies).digest();
        java.util.Map<?, ?> signed = (java.util.Map<?, ?>) MachineReadableTest.parse(sign.out());
        java.util.List<?> signers = (java.util.List<?>) signed.get("signers");
        assertTrue(signers.size() == 1 && signers.get(0).toString().startsWith("policy-2026+"), signed::toString);
        assertEquals(java.util.Map.of("file", policies.resolve(BundleSignature.FILE_NAME).toString(), "digest", digest,
                "signers", signers), signed);
        Cli ok = Cli.run("bundle", "verify", "--policies", policies.toString(), "--key",
                keys.resolve("policy-2026.pub").toString(), "--json");
        assertEquals(java.util.Map.of("ok", true, "digest", digest, "signers", signers),
                MachineReadableTest.parse(ok.out()));
        Cli refused = Cli.run("bundle", "verify", "--policies", policies.toString(), "--key",
                keys.resolve("intruder.pub").toString(), "--json");
        assertEquals(1, refused.code(), refused.toString());
        java.util.Map<?, ?> r = (java.util.Map<?, ?>) MachineReadableTest.parse(refused.out());
        assertEquals(false, r.get("ok"));
        assertEquals("UNTRUSTED_KEY", r.get("fault"));
    }
}
