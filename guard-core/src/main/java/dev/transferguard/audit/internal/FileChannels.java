package dev.transferguard.audit.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;

/**
 * Opens the files the audit log writer writes: segments, checkpoints and the directory it fsyncs. The
 * writer takes every channel from here, so that tests can give it channels that fail the way disks do
 * (after N bytes, short writes, a failed fsync, a full disk).
 */
@FunctionalInterface
public interface FileChannels {

    /** The real file system. */
    FileChannels DEFAULT = FileChannel::open;

    /**
     * Opens a file.
     *
     * @param path    the file or directory
     * @param options how to open it
     * @return the channel
     * @throws IOException when it cannot be opened
     */
    FileChannel open(Path path, OpenOption... options) throws IOException;
}
