package dev.transferguard;

import dev.transferguard.internal.PartyNames;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The legal bases an organisation has on file, per recipient and per destination, such as a standard
 * contract signed with a partner or a consent collected for a country. Guarded methods take their bases
 * from here, so that a new contract is a configuration change, not a new build.
 *
 * <pre>{@code
 * BasesOnFile bases = BasesOnFile.builder()
 *         .recipient("acme-sg", LegalBasis.of("cac-standard-contract"))
 *         .destination("SG", LegalBasis.of("separate-consent"), LegalBasis.of("pipia"))
 *         .build();
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class BasesOnFile {

    /** No bases on file. */
    public static final BasesOnFile NONE = new BasesOnFile(Map.of(), Map.of());

    private final Map<String, List<LegalBasis>> byRecipient;
    private final Map<String, List<LegalBasis>> byDestination;

    private BasesOnFile(Map<String, List<LegalBasis>> byRecipient, Map<String, List<LegalBasis>> byDestination) {
        this.byRecipient = byRecipient;
        this.byDestination = byDestination;
    }

    /**
     * A builder with no bases.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The bases on file for a transfer to a recipient in a destination: those of the recipient, then those of
     * the destination, each once.
     *
     * @param recipient   the recipient's name, or {@code null}
     * @param destination the destination code
     * @return the bases, possibly empty
     */
    public List<LegalBasis> forTransfer(String recipient, String destination) {
        List<LegalBasis> r = recipient == null ? List.of() : byRecipient.getOrDefault(recipient, List.of());
        List<LegalBasis> d = destination == null ? List.of() : byDestination.getOrDefault(destination, List.of());
        if (r.isEmpty() || d.isEmpty()) {
            return r.isEmpty() ? d : r;
        }
        Set<LegalBasis> both = new LinkedHashSet<>(r);
        both.addAll(d);
        return List.copyOf(both);
    }

    /**
     * Every basis on file, for checking names against the policies.
     *
     * @return the bases of every recipient and destination
     */
    public List<LegalBasis> all() {
        Set<LegalBasis> all = new LinkedHashSet<>();
        byRecipient.values().forEach(all::addAll);
        byDestination.values().forEach(all::addAll);
        return List.copyOf(all);
    }

    @Override
    public String toString() {
        return "BasesOnFile[recipients=" + byRecipient + ", destinations=" + byDestination + "]";
    }

    /** Collects bases on file; {@link #build()} ends. */
    public static final class Builder {
        private final Map<String, List<LegalBasis>> byRecipient = new LinkedHashMap<>();
        private final Map<String, List<LegalBasis>> byDestination = new LinkedHashMap<>();

        private Builder() {
        }

        /**
         * Adds bases on file for a recipient.
         *
         * @param recipient the recipient's name, as in {@code @GuardedTransfer(recipient = ...)}
         * @param bases     the bases
         * @return this builder
         */
        public Builder recipient(String recipient, LegalBasis... bases) {
            return recipient(recipient, List.of(bases));
        }

        /**
         * Adds bases on file for a recipient.
         *
         * @param recipient the recipient's name
         * @param bases     the bases
         * @return this builder
         */
        public Builder recipient(String recipient, List<LegalBasis> bases) {
            Objects.requireNonNull(recipient, "recipient");
            // Keyed as a transfer's Recipient holds its name, so that "Acme-SG " finds the bases of acme-sg.
            byRecipient.computeIfAbsent(PartyNames.normalise(recipient, "bases on file: recipient"),
                    k -> new ArrayList<>()).addAll(bases);
            return this;
        }

        /**
         * Adds bases on file for every transfer to a destination.
         *
         * @param destination an ISO 3166-1 alpha-2 code (any case)
         * @param bases       the bases
         * @return this builder
         */
        public Builder destination(String destination, LegalBasis... bases) {
            return destination(destination, List.of(bases));
        }

        /**
         * Adds bases on file for every transfer to a destination.
         *
         * @param destination an ISO 3166-1 alpha-2 code (any case)
         * @param bases       the bases
         * @return this builder
         */
        public Builder destination(String destination, List<LegalBasis> bases) {
            String code = Objects.requireNonNull(destination, "destination").trim().toUpperCase(Locale.ROOT);
            byDestination.computeIfAbsent(code, k -> new ArrayList<>()).addAll(bases);
            return this;
        }

        /**
         * Builds the bases on file.
         *
         * @return the bases
         */
        public BasesOnFile build() {
            if (byRecipient.isEmpty() && byDestination.isEmpty()) {
                return NONE;
            }
            return new BasesOnFile(copy(byRecipient), copy(byDestination));
        }

        private static Map<String, List<LegalBasis>> copy(Map<String, List<LegalBasis>> m) {
            Map<String, List<LegalBasis>> copy = new LinkedHashMap<>();
            m.forEach((k, v) -> copy.put(k, List.copyOf(new LinkedHashSet<>(v))));
            return java.util.Collections.unmodifiableMap(copy);
        }
    }
}
