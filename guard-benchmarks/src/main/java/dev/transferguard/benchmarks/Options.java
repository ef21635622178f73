package dev.transferguard.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The options of the measurement programs that {@code run.sh} starts beside JMH ({@link VerifyMillion},
 * {@link CheckAudit}): {@code --name value} pairs, every name known, each required unless it has a default. A
 * mistake ends the program with a one-line message, its usage and exit code 2.
 */
final class Options {

    private final Map<String, String> values;

    private Options(Map<String, String> values) {
        this.values = values;
    }

    /**
     * Reads the options.
     *
     * @param program  the program's name, for messages
     * @param usage    its usage line
     * @param args     the command line
     * @param names    the options it takes, e.g. {@code --dir}
     * @param defaults the values of those that may be left out
     * @return the options
     */
    static Options parse(String program, String usage, String[] args, List<String> names,
            Map<String, String> defaults) {
        Map<String, String> values = new HashMap<>(defaults);
        for (int i = 0; i < args.length; i += 2) {
            if (!names.contains(args[i])) {
                fail(program, usage, "unknown option " + args[i]);
            }
            if (i + 1 >= args.length) {
                fail(program, usage, "missing value after " + args[i]);
            }
            values.put(args[i], args[i + 1]);
        }
        for (String name : names) {
            if (!values.containsKey(name)) {
                fail(program, usage, name + " is required");
            }
        }
        return new Options(values);
    }

    /** @return the value of an option, as a path */
    Path path(String name) {
        return Path.of(values.get(name));
    }

    /** @return the value of an option that must be a positive number */
    int positive(String name, String program) {
        try {
            int n = Integer.parseInt(values.get(name));
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        System.err.println(program + ": " + name + " must be a positive number");
        System.exit(2);
        return 0;
    }

    /** Writes a small JSON result, creating its folder. */
    static void write(Path out, String json) throws java.io.IOException {
        Path parent = out.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(out, json, java.nio.charset.StandardCharsets.UTF_8);
    }

    private static void fail(String program, String usage, String problem) {
        System.err.println(program + ": " + problem);
        System.err.println("usage: " + usage);
        System.exit(2);
    }
}
