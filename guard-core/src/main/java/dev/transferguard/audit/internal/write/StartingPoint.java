package dev.transferguard.audit.internal.write;

import dev.transferguard.audit.Checkpoint;
import dev.transferguard.audit.CheckpointException;
import dev.transferguard.audit.VerifiedCheckpoint;
import dev.transferguard.audit.VerifierKey;
import dev.transferguard.audit.internal.LogFiles;
import dev.transferguard.audit.internal.note.CheckpointText;
import dev.transferguard.audit.internal.note.SignedNote;
import java.io.IOException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The checkpoint recovery starts from: the newest of {@code checkpoint} and every kept checkpoint, by the size
 * inside each, never by a file's name. A kept checkpoint whose name is not its size, two checkpoints of one size
 * with different roots, or one for another log mean that the directory was tampered with, and the log is not
 * opened. The signature of the one recovery starts from (and of {@code checkpoint}) is verified; every other's
 * root is compared with the records' by {@link Recovery}, so that none of them can be passed over.
 *
 * @param start     the newest checkpoint, verified
 * @param republish whether {@code checkpoint} must be written again (a crash between the two writes of a
 *                  checkpoint, or no {@code checkpoint} file)
 * @param all       every checkpoint found, one per size, by size
 */
record StartingPoint(VerifiedCheckpoint start, boolean republish, List<Checkpoint> all) {

    /** A log directory that fails these checks. */
    static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;

        Refused(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * @param dir   the log directory
     * @param trust the keys to trust
     * @return the starting point, or {@code null} when the log has no checkpoint at all
     * @throws IOException when a file cannot be read, or is not a regular file
     * @throws Refused     when the checkpoints show tampering or do not verify
     */
    static StartingPoint find(Path dir, Set<VerifierKey> trust) throws IOException, Refused {
        List<Path> kept = LogFiles.keptCheckpoints(dir);
        byte[] mainNote = LogFiles.readCheckpoint(dir.resolve(LogFiles.CHECKPOINT));
        if (mainNote == null && kept.isEmpty()) {
            return null;
        }
        Map<Long, Checkpoint> bySize = new TreeMap<>();
        byte[] newestNote = null;
        String newestName = null;
        long newestSize = -1;
        for (Path k : kept) {
            String name = LogFiles.CHECKPOINTS + "/" + k.getFileName();
            byte[] note = LogFiles.readCheckpoint(k);
            if (note == null) {
                continue;
            }
            Checkpoint c = parse(note, name);
            if (!k.getFileName().toString().equals(LogFiles.keptName(c.treeSize()))) {
                throw new Refused(name + " holds the checkpoint of size " + c.treeSize()
                        + ": a kept checkpoint is named by its size, so this one was renamed or planted");
            }
            add(bySize, c, name);
            if (c.treeSize() > newestSize) {
                newestSize = c.treeSize();
                newestNote = note;
                newestName = name;
            }
        }
        VerifiedCheckpoint main = null;
        if (mainNote != null) {
            add(bySize, parse(mainNote, LogFiles.CHECKPOINT), LogFiles.CHECKPOINT);
            main = verify(mainNote, LogFiles.CHECKPOINT, trust);
        }
        VerifiedCheckpoint start = main;
        if (newestNote != null && (main == null || newestSize > main.checkpoint().treeSize())) {
            start = verify(newestNote, newestName, trust);
        }
        String origin = start.checkpoint().origin();
        for (Checkpoint c : bySize.values()) {
            if (!c.origin().equals(origin)) {
                throw new Refused("a checkpoint of size " + c.treeSize() + " is for the log '" + c.origin()
                        + "', not '" + origin + "'");
            }
        }
        boolean republish = main == null || main.checkpoint().treeSize() < start.checkpoint().treeSize()
                || newestSize < main.checkpoint().treeSize();
        return new StartingPoint(start, republish, new ArrayList<>(bySize.values()));
    }

    private static void add(Map<Long, Checkpoint> bySize, Checkpoint c, String name) throws Refused {
        Checkpoint same = bySize.putIfAbsent(c.treeSize(), c);
        if (same != null && !MessageDigest.isEqual(same.rootHash(), c.rootHash())) {
            throw new Refused(name + " and another checkpoint of size " + c.treeSize() + " have different roots");
        }
    }

    private static Checkpoint parse(byte[] note, String name) throws Refused {
        try {
            return CheckpointText.parse(SignedNote.parse(note).text());
        } catch (CheckpointException e) {
            throw new Refused("its " + name + " is not a checkpoint: " + e.getMessage());
        }
    }

    private static VerifiedCheckpoint verify(byte[] note, String name, Set<VerifierKey> trust) throws Refused {
        try {
            return Checkpoint.verify(note, trust);
        } catch (CheckpointException e) {
            throw new Refused("its " + name + " does not verify with the configured keys: " + e.getMessage());
        }
    }
}
