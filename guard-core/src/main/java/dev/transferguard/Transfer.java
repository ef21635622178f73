package dev.transferguard;

import dev.transferguard.internal.json.JsonOut;
import dev.transferguard.internal.json.TransferJsonReader;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One act to decide on: data of some categories, about some people, going from an origin to a
 * destination, for a purpose, on the legal bases on file.
 *
 * <p>Names (categories, bases, recipient kinds, transactions, attribute names) are checked against the
 * policies when the transfer is decided: a name the policies do not declare is an error, never a silent
 * non-match. Build one with {@link #builder()}.
 *
 * @param action      what is done with the data
 * @param date        the day of the transfer (UTC); bases and counters are judged on it
 * @param origin      ISO 3166-1 alpha-2 code of where the data is
 * @param destination ISO 3166-1 alpha-2 code of where it goes, is stored, or is read from
 * @param categories  data categories from the policies' taxonomy, e.g. {@code personal.contact}
 * @param subjects    the people the data is about
 * @param entity      attributes of the exporting entity declared by the policies ({@code entity.ciio} is
 *                    the key {@code ciio}); values are {@link Boolean}, {@link Long} or {@link String}
 * @param recipient   who receives the data
 * @param transaction the kind of transaction, e.g. {@code vendor-agreement}; may be {@code null}
 * @param purpose     the purpose of the transfer, e.g. {@code contract-performance}; may be {@code null}
 * @param bases       the legal bases on file
 */
public record Transfer(
        Action action,
        LocalDate date,
        String origin,
        String destination,
        List<String> categories,
        Subjects subjects,
        Map<String, Object> entity,
        Recipient recipient,
        String transaction,
        String purpose,
        List<LegalBasis> bases) {

    /** Checks that required parts are present and copies the collections. */
    public Transfer {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(date, "date");
        origin = requireCode(origin, "origin");
        destination = requireCode(destination, "destination");
        categories = List.copyOf(Objects.requireNonNull(categories, "categories"));
        if (categories.isEmpty()) {
            throw new IllegalArgumentException("a transfer needs at least one data category");
        }
        Objects.requireNonNull(subjects, "subjects");
        entity = checkedAttributes(Objects.requireNonNull(entity, "entity"));
        Objects.requireNonNull(recipient, "recipient");
        bases = List.copyOf(Objects.requireNonNull(bases, "bases"));
    }

    private static String requireCode(String code, String field) {
        Objects.requireNonNull(code, field);
        if (code.length() != 2 || !Character.isUpperCase(code.charAt(0)) || !Character.isUpperCase(code.charAt(1))) {
            throw new IllegalArgumentException(
                    field + " must be an ISO 3166-1 alpha-2 code such as CN or DE, was '" + code + "'");
        }
        return code;
    }

    /** An immutable copy of entity attributes, each a boolean, an integer or a string. */
    static Map<String, Object> checkedAttributes(Map<String, Object> attributes) {
        for (Map.Entry<String, Object> e : attributes.entrySet()) {
            Object v = e.getValue();
            if (!(v instanceof Boolean || v instanceof Long || v instanceof String)) {
                throw new IllegalArgumentException("entity." + e.getKey()
                        + " must be a boolean, an integer or a string, was " + (v == null ? "null" : v.getClass().getSimpleName()));
            }
        }
        return Map.copyOf(attributes);
    }

    /**
     * The jurisdiction of the recipient: its own if known, otherwise the destination.
     *
     * @return an ISO 3166-1 alpha-2 code
     */
    public String recipientJurisdiction() {
        return recipient.jurisdiction() != null ? recipient.jurisdiction() : destination;
    }

    /**
     * Reads a transfer from its JSON form (see {@code docs/policy-language.md}, "Transfer input").
     *
     * <p>{@code origin}, {@code destination} and a non-empty {@code categories} array are required;
     * {@code action} defaults to {@code transfer} and {@code date} to today (UTC). Unknown or duplicate keys,
     * wrong types and anything after the object are errors. Names are not checked against the policies
     * here; that happens when the transfer is decided.
     *
     * @param json one JSON object
     * @return the transfer
     * @throws InvalidTransferException with a one-line message {@code <json>:line:column: what is wrong}
     *                                  if the text is not a valid transfer
     */
    public static Transfer fromJson(String json) {
        return TransferJsonReader.read(json, "<json>");
    }

    /**
     * This transfer as canonical JSON, the form {@link #fromJson(String)} reads back to an equal transfer:
     * keys in a fixed order, absent optional parts left out. Subject ids are written as they are.
     *
     * @return one line of JSON
     */
    public String toJson() {
        return JsonOut.transfer(this);
    }

    /**
     * A builder for a transfer of today's date (UTC) with no subjects, recipient or bases.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder that starts from this transfer.
     *
     * @return a new builder holding this transfer's values
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.action = action;
        b.date = date;
        b.origin = origin;
        b.destination = destination;
        b.categories.addAll(categories);
        b.subjects = subjects;
        b.entity.putAll(entity);
        b.recipient = recipient;
        b.transaction = transaction;
        b.purpose = purpose;
        b.bases.addAll(bases);
        return b;
    }

    /** Builds a {@link Transfer}; every setter returns the builder, {@link #build()} ends. */
    public static final class Builder {
        private Action action = Action.TRANSFER;
        private LocalDate date;
        private String origin;
        private String destination;
        private final List<String> categories = new ArrayList<>();
        private Subjects subjects = Subjects.NONE;
        private final Map<String, Object> entity = new LinkedHashMap<>();
        private Recipient recipient = Recipient.UNKNOWN;
        private String transaction;
        private String purpose;
        private final List<LegalBasis> bases = new ArrayList<>();

        private Builder() {
        }

        /**
         * Sets the action; {@link Action#TRANSFER} by default.
         *
         * @param action the action
         * @return this builder
         */
        public Builder action(Action action) {
            this.action = action;
            return this;
        }

        /**
         * Sets the day of the transfer; today (UTC) by default.
         *
         * @param date the day
         * @return this builder
         */
        public Builder date(LocalDate date) {
            this.date = date;
            return this;
        }

        /**
         * Sets where the data is.
         *
         * @param origin ISO 3166-1 alpha-2 code
         * @return this builder
         */
        public Builder origin(String origin) {
            this.origin = origin;
            return this;
        }

        /**
         * Sets where the data goes.
         *
         * @param destination ISO 3166-1 alpha-2 code
         * @return this builder
         */
        public Builder destination(String destination) {
            this.destination = destination;
            return this;
        }

        /**
         * Adds data categories.
         *
         * @param categories taxonomy names such as {@code personal.contact}
         * @return this builder
         */
        public Builder categories(String... categories) {
            this.categories.addAll(Arrays.asList(categories));
            return this;
        }

        /**
         * Sets the subjects.
         *
         * @param subjects the people the data is about
         * @return this builder
         */
        public Builder subjects(Subjects subjects) {
            this.subjects = subjects;
            return this;
        }

        /**
         * Sets an attribute of the exporting entity, e.g. {@code entity("ciio", true)}.
         *
         * @param name  the attribute name without the {@code entity.} prefix
         * @param value a {@link Boolean}, {@link Long} or {@link String}
         * @return this builder
         */
        public Builder entity(String name, Object value) {
            this.entity.put(name, value instanceof Integer i ? Long.valueOf(i) : value);
            return this;
        }

        /**
         * Sets the recipient.
         *
         * @param recipient who receives the data
         * @return this builder
         */
        public Builder recipient(Recipient recipient) {
            this.recipient = recipient;
            return this;
        }

        /**
         * Sets the transaction kind.
         *
         * @param transaction e.g. {@code vendor-agreement}
         * @return this builder
         */
        public Builder transaction(String transaction) {
            this.transaction = transaction;
            return this;
        }

        /**
         * Sets the purpose.
         *
         * @param purpose e.g. {@code hr-management}
         * @return this builder
         */
        public Builder purpose(String purpose) {
            this.purpose = purpose;
            return this;
        }

        /**
         * Adds legal bases with no validity limits.
         *
         * @param names basis names
         * @return this builder
         */
        public Builder bases(String... names) {
            for (String name : names) {
                this.bases.add(LegalBasis.of(name));
            }
            return this;
        }

        /**
         * Adds a legal basis.
         *
         * @param basis the basis, possibly with validity dates
         * @return this builder
         */
        public Builder basis(LegalBasis basis) {
            this.bases.add(basis);
            return this;
        }

        /**
         * Builds the transfer.
         *
         * @return the transfer
         * @throws IllegalArgumentException if origin, destination or categories are missing or malformed
         */
        public Transfer build() {
            return new Transfer(action, date != null ? date : LocalDate.now(ZoneOffset.UTC), origin, destination,
                    categories, subjects, entity, recipient, transaction, purpose, bases);
        }
    }
}
