package dev.transferguard.audit;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.transferguard.GuardException;
import dev.transferguard.audit.internal.LogFiles;
import dev.transferguard.audit.internal.RecordFormat;
import dev.transferguard.audit.internal.merkle.InvalidProofException;
import dev.transferguard.audit.internal.merkle.MerkleProofs;
import dev.transferguard.audit.internal.merkle.MerkleTree;
import dev.transferguard.audit.internal.note.CheckpointText;
import dev.transferguard.audit.internal.note.SignedNote;
import dev.transferguard.audit.internal.note.StrictBase64;
import dev.transferguard.audit.internal.read.LogReader;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * A self-contained proof that a log's latest checkpoint extends an older one: the log kept every record
 * the older checkpoint signed, unchanged and in order, and only added records after them (RFC 9162
 * section 2.1.4). An auditor who kept an old checkpoint checks it against a new one without the log.
 *
 * @param oldCheckpoint the older signed checkpoint
 * @param newCheckpoint the newer signed checkpoint
 * @param proof         the consistency proof's hashes, each 32 bytes
 */
public record ConsistencyProof(String oldCheckpoint, String newCheckpoint, List<byte[]> proof) {

    /** The value of the bundle's {@code format} key. */
    public static final String FORMAT = "transferguard-consistency-proof/1";

    private static final JsonFactory JSON = JsonFactory.builder().build();

    /** Checks the parts and copies the hashes. */
    public ConsistencyProof {
        Objects.requireNonNull(oldCheckpoint, "oldCheckpoint");
        Objects.requireNonNull(newCheckpoint, "newCheckpoint");
        proof = proof.stream().map(byte[]::clone).toList();
    }

    /** @return copies of the proof's hashes */
    @Override
    public List<byte[]> proof() {
        return proof.stream().map(byte[]::clone).toList();
    }

    /**
     * Builds the proof from an older checkpoint to the log's latest one, from the log's records. The records
     * must give both checkpoints' roots; signatures are not checked here (that is the reader's job).
     *
     * @param directory     the log directory
     * @param oldCheckpoint an older signed checkpoint of the same log
     * @return the proof
     * @throws AuditException when the old checkpoint is malformed, newer than the latest, of another log, or
     *                        the records do not give both roots (the log was rewritten, or is another fork)
     */
    public static ConsistencyProof of(Path directory, String oldCheckpoint) {
        try {
            byte[] note = LatestCheckpoint.of(directory);
            String newCheckpoint = new String(note, StandardCharsets.UTF_8);
            Checkpoint older = parse(oldCheckpoint, "the old checkpoint");
            Checkpoint newer = parse(newCheckpoint, directory + "/" + LogFiles.CHECKPOINT);
            if (!older.origin().equals(newer.origin())) {
                throw new AuditException("the old checkpoint is for the log " + older.origin() + ", not "
                        + newer.origin());
            }
            if (older.treeSize() > newer.treeSize()) {
                throw new AuditException("the old checkpoint (size " + older.treeSize()
                        + ") is newer than the log's latest (size " + newer.treeSize() + ")");
            }
            MerkleTree tree = new MerkleTree();
            try (LogReader lines = LogReader.open(directory)) {
                while (tree.size() < newer.treeSize() && lines.next()) {
                    tree.appendData(lines.buffer(), lines.offset(), lines.length());
                }
            }
            if (tree.size() < newer.treeSize()
                    || !MessageDigest.isEqual(tree.root(newer.treeSize()), newer.rootHash())) {
                throw new AuditException("the records of " + directory
                        + " do not match its checkpoint; run guard audit verify on it");
            }
            if (!MessageDigest.isEqual(tree.root(older.treeSize()), older.rootHash())) {
                throw new AuditException("the log does not extend the old checkpoint: its first "
                        + older.treeSize() + " records are not the ones that checkpoint signed");
            }
            List<byte[]> path = older.treeSize() == 0 ? List.of()
                    : tree.consistencyProof(older.treeSize(), newer.treeSize());
            return new ConsistencyProof(oldCheckpoint, newCheckpoint, path);
        } catch (IOException e) {
            throw new AuditException("cannot read the audit log " + directory + ": " + e.getMessage(), e);
        }
    }

    private static Checkpoint parse(String note, String what) {
        try {
            return CheckpointText.parse(SignedNote.parse(note.getBytes(StandardCharsets.UTF_8)).text());
        } catch (CheckpointException e) {
            throw new AuditException(what + ": " + e.getMessage());
        }
    }

    /**
     * Checks the proof: both checkpoints' signatures by trusted keys, the same origin, and that the newer
     * tree extends the older one.
     *
     * @param trusted the keys to trust
     * @return the newer checkpoint, verified
     * @throws AuditException when any check fails; the message says which
     */
    public VerifiedCheckpoint verify(Collection<VerifierKey> trusted) {
        VerifiedCheckpoint older = verifyNote(oldCheckpoint, "old", trusted);
        VerifiedCheckpoint newer = verifyNote(newCheckpoint, "new", trusted);
        Checkpoint a = older.checkpoint();
        Checkpoint b = newer.checkpoint();
        if (!a.origin().equals(b.origin())) {
            throw new AuditException("the checkpoints are of two logs: " + a.origin() + " and " + b.origin());
        }
        if (a.treeSize() > b.treeSize()) {
            throw new AuditException("the old checkpoint (size " + a.treeSize() + ") is larger than the new one (size "
                    + b.treeSize() + ")");
        }
        if (a.treeSize() == 0) {
            // Every tree extends the empty one.
            return newer;
        }
        try {
            MerkleProofs.verifyConsistency(a.treeSize(), b.treeSize(), a.rootHash(), b.rootHash(), proof);
        } catch (InvalidProofException e) {
            throw new AuditException("the new checkpoint does not extend the old one: " + e.getMessage());
        }
        return newer;
    }

    private static VerifiedCheckpoint verifyNote(String note, String which, Collection<VerifierKey> trusted) {
        try {
            return Checkpoint.verify(note, trusted);
        } catch (CheckpointException e) {
            throw new AuditException("the " + which + " checkpoint does not verify: " + e.getMessage());
        }
    }

    /** @return the bundle as one JSON object, the form {@link #fromJson(String)} reads */
    public String toJson() {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("format", FORMAT);
            g.writeStringField("oldCheckpoint", oldCheckpoint);
            g.writeStringField("newCheckpoint", newCheckpoint);
            g.writeArrayFieldStart("consistencyProof");
            for (byte[] h : proof) {
                g.writeString(Base64.getEncoder().encodeToString(h));
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /**
     * Reads a bundle written by {@link #toJson()}.
     *
     * @param json the bundle
     * @return the proof, not yet verified
     * @throws GuardException when the text is not such a bundle
     */
    public static ConsistencyProof fromJson(String json) {
        String format = null;
        String older = null;
        String newer = null;
        List<byte[]> path = null;
        try (JsonParser p = JSON.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new GuardException("not a proof bundle: expected a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                JsonToken value = p.nextToken();
                switch (key) {
                    case "format" -> format = p.getValueAsString();
                    case "oldCheckpoint" -> older = p.getValueAsString();
                    case "newCheckpoint" -> newer = p.getValueAsString();
                    case "consistencyProof" -> {
                        if (value != JsonToken.START_ARRAY) {
                            throw new GuardException("not a proof bundle: 'consistencyProof' is not an array");
                        }
                        path = new ArrayList<>();
                        while (p.nextToken() == JsonToken.VALUE_STRING) {
                            byte[] hash = StrictBase64.decode(p.getText());
                            if (hash == null || hash.length != RecordFormat.HASH) {
                                throw new GuardException("not a proof bundle: a proof hash is not 32 bytes of base64");
                            }
                            path.add(hash);
                        }
                    }
                    default -> p.skipChildren();
                }
            }
        } catch (IOException e) {
            throw new GuardException("not a proof bundle: not valid JSON");
        }
        if (!FORMAT.equals(format) || older == null || newer == null || path == null) {
            throw new GuardException("not a consistency proof bundle: it needs format " + FORMAT
                    + ", oldCheckpoint, newCheckpoint and consistencyProof");
        }
        return new ConsistencyProof(older, newer, path);
    }
}
