package dev.transferguard.cli;

import dev.transferguard.GuardException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The {@code guard} command: decide transfers, test and lint policies, keep and verify the audit log.
 *
 * <p>Exit codes are the same for every subcommand: 0 for success, 1 for a negative answer (a denial, a
 * failed test, a lint finding), 2 for input that cannot be used. Errors are one message on standard
 * error; {@code --verbose} adds the stack trace.
 */
@Command(name = "guard",
        mixinStandardHelpOptions = true,
        versionProvider = GuardCommand.Version.class,
        description = "Decide cross-border transfers of personal data under policies, test and lint the policies, "
                + "and keep and verify the signed audit log of decisions.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success: all allowed, all tests passed, lint clean, the audit log intact",
                "1:some denied, a test failed, lint found something, the audit log was tampered with, or a "
                        + "policy bundle's signature was refused",
                "2:bad input: policies, transfers, keys or logs that cannot be used",
                "3:internal error: a fault of the guard itself (out of memory, a bug); the message says which"})
public final class GuardCommand {

    /** Exit code for success. */
    static final int OK = 0;
    /** Exit code for a negative answer. */
    static final int NEGATIVE = 1;
    /** Exit code for unusable input. */
    static final int BAD_INPUT = 2;
    /**
     * Exit code for a fault of the command itself. Kept apart from 1, which a script reads as "denied" or
     * "tampered", and from 2, which blames the input.
     */
    static final int INTERNAL_ERROR = 3;

    /** The subcommands, in the order the help lists them. */
    static final List<Class<?>> SUBCOMMANDS = List.of(CheckCommand.class, TestCommand.class, LintCommand.class,
            KeygenCommand.class, BundleCommand.class, AuditCommand.class, CountersCommand.class, WitnessCommand.class,
            CommandLine.HelpCommand.class);

    @Option(names = "--verbose", scope = ScopeType.INHERIT, description = "Show stack traces of errors.")
    boolean verbose;

    private GuardCommand() {
    }

    /**
     * Runs the command and exits with its code.
     *
     * @param args the arguments
     */
    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(new java.io.OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
        PrintWriter err = new PrintWriter(new java.io.OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        System.exit(run(out, err, args));
    }

    /**
     * Runs the command with the given streams, for embedding and tests.
     *
     * @param out  standard output
     * @param err  standard error
     * @param args the arguments
     * @return the exit code
     */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        return run(out, err, false, args);
    }

    /**
     * Runs the command, with every subcommand known to the parser or only those the arguments name.
     *
     * @param everything whether to build the whole command tree even when the arguments name one command
     */
    static int run(PrintWriter out, PrintWriter err, boolean everything, String... args) {
        GuardCommand root = new GuardCommand();
        CommandLine cli = new CommandLine(root);
        addSubcommands(cli, SUBCOMMANDS, everything ? new String[0] : args, 0);
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> failed(e, err, root.verbose));
        int code;
        try {
            code = cli.execute(args);
        } catch (Error | RuntimeException e) {
            // picocli hands only Exceptions to the handler above; an Error (out of memory, a stack overflow)
            // would otherwise end the JVM with a stack trace and exit code 1, which reads as "denied".
            code = failed(e, err, root.verbose);
        }
        out.flush();
        err.flush();
        return code;
    }

    /**
     * Reports a failure in one line (with the stack trace under {@code --verbose}) and gives its exit code: bad
     * input for what the input caused, an internal error for everything else.
     */
    static int failed(Throwable e, PrintWriter err, boolean verbose) {
        int code;
        if (e instanceof GuardException) {
            err.println(e.getMessage());
            code = BAD_INPUT;
        } else if (e instanceof IllegalArgumentException || e instanceof java.io.UncheckedIOException) {
            err.println("error: " + e.getMessage());
            code = BAD_INPUT;
        } else {
            err.println("internal error: " + e + (verbose ? "" : " (run with --verbose for the stack trace)"));
            code = INTERNAL_ERROR;
        }
        if (verbose) {
            e.printStackTrace(err);
        }
        err.flush();
        return code;
    }

    /**
     * Adds subcommands to a command: only the one that {@code args[depth]} names, if it names one, else all.
     * picocli builds a command's model by reflecting over its class and annotations, which costs a fresh JVM
     * about as much as a whole {@code guard audit verify} of a small log; a run needs only the commands on its
     * path. The help, a mistyped name and the options of a parent still see every subcommand.
     */
    private static void addSubcommands(CommandLine parent, List<Class<?>> commands, String[] args, int depth) {
        Class<?> named = null;
        if (depth < args.length) {
            for (Class<?> c : commands) {
                Command a = c.getAnnotation(Command.class);
                if (a.name().equals(args[depth]) && c != CommandLine.HelpCommand.class) {
                    named = c;
                }
            }
        }
        for (Class<?> c : commands) {
            if (named != null && c != named) {
                continue;
            }
            CommandLine sub = new CommandLine(c);
            parent.addSubcommand(sub);
            if (c == AuditCommand.class) {
                addSubcommands(sub, AuditCommand.SUBCOMMANDS, named == null ? new String[0] : args, depth + 1);
            } else if (c == CountersCommand.class) {
                addSubcommands(sub, CountersCommand.SUBCOMMANDS, named == null ? new String[0] : args, depth + 1);
            }
        }
    }

    /** The version from the jar's manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = GuardCommand.class.getPackage().getImplementationVersion();
            return new String[] {"guard " + (v == null ? "(development build)" : v)};
        }
    }
}
