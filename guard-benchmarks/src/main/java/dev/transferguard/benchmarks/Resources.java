package dev.transferguard.benchmarks;

import dev.transferguard.Transfer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The benchmark's own files on the classpath, and the repository's policy packs. */
final class Resources {

    /** The system property that names the policy directory of the shipped packs. */
    static final String POLICIES_PROPERTY = "guard.policies";

    private Resources() {
    }

    static String text(String name) {
        try (InputStream in = Resources.class.getResourceAsStream("/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Transfers in the JSON Lines form {@code guard check} reads; blank lines and {@code #} lines are skipped. */
    static List<Transfer> transfers(String name) {
        List<Transfer> out = new ArrayList<>();
        for (String line : text(name).split("\n")) {
            String l = line.strip();
            if (!l.isEmpty() && !l.startsWith("#")) {
                out.add(Transfer.fromJson(l));
            }
        }
        return List.copyOf(out);
    }

    /**
     * Each transfer read again from its JSON form, {@code copies} times over, in turn: new objects for every call
     * of a benchmark that takes them in turn, as an application makes a new transfer for each call, so that no
     * call decides the very objects an earlier call decided. Read after the policies are loaded, the copies hold
     * the names the JSON reader gives an application: the policies' own objects. Few enough copies that they
     * stay in the processor's caches, as a transfer just made does.
     *
     * @param transfers the transfers
     * @param copies    how many copies of each
     * @return the copies: the first copy of each transfer, then the second of each, and so on
     */
    static Transfer[] freshCopies(List<Transfer> transfers, int copies) {
        Transfer[] out = new Transfer[transfers.size() * copies];
        for (int c = 0; c < copies; c++) {
            for (int i = 0; i < transfers.size(); i++) {
                Transfer copy = Transfer.fromJson(transfers.get(i).toJson());
                if (!copy.equals(transfers.get(i))) {
                    throw new IllegalStateException("a transfer read again from its JSON differs: " + copy.toJson());
                }
                out[c * transfers.size() + i] = copy;
            }
        }
        return out;
    }

    /**
     * The shipped packs: the directory named by {@code -Dguard.policies}, else {@code policies/} of the
     * nearest directory upwards from the working directory that has one with a {@code vocabulary.guard}.
     */
    static Path policies() {
        String named = System.getProperty(POLICIES_PROPERTY);
        if (named != null) {
            Path p = Path.of(named).toAbsolutePath();
            if (!Files.isRegularFile(p.resolve("vocabulary.guard"))) {
                throw new IllegalStateException("-D" + POLICIES_PROPERTY + "=" + named + " holds no vocabulary.guard");
            }
            return p;
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path p = dir.resolve("policies");
            if (Files.isRegularFile(p.resolve("vocabulary.guard"))) {
                return p;
            }
        }
        throw new IllegalStateException("no policies/vocabulary.guard above " + Path.of("").toAbsolutePath()
                + "; run inside the repository or pass -D" + POLICIES_PROPERTY + "=DIR");
    }
}
