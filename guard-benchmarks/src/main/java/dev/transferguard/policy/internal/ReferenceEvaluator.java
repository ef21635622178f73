package dev.transferguard.policy.internal;

import dev.transferguard.policy.internal.eval.ReferenceInterpreter;
import dev.transferguard.Decision;
import dev.transferguard.Outcome;
import dev.transferguard.Transfer;
import dev.transferguard.policy.PolicyBundle;

/**
 * Opens guard-core's reference interpreter (package-private, in guard-core's tests) to the benchmarks: the
 * plain evaluator the compiled one is measured against.
 */
public final class ReferenceEvaluator {

    private final ReferenceInterpreter interpreter;

    /**
     * An interpreter of a loaded bundle, with no transfers counted yet.
     *
     * @param bundle the policies
     */
    public ReferenceEvaluator(PolicyBundle bundle) {
        this.interpreter = new ReferenceInterpreter(LoadedBundle.compiledOf(bundle).model());
    }

    /**
     * Decides a transfer.
     *
     * @param t the transfer; each legal basis listed at most once
     * @return the interpreter's verdict (outcome, reasons, unmet requirements, obligations)
     */
    public Object decide(Transfer t) {
        return interpreter.decide(t);
    }

    /**
     * The interpreter's outcome for a transfer.
     *
     * @param t the transfer
     * @return allowed or denied
     */
    public Outcome outcome(Transfer t) {
        return interpreter.decide(t).outcome();
    }

    /**
     * How a compiled decision differs from the interpreter's: outcome, reasons, unmet requirements and
     * obligations are compared.
     *
     * @param t        the transfer
     * @param compiled the compiled evaluator's decision on it
     * @return {@code null} when they agree, else both verdicts
     */
    public String difference(Transfer t, Decision compiled) {
        ReferenceInterpreter.Verdict expected = interpreter.decide(t);
        ReferenceInterpreter.Verdict actual = ReferenceInterpreter.Verdict.of(compiled);
        return expected.equals(actual) ? null : "interpreter " + expected + ", compiled " + actual;
    }
}
