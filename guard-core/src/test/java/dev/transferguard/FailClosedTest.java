package dev.transferguard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import dev.transferguard.annotation.GuardedTransfer;
import dev.transferguard.annotation.PersonalData;
import dev.transferguard.annotation.SubjectResidence;
import dev.transferguard.audit.AuditException;
import dev.transferguard.audit.AuditFixtures;
import dev.transferguard.audit.AuditLog;
import dev.transferguard.audit.FaultyDisk;
import dev.transferguard.audit.KeyFormatException;
import dev.transferguard.audit.SigningKey;
import dev.transferguard.audit.VerifierKey;
import dev.transferguard.policy.BundleSignature;
import dev.transferguard.policy.BundleSignatureException;
import dev.transferguard.policy.PolicyBundle;
import dev.transferguard.policy.PolicyException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every way the guard can be switched off by accident fails closed: it refuses to start, keeps the policies
 * in force, or denies; and monitor mode reports the same failures loudly without stopping traffic.
 */
class FailClosedTest {

    @TempDir
    Path dir;

    private Path policies(String name, String pack) throws IOException {
        Path p = Files.createDirectories(dir.resolve(name));
        Files.writeString(p.resolve("vocabulary.guard"), AuditFixtures.VOCABULARY);
        Files.writeString(p.resolve("cn.guard"), pack);
        return p;
    }

    // ---- policies --------------------------------------------------------------------------------------

    @Test
    void aPolicyThatDoesNotLoadAtStartupIsAClearErrorAndNoGuard() throws IOException {
        Path broken = policies("broken", AuditFixtures.PACK.replace("personal per", "personl per"));
        PolicyException e = assertThrows(PolicyException.class, () -> Guard.builder().clock(TestClocks.MARCH_1).policies(broken).build());
        assertTrue(e.getMessage().startsWith(broken + "/cn.guard:6:41: error: unknown category 'personl'"),
                e.getMessage());
        assertTrue(e.getMessage().contains("did you mean 'personal'?"), e.getMessage());
        GuardException missing = assertThrows(GuardException.class,
                () -> Guard.builder().clock(TestClocks.MARCH_1).policies(dir.resolve("nowhere")).build());
        assertEquals("policy directory " + dir.resolve("nowhere") + " does not exist or is not a directory",
                missing.getMessage());
        assertThrows(IllegalStateException.class, () -> Guard.builder().clock(TestClocks.MARCH_1).build(), "no policies, no guard");
    }

    @Test
    void aBrokenPolicyOnReloadLeavesThePolicyInForceAndIsReported() throws IOException {
        Path p = policies("p", AuditFixtures.PACK);
        Guard guard = Guard.builder().clock(TestClocks.MARCH_1).policies(p).build();
        String inForce = guard.policies().digest();
        Files.writeString(p.resolve("cn.guard"), AuditFixtures.PACK.replace("rule consent", "rule consent consent"));
        try (LogCapture log = LogCapture.of(Guard.class)) {
            PolicyReloadException e = assertThrows(PolicyReloadException.class,
                    () -> guard.reload(() -> PolicyBundle.load(p)));
            assertInstanceOf(PolicyException.class, e.getCause());
            assertEquals(inForce, e.inForce());
            assertTrue(e.getMessage().startsWith("policy reload failed; the policies in force stay " + inForce + ": "
                    + p + "/cn.guard:"), e.getMessage());
            assertEquals(1, log.at(Level.ERROR).size(), log.all().toString());
            assertTrue(log.at(Level.ERROR).get(0).startsWith("policy reload failed; the policies in force stay "
                    + inForce), log.all().toString());
        }
        assertEquals(inForce, guard.policies().digest());
        Decision d = guard.decide(AuditFixtures.cnToSg(1).build());
        assertFalse(d.allowed(), "the old rules still decide");
        assertEquals(inForce, d.policyDigest());
        assertThrows(PolicyReloadException.class, () -> guard.reload(() -> {
            throw new GuardException("cannot read policy directory");
        }));
        assertEquals(inForce, guard.policies().digest());
    }

    @Test
    void aReloadThatDropsACategoryOrBreaksABasisOnFileIsRefused() throws IOException {
        Guard guard = Guard.builder().clock(TestClocks.MARCH_1).policies(policies("p", AuditFixtures.PACK))
                .bases(BasesOnFile.builder().destination("SG", LegalBasis.of("pi-certification")).build()).build();
        String inForce = guard.policies().digest();
        PolicyBundle withoutBasis = PolicyBundle.of(java.util.Map.of("v.guard", AuditFixtures.VOCABULARY
                .replace("basis pi-certification \"certification\"\n", ""), "cn.guard", AuditFixtures.PACK
                .replace("cac-standard-contract, pi-certification", "cac-standard-contract")));
        PolicyReloadException basis = assertThrows(PolicyReloadException.class, () -> guard.reload(withoutBasis));
        assertTrue(basis.getMessage().contains("unknown legal basis 'pi-certification'"), basis.getMessage());
        PolicyBundle withoutCategory = PolicyBundle.of(java.util.Map.of("v.guard", AuditFixtures.VOCABULARY
                .replace("category personal.sensitive.health \"health\"\n", "")));
        PolicyReloadException category = assertThrows(PolicyReloadException.class,
                () -> guard.reload(withoutCategory));
        assertTrue(category.getMessage().contains("no longer declare the categories [personal.sensitive.health]"),
                category.getMessage());
        assertEquals(inForce, guard.policies().digest());
    }

    @Test
    void anUnsignedOrAlteredBundleOnReloadIsRefusedWhenPolicyKeysAreTrusted() throws IOException {
        SigningKey key = SigningKey.generate("policy");
        Path p = policies("p", AuditFixtures.PACK);
        Files.writeString(p.resolve(BundleSignature.FILE_NAME), BundleSignature.sign(p, List.of(key)));
        Guard guard = Guard.builder().clock(TestClocks.MARCH_1).policies(p).trustedPolicyKeys(key.verifierKey()).build();
        String inForce = guard.policies().digest();
        Files.writeString(p.resolve("cn.guard"), AuditFixtures.PACK.replace(">= 100000", ">= 1000000"));
        PolicyReloadException altered = assertThrows(PolicyReloadException.class,
                () -> guard.reload(() -> PolicyBundle.load(p)));
        assertEquals(BundleSignatureException.Fault.ALTERED,
                ((BundleSignatureException) altered.getCause()).fault());
        PolicyReloadException unsigned = assertThrows(PolicyReloadException.class,
                () -> guard.reload(AuditFixtures.POLICIES));
        assertEquals(BundleSignatureException.Fault.UNSIGNED,
                ((BundleSignatureException) unsigned.getCause()).fault());
        // Signed by a key of the trusted key's name but another secret.
        Files.writeString(p.resolve(BundleSignature.FILE_NAME),
                BundleSignature.sign(p, List.of(SigningKey.generate("policy"))));
        assertEquals(BundleSignatureException.Fault.UNTRUSTED_KEY, refusedOnReload(guard, p));
        // The signature file edited to name the edited files' digest.
        String signedDigest = PolicyBundle.load(p).digest();
        String note = BundleSignature.sign(p, List.of(key));
        Files.writeString(p.resolve("cn.guard"), AuditFixtures.PACK.replace(">= 100000", ">= 10000000"));
        Files.writeString(p.resolve(BundleSignature.FILE_NAME),
                note.replace(signedDigest, PolicyBundle.load(p).digest()));
        assertEquals(BundleSignatureException.Fault.BAD_SIGNATURE, refusedOnReload(guard, p));
        Files.writeString(p.resolve(BundleSignature.FILE_NAME), "not a bundle signature\n");
        assertEquals(BundleSignatureException.Fault.MALFORMED, refusedOnReload(guard, p));
        assertEquals(inForce, guard.policies().digest(), "the signed policies stay in force throughout");
        Files.writeString(p.resolve(BundleSignature.FILE_NAME), BundleSignature.sign(p, List.of(key)));
        guard.reload(() -> PolicyBundle.load(p));
        assertEquals(PolicyBundle.load(p).digest(), guard.policies().digest(), "signed again, it takes over");
    }

    private static BundleSignatureException.Fault refusedOnReload(Guard guard, Path p) {
        PolicyReloadException e = assertThrows(PolicyReloadException.class,
                () -> guard.reload(() -> PolicyBundle.load(p)));
        return ((BundleSignatureException) e.getCause()).fault();
    }

    @Test
    void aGoodReloadTakesOverAndRecountsTheVolumeFromTheAuditLog() throws IOException {
        try (AuditLog log = AuditFixtures.builder(dir.resolve("log")).open()) {
            Guard guard = Guard.builder().clock(TestClocks.MARCH_1).policies(AuditFixtures.POLICIES).audit(log).build();
            assertTrue(guard.decide(AuditFixtures.allowed(60_000)).allowed());
            assertTrue(guard.decide(AuditFixtures.allowed(20_000)).allowed(), "80,000 < 100,000");
            PolicyBundle stricter = PolicyBundle.of(java.util.Map.of("vocabulary.guard", AuditFixtures.VOCABULARY,
                    "cn.guard", AuditFixtures.PACK.replace(">= 100000", ">= 90000")));
            guard.reload(stricter);
            assertEquals(stricter.digest(), guard.policies().digest());
            Decision d = guard.decide(AuditFixtures.allowed(10_000));
            assertFalse(d.allowed(), "80,000 from the log plus 10,000 reach the new threshold: " + d.explain());
            assertEquals(stricter.digest(), d.policyDigest());
        }
    }

    // ---- the audit log ---------------------------------------------------------------------------------

    @Test
    void anAuditLogThatCannotBeCreatedFailsAtStartup() throws IOException {
        Path file = Files.writeString(dir.resolve("a-file"), "not a directory");
        AuditException e = assertThrows(AuditException.class,
                () -> AuditFixtures.builder(file.resolve("log")).open());
        assertTrue(e.getMessage().startsWith("cannot create the audit log directory " + file.resolve("log")),
                e.getMessage());
        AuditException readOnly = assertThrows(AuditException.class,
                () -> FaultyDisk.open(AuditFixtures.builder(dir.resolve("ro")), FaultyDisk.readOnly()));
        assertTrue(readOnly.getMessage().contains("Read-only file system"), readOnly.getMessage());
    }

    @Test
    void aFullOrUnwritableAuditLogDeniesInEnforceMode() {
        AuditLog log = FaultyDisk.open(AuditFixtures.builder(dir.resolve("log")), FaultyDisk.fullAfter(2000));
        try {
            Guard guard = Guard.builder().clock(TestClocks.MARCH_1).policies(AuditFixtures.POLICIES).audit(log).build();
            TransferDeniedException denied = assertThrows(TransferDeniedException.class, () -> {
                for (int i = 0; i < 20; i++) {
                    guard.enforce(AuditFixtures.allowed(1));
                }
            });
            assertInstanceOf(AuditException.class, denied.getCause());
            Reason r = denied.decision().reasons().get(0);
            assertEquals(Guard.AUDIT_PACK + "/" + Guard.UNRECORDED_RULE, r.pack() + "/" + r.rule());
            assertTrue(r.because().contains(FaultyDisk.FULL), r.because());
            Decision later = guard.decide(AuditFixtures.allowed(1));
            assertFalse(later.allowed(), "every later transfer is denied too");
        } finally {
            closeAfterItFailed(log);
        }
    }

    @Test
    void anAuditFailureInMonitorModeIsLoggedAtErrorAndNeverThrows() {
        AuditLog log = FaultyDisk.open(AuditFixtures.builder(dir.resolve("log")), FaultyDisk.fullAfter(2000));
        try (LogCapture captured = LogCapture.of(Guard.class)) {
            Guard guard = Guard.builder().clock(TestClocks.MARCH_1).policies(AuditFixtures.POLICIES).audit(log).mode(Mode.MONITOR).build();
            List<Decision> decisions = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                decisions.add(guard.enforce(AuditFixtures.allowed(1)));
            }
            assertTrue(decisions.stream().anyMatch(d -> !d.allowed()), "the log filled up");
            List<String> errors = captured.at(Level.ERROR);
            assertFalse(errors.isEmpty(), captured.all().toString());
            assertTrue(errors.get(0).startsWith("Monitor mode let through a transfer that the audit log could not"
                    + " record: CN -> SG (personal.contact): the audit log "), errors.get(0));
        } finally {
            closeAfterItFailed(log);
        }
    }

    /**
     * Closes a log whose disk failed. Only its close may report the failure again: a test's own calls are outside
     * this catch, so that an exception from one of them is never taken for it.
     */
    private static void closeAfterItFailed(AuditLog log) {
        try {
            log.close();
        } catch (AuditException again) {
            // The failure, reported again.
        }
    }

    // ---- keys ------------------------------------------------------------------------------------------

    @Test
    void aMissingOrUnreadableKeyFileIsAnErrorThatNamesTheFile() throws IOException {
        Path missing = dir.resolve("audit.key");
        assertThrows(NoSuchFileException.class, () -> SigningKey.readPem(missing));
        assertThrows(NoSuchFileException.class, () -> VerifierKey.readPem(dir.resolve("audit.pub")));
        Path directory = Files.createDirectories(dir.resolve("dir.key"));
        assertThrows(IOException.class, () -> SigningKey.readPem(directory));
        Path garbage = Files.writeString(dir.resolve("garbage.key"), "MC4CAQAwBQYDK2VwBCIEIGarbageSecret\n");
        KeyFormatException e = assertThrows(KeyFormatException.class, () -> SigningKey.readPem(garbage));
        assertTrue(e.getMessage().startsWith(garbage + ": not a PEM file"), e.getMessage());
        assertFalse(e.getMessage().contains("Garbage"), "the file's content is not echoed");
    }

    // ---- classification --------------------------------------------------------------------------------

    /** A payload whose class names a category the policies do not declare. */
    record Misspelt(@PersonalData(category = "personal.contct") String email) {
    }

    /** A payload whose residence is not a country code. */
    record Resident(@PersonalData(category = "personal.contact") String email, @SubjectResidence String residence) {
    }

    interface Sender {
        @GuardedTransfer(destination = "SG", recipient = "acme-sg", recipientKind = "commercial")
        String send(Object payload);
    }

    static final class Target implements Sender {
        final List<Object> sent = new ArrayList<>();

        @Override
        public String send(Object payload) {
            sent.add(payload);
            return "sent";
        }
    }

    private static Guard.Builder classifying(Mode mode) {
        return Guard.builder().policies(AuditFixtures.POLICIES).mode(mode).jurisdiction("CN")
                .bases(BasesOnFile.builder().destination("SG", LegalBasis.of("separate-consent")).build());
    }

    @Test
    void aClassifierFailureOnAnUnexpectedArgumentTypeStopsTheCallInEnforceMode() {
        Target target = new Target();
        Sender sender = classifying(Mode.ENFORCE).build().protect(Sender.class, target);
        assertEquals("sent", sender.send(new Resident("li@example.cn", "CN")), "a good payload goes through");
        InvalidAnnotationException bad = assertThrows(InvalidAnnotationException.class,
                () -> sender.send(new Misspelt("li@example.cn")));
        assertTrue(bad.getMessage().contains("unknown category 'personal.contct'"), bad.getMessage());
        InvalidTransferException residence = assertThrows(InvalidTransferException.class,
                () -> sender.send(new Resident("li@example.cn", "Atlantis")));
        assertTrue(residence.getMessage().contains("Atlantis") || residence.getMessage().contains("@SubjectResidence"),
                residence.getMessage());
        assertEquals(1, target.sent.size(), "neither bad payload reached the target");
    }

    @Test
    void aClassifierFailureInMonitorModeIsLoggedAtErrorAndTheCallRuns() {
        Target target = new Target();
        Sender sender = classifying(Mode.MONITOR).build().protect(Sender.class, target);
        try (LogCapture captured = LogCapture.of(GuardedMethod.class)) {
            assertEquals("sent", sender.send(new Misspelt("li@example.cn")));
            assertEquals("sent", sender.send(new Resident("li@example.cn", "Atlantis")));
            List<String> errors = captured.at(Level.ERROR);
            assertEquals(2, errors.size(), captured.all().toString());
            assertTrue(errors.get(0).startsWith("Monitor mode let through a call of Target"
                    + ".send that could not be classified or decided; enforce mode would stop it: "), errors.get(0));
        }
        assertEquals(2, target.sent.size());
    }
}
