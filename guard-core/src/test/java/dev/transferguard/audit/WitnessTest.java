package dev.transferguard.audit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.transferguard.audit.internal.note.Cosignature;
import dev.transferguard.audit.internal.note.SignedNote;
import dev.transferguard.audit.internal.witness.AddCheckpointRequest;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The witness against the rules of C2SP tlog-witness v1.0.0 and tlog-cosignature v1.0.1. */
class WitnessTest {

    static final String ORIGIN = "test.example/audit";
    static final SigningKey LOG_KEY = CheckpointFuzzTest.fixedKey("log-key");
    static final SigningKey WITNESS_KEY = CheckpointFuzzTest.fixedKey("witness.example/w1");
    static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(1_679_315_147L), ZoneOffset.UTC);

    @TempDir
    Path dir;
    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    private Witness witness() {
        Witness w = Witness.builder().signingKey(WITNESS_KEY).stateDirectory(dir.resolve("state"))
                .logKey(ORIGIN, LOG_KEY.verifierKey()).clock(CLOCK).build();
        open.add(w);
        return w;
    }

    private static TreeLog log(String flavour) {
        return new TreeLog(ORIGIN, LOG_KEY, flavour);
    }

    @Test
    void cosignsAFirstCheckpointInTheSpecsFormat() throws Exception {
        TreeLog log = log("a").grow(5);
        Witness.Response r = witness().addCheckpoint(log.request(0));

        assertEquals(200, r.status(), r.body());
        assertTrue(r.body().startsWith("\u2014 witness.example/w1 ") && r.body().endsWith("\n"), r.body());
        byte[] sig = Base64.getDecoder().decode(r.body().substring("\u2014 witness.example/w1 ".length()).trim());
        assertEquals(4 + 8 + 64, sig.length);
        // The key id computed here from the spec's text, not by the code under test.
        byte[] pub = WITNESS_KEY.verifierKey().publicKey();
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        sha.update("witness.example/w1".getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0x0A);
        sha.update((byte) 0x04);
        sha.update(pub);
        assertArrayEquals(Arrays.copyOf(sha.digest(), 4), Arrays.copyOf(sig, 4));
        assertEquals(1_679_315_147L, ByteBuffer.wrap(sig, 4, 8).getLong());
        String message = "cosignature/v1\ntime 1679315147\n" + log.checkpoint().body();
        assertTrue(WITNESS_KEY.verifierKey().verify(message.getBytes(StandardCharsets.UTF_8),
                Arrays.copyOfRange(sig, 12, 76)));
        // The cosigned note still verifies with the log key: the witness's line is an unknown signer to it.
        String cosigned = log.note() + r.body();
        assertEquals(5, Checkpoint.verify(cosigned, List.of(LOG_KEY.verifierKey())).checkpoint().treeSize());
    }

    @Test
    void cosignatureIsDeterministicForAFixedKeyAndTime() throws IOException {
        // A hand-made vector: a fixed key, a fixed time and a fixed checkpoint give exactly these bytes.
        String body = "example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n";
        String line = Cosignature.signLine(body, WITNESS_KEY, 1_679_315_147L);
        assertEquals(resource("handmade-cosignature.txt"), line);
    }

    @Test
    void readsTheSpecsExamples() throws Exception {
        // The tlog-cosignature example: a log signature and a witness cosignature on one checkpoint.
        SignedNote note = SignedNote.parse(resource("spec-cosigned-checkpoint.txt").getBytes(StandardCharsets.UTF_8));
        SignedNote.NoteSignature w = note.signatures().get(1);
        Cosignature c = Cosignature.of(w);
        assertEquals("witness.example.com/w1", w.keyName());
        assertNotNull(c);
        assertEquals(1_679_315_147L, c.timestamp());
        assertEquals(0x8d66cf3f, w.keyId());
        // The tlog-witness example request: old size, four proof lines, then the checkpoint.
        AddCheckpointRequest r = AddCheckpointRequest.parse(resource("spec-add-checkpoint.txt")
                .getBytes(StandardCharsets.UTF_8));
        assertEquals(20_852_014L, r.oldSize());
        assertEquals(4, r.proof().size());
        assertEquals(2, SignedNote.parse(r.checkpoint()).signatures().size());
    }

    @Test
    void cosignsEachConsistentExtension() {
        Witness w = witness();
        TreeLog log = log("a").grow(3);
        assertEquals(200, w.addCheckpoint(log.request(0)).status());
        for (int step : new int[] {1, 4, 9, 64}) {
            long old = log.tree.size();
            log.grow(step);
            assertEquals(200, w.addCheckpoint(log.request(old)).status(), "from " + old);
        }
        // The same checkpoint again: consistent with itself.
        assertEquals(200, w.addCheckpoint(log.request(log.tree.size())).status());
    }

    @Test
    void staleOldSizeIsAConflictWithTheWitnessSize() {
        Witness w = witness();
        TreeLog log = log("a").grow(10);
        w.addCheckpoint(log.request(0));
        log.grow(5);

        Witness.Response r = w.addCheckpoint(log.request(3));

        assertEquals(409, r.status());
        assertEquals("text/x.tlog.size", r.contentType());
        assertEquals("10\n", r.body());
        assertEquals(200, w.addCheckpoint(log.request(10)).status());
    }

    @Test
    void aCheckpointOlderThanTheStateIsRefused() {
        Witness w = witness();
        TreeLog log = log("a").grow(10);
        TreeLog older = log("a").grow(6);
        w.addCheckpoint(log.request(0));

        assertEquals(409, w.addCheckpoint(older.request(0)).status());
        // Claiming the witness's size as old size for a smaller checkpoint: old > size.
        assertEquals(400, w.addCheckpoint(AddCheckpointRequest.format(10, List.of(), older.note()
                .getBytes(StandardCharsets.UTF_8))).status());
    }

    @Test
    void aForkIsRefusedAndKeptAsEvidence() throws IOException {
        Witness w = witness();
        TreeLog honest = log("a").grow(8);
        w.addCheckpoint(honest.request(0));
        // Same key, same origin, a different history from record 5 on.
        TreeLog fork = log("a").grow(5);
        fork.tree.appendData("another record".getBytes(StandardCharsets.UTF_8));
        fork.grow(6);
        // The fork's own proof from size 8 cannot match the witness's root at 8.
        Witness.Response r = w.addCheckpoint(fork.request(8));

        assertEquals(422, r.status());
        assertEquals(1, evidence(w).size());
        String kept = Files.readString(evidence(w).get(0));
        assertTrue(kept.startsWith("refused: not consistent with size 8") && kept.contains(fork.note()), kept);
        // And the honest log goes on.
        long old = honest.tree.size();
        honest.grow(2);
        assertEquals(200, w.addCheckpoint(honest.request(old)).status());
    }

    @Test
    void anotherRootAtTheSameSizeIsAConflictAndEvidence() throws IOException {
        Witness w = witness();
        w.addCheckpoint(log("a").grow(4).request(0));

        Witness.Response r = w.addCheckpoint(log("b").grow(4).request(4));

        assertEquals(409, r.status());
        assertEquals("4\n", r.body());
        assertEquals(1, evidence(w).size());
    }

    @Test
    void aProofThatDoesNotVerifyIsUnprocessableKeptAsEvidenceAndChangesNothing() throws IOException {
        Witness w = witness();
        TreeLog log = log("a").grow(4);
        w.addCheckpoint(log.request(0));
        log.grow(3);
        List<byte[]> proof = new ArrayList<>(log.proofFrom(4));
        byte[] bad = proof.get(0);
        bad[0] ^= 1;
        proof.set(0, bad);

        assertEquals(422, w.addCheckpoint(AddCheckpointRequest.format(4, proof,
                log.note().getBytes(StandardCharsets.UTF_8))).status());
        // Kept with its reason, as a fork's would be, and the witness still holds size 4.
        assertEquals(1, evidence(w).size());
        assertTrue(Files.readString(evidence(w).get(0)).startsWith("refused: not consistent with size 4"));
        // Old size 0 against a witness at 4 is a conflict before any proof is looked at.
        assertEquals(409, w.addCheckpoint(AddCheckpointRequest.format(0, log.proofFrom(4), log.note()
                .getBytes(StandardCharsets.UTF_8))).status());
        assertEquals(200, w.addCheckpoint(log.request(4)).status(), "the true proof is then taken");
    }

    @Test
    void unknownLogKeyIsForbiddenAndUnknownOriginNotFound() {
        Witness w = witness();
        TreeLog stranger = new TreeLog(ORIGIN, CheckpointFuzzTest.fixedKey("log-key"), "x").grow(1);
        TreeLog otherKey = new TreeLog(ORIGIN, CheckpointFuzzTest.fixedKey("other-key"), "x").grow(1);
        TreeLog otherOrigin = new TreeLog("other.example/log", LOG_KEY, "x").grow(1);

        assertEquals(200, w.addCheckpoint(stranger.request(0)).status());
        assertEquals(403, w.addCheckpoint(otherKey.request(0)).status());
        assertEquals(404, w.addCheckpoint(otherOrigin.request(0)).status());
    }

    @Test
    void aForgedLogSignatureIsForbidden() {
        Witness w = witness();
        String note = log("a").grow(3).note();
        String forged = note.replace("\n3\n", "\n4\n");

        assertEquals(403, w.addCheckpoint(AddCheckpointRequest.format(0, List.of(),
                forged.getBytes(StandardCharsets.UTF_8))).status());
    }

    @Test
    void malformedBodiesAreBadRequests() {
        Witness w = witness();
        String note = log("a").grow(2).note();
        for (String body : List.of("", "old 1\n", "old 01\n\n" + note, "old -1\n\n" + note, "old 1 \n\n" + note,
                "new 1\n\n" + note, "old 0\nnot-base64\n\n" + note, "old 0\n\n", "old 0\n\nnot a note\n",
                "old 0\n" + "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n".repeat(64) + "\n" + note)) {
            assertEquals(400, w.addCheckpoint(body.getBytes(StandardCharsets.UTF_8)).status(), body);
        }
        assertEquals(400, w.addCheckpoint(new byte[AddCheckpointRequest.MAX_BODY_BYTES + 1]).status());
    }

    @Test
    void theStateSurvivesARestartAndIsLockedWhileOpen() {
        TreeLog log = log("a").grow(7);
        Witness first = witness();
        first.addCheckpoint(log.request(0));
        assertTrue(assertThrows(AuditException.class, this::witness).getMessage().contains("in use"));
        first.close();
        open.remove(first);

        Witness again = witness();
        assertEquals("7\n", again.addCheckpoint(log("a").grow(3).request(0)).body());
    }

    @Test
    void servesTheHttpInterfaceOnLoopback() throws Exception {
        Witness w = witness();
        Witness.Server server = w.serve(new InetSocketAddress("127.0.0.1", 0));
        open.add(0, server);
        HttpClient http = HttpClient.newHttpClient();
        URI add = URI.create("http://127.0.0.1:" + server.port() + "/add-checkpoint");
        TreeLog log = log("a").grow(3);

        HttpResponse<String> ok = http.send(HttpRequest.newBuilder(add)
                .POST(HttpRequest.BodyPublishers.ofByteArray(log.request(0))).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> conflict = http.send(HttpRequest.newBuilder(add)
                .POST(HttpRequest.BodyPublishers.ofByteArray(log.request(1))).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> tooLarge = http.send(HttpRequest.newBuilder(add)
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[AddCheckpointRequest.MAX_BODY_BYTES + 1])).build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> get = http.send(HttpRequest.newBuilder(add).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> elsewhere = http.send(HttpRequest.newBuilder(add.resolve("/other"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(log.request(0))).build(), HttpResponse.BodyHandlers.ofString());

        assertEquals(200, ok.statusCode());
        assertTrue(ok.body().startsWith("\u2014 witness.example/w1 "), ok.body());
        assertEquals(409, conflict.statusCode());
        assertEquals("text/x.tlog.size", conflict.headers().firstValue("Content-Type").orElse(""));
        assertEquals("3\n", conflict.body());
        assertEquals(413, tooLarge.statusCode());
        assertEquals(405, get.statusCode());
        assertEquals(404, elsewhere.statusCode());
    }

    private static List<Path> evidence(Witness w) throws IOException {
        try (Stream<Path> files = Files.list(w.evidenceDirectory())) {
            return files.filter(p -> !p.getFileName().toString().startsWith(".")).toList();
        }
    }

    static String resource(String name) throws IOException {
        try (InputStream in = WitnessTest.class.getResourceAsStream("witness/" + name)) {
            if (in == null) {
                throw new IOException("no test resource witness/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
