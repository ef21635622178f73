package dev.transferguard.policy;

import dev.transferguard.TestClocks;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.transferguard.Guard;
import dev.transferguard.audit.AuditFixtures;
import dev.transferguard.audit.AuditLog;
import dev.transferguard.audit.AuditReader;
import dev.transferguard.audit.AuditRecord;
import dev.transferguard.audit.SigningKey;
import dev.transferguard.audit.VerifierKey;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Signed policy bundles: what a guard with trusted policy keys takes, and what it refuses. */
class BundleSignatureTest {

    static final SigningKey POLICY_KEY = SigningKey.generate("policy-2026");
    static final SigningKey OTHER_KEY = SigningKey.generate("someone-else");
    static final List<VerifierKey> TRUSTED = List.of(POLICY_KEY.verifierKey());

    @TempDir
    Path dir;

    /** A policy directory with the test vocabulary and pack, signed by {@code keys} (none: unsigned). */
    static Path policies(Path root, SigningKey... keys) throws IOException {
        Path p = Files.createDirectories(root);
        Files.writeString(p.resolve("vocabulary.guard"), AuditFixtures.VOCABULARY);
        Files.createDirectories(p.resolve("cn"));
        Files.writeString(p.resolve("cn/test.guard"), AuditFixtures.PACK);
        if (keys.length > 0) {
            sign(p, keys);
        }
        return p;
    }

    static void sign(Path p, SigningKey... keys) throws IOException {
        Files.writeString(p.resolve(BundleSignature.FILE_NAME), BundleSignature.sign(p, List.of(keys)));
    }

    private BundleSignatureException refused(Path p) {
        return assertThrows(BundleSignatureException.class, () -> PolicyBundle.load(p, TRUSTED));
    }

    @Test
    void aBundleSignedByATrustedKeyLoads() throws IOException {
        Path p = policies(dir.resolve("p"), POLICY_KEY);
        PolicyBundle bundle = PolicyBundle.load(p, TRUSTED);
        assertEquals(TRUSTED, bundle.verifySignature(TRUSTED));
        assertEquals(bundle.digest(), BundleSignature.digestOf(p));
        assertEquals(BundleSignature.sign(bundle, List.of(POLICY_KEY)), Files.readString(
                p.resolve(BundleSignature.FILE_NAME)), "Ed25519 is deterministic: both ways sign the same text");
        String note = Files.readString(p.resolve(BundleSignature.FILE_NAME));
        assertTrue(note.startsWith(BundleSignature.HEADER + "\n" + bundle.digest() + "\n\n\u2014 policy-2026 "),
                note);
        assertEquals(bundle.digest(), BundleSignature.signedDigest(note.getBytes(StandardCharsets.UTF_8), "p"));
    }

    @Test
    void anUnsignedBundleIsRefused() throws IOException {
        Path p = policies(dir.resolve("p"));
        BundleSignatureException e = refused(p);
        assertEquals(BundleSignatureException.Fault.UNSIGNED, e.fault());
        assertEquals("policy bundle " + p + " is not signed: it has no .bundle.sig, and policy keys are configured;"
                + " sign it with guard bundle sign", e.getMessage());
        assertEquals(BundleSignatureException.Fault.UNSIGNED, assertThrows(BundleSignatureException.class,
                () -> AuditFixtures.POLICIES.verifySignature(TRUSTED)).fault(), "a bundle from memory is unsigned");
    }

    @Test
    void anEditedPolicyFileIsRefusedAsAltered() throws IOException {
        Path p = policies(dir.resolve("p"), POLICY_KEY);
        String signedDigest = PolicyBundle.load(p).digest();
        Files.writeString(p.resolve("cn/test.guard"), AuditFixtures.PACK.replace(">= 100000", ">= 1000000"));
        BundleSignatureException e = refused(p);
        assertEquals(BundleSignatureException.Fault.ALTERED, e.fault());
        assertTrue(e.getMessage().contains("was changed after it was signed: its files have the digest "
                + PolicyBundle.load(p).digest() + ", but the signature is over " + signedDigest), e.getMessage());
    }

    @Test
    void anAddedRemovedOrRenamedFileIsRefusedAsAltered() throws IOException {
        Path added = policies(dir.resolve("added"), POLICY_KEY);
        Files.writeString(added.resolve("extra.guard"), "category extra \"added after signing\"\n");
        assertEquals(BundleSignatureException.Fault.ALTERED, refused(added).fault());

        Path removed = policies(dir.resolve("removed"), POLICY_KEY);
        Files.writeString(removed.resolve("extra.guard"), "category extra \"signed\"\n");
        sign(removed, POLICY_KEY);
        Files.delete(removed.resolve("extra.guard"));
        assertEquals(BundleSignatureException.Fault.ALTERED, refused(removed).fault());

        Path renamed = policies(dir.resolve("renamed"), POLICY_KEY);
        Files.move(renamed.resolve("cn/test.guard"), renamed.resolve("cn/renamed.guard"));
        assertEquals(BundleSignatureException.Fault.ALTERED, refused(renamed).fault());
    }

    @Test
    void aBundleSignedByAnotherKeyIsRefused() throws IOException {
        Path p = policies(dir.resolve("p"), OTHER_KEY);
        BundleSignatureException e = refused(p);
        assertEquals(BundleSignatureException.Fault.UNTRUSTED_KEY, e.fault());
        assertTrue(e.getMessage().contains("is signed by someone-else+" + OTHER_KEY.verifierKey().keyIdHex()
                + ", not by a trusted policy key (trusted: policy-2026+" + POLICY_KEY.verifierKey().keyIdHex()
                + ")"), e.getMessage());
    }

    @Test
    void filesNoTrustedKeySignedAreRefusedBeforeTheyAreParsed() throws IOException {
        Path p = policies(dir.resolve("p"), POLICY_KEY);
        Files.writeString(p.resolve("cn/test.guard"), "rule ((((\u0000 \"unterminated\n");
        assertEquals(BundleSignatureException.Fault.ALTERED, refused(p).fault());
        Files.delete(p.resolve(BundleSignature.FILE_NAME));
        assertEquals(BundleSignatureException.Fault.UNSIGNED, refused(p).fault());
    }

    @Test
    void aKeyWithTheTrustedNameButAnotherSecretIsRefused() throws IOException {
        Path p = policies(dir.resolve("p"), SigningKey.generate("policy-2026"));
        assertEquals(BundleSignatureException.Fault.UNTRUSTED_KEY, refused(p).fault());
    }

    @Test
    void aSignatureFileEditedToNameTheNewDigestIsRefusedAsBadSignature() throws IOException {
        Path p = policies(dir.resolve("p"), POLICY_KEY);
        Files.writeString(p.resolve("cn/test.guard"), AuditFixtures.PACK.replace(">= 100000", ">= 1000000"));
        Path sig = p.resolve(BundleSignature.FILE_NAME);
        String note = Files.readString(sig);
        String[] lines = note.split("\n", -1);
        Files.writeString(sig, note.replace(lines[1], PolicyBundle.load(p).digest()));
        BundleSignatureException e = refused(p);
        assertEquals(BundleSignatureException.Fault.BAD_SIGNATURE, e.fault());
        assertTrue(e.getMessage().contains("the signature by policy-2026 in .bundle.sig does not verify"),
                e.getMessage());
    }

    @Test
    void aSignatureFileThatIsNotOneIsRefusedAsMalformed() throws IOException {
        Path p = policies(dir.resolve("p"));
        Path sig = p.resolve(BundleSignature.FILE_NAME);
        for (String bad : List.of("", "sha256:00\n", "not a note\n\n\u2014 k AAAA\n",
                POLICY_KEY.verifierKey().format() + "\n")) {
            Files.writeString(sig, bad);
            assertEquals(BundleSignatureException.Fault.MALFORMED, refused(p).fault(), bad);
        }
        // A checkpoint signed by the trusted key is a signed note, but not a bundle signature.
        Files.writeString(sig, new dev.transferguard.audit.Checkpoint("x", 0, new byte[32]).sign(POLICY_KEY));
        BundleSignatureException e = refused(p);
        assertEquals(BundleSignatureException.Fault.MALFORMED, e.fault());
        assertTrue(e.getMessage().contains("the signed text must be the two lines"), e.getMessage());
    }

    @Test
    void duringARotationEitherKeyIsEnough() throws IOException {
        SigningKey next = SigningKey.generate("policy-2027");
        Path p = policies(dir.resolve("p"), POLICY_KEY, next);
        assertEquals(TRUSTED, PolicyBundle.load(p).verifySignature(TRUSTED));
        assertEquals(List.of(next.verifierKey()), PolicyBundle.load(p).verifySignature(List.of(next.verifierKey())));
        assertEquals(2, PolicyBundle.load(p).verifySignature(List.of(POLICY_KEY.verifierKey(), next.verifierKey()))
                .size());
    }

    @Test
    void aGuardWithTrustedPolicyKeysRefusesUnsignedAlteredAndOtherwiseSignedBundles() throws IOException {
        Path signed = policies(dir.resolve("signed"), POLICY_KEY);
        Guard guard = Guard.builder().clock(TestClocks.MARCH_1).policies(signed).trustedPolicyKeys(TRUSTED).build();
        assertTrue(guard.decide(AuditFixtures.allowed(1)).allowed());

        Path unsigned = policies(dir.resolve("unsigned"));
        assertEquals(BundleSignatureException.Fault.UNSIGNED, assertThrows(BundleSignatureException.class,
                () -> Guard.builder().clock(TestClocks.MARCH_1).policies(unsigned).trustedPolicyKeys(TRUSTED).build()).fault());
        Path other = policies(dir.resolve("other"), OTHER_KEY);
        assertEquals(BundleSignatureException.Fault.UNTRUSTED_KEY, assertThrows(BundleSignatureException.class,
                () -> Guard.builder().clock(TestClocks.MARCH_1).policies(other).trustedPolicyKeys(TRUSTED).build()).fault());
        Files.writeString(signed.resolve("vocabulary.guard"), AuditFixtures.VOCABULARY + "\n");
        assertEquals(BundleSignatureException.Fault.ALTERED, assertThrows(BundleSignatureException.class,
                () -> Guard.builder().clock(TestClocks.MARCH_1).policies(signed).trustedPolicyKeys(TRUSTED).build()).fault());
        assertEquals(BundleSignatureException.Fault.UNSIGNED, assertThrows(BundleSignatureException.class,
                () -> Guard.builder().clock(TestClocks.MARCH_1).policies(AuditFixtures.POLICIES).trustedPolicyKeys(TRUSTED).build()).fault());
    }

    @Test
    void theDigestInEveryAuditRecordIsTheSignedBundleDigest() throws IOException {
        Path p = policies(dir.resolve("p"), POLICY_KEY);
        PolicyBundle bundle = PolicyBundle.load(p, TRUSTED);
        String signed = BundleSignature.signedDigest(Files.readAllBytes(p.resolve(BundleSignature.FILE_NAME)), "p");
        Path logDir = dir.resolve("log");
        try (AuditLog log = AuditFixtures.builder(logDir).open()) {
            Guard guard = Guard.builder().clock(TestClocks.MARCH_1).policies(bundle).trustedPolicyKeys(TRUSTED).audit(log).build();
            assertEquals(signed, guard.decide(AuditFixtures.allowed(1)).policyDigest());
            assertFalse(guard.decide(AuditFixtures.cnToSg(1).build()).allowed());
        }
        try (Stream<AuditRecord> records = AuditReader.records(logDir)) {
            List<String> digests = records.map(AuditRecord::policyDigest).toList();
            assertEquals(List.of(signed, signed), digests);
        }
    }

    @Test
    void everyLocationOfABundleIsSignedOnItsOwn() throws IOException {
        Path shipped = policies(dir.resolve("shipped"), POLICY_KEY);
        Files.delete(shipped.resolve("cn/test.guard"));
        sign(shipped, POLICY_KEY);
        Path company = Files.createDirectories(dir.resolve("company"));
        Files.writeString(company.resolve("cn.guard"), AuditFixtures.PACK);
        List<String> locations = List.of(shipped.toString(), company.toString());
        BundleSignatureException e = assertThrows(BundleSignatureException.class,
                () -> PolicyBundle.fromLocations(locations).verifySignature(TRUSTED));
        assertEquals(BundleSignatureException.Fault.UNSIGNED, e.fault());
        assertTrue(e.getMessage().contains(company.toString()), e.getMessage());
        sign(company, POLICY_KEY);
        assertEquals(TRUSTED, PolicyBundle.fromLocations(locations).verifySignature(TRUSTED));
    }

    @Test
    void aClasspathFolderCarriesItsSignatureBesideItsIndex() throws IOException {
        Path root = dir.resolve("jar");
        Path p = policies(root.resolve("policies"), POLICY_KEY);
        Files.writeString(p.resolve("index.txt"), "vocabulary.guard\ncn/test.guard\n");
        try (URLClassLoader loader = new URLClassLoader(new URL[] {root.toUri().toURL()}, null)) {
            PolicyBundle bundle = PolicyBundle.fromClasspath("policies", loader);
            assertEquals(TRUSTED, bundle.verifySignature(TRUSTED));
            Files.delete(p.resolve(BundleSignature.FILE_NAME));
            assertEquals(BundleSignatureException.Fault.UNSIGNED, assertThrows(BundleSignatureException.class,
                    () -> PolicyBundle.fromClasspath("policies", loader).verifySignature(TRUSTED)).fault());
        }
    }

    @Test
    void withoutTrustedKeysTheSignatureFileIsIgnored() throws IOException {
        Path p = policies(dir.resolve("p"));
        Files.writeString(p.resolve(BundleSignature.FILE_NAME), "garbage");
        assertEquals(PolicyBundle.load(p).digest(), Guard.builder().clock(TestClocks.MARCH_1).policies(p).build().policies().digest());
        assertThrows(IllegalArgumentException.class, () -> PolicyBundle.load(p).verifySignature(List.of()));
    }
}
