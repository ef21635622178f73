package dev.transferguard.audit;

import java.net.URI;
import java.util.Objects;

/**
 * How one witness of an {@link AuditLog} fares: the largest checkpoint it has cosigned and what went wrong
 * last. For metrics and health checks; witness trouble never stops the log.
 *
 * @param witness      the witness's label, {@code name+<cosignature key id>}
 * @param uri          where the log submits to it
 * @param cosignedSize the size of the largest checkpoint it has cosigned, -1 when none yet
 * @param latestSize   the size of the log's latest checkpoint handed to it
 * @param problem      what went wrong with the last attempt, or {@code null} when it succeeded
 */
public record WitnessStatus(String witness, URI uri, long cosignedSize, long latestSize, String problem) {

    /** Checks the parts. */
    public WitnessStatus {
        Objects.requireNonNull(witness, "witness");
        Objects.requireNonNull(uri, "uri");
    }

    /** @return whether the witness has cosigned the log's latest checkpoint */
    public boolean upToDate() {
        return cosignedSize >= latestSize;
    }
}
