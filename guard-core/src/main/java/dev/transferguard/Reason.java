package dev.transferguard;

import java.util.Objects;

/**
 * Why a decision came out as it did: one rule that matched (or a policy's default).
 *
 * @param pack    the id of the policy pack, e.g. {@code cn.pipl}
 * @param rule    the rule id, or {@code default} when the pack's default decided
 * @param kind    what the rule did
 * @param because the citation the rule gives, e.g. {@code PIPL Art. 38}
 * @param source  where the rule is written, {@code file:line}
 */
public record Reason(String pack, String rule, Kind kind, String because, String source) {

    /** What a matching rule did to the decision. */
    public enum Kind {
        /** A {@code deny} rule matched: the transfer is forbidden. */
        DENY,
        /** A {@code require} rule matched and the transfer lacks every one of its bases. */
        UNMET,
        /** A {@code require} rule matched and one of its bases is on file. */
        MET,
        /** An {@code exempt} rule matched and waived requirements. */
        EXEMPT,
        /** An {@code allow} rule matched. */
        ALLOW,
        /** No rule of the pack matched; its declared default applied. */
        DEFAULT
    }

    /** Checks that the parts are present. */
    public Reason {
        Objects.requireNonNull(pack, "pack");
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(because, "because");
        Objects.requireNonNull(source, "source");
    }

    @Override
    public String toString() {
        return pack + "/" + rule + " (" + kind.name().toLowerCase(java.util.Locale.ROOT) + "): " + because
                + " [" + source + "]";
    }
}
