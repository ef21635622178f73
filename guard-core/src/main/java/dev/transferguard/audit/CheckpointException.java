package dev.transferguard.audit;

import dev.transferguard.GuardException;
import java.util.Optional;

/**
 * A signed checkpoint that cannot be accepted. {@link #fault()} says which kind of failure it is, so a
 * verifier can report it precisely; the message says where (line) and which key.
 */
public class CheckpointException extends GuardException {

    private static final long serialVersionUID = 1L;

    /** The kinds of failure. */
    public enum Fault {
        /** The note is not a well-formed signed checkpoint. */
        MALFORMED,
        /** No signature is by a trusted key: no trusted key has the name and key id of any signature. */
        UNKNOWN_KEY,
        /** A signature claims a trusted key but does not verify: the note was changed or forged. */
        BAD_SIGNATURE
    }

    /** The kind of failure. */
    private final Fault fault;
    /** The 1-based line, or 0. */
    private final int line;
    /** The key involved, or null. */
    private final String keyName;

    private CheckpointException(Fault fault, int line, String keyName, String message) {
        super(message);
        this.fault = fault;
        this.line = line;
        this.keyName = keyName;
    }

    /**
     * A note that is not well formed.
     *
     * @param line the 1-based line, or 0 when the fault is not on one line
     * @param what what is wrong
     * @return the exception
     */
    public static CheckpointException malformed(int line, String what) {
        return new CheckpointException(Fault.MALFORMED, line, null,
                "malformed checkpoint: " + (line > 0 ? "line " + line + ": " : "") + what);
    }

    /**
     * A note that no trusted key signed.
     *
     * @param keyName the name in the first signature line
     * @param keyId   that line's key id, 8 hex digits
     * @param others  how many more signature lines there were, all by unknown keys as well
     * @return the exception
     */
    public static CheckpointException unknownKey(String keyName, String keyId, int others) {
        return new CheckpointException(Fault.UNKNOWN_KEY, 0, keyName, "checkpoint is not signed by a trusted key:"
                + " no trusted key named " + keyName + " with key id " + keyId
                + (others > 0 ? " (nor for the " + others + " other signatures)" : ""));
    }

    /**
     * A signature by a trusted key that does not verify.
     *
     * @param line    the signature's line
     * @param keyName the key's name
     * @return the exception
     */
    public static CheckpointException badSignature(int line, String keyName) {
        return new CheckpointException(Fault.BAD_SIGNATURE, line, keyName,
                "bad checkpoint signature: line " + line + ": the signature by " + keyName + " does not verify");
    }

    /** @return the kind of failure */
    public Fault fault() {
        return fault;
    }

    /** @return the 1-based line of the fault in the note, or 0 when it is not on one line */
    public int line() {
        return line;
    }

    /** @return the key name involved, for unknown keys and bad signatures */
    public Optional<String> keyName() {
        return Optional.ofNullable(keyName);
    }
}
