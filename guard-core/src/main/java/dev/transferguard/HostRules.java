package dev.transferguard;

import dev.transferguard.internal.hosts.HostTable;
import dev.transferguard.policy.internal.check.Jurisdictions;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Maps network hosts to the jurisdictions they are in, so that a URL says where data sent to it goes.
 *
 * <p>A pattern is one of
 * <ul>
 *   <li>a host name or address: {@code api.partner.sg}, {@code bücher.example}, {@code 10.1.2.3},
 *       {@code [2001:db8::1]} or {@code 2001:db8::1};</li>
 *   <li>{@code *.} and a domain: {@code *.partner.sg}, every host below that domain, not the domain itself;</li>
 *   <li>a CIDR range of IPv4 or IPv6 addresses: {@code 10.1.0.0/16}, {@code 2001:db8::/32}.</li>
 * </ul>
 * A host or wildcard may be followed by {@code :port}. Names are compared in their ASCII (IDNA) form, ignoring
 * case and a trailing dot; addresses in their canonical form, so that every spelling of an IPv6 address, and an
 * IPv4-mapped IPv6 address, match. The most specific rule wins: an exact host, then the longest wildcard
 * domain, then the narrowest range; a rule with the port before one without.
 *
 * <p>A wildcard over a public registry suffix of the public suffix list ({@code *.co.uk}, {@code *.com}) is
 * refused: it would put every organisation registered under it in one jurisdiction. A wildcard over the whole
 * domain of a cloud whose hosts sit in many regions ({@code *.amazonaws.com}, {@code *.googleapis.com}, ...), or
 * over a suffix on which a provider lets its customers register names ({@code *.github.io}), is accepted with a
 * warning in the log.
 *
 * <pre>{@code
 * HostRules hosts = HostRules.builder()
 *         .host("SG", "api.acme.sg", "*.acme.sg", "10.1.0.0/16")
 *         .host("US", "partner.example.com:8443")
 *         .build();
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class HostRules {

    /** No rules: no host has a known jurisdiction. */
    public static final HostRules NONE = new HostRules(new HostTable.Builder().build());

    private final HostTable table;

    private HostRules(HostTable table) {
        this.table = table;
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
     * @param host the host name (ASCII or Unicode) or address as in a URL (IPv6 with or without brackets)
     * @param port the port, or {@code -1} when the URL gives none
     * @return the ISO 3166-1 alpha-2 code, or empty when no rule matches or the host is not a host name or address
     */
    public Optional<String> jurisdictionOf(String host, int port) {
        return Optional.ofNullable(table.lookup(host, port));
    }

    /**
     * Whether there are no rules.
     *
     * @return {@code true} when no host is mapped
     */
    public boolean isEmpty() {
        return table.isEmpty();
    }

    @Override
    public String toString() {
        return "HostRules" + table;
    }

    /** Collects host rules; {@link #build()} ends. */
    public static final class Builder {
        private final HostTable.Builder table = new HostTable.Builder();

        private Builder() {
        }

        /**
         * Maps host patterns to a jurisdiction.
         *
         * @param jurisdiction an ISO 3166-1 alpha-2 code, e.g. {@code SG}
         * @param patterns     host patterns, e.g. {@code api.acme.sg}, {@code *.acme.sg:8443}, {@code 10.1.0.0/16}
         * @return this builder
         * @throws IllegalArgumentException if the code is unknown, a pattern is malformed, a wildcard covers a
         *                                  public suffix, or a pattern is already mapped to another jurisdiction
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
         * @throws IllegalArgumentException if the code is unknown, a pattern is malformed, a wildcard covers a
         *                                  public suffix, or a pattern is already mapped to another jurisdiction
         */
        public Builder host(String jurisdiction, List<String> patterns) {
            String code = Objects.requireNonNull(jurisdiction, "jurisdiction").trim().toUpperCase(Locale.ROOT);
            if (Jurisdictions.index(code) < 0) {
                throw new IllegalArgumentException("host rule for unknown jurisdiction '" + jurisdiction
                        + "': expected an ISO 3166-1 alpha-2 code such as SG");
            }
            for (String pattern : patterns) {
                table.add(pattern, code);
            }
            return this;
        }

        /**
         * Builds the rules.
         *
         * @return the rules
         */
        public HostRules build() {
            HostTable built = table.build();
            return built.isEmpty() ? NONE : new HostRules(built);
        }
    }
}
