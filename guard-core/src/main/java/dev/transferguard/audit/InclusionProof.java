package dev.transferguard.audit;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.transferguard.GuardException;
import dev.transferguard.audit.internal.LogFiles;
import dev.transferguard.audit.internal.RecordFormat;
import dev.transferguard.audit.internal.RecordHead;
import dev.transferguard.audit.internal.merkle.InvalidProofException;
import dev.transferguard.audit.internal.merkle.MerkleProofs;
import dev.transferguard.audit.internal.merkle.MerkleTree;
import dev.transferguard.audit.internal.merkle.Rfc6962Hasher;
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
 * A self-contained proof that one record is in an audit log: the record's line, its leaf index, the
 * RFC 9162 inclusion proof and the signed checkpoint it leads to. Whoever trusts the log's public key can
 * check it without the rest of the log ({@code docs/audit-log.md}, "Proving one record").
 *
 * @param origin         the log's origin
 * @param leafIndex      the record's sequence number, its leaf index
 * @param record         the record's line as stored, without its newline
 * @param treeSize       the size of the tree the checkpoint signs
 * @param inclusionProof the audit path from the record's leaf to the root, each hash 32 bytes
 * @param checkpoint     the signed checkpoint, as in the log's {@code checkpoint} file
 */
public record InclusionProof(String origin, long leafIndex, String record, long treeSize, List<byte[]> inclusionProof,
                             String checkpoint) {

    /** The value of the bundle's {@code format} key. */
    public static final String FORMAT = "transferguard-inclusion-proof/1";

    private static final JsonFactory JSON = JsonFactory.builder().build();

    /** Checks the parts and copies the hashes. */
    public InclusionProof {
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(record, "record");
        Objects.requireNonNull(checkpoint, "checkpoint");
        inclusionProof = inclusionProof.stream().map(byte[]::clone).toList();
    }

    /** @return copies of the proof's hashes */
    @Override
    public List<byte[]> inclusionProof() {
        return inclusionProof.stream().map(byte[]::clone).toList();
    }

    /**
     * Builds the proof of one record against the log's latest checkpoint. The log's records must give the
     * checkpoint's root; its signature is not checked here (that is the proof's reader's job).
     *
     * @param directory the log directory
     * @param seq       the record's sequence number
     * @return the proof
     * @throws AuditException when the record is not covered by the latest checkpoint, or the log does not
     *                        match its checkpoint, or cannot be read
     */
    public static InclusionProof of(Path directory, long seq) {
        try {
            byte[] note = LatestCheckpoint.of(directory);
            Checkpoint cp;
            try {
                cp = CheckpointText.parse(SignedNote.parse(note).text());
            } catch (CheckpointException e) {
                throw new AuditException(directory + "/" + LogFiles.CHECKPOINT + ": " + e.getMessage());
            }
            if (seq < 0 || seq >= cp.treeSize()) {
                throw new AuditException("record seq " + seq + " is not signed: the latest checkpoint covers seq 0 to "
                        + (cp.treeSize() - 1));
            }
            MerkleTree tree = new MerkleTree();
            String line = null;
            try (LogReader lines = LogReader.open(directory)) {
                while (tree.size() < cp.treeSize() && lines.next()) {
                    if (tree.size() == seq) {
                        line = new String(lines.copy(), StandardCharsets.UTF_8);
                    }
                    tree.appendData(lines.buffer(), lines.offset(), lines.length());
                }
            }
            if (tree.size() < cp.treeSize() || !MessageDigest.isEqual(tree.root(cp.treeSize()), cp.rootHash())) {
                throw new AuditException("the records of " + directory
                        + " do not match its checkpoint; run guard audit verify on it");
            }
            return new InclusionProof(cp.origin(), seq, line, cp.treeSize(), tree.inclusionProof(seq, cp.treeSize()),
                    new String(note, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AuditException("cannot read the audit log " + directory + ": " + e.getMessage(), e);
        }
    }

    /**
     * Checks the proof: the checkpoint's signature by a trusted key, its origin and size, the record's own
     * origin and sequence number, and that the inclusion proof leads from the record to the signed root.
     *
     * @param trusted the keys to trust
     * @return the verified checkpoint
     * @throws AuditException when any check fails; the message says which
     */
    public VerifiedCheckpoint verify(Collection<VerifierKey> trusted) {
        VerifiedCheckpoint vc;
        try {
            vc = Checkpoint.verify(checkpoint, trusted);
        } catch (CheckpointException e) {
            throw new AuditException("the proof's checkpoint does not verify: " + e.getMessage());
        }
        Checkpoint cp = vc.checkpoint();
        if (!cp.origin().equals(origin) || cp.treeSize() != treeSize) {
            throw new AuditException("the proof's checkpoint is for " + cp.origin() + " at size " + cp.treeSize()
                    + ", not for " + origin + " at size " + treeSize);
        }
        byte[] line = record.getBytes(StandardCharsets.UTF_8);
        long seq = RecordHead.parseHead(line, 0, line.length, RecordHead.headPrefix(origin),
                new byte[RecordFormat.HASH]);
        if (seq != leafIndex) {
            throw new AuditException("the record is not the record of seq " + leafIndex + " of the log " + origin);
        }
        try {
            MerkleProofs.verifyInclusion(leafIndex, treeSize, new Rfc6962Hasher().hashLeaf(line), inclusionProof,
                    cp.rootHash());
        } catch (InvalidProofException e) {
            throw new AuditException("the inclusion proof does not hold: " + e.getMessage());
        }
        return vc;
    }

    /** @return the bundle as one JSON object, the form {@link #fromJson(String)} reads */
    public String toJson() {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("format", FORMAT);
            g.writeStringField("origin", origin);
            g.writeNumberField("seq", leafIndex);
            g.writeStringField("record", record);
            g.writeNumberField("leafIndex", leafIndex);
            g.writeNumberField("treeSize", treeSize);
            g.writeArrayFieldStart("inclusionProof");
            for (byte[] h : inclusionProof) {
                g.writeString(Base64.getEncoder().encodeToString(h));
            }
            g.writeEndArray();
            g.writeStringField("checkpoint", checkpoint);
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
    public static InclusionProof fromJson(String json) {
        String format = null;
        String origin = null;
        String record = null;
        String checkpoint = null;
        long seq = -1;
        long leafIndex = -1;
        long treeSize = -1;
        List<byte[]> proof = null;
        try (JsonParser p = JSON.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new GuardException("not a proof bundle: expected a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                JsonToken value = p.nextToken();
                switch (key) {
                    case "format" -> format = p.getValueAsString();
                    case "origin" -> origin = p.getValueAsString();
                    case "record" -> record = p.getValueAsString();
                    case "checkpoint" -> checkpoint = p.getValueAsString();
                    case "seq" -> seq = value == JsonToken.VALUE_NUMBER_INT ? p.getLongValue() : -1;
                    case "leafIndex" -> leafIndex = value == JsonToken.VALUE_NUMBER_INT ? p.getLongValue() : -1;
                    case "treeSize" -> treeSize = value == JsonToken.VALUE_NUMBER_INT ? p.getLongValue() : -1;
                    case "inclusionProof" -> {
                        if (value != JsonToken.START_ARRAY) {
                            throw new GuardException("not a proof bundle: 'inclusionProof' is not an array");
                        }
                        proof = new ArrayList<>();
                        while (p.nextToken() == JsonToken.VALUE_STRING) {
                            byte[] hash = StrictBase64.decode(p.getText());
                            if (hash == null || hash.length != RecordFormat.HASH) {
                                throw new GuardException("not a proof bundle: a proof hash is not 32 bytes of base64");
                            }
                            proof.add(hash);
                        }
                    }
                    default -> p.skipChildren();
                }
            }
        } catch (IOException e) {
            throw new GuardException("not a proof bundle: not valid JSON");
        }
        if (!FORMAT.equals(format)) {
            throw new GuardException("not a proof bundle: 'format' is not " + FORMAT);
        }
        if (origin == null || record == null || checkpoint == null || proof == null || leafIndex < 0 || treeSize < 0
                || seq != leafIndex) {
            throw new GuardException("not a proof bundle: it needs origin, seq, record, leafIndex (equal to seq), "
                    + "treeSize, inclusionProof and checkpoint");
        }
        return new InclusionProof(origin, leafIndex, record, treeSize, proof, checkpoint);
    }
}
