/**
 * Checks of outbound HTTP calls made inside a guarded call: an interceptor for {@code RestClient} and
 * {@code RestTemplate} and a filter for {@code WebClient}, which map the host to a jurisdiction and decide the
 * call's transfer before a byte leaves. Uses only the public API of guard-core and Spring's HTTP clients.
 */
package dev.transferguard.spring.http;
