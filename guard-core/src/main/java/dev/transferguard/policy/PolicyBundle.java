package dev.transferguard.policy;

import dev.transferguard.GuardException;
import dev.transferguard.audit.VerifierKey;
import dev.transferguard.policy.internal.LoadedBundle;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A set of policy files, validated and compiled once: the vocabulary, the policy packs and their tests.
 * Immutable and safe to share between threads.
 *
 * <pre>{@code
 * PolicyBundle policies = PolicyBundle.load(Path.of("policies"));
 * PolicyBundle signed = PolicyBundle.load(Path.of("policies"), List.of(VerifierKey.readPem(policyKey)));
 * }</pre>
 *
 * <p>A bundle read from a directory or a classpath folder keeps the {@linkplain BundleSignature signature
 * file} found there, read together with the policy files; {@link #verifySignature(Collection)} checks it
 * against trusted policy keys.
 *
 * <p>Bundles are made only by the factories here; a guard refuses any other implementation of this
 * interface.
 */
public interface PolicyBundle {

    /**
     * Loads every {@code *.guard} file below a directory (hidden directories are skipped).
     *
     * @param directory the policy directory
     * @return the compiled bundle
     * @throws PolicyException               listing every error with file:line:column, a caret and hints
     * @throws dev.transferguard.GuardException if the directory or a file cannot be read
     */
        static PolicyBundle load(Path directory) {
        return LoadedBundle.load(directory);
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
        static PolicyBundle load(Path directory, Collection<VerifierKey> trusted) {
        return LoadedBundle.load(directory, trusted);
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
        static PolicyBundle fromClasspath(String folder) {
        return LoadedBundle.fromClasspath(folder);
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
        static PolicyBundle fromClasspath(String folder, ClassLoader loader) {
        return LoadedBundle.fromClasspath(folder, loader);
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
        static PolicyBundle fromLocations(List<String> locations) {
        return LoadedBundle.fromLocations(locations);
    }

    /**
     * Compiles policy files held in memory.
     *
     * @param files file name (relative, e.g. {@code cn/pipl.guard}) to content
     * @return the compiled bundle
     * @throws PolicyException listing every error
     */
        static PolicyBundle of(Map<String, String> files) {
        return LoadedBundle.of(files);
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
        List<VerifierKey> verifySignature(Collection<VerifierKey> trusted);

    /**
     * The digest of the bundle's files, {@code sha256:<hex>}: it names this exact policy version in every
     * decision and audit record.
     *
     * @return the digest
     */
        String digest();

    /**
     * The data categories the policies declare, e.g. {@code personal.contact}: the names
     * {@code @PersonalData} may use.
     *
     * @return the categories, sorted
     */
        Set<String> categories();

    /**
     * The packs, in file-name order.
     *
     * @return one entry per pack
     */
        List<Pack> packs();

    /**
     * How many tests the files hold.
     *
     * @return the number of tests
     */
        int testCount();

    /**
     * Runs the tests written beside the packs ({@code test "..." given {...} expect ...}).
     *
     * @return one result per test, in file order
     */
        List<TestResult> runTests();

    /**
     * Runs the tests written beside the packs, each with its history counted in a store of the caller's: to check
     * that a counter store decides the packs' tests as the in-memory one does.
     *
     * @param counters a new, empty store for each test; the runner settles it as a guard does
     * @return one result per test, in file order
     */
    List<TestResult> runTests(java.util.function.Supplier<? extends dev.transferguard.counters.CounterStore> counters);

    /**
     * The volume counters the packs declare, in file order, with the constants the rules compare them with.
     *
     * @return the counters
     */
    List<VolumeCounter> counters();

    /**
     * Analyses the policies: rules that can never match, rules shadowed by others, requirements no legal
     * basis can meet, counters and obligations nothing uses.
     *
     * @return the findings, as warnings with their places; empty when the policies are clean
     */
        List<Diagnostic> lint();

    /**
     * A summary of one policy pack.
     *
     * @param id      the pack id, e.g. {@code cn.pipl}
     * @param title   its title
     * @param version its version as declared
     * @param rules   the ids of its rules, in file order
     * @param source  where it is declared, {@code file:line}
     */
    record Pack(String id, String title, String version, List<String> rules, String source) {

        /** Copies the rule ids. */
        public Pack {
            rules = List.copyOf(rules);
        }
    }
}
