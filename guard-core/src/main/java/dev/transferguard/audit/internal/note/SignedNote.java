package dev.transferguard.audit.internal.note;

import dev.transferguard.audit.CheckpointException;
import dev.transferguard.audit.SigningKey;
import dev.transferguard.audit.VerifierKey;
import dev.transferguard.internal.StrictUtf8;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The C2SP signed-note codec: a text ending in a newline, a blank line, then one or more signature
 * lines {@code — <key name> <base64(4-byte key id || signature)>}. The signature is Ed25519 over the
 * text's UTF-8 bytes, up to and including its final newline.
 *
 * <p>Parsing refuses anything a signer of ours would not write, so that a verifier never has to guess:
 * invalid UTF-8, control characters, a missing final newline, over-long lines or notes, and more than
 * {@value #MAX_SIGNATURES} signatures.
 *
 * @param text       the note text (the checkpoint body), ending in a newline
 * @param signatures the signature lines, in order
 */
public record SignedNote(String text, List<NoteSignature> signatures) {

    /** The most signature lines a note may carry, as in the reference implementation. */
    public static final int MAX_SIGNATURES = 100;
    /** The longest line accepted, in characters: far above any origin, extension or signature line. */
    public static final int MAX_LINE_LENGTH = 4096;
    /** The largest note accepted, in bytes. */
    public static final int MAX_NOTE_BYTES = 1 << 20;

    private static final String SIGNATURE_PREFIX = "\u2014 ";
    private static final int KEY_ID_SIZE = 4;
    private static final int ED25519_SIGNATURE_SIZE = 64;

    /**
     * One signature line.
     *
     * @param keyName   the key name it gives
     * @param keyId     the key id it gives
     * @param signature the signature bytes after the key id
     * @param line      its 1-based line in the note
     */
    public record NoteSignature(String keyName, int keyId, byte[] signature, int line) {

        /**
         * Copies the signature.
         *
         * @param keyName   the key name
         * @param keyId     the key id
         * @param signature the signature bytes
         * @param line      the line
         */
        public NoteSignature {
            signature = signature.clone();
        }

        /** @return a copy of the signature bytes */
        @Override
        public byte[] signature() {
            return signature.clone();
        }

        /** @return {@code name+<8 hex key id>}, how verifier keys name a key */
        public String signer() {
            return KeyNames.label(keyName, keyId);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof NoteSignature other && keyName.equals(other.keyName) && keyId == other.keyId
                    && Arrays.equals(signature, other.signature) && line == other.line;
        }

        @Override
        public int hashCode() {
            return Objects.hash(keyName, keyId, Arrays.hashCode(signature), line);
        }

        @Override
        public String toString() {
            return "NoteSignature[" + signer() + ", line " + line + "]";
        }
    }

    /**
     * What signature verification found.
     *
     * @param verifiedBy     trusted keys whose signatures verified, each once
     * @param unknownSigners signatures by keys not trusted, as {@code name+<8 hex key id>}
     */
    public record Verification(List<VerifierKey> verifiedBy, List<String> unknownSigners) {

        /**
         * Copies the lists.
         *
         * @param verifiedBy     trusted keys that verified
         * @param unknownSigners signers not trusted
         */
        public Verification {
            verifiedBy = List.copyOf(verifiedBy);
            unknownSigners = List.copyOf(unknownSigners);
        }
    }

    /**
     * Copies the list.
     *
     * @param text       the note text
     * @param signatures the signature lines
     */
    public SignedNote {
        Objects.requireNonNull(text, "text");
        signatures = List.copyOf(signatures);
    }

    /**
     * Signs a text.
     *
     * @param text the text, ending in a newline, no blank line at its end
     * @param keys 1 to {@value #MAX_SIGNATURES} keys with distinct name and key id
     * @return the signed note
     * @throws IllegalArgumentException when the text or the keys cannot make a well-formed note
     */
    public static String sign(String text, List<SigningKey> keys) {
        Objects.requireNonNull(text, "text");
        if (keys.isEmpty() || keys.size() > MAX_SIGNATURES) {
            throw new IllegalArgumentException("a note needs 1 to " + MAX_SIGNATURES + " signing keys, not " + keys.size());
        }
        Set<String> signers = new LinkedHashSet<>();
        byte[] message = text.getBytes(StandardCharsets.UTF_8);
        StringBuilder note = new StringBuilder(text.length() + 128 * keys.size()).append(text).append('\n');
        for (SigningKey key : keys) {
            VerifierKey verifier = key.verifierKey();
            if (!signers.add(verifier.format())) {
                throw new IllegalArgumentException("key " + key.name() + " is given twice");
            }
            byte[] signature = ByteBuffer.allocate(KEY_ID_SIZE + ED25519_SIGNATURE_SIZE)
                    .putInt(verifier.keyId()).put(key.sign(message)).array();
            note.append(SIGNATURE_PREFIX).append(key.name()).append(' ')
                    .append(Base64.getEncoder().encodeToString(signature)).append('\n');
        }
        String signed = note.toString();
        try {
            // Whatever we sign must be a note our own verifier accepts.
            parse(signed.getBytes(StandardCharsets.UTF_8));
        } catch (CheckpointException e) {
            throw new IllegalArgumentException("cannot sign this text: " + e.getMessage(), e);
        }
        return signed;
    }

    /**
     * Parses a signed note without checking its signatures.
     *
     * @param note the note's bytes
     * @return the text and the signature lines
     * @throws CheckpointException ({@code MALFORMED}) naming the line that is wrong
     */
    public static SignedNote parse(byte[] note) {
        if (note.length > MAX_NOTE_BYTES) {
            throw CheckpointException.malformed(0, "the note has " + note.length + " bytes, more than "
                    + MAX_NOTE_BYTES);
        }
        String all = decodeUtf8(note);
        String[] lines = all.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            checkLine(lines[i], i + 1);
        }
        if (!all.endsWith("\n")) {
            throw CheckpointException.malformed(lines.length, "the note does not end with a newline");
        }
        int split = all.lastIndexOf("\n\n");
        if (split < 0) {
            throw CheckpointException.malformed(0, "no blank line between the text and the signatures");
        }
        String text = all.substring(0, split + 1);
        int firstSignatureLine = (int) text.chars().filter(c -> c == '\n').count() + 2;
        String signatureBlock = all.substring(split + 2);
        if (signatureBlock.isEmpty()) {
            throw CheckpointException.malformed(firstSignatureLine, "no signature lines");
        }
        String[] signatureLines = signatureBlock.substring(0, signatureBlock.length() - 1).split("\n", -1);
        if (signatureLines.length > MAX_SIGNATURES) {
            throw CheckpointException.malformed(firstSignatureLine + MAX_SIGNATURES,
                    "more than " + MAX_SIGNATURES + " signatures");
        }
        List<NoteSignature> signatures = new ArrayList<>(signatureLines.length);
        for (int i = 0; i < signatureLines.length; i++) {
            signatures.add(parseSignature(signatureLines[i], firstSignatureLine + i));
        }
        return new SignedNote(text, signatures);
    }

    /**
     * Checks the signatures against trusted keys. A signature by a key nobody trusts here is set aside;
     * a signature that claims a trusted key and fails is fatal, since only tampering or forgery makes
     * one.
     *
     * @param trusted the trusted keys; no two may share name and key id
     * @return which trusted keys verified, and the unknown signers
     * @throws CheckpointException {@code BAD_SIGNATURE} for a failed trusted signature, {@code UNKNOWN_KEY}
     *                             when no signature is by a trusted key
     */
    public Verification verify(Collection<VerifierKey> trusted) {
        Map<String, VerifierKey> byIdentity = new HashMap<>();
        for (VerifierKey key : trusted) {
            VerifierKey previous = byIdentity.put(identity(key.name(), key.keyId()), key);
            if (previous != null && !previous.equals(key)) {
                throw new IllegalArgumentException("two trusted keys share the name " + key.name() + " and key id "
                        + key.keyIdHex());
            }
        }
        byte[] message = text.getBytes(StandardCharsets.UTF_8);
        Set<VerifierKey> verified = new LinkedHashSet<>();
        List<String> unknown = new ArrayList<>();
        for (NoteSignature signature : signatures) {
            VerifierKey key = byIdentity.get(identity(signature.keyName(), signature.keyId()));
            if (key == null) {
                unknown.add(signature.signer());
            } else if (key.verify(message, signature.signature)) {
                verified.add(key);
            } else {
                throw CheckpointException.badSignature(signature.line(), signature.keyName());
            }
        }
        if (verified.isEmpty()) {
            NoteSignature first = signatures.get(0);
            throw CheckpointException.unknownKey(first.keyName(), HexFormat.of().toHexDigits(first.keyId()),
                    signatures.size() - 1);
        }
        return new Verification(new ArrayList<>(verified), unknown);
    }

    private static NoteSignature parseSignature(String line, int number) {
        if (!line.startsWith(SIGNATURE_PREFIX)) {
            throw CheckpointException.malformed(number, "a signature line must start with '\u2014 ' (em dash, space)");
        }
        String rest = line.substring(SIGNATURE_PREFIX.length());
        int space = rest.indexOf(' ');
        if (space < 0) {
            throw CheckpointException.malformed(number, "a signature line needs a key name and a signature");
        }
        String name = rest.substring(0, space);
        String problem = KeyNames.problem(name);
        if (problem != null) {
            throw CheckpointException.malformed(number, problem);
        }
        byte[] decoded = StrictBase64.decode(rest.substring(space + 1));
        if (decoded == null) {
            throw CheckpointException.malformed(number, "the signature is not canonical base64");
        }
        if (decoded.length <= KEY_ID_SIZE) {
            throw CheckpointException.malformed(number, "the signature is too short to hold a key id and a signature");
        }
        int keyId = ByteBuffer.wrap(decoded).getInt();
        return new NoteSignature(name, keyId, Arrays.copyOfRange(decoded, KEY_ID_SIZE, decoded.length), number);
    }

    private static void checkLine(String line, int number) {
        if (line.length() > MAX_LINE_LENGTH) {
            throw CheckpointException.malformed(number, "longer than " + MAX_LINE_LENGTH + " characters");
        }
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                throw CheckpointException.malformed(number, String.format("control character U+%04X", (int) c));
            }
            if (c == '\uFEFF' || c == '\uFFFD') {
                throw CheckpointException.malformed(number, String.format("character U+%04X", (int) c));
            }
        }
    }

    private static String decodeUtf8(byte[] note) {
        StrictUtf8.Decoded decoded = StrictUtf8.decode(note);
        if (!decoded.valid()) {
            throw CheckpointException.malformed(decoded.badLine(), "not valid UTF-8");
        }
        return decoded.text();
    }

    private static String identity(String name, int keyId) {
        return name + "+" + keyId;
    }
}
