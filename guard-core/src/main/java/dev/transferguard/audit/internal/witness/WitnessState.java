package dev.transferguard.audit.internal.witness;

import dev.transferguard.audit.AuditException;
import dev.transferguard.audit.Checkpoint;
import dev.transferguard.audit.CheckpointException;
import dev.transferguard.audit.internal.ErrorText;
import dev.transferguard.audit.internal.LogFiles;
import dev.transferguard.audit.internal.note.CheckpointText;
import dev.transferguard.audit.internal.note.SignedNote;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

/**
 * A witness's memory, one directory: {@code logs/<sha-256 of the origin, hex>} holds the latest checkpoint it
 * cosigned for that log (the signed note as submitted), replaced atomically and fsync'd before the witness
 * answers; {@code evidence/} keeps each refused request that would have forked or rolled back a log, with why;
 * {@code .lock} is held while a witness runs on the directory, so that two cannot interleave.
 */
public final class WitnessState implements AutoCloseable {

    private static final String LOGS = "logs";
    private static final String EVIDENCE = "evidence";

    private final Path dir;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final Map<String, Checkpoint> latest = new HashMap<>();
    private long evidenceCount;

    private WitnessState(Path dir, FileChannel lockChannel, FileLock lock) {
        this.dir = dir;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    /**
     * Opens (creating it when missing) and locks a state directory, and reads what it holds.
     *
     * @param dir the directory
     * @return the state
     * @throws AuditException when it cannot be created, read or locked, or a file in it is not a checkpoint
     */
    public static WitnessState open(Path dir) {
        try {
            Files.createDirectories(dir.resolve(LOGS));
            Files.createDirectories(dir.resolve(EVIDENCE));
            FileChannel channel = FileChannel.open(dir.resolve(".lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (java.nio.channels.OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                channel.close();
                throw new AuditException("the witness state " + dir + " is in use by another witness");
            }
            WitnessState state = new WitnessState(dir, channel, lock);
            state.load();
            return state;
        } catch (IOException e) {
            throw new AuditException("cannot open the witness state " + dir + ": " + ErrorText.describe(e), e);
        }
    }

    private void load() throws IOException {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir.resolve(LOGS))) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                if (name.startsWith(".")) {
                    continue;
                }
                byte[] note = LogFiles.readCheckpoint(f);
                Checkpoint cp;
                try {
                    cp = CheckpointText.parse(SignedNote.parse(note).text());
                } catch (CheckpointException e) {
                    throw new AuditException(f + ": not a checkpoint: " + e.getMessage());
                }
                if (!fileName(cp.origin()).equals(name)) {
                    throw new AuditException(f + ": holds the checkpoint of " + cp.origin()
                            + ", whose file would be " + fileName(cp.origin()));
                }
                latest.put(cp.origin(), cp);
            }
        }
    }

    /**
     * @param origin a log's origin
     * @return the latest checkpoint cosigned for it, or {@code null}
     */
    public Checkpoint latest(String origin) {
        return latest.get(origin);
    }

    /**
     * Makes a checkpoint the latest cosigned for its log, durably, before it returns.
     *
     * @param cp   the checkpoint
     * @param note its signed note
     * @throws IOException when it cannot be written
     */
    public void save(Checkpoint cp, byte[] note) throws IOException {
        LogFiles.writeAtomically(dir.resolve(LOGS).resolve(fileName(cp.origin())), note);
        latest.put(cp.origin(), cp);
    }

    /**
     * Keeps a refused request as evidence.
     *
     * @param why    the reason, one line
     * @param origin the log's origin
     * @param body   the request body
     * @return the file written
     * @throws IOException when it cannot be written
     */
    public Path evidence(String why, String origin, byte[] body) throws IOException {
        Checkpoint held = latest.get(origin);
        String head = "refused: " + why + "\nat: " + Instant.now() + "\nwitness state: "
                + (held == null ? "none" : "size " + held.treeSize() + " root " + held.rootHashBase64())
                + "\nrequest:\n";
        byte[] h = head.getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[h.length + body.length];
        System.arraycopy(h, 0, all, 0, h.length);
        System.arraycopy(body, 0, all, h.length, body.length);
        Path file = dir.resolve(EVIDENCE).resolve(System.currentTimeMillis() + "-" + (++evidenceCount) + "-"
                + fileName(origin).substring(0, 16) + ".txt");
        LogFiles.writeAtomically(file, all);
        return file;
    }

    /** @return the evidence directory */
    public Path evidenceDirectory() {
        return dir.resolve(EVIDENCE);
    }

    static String fileName(String origin) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(origin.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
            lockChannel.close();
        } catch (IOException e) {
            // The lock goes with the process either way.
        }
    }
}
