package dev.transferguard.audit.internal.verify;

import dev.transferguard.audit.internal.read.LogReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What the verifier keeps of each line after hashing it: its sequence number and three flags (9 bytes a
 * record), and where each segment starts, so that a fault can be placed and classified afterwards by
 * looking around it; the line itself is read again only then.
 */
final class ScannedLines {

    final List<Path> segments;
    long[] seqs = new long[1024];
    byte[] flags = new byte[1024];
    int lines;
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

    void add(long seq, byte f) {
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

    String location(int index) {
        if (lines == 0) {
            return "(no records)";
        }
        if (index >= lines) {
            return after(lines - 1);
        }
        int file = 0;
        for (int i = 0; i < fileStarts.size(); i++) {
            if (fileStarts.get(i) <= index) {
                file = i;
            }
        }
        return segments.get(file).getFileName() + ":" + (index - fileStarts.get(file) + 1);
    }

    private String after(int lastIndex) {
        return "after " + location(lastIndex);
    }
}
