package dev.transferguard.audit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Snapshots of log directories in memory, so tests can write a log once and tamper with fresh copies. */
final class LogDirs {

    private LogDirs() {
    }

    /** Every regular file under the directory except the lock, by relative path. */
    static Map<String, byte[]> snapshot(Path dir) {
        Map<String, byte[]> out = new TreeMap<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                String name = dir.relativize(p).toString().replace('\\', '/');
                if (!name.equals(".lock")) {
                    out.put(name, Files.readAllBytes(p));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    static void restore(Map<String, byte[]> files, Path dir) {
        try {
            Files.createDirectories(dir.resolve("checkpoints"));
            for (Map.Entry<String, byte[]> e : files.entrySet()) {
                Path p = dir.resolve(e.getKey());
                Files.createDirectories(p.getParent());
                Files.write(p, e.getValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The segment names, in order. */
    static List<String> segments(Map<String, byte[]> files) {
        List<String> out = new ArrayList<>();
        for (String name : files.keySet()) {
            if (!name.contains("/") && name.endsWith(".jsonl")) {
                out.add(name);
            }
        }
        return out;
    }

    /** Rewrites the segments so that they hold these lines, keeping each segment's first line where it was. */
    static void writeLines(Map<String, byte[]> files, List<byte[]> lines, List<Integer> perSegment) {
        List<String> names = segments(files);
        int at = 0;
        for (int s = 0; s < names.size(); s++) {
            int count = s == names.size() - 1 ? lines.size() - at : Math.min(perSegment.get(s), lines.size() - at);
            var out = new java.io.ByteArrayOutputStream();
            for (int i = 0; i < count; i++) {
                out.writeBytes(lines.get(at + i));
                out.write('\n');
            }
            at += count;
            files.put(names.get(s), out.toByteArray());
        }
    }

    /** The lines of all segments, in order, without newlines. */
    static List<byte[]> lines(Map<String, byte[]> files, List<Integer> perSegmentOut) {
        List<byte[]> out = new ArrayList<>();
        for (String name : segments(files)) {
            byte[] b = files.get(name);
            int start = 0;
            int count = 0;
            for (int i = 0; i < b.length; i++) {
                if (b[i] == '\n') {
                    out.add(java.util.Arrays.copyOfRange(b, start, i));
                    start = i + 1;
                    count++;
                }
            }
            if (perSegmentOut != null) {
                perSegmentOut.add(count);
            }
        }
        return out;
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
