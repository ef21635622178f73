package dev.transferguard.policy;

import dev.transferguard.GuardException;
import dev.transferguard.policy.internal.Analyzer;
import dev.transferguard.policy.internal.BundleAccess;
import dev.transferguard.policy.internal.ClasspathPolicies;
import dev.transferguard.policy.internal.CompiledBundle;
import dev.transferguard.policy.internal.Loader;
import dev.transferguard.policy.internal.SourceFile;
import dev.transferguard.policy.internal.TestRunner;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

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
    private final Set<String> categories;

    private PolicyBundle(CompiledBundle compiled) {
        this.compiled = compiled;
        this.categories = Collections.unmodifiableSet(
                new TreeSet<>(compiled.model().vocabulary().categoryParents().keySet()));
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
     * Loads the policy files listed in a classpath folder's {@code index.txt} (one name per line, relative
     * to the folder), read with the thread's context class loader, or this library's when there is none.
     * The shipped packs are {@code fromClasspath("policies")}, with the {@code guard-policies} jar on the
     * classpath. The digest is the same as when the same files are loaded from a directory.
     *
     * @param folder the classpath folder, e.g. {@code policies}
     * @return the compiled bundle
     * @throws PolicyException if the policies do not compile
     * @throws GuardException  if the index or a file it lists is missing
     */
    public static PolicyBundle fromClasspath(String folder) {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        return fromClasspath(folder, loader != null ? loader : PolicyBundle.class.getClassLoader());
    }

    /**
     * Loads the policy files listed in a classpath folder's {@code index.txt}.
     *
     * @param folder the classpath folder, e.g. {@code policies}
     * @param loader the class loader to read with
     * @return the compiled bundle
     * @throws PolicyException if the policies do not compile
     * @throws GuardException  if the index or a file it lists is missing
     */
    public static PolicyBundle fromClasspath(String folder, ClassLoader loader) {
        Objects.requireNonNull(folder, "folder");
        Objects.requireNonNull(loader, "loader");
        List<String> names = new ArrayList<>();
        List<SourceFile> files = ClasspathPolicies.read(folder, loader, names);
        return new PolicyBundle(Loader.compile(files, names));
    }

    /**
     * Loads policies from one or more locations into one bundle: {@code classpath:folder} (see
     * {@link #fromClasspath(String)}) or a directory ({@code file:} prefix optional). Each file keeps its
     * name relative to its location, so a bundle from one location has the digest of
     * {@link #load(Path)} or {@link #fromClasspath(String)}; two locations must not hold the same name.
     *
     * <pre>{@code
     * PolicyBundle.fromLocations(List.of("classpath:policies", "/etc/guard/company"));
     * }</pre>
     *
     * @param locations where the policy files are, at least one
     * @return the compiled bundle
     * @throws PolicyException if the policies do not compile
     * @throws GuardException  if a location cannot be read, or two locations hold a file of the same name
     */
    public static PolicyBundle fromLocations(List<String> locations) {
        if (locations.isEmpty()) {
            throw new GuardException("no policy locations given");
        }
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        ClassLoader loader = context != null ? context : PolicyBundle.class.getClassLoader();
        TreeMap<String, SourceFile> byName = new TreeMap<>();
        Map<String, String> from = new TreeMap<>();
        for (String location : locations) {
            String where = location.strip();
            List<String> names = new ArrayList<>();
            List<SourceFile> files;
            if (ClasspathPolicies.isClasspath(where)) {
                files = ClasspathPolicies.read(where.substring("classpath:".length()), loader, names);
            } else {
                Path dir = Path.of(where.startsWith("file:") ? where.substring("file:".length()) : where);
                files = Loader.read(dir);
                String prefix = dir.toString().replace('\\', '/');
                for (SourceFile f : files) {
                    names.add(f.name().substring(prefix.length()).replaceFirst("^/", ""));
                }
            }
            for (int i = 0; i < files.size(); i++) {
                String before = from.put(names.get(i), where);
                if (before != null) {
                    throw new GuardException("policy file " + names.get(i) + " is in both " + before + " and " + where);
                }
                byName.put(names.get(i), files.get(i));
            }
        }
        return new PolicyBundle(Loader.compile(new ArrayList<>(byName.values()), new ArrayList<>(byName.keySet())));
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
     * The data categories the policies declare, e.g. {@code personal.contact}: the names
     * {@code @PersonalData} may use.
     *
     * @return the categories, sorted
     */
    public Set<String> categories() {
        return categories;
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
