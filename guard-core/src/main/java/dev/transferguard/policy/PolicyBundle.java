package dev.transferguard.policy;

import dev.transferguard.policy.internal.Analyzer;
import dev.transferguard.policy.internal.BundleAccess;
import dev.transferguard.policy.internal.CompiledBundle;
import dev.transferguard.policy.internal.Loader;
import dev.transferguard.policy.internal.SourceFile;
import dev.transferguard.policy.internal.TestRunner;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A set of policy files, validated and compiled once: the vocabulary, the policy packs and their tests.
 * Immutable and safe to share between threads.
 *
 * <pre>{@code
 * PolicyBundle policies = PolicyBundle.load(Path.of("policies"));
 * }</pre>
 */
public final class PolicyBundle {

    static {
        BundleAccess.install(bundle -> bundle.compiled);
    }

    private final CompiledBundle compiled;

    private PolicyBundle(CompiledBundle compiled) {
        this.compiled = compiled;
    }

    /**
     * Loads every {@code *.guard} file below a directory (hidden directories are skipped).
     *
     * @param directory the policy directory
     * @return the compiled bundle
     * @throws PolicyException               listing every error with file:line:column, a caret and hints
     * @throws dev.transferguard.GuardException if the directory or a file cannot be read
     */
    public static PolicyBundle load(Path directory) {
        List<SourceFile> files = Loader.read(directory);
        List<String> names = new ArrayList<>();
        String prefix = directory.toString().replace('\\', '/');
        for (SourceFile f : files) {
            names.add(f.name().substring(prefix.length()).replaceFirst("^/", ""));
        }
        return new PolicyBundle(Loader.compile(files, names));
    }

    /**
     * Compiles policy files held in memory.
     *
     * @param files file name (relative, e.g. {@code cn/pipl.guard}) to content
     * @return the compiled bundle
     * @throws PolicyException listing every error
     */
    public static PolicyBundle of(Map<String, String> files) {
        Map<String, String> sorted = new TreeMap<>(files);
        List<SourceFile> sources = new ArrayList<>();
        sorted.forEach((name, text) -> sources.add(new SourceFile(name, text)));
        return new PolicyBundle(Loader.compile(sources, List.copyOf(sorted.keySet())));
    }

    /**
     * The digest of the bundle's files, {@code sha256:<hex>}: it names this exact policy version in every
     * decision and audit record.
     *
     * @return the digest
     */
    public String digest() {
        return compiled.model().digest();
    }

    /**
     * The packs, in file-name order.
     *
     * @return one entry per pack
     */
    public List<Pack> packs() {
        return compiled.model().packs().stream()
                .map(p -> new Pack(p.id(), p.title(), p.version(),
                        p.rules().stream().map(dev.transferguard.policy.internal.Model.Rule::id).toList(),
                        p.pos().fileLine()))
                .toList();
    }

    /**
     * How many tests the files hold.
     *
     * @return the number of tests
     */
    public int testCount() {
        return compiled.model().tests().size();
    }

    /**
     * A summary of one policy pack.
     *
     * @param id      the pack id, e.g. {@code cn.pipl}
     * @param title   its title
     * @param version its version as declared
     * @param rules   the ids of its rules, in file order
     * @param source  where it is declared, {@code file:line}
     */
    public record Pack(String id, String title, String version, List<String> rules, String source) {

        /** Copies the rule ids. */
        public Pack {
            rules = List.copyOf(rules);
        }
    }

    /**
     * Runs the tests written beside the packs ({@code test "..." given {...} expect ...}).
     *
     * @return one result per test, in file order
     */
    public List<TestResult> runTests() {
        return TestRunner.run(compiled);
    }

    /**
     * Analyses the policies: rules that can never match, rules shadowed by others, requirements no legal
     * basis can meet, counters and obligations nothing uses.
     *
     * @return the findings, as warnings with their places; empty when the policies are clean
     */
    public List<Diagnostic> lint() {
        return Analyzer.analyse(compiled);
    }

    @Override
    public String toString() {
        return "PolicyBundle[" + packs().size() + " packs, " + digest() + "]";
    }
}
