package dev.transferguard.policy.internal;

import dev.transferguard.policy.internal.analysis.Analyzer;
import dev.transferguard.policy.internal.testing.TestRunner;
import dev.transferguard.policy.internal.check.Conditions;
import dev.transferguard.policy.internal.check.Model;
import dev.transferguard.policy.internal.syntax.Ast;
import dev.transferguard.policy.internal.eval.CompiledBundle;
import dev.transferguard.policy.internal.syntax.SourceFile;
import dev.transferguard.GuardException;
import dev.transferguard.audit.VerifierKey;
import dev.transferguard.policy.BundleSignature;
import dev.transferguard.policy.BundleSignatureException;
import dev.transferguard.policy.Diagnostic;
import dev.transferguard.policy.PolicyBundle;
import dev.transferguard.policy.PolicyException;
import dev.transferguard.policy.TestResult;
import dev.transferguard.policy.VolumeCounter;
import dev.transferguard.counters.CounterStore;
import dev.transferguard.counters.InMemoryCounterStore;
import java.util.function.Supplier;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The one implementation of {@link PolicyBundle}: policy files read, validated and compiled once, with where
 * they came from and the signature files found there. The engine takes the compiled program only from here
 * ({@link #compiledOf(PolicyBundle)}), so no other implementation can put policies in front of a guard.
 */
public final class LoadedBundle implements PolicyBundle {

    private final CompiledBundle compiled;
    private final Set<String> categories;
    private final List<Part> parts;

    /**
     * A part of the bundle signed on its own: a directory or classpath folder, or the files given in memory.
     *
     * @param location  names it in messages
     * @param digest    the digest of its files alone
     * @param signature its signature file's bytes, or {@code null} when it has none
     * @param problem   why the signature file could not be read, or {@code null}
     */
    private record Part(String location, String digest, byte[] signature, String problem) {
    }

    private LoadedBundle(CompiledBundle compiled, List<Part> parts) {
        this.compiled = compiled;
        this.parts = List.copyOf(parts);
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
    public static LoadedBundle load(Path directory) {
        List<SourceFile> files = Loader.read(directory);
        List<String> names = relativeNames(directory, files);
        CompiledBundle compiled = Loader.compile(files, names);
        return new LoadedBundle(compiled, List.of(directoryPart(directory, compiled.model().digest())));
    }

    /**
     * Loads a directory's policy files and checks their signature ({@value BundleSignature#FILE_NAME} in the
     * directory) against trusted policy keys.
     *
     * @param directory the policy directory
     * @param trusted   the trusted policy keys, at least one
     * @return the compiled bundle, signed by a trusted key
     * @throws PolicyException          if the policies, signed, do not compile (files that no trusted key
     *                                  signed are not even parsed)
     * @throws BundleSignatureException if the bundle is unsigned, altered or signed by no trusted key
     * @throws GuardException           if the directory or a file cannot be read
     */
    public static LoadedBundle load(Path directory, Collection<VerifierKey> trusted) {
        List<SourceFile> files = Loader.read(directory);
        List<String> names = relativeNames(directory, files);
        List<Part> parts = List.of(directoryPart(directory, Loader.digest(files, names)));
        // The signature is checked before the files are parsed: what no trusted key signed is never compiled.
        verify(parts, trusted);
        return new LoadedBundle(Loader.compile(files, names), parts);
    }

    private static List<String> relativeNames(Path directory, List<SourceFile> files) {
        List<String> names = new ArrayList<>();
        String prefix = directory.toString().replace('\\', '/');
        for (SourceFile f : files) {
            names.add(f.name().substring(prefix.length()).replaceFirst("^/", ""));
        }
        return names;
    }

    private static Part directoryPart(Path directory, String digest) {
        Path file = directory.resolve(BundleSignature.FILE_NAME);
        String where = directory.toString();
        try {
            if (!Files.exists(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                return new Part(where, digest, null, null);
            }
            byte[] bytes = PolicyFiles.read(directory, file, file.toString(), BundleSignature.MAX_BYTES).bytes();
            if (bytes == null) {
                return new Part(where, digest, null, file + " is larger than " + BundleSignature.MAX_BYTES
                        + " bytes");
            }
            return new Part(where, digest, bytes, null);
        } catch (NoSuchFileException e) {
            return new Part(where, digest, null, null);
        } catch (IOException e) {
            return new Part(where, digest, null, "cannot read " + file + ": " + e.getClass().getSimpleName());
        }
    }

    private static Part classpathPart(String folder, ClassLoader loader, String digest) {
        String trimmed = folder.strip().replaceAll("^/+|/+$", "");
        String name = trimmed.isEmpty() ? BundleSignature.FILE_NAME : trimmed + "/" + BundleSignature.FILE_NAME;
        String where = "classpath:" + trimmed;
        try (InputStream in = loader.getResourceAsStream(name)) {
            if (in == null) {
                return new Part(where, digest, null, null);
            }
            byte[] bytes = in.readNBytes(BundleSignature.MAX_BYTES + 1);
            if (bytes.length > BundleSignature.MAX_BYTES) {
                return new Part(where, digest, null, name + " is larger than " + BundleSignature.MAX_BYTES
                        + " bytes");
            }
            return new Part(where, digest, bytes, null);
        } catch (IOException e) {
            return new Part(where, digest, null, "cannot read " + name + ": " + e.getClass().getSimpleName());
        }
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
    public static LoadedBundle fromClasspath(String folder) {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        return fromClasspath(folder, loader != null ? loader : LoadedBundle.class.getClassLoader());
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
    public static LoadedBundle fromClasspath(String folder, ClassLoader loader) {
        Objects.requireNonNull(folder, "folder");
        Objects.requireNonNull(loader, "loader");
        List<String> names = new ArrayList<>();
        List<SourceFile> files = ClasspathPolicies.read(folder, loader, names);
        CompiledBundle compiled = Loader.compile(files, names);
        return new LoadedBundle(compiled, List.of(classpathPart(folder, loader, compiled.model().digest())));
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
    public static LoadedBundle fromLocations(List<String> locations) {
        if (locations.isEmpty()) {
            throw new GuardException("no policy locations given");
        }
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        ClassLoader loader = context != null ? context : LoadedBundle.class.getClassLoader();
        TreeMap<String, SourceFile> byName = new TreeMap<>();
        Map<String, String> from = new TreeMap<>();
        List<Part> parts = new ArrayList<>();
        for (String location : locations) {
            String where = location.strip();
            List<String> names = new ArrayList<>();
            List<SourceFile> files;
            if (ClasspathPolicies.isClasspath(where)) {
                String folder = where.substring("classpath:".length());
                files = ClasspathPolicies.read(folder, loader, names);
                parts.add(classpathPart(folder, loader, Loader.digest(files, names)));
            } else {
                Path dir = Path.of(where.startsWith("file:") ? where.substring("file:".length()) : where);
                files = Loader.read(dir);
                names.addAll(relativeNames(dir, files));
                parts.add(directoryPart(dir, Loader.digest(files, names)));
            }
            for (int i = 0; i < files.size(); i++) {
                String before = from.put(names.get(i), where);
                if (before != null) {
                    throw new GuardException("policy file " + names.get(i) + " is in both " + before + " and " + where);
                }
                byName.put(names.get(i), files.get(i));
            }
        }
        return new LoadedBundle(Loader.compile(new ArrayList<>(byName.values()), new ArrayList<>(byName.keySet())),
                parts);
    }

    /**
     * Compiles policy files held in memory.
     *
     * @param files file name (relative, e.g. {@code cn/pipl.guard}) to content
     * @return the compiled bundle
     * @throws PolicyException listing every error
     */
    public static LoadedBundle of(Map<String, String> files) {
        Map<String, String> sorted = new TreeMap<>(files);
        List<SourceFile> sources = new ArrayList<>();
        sorted.forEach((name, text) -> sources.add(new SourceFile(name, text)));
        CompiledBundle compiled = Loader.compile(sources, List.copyOf(sorted.keySet()));
        return new LoadedBundle(compiled, List.of(new Part("(in memory)", compiled.model().digest(), null, null)));
    }

    /**
     * Checks the bundle's signature against trusted policy keys: each location it was read from (one for
     * {@link #load(Path)} and {@link #fromClasspath(String)}, each of {@link #fromLocations(List)}) must hold a
     * {@value BundleSignature#FILE_NAME}, signed by at least one trusted key, over the digest of exactly the
     * files that were read and compiled. A bundle compiled from memory ({@link #of(Map)}) has no signature.
     *
     * @param trusted the trusted policy keys, at least one
     * @return the trusted keys whose signatures verified
     * @throws BundleSignatureException if a location is unsigned, its signature file is malformed, signed by no
     *                                  trusted key, carries a bad signature, or signs other files (altered)
     * @throws IllegalArgumentException if no key is given
     */
    @Override
    public List<VerifierKey> verifySignature(Collection<VerifierKey> trusted) {
        return verify(parts, trusted);
    }

    private static List<VerifierKey> verify(List<Part> parts, Collection<VerifierKey> trusted) {
        Objects.requireNonNull(trusted, "trusted");
        if (trusted.isEmpty()) {
            throw new IllegalArgumentException("give at least one trusted policy key");
        }
        Set<VerifierKey> signers = new LinkedHashSet<>();
        for (Part part : parts) {
            if (part.problem() != null) {
                throw new BundleSignatureException(BundleSignatureException.Fault.MALFORMED, "policy bundle "
                        + part.location() + ": " + part.problem());
            }
            if (part.signature() == null) {
                throw new BundleSignatureException(BundleSignatureException.Fault.UNSIGNED, "policy bundle "
                        + part.location() + " is not signed: it has no " + BundleSignature.FILE_NAME
                        + ", and policy keys are configured; sign it with guard bundle sign");
            }
            signers.addAll(BundleSignature.verify(part.signature(), part.digest(), trusted, part.location()));
        }
        return List.copyOf(signers);
    }

    /**
     * The digest of the bundle's files, {@code sha256:<hex>}: it names this exact policy version in every
     * decision and audit record.
     *
     * @return the digest
     */
    @Override
    public String digest() {
        return compiled.model().digest();
    }

    /**
     * The data categories the policies declare, e.g. {@code personal.contact}: the names
     * {@code @PersonalData} may use.
     *
     * @return the categories, sorted
     */
    @Override
    public Set<String> categories() {
        return categories;
    }

    /**
     * The packs, in file-name order.
     *
     * @return one entry per pack
     */
    @Override
    public List<PolicyBundle.Pack> packs() {
        return compiled.model().packs().stream()
                .map(p -> new PolicyBundle.Pack(p.id(), p.title(), p.version(),
                        p.rules().stream().map(Model.Rule::id).toList(),
                        p.pos().fileLine()))
                .toList();
    }

    /**
     * How many tests the files hold.
     *
     * @return the number of tests
     */
    @Override
    public int testCount() {
        return compiled.model().tests().size();
    }

    /**
     * Runs the tests written beside the packs ({@code test "..." given {...} expect ...}).
     *
     * @return one result per test, in file order
     */
    @Override
    public List<TestResult> runTests() {
        return TestRunner.run(compiled, InMemoryCounterStore::new);
    }

    @Override
    public List<TestResult> runTests(Supplier<? extends CounterStore> counters) {
        return TestRunner.run(compiled, counters);
    }

    @Override
    public List<VolumeCounter> counters() {
        List<VolumeCounter> out = new ArrayList<>();
        for (Model.Pack p : compiled.model().packs()) {
            for (Model.Counter c : p.counters()) {
                Set<Long> limits = new TreeSet<>();
                for (Model.Pack q : compiled.model().packs()) {
                    for (Model.Rule r : q.rules()) {
                        Conditions.limitsOf(r.when(), c.key(), limits);
                    }
                }
                out.add(new VolumeCounter(c.key(), VolumeCounter.Window.valueOf(c.window().name()),
                        c.window() == Ast.WindowKind.CALENDAR_YEAR ? 1 : c.length(), c.perCounterparty(),
                        List.copyOf(limits), c.pos().fileLine()));
            }
        }
        return out;
    }

    /**
     * Analyses the policies: rules that can never match, rules shadowed by others, requirements no legal
     * basis can meet, counters and obligations nothing uses.
     *
     * @return the findings, as warnings with their places; empty when the policies are clean
     */
    @Override
    public List<Diagnostic> lint() {
        return Analyzer.analyse(compiled.model());
    }

    /**
     * The compiled program.
     *
     * @return the program the engine evaluates
     */
    public CompiledBundle compiled() {
        return compiled;
    }

    /**
     * The compiled program behind a bundle, for the engine.
     *
     * @param bundle a bundle made by one of {@link PolicyBundle}'s factories
     * @return its compiled program
     * @throws IllegalArgumentException if the bundle was made some other way
     */
    public static CompiledBundle compiledOf(PolicyBundle bundle) {
        if (bundle instanceof LoadedBundle loaded) {
            return loaded.compiled;
        }
        throw new IllegalArgumentException("policies must be loaded by PolicyBundle.load, fromClasspath,"
                + " fromLocations or of, not given as a " + bundle.getClass().getName());
    }

    @Override
    public String toString() {
        return "PolicyBundle[" + packs().size() + " packs, " + digest() + "]";
    }
}
