package dev.transferguard.policy.internal.compile;

import dev.transferguard.Reason;
import dev.transferguard.policy.internal.check.Conditions;
import dev.transferguard.policy.internal.check.Model;

/** A pack ready to evaluate: its scope, its rules in order, and the reason its default gives. */
public final class CompiledPack {

    final Model.Pack model;
    final Test scope;
    /** Whether the scope names no legal basis, so that adding bases cannot change it. */
    final boolean scopeBasisFree;
    final CompiledRule[] rules;
    final Reason defaultReason;

    CompiledPack(Model.Pack model, Test scope, CompiledRule[] rules, Reason defaultReason) {
        this.model = model;
        this.scope = scope;
        this.scopeBasisFree = Conditions.basesMentioned(model.scope()).isEmpty();
        this.rules = rules;
        this.defaultReason = defaultReason;
    }

    /**
     * Whether the pack applies to a transfer.
     *
     * @param f the transfer's facts
     * @return {@code true} if its {@code applies when} holds
     */
    public boolean inScope(Facts f) {
        return scope.test(f);
    }

    /** @return whether the scope names no legal basis, so that adding bases cannot change it */
    public boolean scopeBasisFree() {
        return scopeBasisFree;
    }

    /** @return the rules, in the order they are written; the program's own array, not to be changed */
    public CompiledRule[] rules() {
        return rules;
    }

    /** @return the reason given when no rule matches */
    public Reason defaultReason() {
        return defaultReason;
    }

    /** @return whether the pack allows when no rule matches */
    public boolean defaultAllow() {
        return model.defaultAllow();
    }
}
