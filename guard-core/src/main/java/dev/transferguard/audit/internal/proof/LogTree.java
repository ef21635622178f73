package dev.transferguard.audit.internal.proof;

import dev.transferguard.audit.internal.merkle.MerkleTree;
import dev.transferguard.audit.internal.read.LogReader;
import java.io.IOException;
import java.nio.file.Path;

/** The tree over a log's first records, which proofs are cut from. */
final class LogTree {

    private LogTree() {
    }

    /**
     * Reads a log's first records into a tree.
     *
     * @param directory the log directory
     * @param size      how many records to read at most
     * @param keep      a record whose line to keep, or -1
     * @param kept      receives that line in its first element
     * @return the tree; smaller than {@code size} when the log holds fewer records
     * @throws IOException when the log cannot be read
     */
    static MerkleTree read(Path directory, long size, long keep, byte[][] kept) throws IOException {
        MerkleTree tree = new MerkleTree();
        try (LogReader lines = LogReader.open(directory)) {
            while (tree.size() < size && lines.next()) {
                if (tree.size() == keep) {
                    kept[0] = lines.copy();
                }
                tree.appendData(lines.buffer(), lines.offset(), lines.length());
            }
        }
        return tree;
    }
}
