package dev.transferguard.audit.internal.witness;

import dev.transferguard.audit.internal.note.StrictBase64;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The body of a C2SP {@code tlog-witness} {@code add-checkpoint} request: {@code old <size>}, at most 63
 * base64 hashes of a consistency proof, an empty line, then the signed checkpoint note. Parsing is strict (one
 * spelling for one request) and never looks inside the note, which the witness verifies next.
 *
 * @param oldSize    the size of the checkpoint the client believes the witness has cosigned last
 * @param proof      the consistency proof's hashes, 32 bytes each
 * @param checkpoint the signed checkpoint note's bytes
 */
public record AddCheckpointRequest(long oldSize, List<byte[]> proof, byte[] checkpoint) {

    /** The most proof lines the spec allows. */
    public static final int MAX_PROOF_LINES = 63;
    /** The largest body accepted: a checkpoint of the largest size a log file may hold, and the proof. */
    public static final int MAX_BODY_BYTES = 128 * 1024;

    private static final Pattern DECIMAL = Pattern.compile("0|[1-9][0-9]{0,18}");
    private static final int HASH = 32;

    /** Copies the parts. */
    public AddCheckpointRequest {
        proof = proof.stream().map(byte[]::clone).toList();
        checkpoint = checkpoint.clone();
    }

    @Override
    public byte[] checkpoint() {
        return checkpoint.clone();
    }

    @Override
    public List<byte[]> proof() {
        return proof.stream().map(byte[]::clone).toList();
    }

    /** A body that is not a request; the message says what is wrong, for the 400 answer. */
    public static final class MalformedException extends Exception {
        private static final long serialVersionUID = 1L;

        MalformedException(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * Parses a body.
     *
     * @param body the request body
     * @return the request
     * @throws MalformedException when it is not one
     */
    public static AddCheckpointRequest parse(byte[] body) throws MalformedException {
        if (body.length > MAX_BODY_BYTES) {
            throw new MalformedException("the body has more than " + MAX_BODY_BYTES + " bytes");
        }
        int pos = 0;
        int end = lineEnd(body, pos);
        String first = ascii(body, pos, end);
        if (!first.startsWith("old ") || !DECIMAL.matcher(first.substring(4)).matches()) {
            throw new MalformedException("line 1 must be 'old <size>' in decimal without leading zeros");
        }
        long old = Long.parseLong(first.substring(4));
        pos = end + 1;
        List<byte[]> proof = new ArrayList<>();
        while (true) {
            end = lineEnd(body, pos);
            if (end == pos) {
                pos = end + 1;
                break;
            }
            if (proof.size() == MAX_PROOF_LINES) {
                throw new MalformedException("more than " + MAX_PROOF_LINES + " proof lines");
            }
            byte[] hash = StrictBase64.decode(ascii(body, pos, end));
            if (hash == null || hash.length != HASH) {
                throw new MalformedException("line " + (proof.size() + 2) + " is not a base64 SHA-256 hash");
            }
            proof.add(hash);
            pos = end + 1;
        }
        if (pos >= body.length) {
            throw new MalformedException("no checkpoint after the empty line");
        }
        return new AddCheckpointRequest(old, proof, Arrays.copyOfRange(body, pos, body.length));
    }

    /**
     * Writes a request body.
     *
     * @param oldSize    the old size
     * @param proof      the consistency proof
     * @param checkpoint the signed note
     * @return the body
     */
    public static byte[] format(long oldSize, List<byte[]> proof, byte[] checkpoint) {
        StringBuilder head = new StringBuilder("old ").append(oldSize).append('\n');
        for (byte[] h : proof) {
            head.append(Base64.getEncoder().encodeToString(h)).append('\n');
        }
        head.append('\n');
        byte[] h = head.toString().getBytes(StandardCharsets.US_ASCII);
        byte[] out = Arrays.copyOf(h, h.length + checkpoint.length);
        System.arraycopy(checkpoint, 0, out, h.length, checkpoint.length);
        return out;
    }

    private static int lineEnd(byte[] body, int from) throws MalformedException {
        for (int i = from; i < body.length && i - from <= 100; i++) {
            if (body[i] == '\n') {
                return i;
            }
        }
        throw new MalformedException(from >= body.length ? "the body ends before the empty line"
                : "a line before the checkpoint is too long or does not end with a newline");
    }

    private static String ascii(byte[] body, int from, int to) throws MalformedException {
        for (int i = from; i < to; i++) {
            if (body[i] < 0x20 || body[i] > 0x7e) {
                throw new MalformedException("a line before the checkpoint holds a byte that is not printable ASCII");
            }
        }
        return new String(body, from, to - from, StandardCharsets.US_ASCII);
    }
}
