package dev.transferguard.audit.internal.verify;

import dev.transferguard.audit.internal.read.LogReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What the verifier keeps of each line after hashing it: its sequence number and its flags (9 bytes a
 * record), and where each segment starts, so that a fault can be placed and classified afterwards by
 * looking around it; the line itself is read again only then. Lines beyond the signed range and the longest
 * tail the writer could have left are only counted, so that a flood of lines (of newlines, say) costs no
 * memory.
 */
final class ScannedLines {

    final List<Path> segments;
    long[] seqs = new long[1024];
    byte[] flags = new byte[1024];
    /** How many lines are kept. */
    int lines;
    /** How many lines there are, kept or not. */
    long total;
    /** The flags of the last line, kept or not. */
    byte lastFlags;
    /** How many lines from {@link #tailFrom} on are not empty. */
    long tailLines;
    private long tailFrom = Long.MAX_VALUE;
    private long keepAtMost = Integer.MAX_VALUE - 8;
    private final List<Integer> fileStarts = new ArrayList<>();

    /** @param segments the log's segments, in order */
    ScannedLines(List<Path> segments) {
        this.segments = segments;
    }

    /**
     * Notes that the lines from now on are in a segment.
     *
     * @param file the segment's index; segments between the last one noted and it are empty
     */
    void startFile(int file) {
        while (fileStarts.size() <= file) {
            fileStarts.add(lines);
        }
    }

    /** Notes that the last segment ended: the ones not seen were empty. */
    void finish() {
        startFile(segments.size() - 1);
    }

    /**
     * @param signed the size of the signed range: the lines after it are the tail
     * @param tail   how many lines after it to keep at most
     */
    void bound(long signed, long tail) {
        tailFrom = signed;
        keepAtMost = (int) Math.min(Integer.MAX_VALUE - 8, signed + tail);
    }

    void add(long seq, byte f) {
        long index = total++;
        lastFlags = f;
        if (index >= tailFrom && (f & RecordScan.EMPTY) == 0) {
            tailLines++;
        }
        if (index >= keepAtMost) {
            return;
        }
        if (lines == seqs.length) {
            seqs = Arrays.copyOf(seqs, lines * 2);
            flags = Arrays.copyOf(flags, lines * 2);
        }
        seqs[lines] = seq;
        flags[lines] = f;
        lines++;
    }

    byte[] line(int index) throws IOException {
        try (LogReader scanner = new LogReader(segments)) {
            int i = 0;
            while (scanner.next()) {
                if (i++ == index) {
                    return scanner.copy();
                }
            }
        }
        throw new IllegalStateException("line " + index + " disappeared while verifying");
    }

    /**
     * @param index a line that is kept
     * @return the index of its segment
     */
    int fileOf(int index) {
        int file = 0;
        for (int i = 0; i < fileStarts.size(); i++) {
            if (fileStarts.get(i) <= index) {
                file = i;
            }
        }
        return file;
    }

    /**
     * @param file a segment's index
     * @return the index of its first line
     */
    int firstLineOf(int file) {
        return fileStarts.get(file);
    }

    String location(int index) {
        if (lines == 0) {
            return "(no records)";
        }
        if (index >= lines) {
            return after(lines - 1);
        }
        int file = fileOf(index);
        return segments.get(file).getFileName() + ":" + (index - fileStarts.get(file) + 1);
    }

    private String after(int lastIndex) {
        return "after " + location(lastIndex);
    }
}
