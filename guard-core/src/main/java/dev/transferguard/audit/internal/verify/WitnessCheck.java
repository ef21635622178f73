package dev.transferguard.audit.internal.verify;

import dev.transferguard.audit.AuditException;
import dev.transferguard.audit.AuditFault;
import dev.transferguard.audit.AuditVerification;
import dev.transferguard.audit.Checkpoint;
import dev.transferguard.audit.CheckpointException;
import dev.transferguard.audit.VerifierKey;
import dev.transferguard.audit.internal.ErrorText;
import dev.transferguard.audit.internal.LogFiles;
import dev.transferguard.audit.internal.merkle.CompactRange;
import dev.transferguard.audit.internal.merkle.Rfc6962Hasher;
import dev.transferguard.audit.internal.note.CheckpointText;
import dev.transferguard.audit.internal.note.Cosignature;
import dev.transferguard.audit.internal.note.SignedNote;
import dev.transferguard.audit.internal.read.LogReader;
import dev.transferguard.audit.internal.witness.CosignedCheckpoints;
import java.io.IOException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The witnesses' part of verifying a log, after the log itself verified: every checkpoint a trusted witness
 * cosigned ({@code DIR/cosignatures/}) must be one the log's records give ({@code FORKED} otherwise), and the
 * latest checkpoint must carry the quorum of valid cosignatures ({@code UNWITNESSED} otherwise). Without
 * trusted witnesses, a log whose witnesses have not cosigned its latest checkpoint only gets a warning.
 */
public final class WitnessCheck {

    private WitnessCheck() {
    }

    /** One kept cosigned checkpoint: its file, checkpoint and the trusted witnesses whose cosignature verified. */
    private record Cosigned(Path file, Checkpoint checkpoint, Set<VerifierKey> by) {
    }

    /**
     * Adds the witnesses' verdict to a verification.
     *
     * @param dir       the log directory
     * @param v         the log's own verification
     * @param logKeys   the trusted log keys
     * @param witnesses the trusted witnesses; may be empty
     * @param quorum    how many must have cosigned the latest checkpoint
     * @return the verification with the witnesses' fault, warnings and count of cosigned checkpoints
     */
    public static AuditVerification apply(Path dir, AuditVerification v, List<VerifierKey> logKeys,
                                          List<VerifierKey> witnesses, int quorum) {
        if (!v.intact() || v.latestCheckpoint() == null) {
            return v;
        }
        List<String> warnings = new ArrayList<>(v.warnings());
        List<Cosigned> kept;
        try {
            kept = read(dir, v.origin(), logKeys, witnesses, warnings);
        } catch (IOException e) {
            throw new AuditException("cannot read the cosignatures of " + dir + ": " + ErrorText.describe(e), e);
        }
        Checkpoint latest = v.latestCheckpoint();
        if (witnesses.isEmpty()) {
            boolean any = !kept.isEmpty();
            boolean latestKept = kept.stream().anyMatch(c -> c.checkpoint().equals(latest));
            if (any && !latestKept) {
                warnings.add("the latest checkpoint (size " + latest.treeSize() + ") has no witness cosignature "
                        + "kept beside it; the newest cosigned one has size " + kept.get(0).checkpoint().treeSize());
            }
            return with(v, v.fault(), warnings, 0);
        }
        AuditFault forked;
        try {
            forked = forked(dir, kept, v.records());
        } catch (IOException e) {
            throw new AuditException("cannot read the audit log " + dir + ": " + ErrorText.describe(e), e);
        }
        if (forked != null) {
            return with(v, forked, warnings, 0);
        }
        long cosigned = kept.stream().filter(c -> c.by().size() >= quorum).count();
        Set<VerifierKey> onLatest = new LinkedHashSet<>();
        kept.stream().filter(c -> c.checkpoint().equals(latest)).forEach(c -> onLatest.addAll(c.by()));
        if (onLatest.size() >= quorum) {
            return with(v, null, warnings, cosigned);
        }
        String missing = witnesses.stream().filter(w -> !onLatest.contains(w)).map(Cosignature::label)
                .collect(Collectors.joining(", "));
        long newest = kept.stream().filter(c -> c.by().size() >= quorum).mapToLong(c -> c.checkpoint().treeSize())
                .max().orElse(-1);
        AuditFault fault = new AuditFault(AuditFault.Kind.UNWITNESSED, -1, LogFiles.CHECKPOINT,
                "the latest checkpoint (size " + latest.treeSize() + ") is cosigned by " + onLatest.size() + " of the "
                        + quorum + " witnesses required (not by " + missing + "); "
                        + (newest < 0 ? "no checkpoint of this log has the quorum"
                        : "the newest checkpoint with the quorum has size " + newest));
        return with(v, fault, warnings, cosigned);
    }

    private static List<Cosigned> read(Path dir, String origin, List<VerifierKey> logKeys, List<VerifierKey> witnesses,
                                       List<String> warnings) throws IOException {
        List<Cosigned> out = new ArrayList<>();
        for (Path f : CosignedCheckpoints.files(dir)) {
            String name = CosignedCheckpoints.DIRECTORY + "/" + f.getFileName();
            try {
                SignedNote note = SignedNote.parse(LogFiles.readCheckpoint(f));
                note.verify(logKeys);
                Checkpoint cp = CheckpointText.parse(note.text());
                if (!cp.origin().equals(origin) || !LogFiles.keptName(cp.treeSize()).equals(f.getFileName().toString())) {
                    warnings.add(name + " is not a checkpoint of this log of that size; passed over");
                    continue;
                }
                List<String> rejected = new ArrayList<>();
                Map<VerifierKey, Long> by = Cosignature.verified(note, witnesses, rejected);
                for (String r : rejected) {
                    warnings.add(name + ": a cosignature by " + r + " does not verify; not counted");
                }
                out.add(new Cosigned(f, cp, by.keySet()));
            } catch (CheckpointException e) {
                warnings.add(name + " is not a checkpoint signed by a trusted log key (" + e.getMessage()
                        + "); passed over");
            }
        }
        return out;
    }

    /** The first cosigned checkpoint the records do not give, smallest size first. */
    private static AuditFault forked(Path dir, List<Cosigned> kept, long records) throws IOException {
        TreeMap<Long, List<Cosigned>> bySize = new TreeMap<>();
        for (Cosigned c : kept) {
            if (!c.by().isEmpty()) {
                bySize.computeIfAbsent(c.checkpoint().treeSize(), s -> new ArrayList<>()).add(c);
            }
        }
        if (bySize.isEmpty()) {
            return null;
        }
        Map<Long, byte[]> roots = roots(dir, bySize.keySet(), records);
        for (List<Cosigned> atSize : bySize.values()) {
            for (Cosigned c : atSize) {
                long size = c.checkpoint().treeSize();
                byte[] root = roots.get(size);
                if (root != null && MessageDigest.isEqual(root, c.checkpoint().rootHash())) {
                    continue;
                }
                String who = c.by().stream().map(Cosignature::label).collect(Collectors.joining(", "));
                String location = CosignedCheckpoints.DIRECTORY + "/" + c.file().getFileName();
                return new AuditFault(AuditFault.Kind.FORKED, -1, location, root == null
                        ? "witness " + who + " cosigned size " + size + ", but the log holds only " + records
                                + " records: it was rolled back after the witness saw it"
                        : "witness " + who + " cosigned size " + size + " with another root than the log's first "
                                + size + " records give (the log holds " + records + "): it was rewritten after the "
                                + "witness saw it");
            }
        }
        return null;
    }

    /** The log's roots at the given sizes, those it reaches; one pass over its records. */
    private static Map<Long, byte[]> roots(Path dir, Set<Long> sizes, long records) throws IOException {
        Map<Long, byte[]> out = new HashMap<>();
        long largest = 0;
        for (long s : sizes) {
            if (s <= records) {
                largest = Math.max(largest, s);
            }
        }
        if (sizes.contains(0L)) {
            out.put(0L, Rfc6962Hasher.emptyRoot());
        }
        CompactRange tree = new CompactRange();
        Rfc6962Hasher hasher = new Rfc6962Hasher();
        byte[] leaf = new byte[Rfc6962Hasher.HASH_SIZE];
        try (LogReader lines = LogReader.open(dir)) {
            while (tree.size() < largest && lines.next()) {
                hasher.hashLeaf(lines.buffer(), lines.offset(), lines.length(), leaf, 0);
                tree.append(leaf, 0);
                if (sizes.contains(tree.size())) {
                    out.put(tree.size(), tree.root());
                }
            }
        }
        return out;
    }

    private static AuditVerification with(AuditVerification v, AuditFault fault, List<String> warnings, long cosigned) {
        return new AuditVerification(v.origin(), v.records(), v.signedRecords(), v.latestCheckpoint(), v.signers(),
                fault, warnings, cosigned);
    }
}
