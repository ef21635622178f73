package dev.transferguard.benchmarks;

import dev.transferguard.Guard;
import dev.transferguard.Transfer;
import dev.transferguard.policy.PolicyBundle;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One policy for three engines (see {@code comparison/README.md}) and the transfers they are compared on.
 */
public final class Comparison {

    private static final List<String> GUARD_FILES = List.of("vocabulary.guard", "eu-transfers.guard");

    private Comparison() {
    }

    /**
     * The benchmark's transfers: realistic ones, allowed and denied, from {@code comparison/transfers.jsonl}.
     *
     * @return the transfers
     */
    public static List<Transfer> transfers() {
        return Resources.transfers("comparison/transfers.jsonl");
    }

    /**
     * A guard over the Transfer Guard form of the policy.
     *
     * @return a new guard
     */
    public static Guard guard() {
        Map<String, String> files = new LinkedHashMap<>();
        for (String name : GUARD_FILES) {
            files.put(name, Resources.text("comparison/guard/" + name));
        }
        return Guard.builder().policies(PolicyBundle.of(files)).build();
    }

    /**
     * Where the engines disagree on the transfers.
     *
     * @param guard     the Transfer Guard form
     * @param cedar     the Cedar form
     * @param casbin    the jCasbin form
     * @param transfers the transfers
     * @return one line per transfer on which they do not all agree; empty when they do
     */
    public static List<String> disagreements(Guard guard, CedarEngine cedar, CasbinEngine casbin,
            List<Transfer> transfers) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < transfers.size(); i++) {
            Transfer t = transfers.get(i);
            boolean g = guard.preview(t).allowed();
            boolean c = cedar.allowed(t);
            boolean j = casbin.allowed(t);
            if (g != c || g != j) {
                out.add("transfer #" + (i + 1) + " " + t.toJson() + ": guard " + verdict(g) + ", cedar "
                        + verdict(c) + ", jcasbin " + verdict(j));
            }
        }
        return out;
    }

    /**
     * Refuses to go on unless the engines agree on every transfer and the transfers include both allowed
     * and denied ones.
     *
     * @param guard     the Transfer Guard form
     * @param cedar     the Cedar form
     * @param casbin    the jCasbin form
     * @param transfers the transfers
     * @throws IllegalStateException saying where they disagree
     */
    public static void requireAgreement(Guard guard, CedarEngine cedar, CasbinEngine casbin, List<Transfer> transfers) {
        List<String> differ = disagreements(guard, cedar, casbin, transfers);
        if (!differ.isEmpty()) {
            throw new IllegalStateException("the engines disagree, so their timings would not compare:\n  "
                    + String.join("\n  ", differ));
        }
        long allowed = transfers.stream().filter(t -> guard.preview(t).allowed()).count();
        if (allowed == 0 || allowed == transfers.size()) {
            throw new IllegalStateException("the comparison needs allowed and denied transfers; " + allowed + " of "
                    + transfers.size() + " are allowed");
        }
    }

    private static String verdict(boolean allowed) {
        return allowed ? "allow" : "deny";
    }
}
