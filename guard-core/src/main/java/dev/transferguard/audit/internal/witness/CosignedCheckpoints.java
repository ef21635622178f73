package dev.transferguard.audit.internal.witness;

import dev.transferguard.audit.CheckpointException;
import dev.transferguard.audit.VerifierKey;
import dev.transferguard.audit.internal.LogFiles;
import dev.transferguard.audit.internal.note.CheckpointText;
import dev.transferguard.audit.internal.note.Cosignature;
import dev.transferguard.audit.internal.note.SignedNote;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The cosigned checkpoints beside a log: {@code DIR/cosignatures/<size in 20 digits>} holds the log's signed
 * checkpoint of that size with the witnesses' cosignature lines appended, a note any C2SP verifier reads. A
 * witness's new lines replace its earlier ones on the same checkpoint; the file is replaced atomically.
 */
public final class CosignedCheckpoints {

    /** The directory, inside the log's. */
    public static final String DIRECTORY = "cosignatures";

    private static final Pattern NAME = Pattern.compile("[0-9]{20}");
    private static final Object WRITING = new Object();

    private CosignedCheckpoints() {
    }

    /**
     * Adds a witness's cosignature lines to the kept copy of a checkpoint.
     *
     * @param logDir  the log directory
     * @param note    the log's signed checkpoint
     * @param witness the witness
     * @param lines   its cosignature lines on that checkpoint, each ending in a newline
     * @throws IOException when the file cannot be written
     */
    public static void add(Path logDir, SignedNote note, VerifierKey witness, List<String> lines) throws IOException {
        long size = CheckpointText.parse(note.text()).treeSize();
        Path dir = logDir.resolve(DIRECTORY);
        Path file = dir.resolve(LogFiles.keptName(size));
        synchronized (WRITING) {
            Files.createDirectories(dir);
            SignedNote base = note;
            byte[] existing = LogFiles.readCheckpoint(file);
            if (existing != null) {
                try {
                    SignedNote kept = SignedNote.parse(existing);
                    if (kept.text().equals(note.text())) {
                        base = kept;
                    }
                } catch (CheckpointException e) {
                    // A damaged copy is replaced by the note in hand.
                }
            }
            StringBuilder out = new StringBuilder(base.text()).append('\n');
            for (SignedNote.NoteSignature s : base.signatures()) {
                if (!Cosignature.isBy(s, witness)) {
                    out.append(Cosignature.line(s));
                }
            }
            lines.forEach(out::append);
            LogFiles.writeAtomically(file, out.toString().getBytes(StandardCharsets.UTF_8));
        }
    }

    /**
     * The kept cosigned checkpoints, newest (largest) first.
     *
     * @param logDir the log directory
     * @return the files; empty when there are none
     * @throws IOException when the directory cannot be listed, or an entry is not a regular file
     */
    public static List<Path> files(Path logDir) throws IOException {
        Path dir = logDir.resolve(DIRECTORY);
        List<Path> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path p : entries) {
                if (NAME.matcher(p.getFileName().toString()).matches()) {
                    LogFiles.requireRegularFile(p);
                    out.add(p);
                }
            }
        }
        out.sort(Collections.reverseOrder());
        return out;
    }

    /**
     * The largest checkpoint a witness cosigned, by the lines kept here.
     *
     * @param logDir  the log directory
     * @param witness the witness
     * @return its size, or -1 when none is kept
     */
    public static long latestBy(Path logDir, VerifierKey witness) {
        try {
            for (Path f : files(logDir)) {
                try {
                    SignedNote note = SignedNote.parse(LogFiles.readCheckpoint(f));
                    if (!Cosignature.verified(note, List.of(witness), new ArrayList<>()).isEmpty()) {
                        return CheckpointText.parse(note.text()).treeSize();
                    }
                } catch (CheckpointException | IOException e) {
                    // Not evidence of anything the witness said; the next one may be.
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return -1;
    }
}
