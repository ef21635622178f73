package dev.transferguard.audit;

import dev.transferguard.audit.internal.verify.LogVerifier;
import dev.transferguard.audit.internal.verify.WitnessCheck;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * Verifies an audit log offline against trusted public keys, as {@code docs/audit-log.md} describes:
 * every checkpoint's signature, every record's hash, sequence number and link, and each checkpoint's root
 * against the records. When something is wrong, the result names the first fault, its kind and the record.
 *
 * <pre>{@code
 * AuditVerification v = AuditVerifier.builder()
 *         .trust(VerifierKey.readPem(Path.of("audit-2026.pub")))
 *         .build()
 *         .verify(Path.of("audit"));
 * if (!v.intact()) System.out.println(v.fault());
 * }</pre>
 *
 * <p>Immutable and thread-safe. Verifying streams the files once, hashing on one thread per idle processor,
 * and keeps about 9 bytes per record.
 */
public final class AuditVerifier {

    private final List<VerifierKey> trusted;
    private final byte[] trustedCheckpoint;
    private final String origin;
    private final List<VerifierKey> witnesses;
    private final int quorum;

    private AuditVerifier(Builder b) {
        this.trusted = List.copyOf(b.trusted);
        this.trustedCheckpoint = b.trustedCheckpoint;
        this.origin = b.origin;
        this.witnesses = List.copyOf(b.witnesses);
        this.quorum = b.quorum == 0 ? witnesses.size() : b.quorum;
    }

    /**
     * A builder; at least one {@link Builder#trust(VerifierKey)} is required.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Verifies the log in a directory.
     *
     * @param directory the log directory
     * @return intact or the first fault, with warnings
     * @throws AuditException when the directory is not an audit log, cannot be read, or the trusted checkpoint
     *                        does not verify with the trusted keys
     */
    public AuditVerification verify(Path directory) {
        AuditVerification v = LogVerifier.verify(Objects.requireNonNull(directory, "directory"), trusted,
                trustedCheckpoint, origin);
        return WitnessCheck.apply(directory, v, trusted, witnesses, quorum);
    }

    /** Configures an {@link AuditVerifier}; {@link #build()} ends. */
    public static final class Builder {
        private final List<VerifierKey> trusted = new ArrayList<>();
        private byte[] trustedCheckpoint;
        private String origin;
        private final List<VerifierKey> witnesses = new ArrayList<>();
        private int quorum;

        private Builder() {
        }

        /**
         * Trusts a witness: the log's latest checkpoint must then carry a quorum of valid cosignatures
         * ({@link AuditFault.Kind#UNWITNESSED} otherwise), and every checkpoint a trusted witness cosigned must
         * be one the log's records give ({@link AuditFault.Kind#FORKED} otherwise).
         *
         * @param key the witness's public key
         * @return this builder
         */
        public Builder witness(VerifierKey key) {
            witnesses.add(Objects.requireNonNull(key, "key"));
            return this;
        }

        /**
         * Sets how many of the trusted witnesses must have cosigned the latest checkpoint; all of them by
         * default.
         *
         * @param quorum 1 to the number of witnesses
         * @return this builder
         */
        public Builder quorum(int quorum) {
            if (quorum < 1) {
                throw new IllegalArgumentException("the quorum must be at least 1, not " + quorum);
            }
            this.quorum = quorum;
            return this;
        }

        /**
         * Trusts a key: checkpoints it signs are accepted. Trust every key of a rotation.
         *
         * @param key a verifier key
         * @return this builder
         */
        public Builder trust(VerifierKey key) {
            trusted.add(Objects.requireNonNull(key, "key"));
            return this;
        }

        /**
         * Trusts several keys.
         *
         * @param keys verifier keys
         * @return this builder
         */
        public Builder trust(Collection<VerifierKey> keys) {
            keys.forEach(this::trust);
            return this;
        }

        /**
         * Adds a checkpoint trusted from elsewhere, e.g. one published or handed to an auditor earlier: the
         * log must still contain the records it signs, unchanged.
         *
         * @param note the signed checkpoint, as in the {@code checkpoint} file
         * @return this builder
         */
        public Builder trustedCheckpoint(String note) {
            this.trustedCheckpoint = Objects.requireNonNull(note, "note").getBytes(StandardCharsets.UTF_8);
            return this;
        }

        /**
         * Requires the log to have this origin; by default it is taken from its checkpoints.
         *
         * @param origin the origin name
         * @return this builder
         */
        public Builder origin(String origin) {
            this.origin = Objects.requireNonNull(origin, "origin");
            return this;
        }

        /**
         * Builds the verifier.
         *
         * @return the verifier
         * @throws IllegalStateException when no key is trusted
         * @throws IllegalArgumentException when the quorum is larger than the number of witnesses
         */
        public AuditVerifier build() {
            if (trusted.isEmpty()) {
                throw new IllegalStateException("AuditVerifier.builder() needs trust(...) before build()");
            }
            if (quorum > witnesses.size()) {
                throw new IllegalArgumentException("a quorum of " + quorum + " needs at least as many witnesses, not "
                        + witnesses.size());
            }
            return new AuditVerifier(this);
        }
    }
}
