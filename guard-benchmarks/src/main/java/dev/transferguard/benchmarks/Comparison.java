package dev.transferguard.benchmarks;

import dev.transferguard.Guard;
import dev.transferguard.Subjects;
import dev.transferguard.Transfer;
import dev.transferguard.counters.CounterStore;
import dev.transferguard.policy.PolicyBundle;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * One policy for four engines (see {@code comparison/README.md}) and the transfers they are compared on.
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
     * The engines the decision benchmark compares, by name: Transfer Guard first, then Cedar, the two forms
     * of jCasbin and SAPL. Each answers whether a transfer is allowed.
     *
     * @param guard  the Transfer Guard form
     * @param cedar  the Cedar form
     * @param rules  jCasbin with the rules as policy lines
     * @param matcher jCasbin with the rules in the matcher
     * @param sapl   the SAPL form
     * @return name to engine
     */
    public static Map<String, Predicate<Transfer>> engines(Guard guard, CedarEngine cedar, CasbinEngine rules,
            CasbinEngine matcher, SaplEngine sapl) {
        Map<String, Predicate<Transfer>> engines = new LinkedHashMap<>();
        engines.put("guard", t -> guard.preview(t).allowed());
        engines.put("cedar", cedar::allowed);
        engines.put("jcasbin", rules::allowed);
        engines.put("jcasbin-matcher", matcher::allowed);
        engines.put("sapl", sapl::allowed);
        return engines;
    }

    /**
     * Where the engines disagree on the transfers.
     *
     * @param engines   name to engine; the first is the one the others must agree with
     * @param transfers the transfers
     * @return one line per transfer on which they do not all agree; empty when they do
     */
    public static List<String> disagreements(Map<String, Predicate<Transfer>> engines, List<Transfer> transfers) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < transfers.size(); i++) {
            Transfer t = transfers.get(i);
            Map<String, Boolean> answers = new LinkedHashMap<>();
            engines.forEach((name, engine) -> answers.put(name, engine.test(t)));
            if (answers.values().stream().distinct().count() > 1) {
                StringBuilder sb = new StringBuilder("transfer #" + (i + 1) + " " + t.toJson() + ":");
                answers.forEach((name, allowed) -> sb.append(' ').append(name).append(' ').append(verdict(allowed)));
                out.add(sb.toString());
            }
        }
        return out;
    }

    /**
     * Refuses to go on unless the engines agree on every transfer and the transfers include both allowed
     * and denied ones.
     *
     * @param engines   name to engine
     * @param transfers the transfers
     * @throws IllegalStateException saying where they disagree
     */
    public static void requireAgreement(Map<String, Predicate<Transfer>> engines, List<Transfer> transfers) {
        List<String> differ = disagreements(engines, transfers);
        if (!differ.isEmpty()) {
            throw new IllegalStateException("the engines disagree, so their timings would not compare:\n  "
                    + String.join("\n  ", differ));
        }
        Predicate<Transfer> first = engines.values().iterator().next();
        long allowed = transfers.stream().filter(first).count();
        if (allowed == 0 || allowed == transfers.size()) {
            throw new IllegalStateException("the comparison needs allowed and denied transfers; " + allowed + " of "
                    + transfers.size() + " are allowed");
        }
    }

    /**
     * Refuses to go on if deciding the transfers would count anything: then {@code decide} would change what
     * later calls decide, and the guard would serialise them under its counting lock. The policy is decided
     * once with a counter store that refuses every question, so any counter the transfers reach is caught.
     *
     * @param policies  the Transfer Guard form of the policy
     * @param transfers the transfers
     * @throws IllegalStateException naming the counter that was reached
     */
    public static void requireNoCounting(PolicyBundle policies, List<Transfer> transfers) {
        Guard refusing = Guard.builder().policies(policies).counters(new RefusingCounters()).build();
        for (Transfer t : transfers) {
            refusing.decide(t);
        }
    }

    /** A counter store for a policy that must count nothing. */
    private static final class RefusingCounters implements CounterStore {

        @Override
        public long count(String counter, String counterparty, long fromDay, long toDay, Subjects current) {
            throw refused(counter);
        }

        @Override
        public void record(String counter, String counterparty, long day, Subjects subjects) {
            throw refused(counter);
        }

        @Override
        public void forget(String counter, long beforeDay) {
            throw refused(counter);
        }

        private static IllegalStateException refused(String counter) {
            return new IllegalStateException("the comparison policy must not count (it reached counter " + counter
                    + "): decide would change what it decides");
        }
    }

    private static String verdict(boolean allowed) {
        return allowed ? "allow" : "deny";
    }
}
