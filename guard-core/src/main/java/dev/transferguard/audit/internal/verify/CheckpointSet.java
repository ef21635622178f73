package dev.transferguard.audit.internal.verify;

import dev.transferguard.audit.AuditException;
import dev.transferguard.audit.AuditFault.Kind;
import dev.transferguard.audit.AuditFault;
import dev.transferguard.audit.Checkpoint;
import dev.transferguard.audit.CheckpointException;
import dev.transferguard.audit.VerifiedCheckpoint;
import dev.transferguard.audit.VerifierKey;
import dev.transferguard.audit.internal.LogFiles;
import dev.transferguard.audit.internal.note.CheckpointText;
import dev.transferguard.audit.internal.note.SignedNote;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The checkpoints a verification goes by: the log's latest and kept ones and one trusted from outside. They
 * are read and parsed first, their signatures checked (on a thread of their own, while the records are
 * hashed), and their origins, sizes and roots compared among themselves; each one's root is then compared
 * with the records' by {@link LogVerifier}.
 */
final class CheckpointSet {

    private final Path dir;
    private final List<VerifierKey> trusted;
    private final byte[] trustedNote;
    private final String expectedOrigin;
    private final List<String> warnings;

    /** The checkpoints by size, one per size. */
    private final List<Cp> checkpoints = new ArrayList<>();
    private final List<Cp> found = new ArrayList<>();
    private Cp latestFile;
    private String origin;

    /** A checkpoint found in the directory or given as trusted. */
    static final class Cp {
        final Checkpoint checkpoint;
        final String location;
        final boolean trustedFromOutside;
        final byte[] note;
        /** Set by the signature thread; read after it is joined. */
        List<String> signers;
        SignedNote parsed;
        Boolean matches;

        Cp(Checkpoint checkpoint, String location, boolean trustedFromOutside, List<String> signers, byte[] note) {
            this.checkpoint = checkpoint;
            this.location = location;
            this.trustedFromOutside = trustedFromOutside;
            this.signers = signers;
            this.note = note;
        }

        long size() {
            return checkpoint.treeSize();
        }
    }

    /**
     * @param dir            the log directory
     * @param trusted        the keys to trust
     * @param trustedNote    a checkpoint trusted from outside, or {@code null}
     * @param expectedOrigin the origin the log must have, or {@code null}
     * @param warnings       receives what is odd but not a fault
     */
    CheckpointSet(Path dir, List<VerifierKey> trusted, byte[] trustedNote, String expectedOrigin,
                  List<String> warnings) {
        this.dir = dir;
        this.trusted = trusted;
        this.trustedNote = trustedNote;
        this.expectedOrigin = expectedOrigin;
        this.warnings = warnings;
    }

    /** @return the log's origin, once {@link #load} has run; {@code null} before */
    String origin() {
        return origin;
    }

    /** @return the checkpoints by size, once {@link #structure} has run */
    List<Cp> bySize() {
        return checkpoints;
    }

    /** Reads and parses every checkpoint; their signatures are left to {@link #verifySignatures}. */
    AuditFault load(List<Path> segments, List<Cp> toVerify) throws IOException {
        byte[] main = LogFiles.readCheckpoint(dir.resolve(LogFiles.CHECKPOINT));
        List<Path> kept = LogFiles.keptCheckpoints(dir);
        Cp outside = null;
        if (trustedNote != null) {
            try {
                VerifiedCheckpoint v = Checkpoint.verify(trustedNote, trusted);
                outside = new Cp(v.checkpoint(), "the trusted checkpoint", true, names(v), trustedNote);
            } catch (CheckpointException e) {
                throw new AuditException("the trusted checkpoint does not verify with the given keys: "
                        + e.getMessage());
            }
        }
        if (main == null && kept.isEmpty()) {
            boolean anyRecords = false;
            for (Path s : segments) {
                anyRecords |= Files.size(s) > 0;
            }
            if (!anyRecords && outside == null) {
                throw new AuditException(dir + " is not an audit log: it has no checkpoint and no records");
            }
            origin = expectedOrigin != null ? expectedOrigin : outside != null ? outside.checkpoint.origin() : "";
            if (anyRecords) {
                return new AuditFault(Kind.MISSING_CHECKPOINT, -1, LogFiles.CHECKPOINT,
                        "the log holds records but no checkpoint signs any of them");
            }
        }
        for (Path k : kept) {
            String location = LogFiles.CHECKPOINTS + "/" + k.getFileName();
            Object c = parse(LogFiles.readCheckpoint(k), location);
            if (c instanceof AuditFault f) {
                return f;
            }
            Cp cp = (Cp) c;
            if (!k.getFileName().toString().equals(LogFiles.keptName(cp.size()))) {
                // The writer names each by its size: another name hides a checkpoint from whoever goes by names.
                return new AuditFault(Kind.MALFORMED_CHECKPOINT, -1, location, "the file holds the checkpoint of size "
                        + cp.size() + ", not the size its name says: it was renamed or planted");
            }
            found.add(cp);
            toVerify.add(cp);
        }
        if (main != null) {
            Object c = parse(main, LogFiles.CHECKPOINT);
            if (c instanceof AuditFault f) {
                return f;
            }
            latestFile = (Cp) c;
            found.add(latestFile);
            boolean copy = false;
            for (Cp k : toVerify) {
                copy |= Arrays.equals(main, k.note);
            }
            // The latest is normally a copy of the newest kept one: one signature check is enough.
            if (!copy) {
                toVerify.add(latestFile);
            }
        } else if (!kept.isEmpty()) {
            warnings.add("there is no " + LogFiles.CHECKPOINT + " file; the kept checkpoints were used");
        }
        if (outside != null) {
            found.add(outside);
        }
        if (origin == null) {
            origin = expectedOrigin != null ? expectedOrigin
                    : outside != null ? outside.checkpoint.origin()
                    : latestFile != null ? latestFile.checkpoint.origin()
                    : found.get(found.size() - 1).checkpoint.origin();
        }
        return null;
    }

    /** Origins, sizes and roots of the checkpoints among themselves. */
    AuditFault structure() {
        for (Cp cp : found) {
            if (!cp.checkpoint.origin().equals(origin)) {
                return new AuditFault(Kind.WRONG_ORIGIN, -1, cp.location, "the checkpoint is for the log '"
                        + cp.checkpoint.origin() + "', not '" + origin + "'");
            }
        }
        Map<Long, Cp> bySize = new TreeMap<>();
        for (Cp cp : found) {
            Cp same = bySize.putIfAbsent(cp.size(), cp);
            if (same != null && !MessageDigest.isEqual(same.checkpoint.rootHash(), cp.checkpoint.rootHash())) {
                return new AuditFault(Kind.FORK, -1, same.location + " and " + cp.location,
                        "two signed checkpoints of size " + cp.size() + " have different roots");
            }
        }
        checkpoints.addAll(bySize.values());
        if (latestFile != null) {
            long newest = found.stream().filter(c -> !c.trustedFromOutside).mapToLong(Cp::size).max().orElse(0);
            if (latestFile.size() < newest) {
                warnings.add("the " + LogFiles.CHECKPOINT + " file (size " + latestFile.size()
                        + ") is older than the newest kept checkpoint (size " + newest + ")");
            }
        }
        return null;
    }

    /** @return a {@link Cp} whose signatures are not checked yet, or the {@link AuditFault} that the note is */
    private Object parse(byte[] note, String location) {
        try {
            SignedNote parsed = SignedNote.parse(note);
            Checkpoint checkpoint = CheckpointText.parse(parsed.text());
            Cp cp = new Cp(checkpoint, location, false, List.of(), note);
            cp.parsed = parsed;
            return cp;
        } catch (CheckpointException e) {
            return new AuditFault(kindOf(e.fault()), -1, location, e.getMessage());
        }
    }

    /** Checks the signatures in file order; returns the first failure. */
    AuditFault verifySignatures(List<Cp> cps) {
        for (Cp cp : cps) {
            try {
                SignedNote.Verification v = cp.parsed.verify(trusted);
                cp.signers = v.verifiedBy().stream().map(VerifierKey::label).toList();
            } catch (CheckpointException e) {
                return new AuditFault(kindOf(e.fault()), -1, cp.location, e.getMessage());
            }
        }
        return null;
    }

    static Kind kindOf(CheckpointException.Fault fault) {
        if (fault == CheckpointException.Fault.BAD_SIGNATURE) {
            return Kind.BAD_SIGNATURE;
        }
        if (fault == CheckpointException.Fault.UNKNOWN_KEY) {
            return Kind.UNKNOWN_KEY;
        }
        return Kind.MALFORMED_CHECKPOINT;
    }

    private static List<String> names(VerifiedCheckpoint v) {
        return v.verifiedBy().stream().map(VerifierKey::label).toList();
    }

    long signedSize() {
        return checkpoints.isEmpty() ? 0 : checkpoints.get(checkpoints.size() - 1).size();
    }
}
