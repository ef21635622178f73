package dev.transferguard;

import dev.transferguard.policy.internal.check.Jurisdictions;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Maps network hosts to the jurisdictions they are in, so that a URL says where data sent to it goes.
 *
 * <p>A pattern is a host name or address ({@code api.partner.sg}, {@code 10.1.2.3}, {@code [::1]}), or
 * {@code *.} and a domain ({@code *.partner.sg}: every host below that domain, not the domain itself), each
 * optionally followed by {@code :port}. Matching ignores case. The most specific rule wins: an exact host
 * before a wildcard, a longer domain before a shorter one, and a rule with the port before one without.
 *
 * <pre>{@code
 * HostRules hosts = HostRules.builder()
 *         .host("SG", "api.acme.sg", "*.acme.sg")
 *         .host("US", "partner.example.com:8443")
 *         .build();
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class HostRules {

    /** No rules: no host has a known jurisdiction. */
    public static final HostRules NONE = new HostRules(Map.of());

    private final Map<String, String> exact;
    /** Whether a pattern can name a port: without one, a lookup with the port could never match. */
    private final boolean ports;

    private HostRules(Map<String, String> exact) {
        this.exact = exact;
        this.ports = exact.keySet().stream().anyMatch(k -> k.indexOf(':') >= 0);
    }

    /**
     * A builder with no rules.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The jurisdiction of a host, by the most specific rule.
     *
     * @param host the host name or address as in a URL (IPv6 with or without brackets)
     * @param port the port, or {@code -1} when the URL gives none
     * @return the ISO 3166-1 alpha-2 code, or empty when no rule matches
     */
    public Optional<String> jurisdictionOf(String host, int port) {
        if (host == null || host.isEmpty() || exact.isEmpty()) {
            return Optional.empty();
        }
        String h = normalise(host);
        String suffix = ports && port >= 0 ? ":" + port : null;
        String found = lookup(h, suffix);
        for (int dot = h.indexOf('.'); found == null && dot >= 0; dot = h.indexOf('.', dot + 1)) {
            found = lookup("*" + h.substring(dot), suffix);
        }
        return Optional.ofNullable(found);
    }

    private String lookup(String key, String portSuffix) {
        String found = portSuffix == null ? null : exact.get(key + portSuffix);
        return found != null ? found : exact.get(key);
    }

    /**
     * Whether there are no rules.
     *
     * @return {@code true} when no host is mapped
     */
    public boolean isEmpty() {
        return exact.isEmpty();
    }

    private static String normalise(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        return h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
    }

    @Override
    public String toString() {
        return "HostRules" + exact;
    }

    /** Collects host rules; {@link #build()} ends. */
    public static final class Builder {
        private final Map<String, String> rules = new HashMap<>();

        private Builder() {
        }

        /**
         * Maps host patterns to a jurisdiction.
         *
         * @param jurisdiction an ISO 3166-1 alpha-2 code, e.g. {@code SG}
         * @param patterns     host patterns, e.g. {@code api.acme.sg}, {@code *.acme.sg:8443}
         * @return this builder
         * @throws IllegalArgumentException if the code is unknown, a pattern is malformed, or a pattern is
         *                                  already mapped to another jurisdiction
         */
        public Builder host(String jurisdiction, String... patterns) {
            return host(jurisdiction, List.of(patterns));
        }

        /**
         * Maps host patterns to a jurisdiction.
         *
         * @param jurisdiction an ISO 3166-1 alpha-2 code, e.g. {@code SG}
         * @param patterns     host patterns
         * @return this builder
         * @throws IllegalArgumentException if the code is unknown, a pattern is malformed, or a pattern is
         *                                  already mapped to another jurisdiction
         */
        public Builder host(String jurisdiction, List<String> patterns) {
            String code = Objects.requireNonNull(jurisdiction, "jurisdiction").trim().toUpperCase(Locale.ROOT);
            if (Jurisdictions.index(code) < 0) {
                throw new IllegalArgumentException("host rule for unknown jurisdiction '" + jurisdiction
                        + "': expected an ISO 3166-1 alpha-2 code such as SG");
            }
            for (String pattern : patterns) {
                String key = key(pattern);
                String before = rules.putIfAbsent(key, code);
                if (before != null && !before.equals(code)) {
                    throw new IllegalArgumentException("host pattern '" + pattern + "' is mapped to both " + before
                            + " and " + code);
                }
            }
            return this;
        }

        private static String key(String pattern) {
            String p = Objects.requireNonNull(pattern, "pattern").trim().toLowerCase(Locale.ROOT);
            String port = "";
            int colon = p.lastIndexOf(':');
            boolean bracketed = p.startsWith("[");
            if (colon > 0 && (bracketed ? p.indexOf(']') < colon : p.indexOf(':') == colon)) {
                port = p.substring(colon);
                p = p.substring(0, colon);
                if (port.length() < 2 || !port.substring(1).chars().allMatch(Character::isDigit)
                        || Integer.parseInt(port.substring(1)) > 65_535) {
                    throw new IllegalArgumentException("host pattern '" + pattern + "' has a malformed port");
                }
            }
            String host = normalise(p);
            String name = host.startsWith("*.") ? host.substring(2) : host;
            if (name.isEmpty() || name.contains("*") || name.contains("/") || name.contains(" ")
                    || name.startsWith(".")) {
                throw new IllegalArgumentException("malformed host pattern '" + pattern
                        + "': expected a host, or *. and a domain, optionally with :port");
            }
            return host + port;
        }

        /**
         * Builds the rules.
         *
         * @return the rules
         */
        public HostRules build() {
            return rules.isEmpty() ? NONE : new HostRules(Map.copyOf(rules));
        }
    }
}
