package dev.transferguard;

import java.util.List;
import java.util.Objects;

/**
 * A requirement the transfer does not meet: it needs one of several legal bases.
 *
 * @param pack    the id of the policy pack that requires it
 * @param rule    the id of the {@code require} rule
 * @param anyOf   the bases of which any one would meet the requirement
 * @param because the citation the rule gives
 * @param source  where the rule is written, {@code file:line}
 */
public record Requirement(String pack, String rule, List<String> anyOf, String because, String source) {

    /** Checks the parts and copies the alternatives. */
    public Requirement {
        Objects.requireNonNull(pack, "pack");
        Objects.requireNonNull(rule, "rule");
        anyOf = List.copyOf(anyOf);
        Objects.requireNonNull(because, "because");
        Objects.requireNonNull(source, "source");
    }

    @Override
    public String toString() {
        return pack + "/" + rule + " requires " + (anyOf.size() == 1 ? anyOf.get(0) : "one of " + anyOf)
                + " (" + because + ")";
    }
}
