package dev.transferguard.audit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.transferguard.Transfer;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A log the library wrote passes the verifier written from the document alone. */
class ThirdPartyVerifierTest {

    @TempDir
    Path dir;

    @Test
    void recomputesTheRootAndChecksTheSignatureFromTheDocumentAlone() throws Exception {
        Path log = dir.resolve("log");
        SigningKey key = AuditFixtures.key();
        key.verifierKey().writePem(dir.resolve("test-key.pub"));
        Transfer t = AuditFixtures.allowed(5);
        try (AuditLog l = AuditFixtures.builder(log).segmentSize(3000).open()) {
            for (int i = 0; i < 7; i++) {
                l.append(t, AuditFixtures.decide(t));
            }
        }
        try (Stream<Path> files = Files.list(log)) {
            assertTrue(files.filter(p -> p.getFileName().toString().endsWith(".jsonl")).count() > 1,
                    "the records span several segments");
        }
        assertEquals(7, IndependentVerifier.assertIntact(log, AuditFixtures.ORIGIN, "test-key",
                dir.resolve("test-key.pub")));
    }
}
