package dev.transferguard.benchmarks;

import dev.transferguard.Decision;
import dev.transferguard.Guard;
import dev.transferguard.Transfer;
import dev.transferguard.policy.PolicyBundle;
import dev.transferguard.policy.internal.ReferenceEvaluator;
import java.util.ArrayList;
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
     * Refuses to go on unless the compiled evaluator and the reference interpreter agree on every transfer,
     * and the transfers include both allowed and denied ones.
     *
     * @param guard     a guard over the shipped packs with no transfers counted
     * @param reference the reference interpreter of the same bundle
     * @param transfers the transfers
     * @throws IllegalStateException saying where they disagree
     */
    public static void requireAgreement(Guard guard, ReferenceEvaluator reference, List<Transfer> transfers) {
        List<String> differ = new ArrayList<>();
        int allowed = 0;
        for (int i = 0; i < transfers.size(); i++) {
            Transfer t = transfers.get(i);
            Decision d = guard.preview(t);
            allowed += d.allowed() ? 1 : 0;
            String difference = reference.difference(t, d);
            if (difference != null) {
                differ.add("transfer #" + (i + 1) + " " + t.toJson() + ": " + difference);
            }
        }
        if (!differ.isEmpty()) {
            throw new IllegalStateException("the compiled evaluator and the reference interpreter disagree:\n  "
                    + String.join("\n  ", differ));
        }
        if (allowed == 0 || allowed == transfers.size()) {
            throw new IllegalStateException("the benchmark needs allowed and denied transfers; " + allowed + " of "
                    + transfers.size() + " are allowed");
        }
    }
}
