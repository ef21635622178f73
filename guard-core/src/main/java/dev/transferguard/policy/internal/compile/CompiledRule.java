package dev.transferguard.policy.internal.compile;

import dev.transferguard.Reason;
import dev.transferguard.Requirement;
import dev.transferguard.policy.internal.check.Model;

/**
 * A rule ready to evaluate, with its explanations made once at load. The arrays it hands out are the
 * program's own: callers read them and never change them.
 */
public final class CompiledRule {

    final Model.Rule model;
    /** The rule's effect, kept here so that evaluation reads it without following {@link #model}. */
    final Model.Effect effect;
    final Test when;
    final int[] bases;
    /** The bases the condition mentions, in the order of {@code Conditions.basesMentioned}: remedy candidates. */
    final int[] mentioned;
    /** Its position in the pack. */
    int index;
    /** For an {@code exempt} rule, the positions of the rules of its pack that it waives. */
    long[] waives;
    final Reason matched;
    final Reason unmetReason;
    final Requirement requirement;

    CompiledRule(Model.Rule model, Test when, int[] bases, int[] mentioned, Reason matched, Reason unmetReason,
            Requirement requirement) {
        this.model = model;
        this.effect = model.effect();
        this.when = when;
        this.bases = bases;
        this.mentioned = mentioned;
        this.matched = matched;
        this.unmetReason = unmetReason;
        this.requirement = requirement;
    }

    /**
     * Whether the rule's condition holds for a transfer.
     *
     * @param f the transfer's facts
     * @return {@code true} if it does
     */
    public boolean holds(Facts f) {
        return when.test(f);
    }

    /** @return the rule's effect */
    public Model.Effect effect() {
        return effect;
    }

    /** @return for a {@code require} rule, the indexes of the bases any one of which meets it; else empty */
    public int[] bases() {
        return bases;
    }

    /** @return the indexes of the bases the condition mentions; empty when no basis can change the condition */
    public int[] mentioned() {
        return mentioned;
    }

    /** @return the rule's position in its pack */
    public int index() {
        return index;
    }

    /** @return for an {@code exempt} rule, the bit set of the positions of the rules it waives; else {@code null} */
    public long[] waives() {
        return waives;
    }

    /** @return the reason given when the rule matches (for a requirement: matches and is met) */
    public Reason matched() {
        return matched;
    }

    /** @return for a {@code require} rule, the reason given when it applies and is not met; else {@code null} */
    public Reason unmetReason() {
        return unmetReason;
    }

    /** @return for a {@code require} rule, the requirement it reports when not met; else {@code null} */
    public Requirement requirement() {
        return requirement;
    }
}
