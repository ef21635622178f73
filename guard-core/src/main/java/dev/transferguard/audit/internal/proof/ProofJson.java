package dev.transferguard.audit.internal.proof;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.transferguard.GuardException;
import dev.transferguard.audit.ConsistencyProof;
import dev.transferguard.audit.InclusionProof;
import dev.transferguard.audit.internal.RecordFormat;
import dev.transferguard.audit.internal.note.StrictBase64;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The JSON bundles that proofs are exported in and read back from ({@code docs/audit-log.md}, "Proving one
 * record"): one object each, hashes in base64, read strictly.
 */
public final class ProofJson {

    private static final JsonFactory JSON = JsonFactory.builder().build();

    private ProofJson() {
    }

    /**
     * @param p an inclusion proof
     * @return the bundle as one JSON object, the form {@link #inclusionFromJson} reads
     */
    public static String toJson(InclusionProof p) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("format", InclusionProof.FORMAT);
            g.writeStringField("origin", p.origin());
            g.writeNumberField("seq", p.leafIndex());
            g.writeStringField("record", p.record());
            g.writeNumberField("leafIndex", p.leafIndex());
            g.writeNumberField("treeSize", p.treeSize());
            writeHashes(g, "inclusionProof", p.inclusionProof());
            g.writeStringField("checkpoint", p.checkpoint());
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /**
     * Reads a bundle written by {@link #toJson(InclusionProof)}.
     *
     * @param json the bundle
     * @return the proof, not yet verified
     * @throws GuardException when the text is not such a bundle
     */
    public static InclusionProof inclusionFromJson(String json) {
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
                        proof = hashes(p);
                    }
                    default -> p.skipChildren();
                }
            }
        } catch (IOException e) {
            throw new GuardException("not a proof bundle: not valid JSON");
        }
        if (!InclusionProof.FORMAT.equals(format)) {
            throw new GuardException("not a proof bundle: 'format' is not " + InclusionProof.FORMAT);
        }
        if (origin == null || record == null || checkpoint == null || proof == null || leafIndex < 0 || treeSize < 0
                || seq != leafIndex) {
            throw new GuardException("not a proof bundle: it needs origin, seq, record, leafIndex (equal to seq), "
                    + "treeSize, inclusionProof and checkpoint");
        }
        return new InclusionProof(origin, leafIndex, record, treeSize, proof, checkpoint);
    }

    /**
     * @param p a consistency proof
     * @return the bundle as one JSON object, the form {@link #consistencyFromJson} reads
     */
    public static String toJson(ConsistencyProof p) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("format", ConsistencyProof.FORMAT);
            g.writeStringField("oldCheckpoint", p.oldCheckpoint());
            g.writeStringField("newCheckpoint", p.newCheckpoint());
            writeHashes(g, "consistencyProof", p.proof());
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /**
     * Reads a bundle written by {@link #toJson(ConsistencyProof)}.
     *
     * @param json the bundle
     * @return the proof, not yet verified
     * @throws GuardException when the text is not such a bundle
     */
    public static ConsistencyProof consistencyFromJson(String json) {
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
                        path = hashes(p);
                    }
                    default -> p.skipChildren();
                }
            }
        } catch (IOException e) {
            throw new GuardException("not a proof bundle: not valid JSON");
        }
        if (!ConsistencyProof.FORMAT.equals(format) || older == null || newer == null || path == null) {
            throw new GuardException("not a consistency proof bundle: it needs format " + ConsistencyProof.FORMAT
                    + ", oldCheckpoint, newCheckpoint and consistencyProof");
        }
        return new ConsistencyProof(older, newer, path);
    }

    /** Reads the strings of a hash array up to its end; each must be 32 bytes in canonical base64. */
    private static List<byte[]> hashes(JsonParser p) throws IOException {
        List<byte[]> hashes = new ArrayList<>();
        while (p.nextToken() == JsonToken.VALUE_STRING) {
            byte[] hash = StrictBase64.decode(p.getText());
            if (hash == null || hash.length != RecordFormat.HASH) {
                throw new GuardException("not a proof bundle: a proof hash is not 32 bytes of base64");
            }
            hashes.add(hash);
        }
        return hashes;
    }

    /** A proof's hashes, as an array of base64 strings: the one spelling both bundles use. */
    private static void writeHashes(JsonGenerator g, String field, List<byte[]> hashes) throws IOException {
        g.writeArrayFieldStart(field);
        for (byte[] h : hashes) {
            g.writeString(Base64.getEncoder().encodeToString(h));
        }
        g.writeEndArray();
    }
}
