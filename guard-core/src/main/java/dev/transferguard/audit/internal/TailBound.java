package dev.transferguard.audit.internal;

import dev.transferguard.audit.CheckpointException;
import dev.transferguard.audit.SigningKey;
import dev.transferguard.audit.VerifierKey;
import dev.transferguard.audit.internal.note.SignedNote;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * How long an unsigned tail the writer of a log can leave behind: at most {@code records} lines after the newest
 * checkpoint, whose records' times lie at most {@code millis} apart. A longer tail is not one a crash left:
 * it is signed history whose checkpoints were taken away (see {@code docs/audit-log.md}, "The unsigned
 * tail"). The writer states its bound in {@code DIR/tail-bound}, a signed note, when it opens the log, so
 * that a verifier, which does not know the writer's configuration, can hold the log to it.
 *
 * <p>Why these numbers: a checkpoint is due after N records or T after the oldest unsigned one, and is
 * checked for after each batch, which holds at most the queue's capacity Q; an {@code ASYNC} log may have one
 * checkpoint in hand on its signer while the next interval fills. So at most {@code 2 (N + Q)} records, plus a
 * {@code recovery} record, are unsigned at any moment, and they were stamped within {@code 2 T} of each other
 * plus the time a record waits in the queue and a checkpoint takes to write, for which
 * {@value #MARGIN_MILLIS} ms are allowed.
 *
 * @param records the most lines (not counting empty ones) after the newest checkpoint
 * @param millis  the most milliseconds between the earliest and the latest time of the tail's records
 */
public record TailBound(long records, long millis) {

    /** The file, in the log directory. */
    public static final String FILE = "tail-bound";
    /** What the note's first line says. */
    static final String FORMAT = "transferguard.dev/audit-tail-bound/v1";
    /** Allowed for queueing, fsyncs and a slow disk on top of the checkpoint interval. */
    public static final long MARGIN_MILLIS = 10 * 60 * 1000;

    /** The bound of a writer with the builder's defaults (1000 records, 1 s, a queue of 16,384). */
    public static final TailBound DEFAULT = of(1000, TimeUnit.SECONDS.toNanos(1), 16_384);

    /**
     * @param checkpointRecords the writer's N
     * @param checkpointNanos   the writer's T
     * @param queueCapacity     the writer's Q
     * @return the bound such a writer keeps
     */
    public static TailBound of(int checkpointRecords, long checkpointNanos, int queueCapacity) {
        long millis = TimeUnit.NANOSECONDS.toMillis(checkpointNanos + 999_999);
        return new TailBound(2L * ((long) checkpointRecords + queueCapacity) + 1,
                saturatedAdd(saturatedAdd(millis, millis), MARGIN_MILLIS));
    }

    private static long saturatedAdd(long a, long b) {
        long r = a + b;
        return r < 0 ? Long.MAX_VALUE : r;
    }

    /**
     * @param origin the log's origin
     * @return the text of the note the writer signs
     */
    public String text(String origin) {
        return FORMAT + "\n" + origin + "\n" + records + "\n" + millis + "\n";
    }

    /**
     * Writes the bound as a note signed by the writer's keys, atomically.
     *
     * @param dir      the log directory
     * @param origin   the log's origin
     * @param keys     the signing keys
     * @param channels how files are opened
     * @throws IOException when it cannot be written
     */
    public void write(Path dir, String origin, List<SigningKey> keys, FileChannels channels) throws IOException {
        LogFiles.writeAtomically(dir.resolve(FILE), SignedNote.sign(text(origin), keys)
                .getBytes(StandardCharsets.UTF_8), channels);
    }

    /**
     * Reads the bound a log's writer stated. A log without the file (written before there was one, or whose
     * file was removed) is held to {@link #DEFAULT}.
     *
     * @param dir     the log directory
     * @param trusted the keys to trust
     * @param origin  the log's origin
     * @return the bound
     * @throws IOException         when the file is not a regular file or cannot be read
     * @throws CheckpointException when it is not a note signed by a trusted key, or not for this log
     */
    public static TailBound read(Path dir, Collection<VerifierKey> trusted, String origin) throws IOException {
        byte[] note = LogFiles.readCheckpoint(dir.resolve(FILE));
        if (note == null) {
            return DEFAULT;
        }
        SignedNote parsed = SignedNote.parse(note);
        parsed.verify(trusted);
        String[] lines = parsed.text().split("\n", -1);
        if (lines.length != 5 || !lines[0].equals(FORMAT) || !lines[4].isEmpty()) {
            throw CheckpointException.malformed(1, "not a tail bound: four lines, the first '" + FORMAT + "'");
        }
        if (!lines[1].equals(origin)) {
            throw CheckpointException.malformed(2, "the tail bound is for the log '" + lines[1] + "', not '"
                    + origin + "'");
        }
        try {
            TailBound b = new TailBound(Long.parseLong(lines[2]), Long.parseLong(lines[3]));
            if (b.records < 1 || b.millis < 0 || !b.text(origin).equals(parsed.text())) {
                throw new NumberFormatException();
            }
            return b;
        } catch (NumberFormatException e) {
            throw CheckpointException.malformed(3, "the tail bound's numbers are not canonical decimals");
        }
    }
}
