package dev.transferguard.audit.internal.write;

import dev.transferguard.audit.AuditException;
import dev.transferguard.audit.internal.ErrorText;
import dev.transferguard.audit.internal.LogFiles;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** The lock that keeps a second writer, in this process or another, off an open log. */
final class LogLock {

    private final FileChannel channel;
    private final FileLock lock;

    private LogLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock of a log directory that exists.
     *
     * @param dir the log directory
     * @return the lock, held
     * @throws AuditException when the log is open elsewhere or the lock file cannot be opened
     */
    static LogLock acquire(Path dir) {
        FileChannel channel;
        FileLock lock;
        try {
            Path file = dir.resolve(LogFiles.LOCK);
            if (java.nio.file.Files.exists(file, LogFiles.NOFOLLOW)) {
                // Opening a FIFO to write would wait for a reader that never comes.
                LogFiles.requireRegularFile(file);
            }
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, LogFiles.NOFOLLOW);
        } catch (IOException e) {
            throw new AuditException("cannot open the audit log " + dir + ": " + ErrorText.describe(e), e);
        }
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            SegmentFile.closeQuietly(channel);
            throw new AuditException("the audit log " + dir + " is already open in this process");
        } catch (IOException e) {
            SegmentFile.closeQuietly(channel);
            throw new AuditException("cannot lock the audit log " + dir + ": " + ErrorText.describe(e), e);
        }
        if (lock == null) {
            SegmentFile.closeQuietly(channel);
            throw new AuditException("the audit log " + dir + " is open in another process");
        }
        return new LogLock(channel, lock);
    }

    /** Lets another writer open the log; errors are ignored, as closing the channel releases it too. */
    void release() {
        try {
            if (lock.isValid()) {
                lock.release();
            }
        } catch (IOException ignored) {
            // Closing the channel releases it too.
        }
        SegmentFile.closeQuietly(channel);
    }
}
