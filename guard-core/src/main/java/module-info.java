/**
 * Transfer Guard's library: the policy language and its compiled evaluator, the guard that decides transfers
 * and the signed audit log.
 *
 * <p>Only the API packages are exported. Every package named {@code internal} stays inside this module, so
 * that the engine can change without breaking an application, and so that no application can reach around the
 * guard (make up a decision, write to the log behind its back). The module is named after the artifact,
 * {@code dev.transferguard.core}: {@code dev.transferguard} is the root package of every Transfer Guard
 * artifact ({@code dev.transferguard.cli}, {@code dev.transferguard.spring}), not this one's alone.
 *
 * <p>An application in a named module opens the packages of its annotated data classes to this module
 * ({@code opens com.example.crm to dev.transferguard.core;}): the guard reads their annotated fields and
 * accessors reflectively. Where a package is not open, guarding a method that takes such a class fails with an
 * {@link dev.transferguard.InvalidAnnotationException} naming the field; nothing is silently skipped.
 */
// icu4j is an automatic module (its manifest names it com.ibm.icu); it is used only inside, never in the API.
@SuppressWarnings("requires-automatic")
module dev.transferguard.core {
    requires com.fasterxml.jackson.core;
    requires com.google.common;
    // GuardedHttpClient is a java.net.http.HttpClient: its users need the module too.
    requires transitive java.net.http;
    requires com.ibm.icu;
    // The witness serves its HTTP API with the JDK's own server.
    requires jdk.httpserver;
    requires org.bouncycastle.provider;
    requires org.slf4j;

    exports dev.transferguard;
    exports dev.transferguard.annotation;
    exports dev.transferguard.audit;
    exports dev.transferguard.counters;
    exports dev.transferguard.policy;
}
