package dev.transferguard.benchmarks;

import dev.transferguard.Guard;
import dev.transferguard.Transfer;
import dev.transferguard.policy.PolicyBundle;
import java.util.List;

/** All shipped packs ({@code policies/} of the repository) and realistic transfers under them. */
public final class ShippedPacks {

    private ShippedPacks() {
    }

    /**
     * Loads every shipped pack: parse, validate and compile.
     *
     * @return the bundle
     */
    public static PolicyBundle load() {
        return PolicyBundle.load(Resources.policies());
    }

    /**
     * Transfers under the CN, EU, US and RU packs and outside them, allowed and denied, from
     * {@code packs/transfers.jsonl}.
     *
     * @return the transfers
     */
    public static List<Transfer> transfers() {
        return Resources.transfers("packs/transfers.jsonl");
    }

    /**
     * Refuses to go on unless the transfers include both allowed and denied ones, so that the timings cover
     * both paths. That the compiled evaluator decides these transfers as guard-core's reference interpreter
     * does is a test of guard-core ({@code ShippedPacksAgreementTest}), which reads this module's transfers.
     *
     * @param guard     a guard over the shipped packs with no transfers counted
     * @param transfers the transfers
     * @throws IllegalStateException when all are allowed or all denied
     */
    public static void requireBothOutcomes(Guard guard, List<Transfer> transfers) {
        long allowed = transfers.stream().filter(t -> guard.preview(t).allowed()).count();
        if (allowed == 0 || allowed == transfers.size()) {
            throw new IllegalStateException("the benchmark needs allowed and denied transfers; " + allowed + " of "
                    + transfers.size() + " are allowed");
        }
    }
}
