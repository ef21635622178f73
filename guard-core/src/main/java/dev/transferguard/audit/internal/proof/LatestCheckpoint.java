package dev.transferguard.audit.internal.proof;

import dev.transferguard.audit.AuditException;
import dev.transferguard.audit.internal.LogFiles;
import java.io.IOException;
import java.nio.file.Path;

/** Reads the latest signed checkpoint of a log, for the proofs built from it. */
final class LatestCheckpoint {

    private LatestCheckpoint() {
    }

    /**
     * The bytes of {@code DIR/checkpoint}.
     *
     * @param directory the log directory
     * @return the signed note
     * @throws AuditException when the directory holds no checkpoint
     * @throws IOException    when it cannot be read
     */
    static byte[] of(Path directory) throws IOException {
        byte[] note = LogFiles.readCheckpoint(directory.resolve(LogFiles.CHECKPOINT));
        if (note == null) {
            throw new AuditException("no checkpoint in " + directory + ": is it an audit log?");
        }
        return note;
    }
}
