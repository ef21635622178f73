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
 *         .everyTransfer(new LegalBasis("rkn-notified", LocalDate.parse("2026-02-20"), null).limitedTo("KZ", "TR"))
 *         .build();
 * }</pre>
 *
 * <p>A basis limited to jurisdictions or to a recipient ({@link LegalBasis#limitedTo(String...)}) is handed
 * to every transfer it is listed for and counts only within its limits, however it was listed.
 *
 * <p>Immutable and thread-safe.
 */
public final class BasesOnFile {

    /** No bases on file. */
    public static final BasesOnFile NONE = new BasesOnFile(Map.of(), Map.of(), List.of());

    private final Map<String, List<LegalBasis>> byRecipient;
    private final Map<String, List<LegalBasis>> byDestination;
    private final List<LegalBasis> everyTransfer;

    private BasesOnFile(Map<String, List<LegalBasis>> byRecipient, Map<String, List<LegalBasis>> byDestination,
            List<LegalBasis> everyTransfer) {
        this.byRecipient = byRecipient;
        this.byDestination = byDestination;
        this.everyTransfer = everyTransfer;
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
     * the destination, then those listed for every transfer, each once.
     *
     * @param recipient   the recipient's name, or {@code null}
     * @param destination the destination code
     * @return the bases, possibly empty
     */
    public List<LegalBasis> forTransfer(String recipient, String destination) {
        List<LegalBasis> r = recipient == null ? List.of() : byRecipient.getOrDefault(recipient, List.of());
        List<LegalBasis> d = destination == null ? List.of() : byDestination.getOrDefault(destination, List.of());
        if (everyTransfer.isEmpty() && (r.isEmpty() || d.isEmpty())) {
            return r.isEmpty() ? d : r;
        }
        Set<LegalBasis> all = new LinkedHashSet<>(r);
        all.addAll(d);
        all.addAll(everyTransfer);
        return List.copyOf(all);
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
        all.addAll(everyTransfer);
        return List.copyOf(all);
    }

    @Override
    public String toString() {
        return "BasesOnFile[recipients=" + byRecipient + ", destinations=" + byDestination + ", everyTransfer="
                + everyTransfer + "]";
    }

    /** Collects bases on file; {@link #build()} ends. */
    public static final class Builder {
        private final Map<String, List<LegalBasis>> byRecipient = new LinkedHashMap<>();
        private final Map<String, List<LegalBasis>> byDestination = new LinkedHashMap<>();
        private final List<LegalBasis> everyTransfer = new ArrayList<>();

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
         * Adds bases on file for every transfer, such as a notice limited to the states it names.
         *
         * @param bases the bases
         * @return this builder
         */
        public Builder everyTransfer(LegalBasis... bases) {
            return everyTransfer(List.of(bases));
        }

        /**
         * Adds bases on file for every transfer.
         *
         * @param bases the bases
         * @return this builder
         */
        public Builder everyTransfer(List<LegalBasis> bases) {
            everyTransfer.addAll(bases);
            return this;
        }

        /**
         * Builds the bases on file.
         *
         * @return the bases
         */
        public BasesOnFile build() {
            if (byRecipient.isEmpty() && byDestination.isEmpty() && everyTransfer.isEmpty()) {
                return NONE;
            }
            return new BasesOnFile(copy(byRecipient), copy(byDestination),
                    List.copyOf(new LinkedHashSet<>(everyTransfer)));
        }

        private static Map<String, List<LegalBasis>> copy(Map<String, List<LegalBasis>> m) {
            Map<String, List<LegalBasis>> copy = new LinkedHashMap<>();
            m.forEach((k, v) -> copy.put(k, List.copyOf(new LinkedHashSet<>(v))));
            return java.util.Collections.unmodifiableMap(copy);
        }
    }
}
