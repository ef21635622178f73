/**
 * Transfer Guard's API: {@link dev.transferguard.Guard} decides {@link dev.transferguard.Transfer transfers}
 * into {@link dev.transferguard.Decision decisions}, and acts on them by its {@link dev.transferguard.Mode}.
 *
 * <p>Annotated methods are guarded by {@link dev.transferguard.Guard#protect(Class, Object)} in plain Java, or
 * by an aspect in Spring: the guard classifies their arguments
 * ({@link dev.transferguard.annotation.PersonalData} and its companions), builds the transfer with its own
 * jurisdiction as the origin and the {@link dev.transferguard.BasesOnFile bases on file}, and decides it
 * before the method runs.
 *
 * <pre>{@code
 * Guard guard = Guard.builder()
 *         .policies(PolicyBundle.fromClasspath("policies"))
 *         .jurisdiction("CN")
 *         .bases(BasesOnFile.builder().destination("SG", LegalBasis.of("separate-consent")).build())
 *         .build();
 * Exporter exporter = guard.protect(Exporter.class, new HttpExporter());
 * }</pre>
 *
 * <p>With {@linkplain dev.transferguard.Guard.Builder#trustedPolicyKeys(java.util.Collection) trusted policy
 * keys}, the guard only takes policies whose {@linkplain dev.transferguard.policy.BundleSignature signature}
 * verifies, at build and at every {@linkplain dev.transferguard.Guard#reload(dev.transferguard.policy.PolicyBundle)
 * reload}. A reload that fails leaves the policies in force as they were; one that succeeds takes over without
 * stalling the decisions made meanwhile.
 *
 * <h2>Inside the package</h2>
 *
 * <p>The guard's machinery sits here too, in package-private classes, one job each: the policies in force with
 * their compiled program and counters ({@code PolicySnapshot}), deciding, recording and counting under one
 * lock ({@code DecisionPath}), rebuilding counters from the past ({@code CounterReplay}, {@code
 * CounterRebuild}), reloads ({@code PolicyReload}), acting on decisions by mode ({@code Enforcement}) and
 * guarded methods ({@code MethodGuards}). They stay in this package, rather than in an {@code internal} one,
 * because they work with members of the API that must not be public: {@link dev.transferguard.GuardedMethod}'s
 * and {@link dev.transferguard.GuardedCall}'s constructors and the guard's enforcement hook. Package-private,
 * they are out of the API without a module system, where an {@code internal} package would have to make them
 * public to every caller on the class path.
 *
 * <p>This package may use the API packages {@code policy}, {@code audit}, {@code counters} and
 * {@code annotation}, and the internal packages of this module; no other module may use anything here but the
 * public types.
 */
package dev.transferguard;
