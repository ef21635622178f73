package dev.transferguard.policy.internal.compile;

import dev.transferguard.InvalidTransferException;
import dev.transferguard.Reason;
import dev.transferguard.Transfer;
import dev.transferguard.counters.CounterStore;
import dev.transferguard.policy.internal.check.Jurisdictions;
import dev.transferguard.policy.internal.check.Model;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The policies compiled once at load: every name an index, every set a bit set, every condition a tree of
 * compiled tests, every explanation made in advance. It holds no state of any one transfer: that goes into
 * {@link Facts}, one per thread, which the evaluator owns.
 */
public final class Program {

    private final Model.Bundle model;
    private final Indexes names;
    private final TransferReader reader;
    private final CompiledCounter[] counters;
    private final CompiledPack[] packs;
    /** Per origin (a jurisdiction's index): the packs whose scope can hold for it, in file-name order. */
    private final CompiledPack[][] packsByOrigin;
    private final int maxRules;
    private final Reason bundleDefaultReason;
    private final Map<Reason, List<String>> obligationsOf;

    private Program(Model.Bundle model) {
        this.model = model;
        this.names = new Indexes(model.vocabulary());
        this.reader = new TransferReader(names);
        Compiler compiled = new Compiler(model, names);
        this.counters = compiled.counters.toArray(CompiledCounter[]::new);
        this.packs = compiled.packs;
        this.packsByOrigin = byOrigin(packs);
        this.maxRules = compiled.maxRules;
        this.obligationsOf = compiled.obligationsOf;
        this.bundleDefaultReason = new Reason("bundle", "default", Reason.Kind.DEFAULT,
                "no policy applies; bundle default is " + (model.defaultAllow() ? "allow" : "deny"),
                model.defaultSource());
    }

    /**
     * Compiles a resolved bundle.
     *
     * @param model the bundle, every name checked
     * @return the program
     */
    public static Program compile(Model.Bundle model) {
        return new Program(model);
    }

    /**
     * Fresh facts sized for this program, for one thread to reuse.
     *
     * @return empty facts
     */
    public Facts newFacts() {
        return new Facts(names, counters);
    }

    /**
     * Reads a counter as evaluation does (from the facts when already read for this decision, else from the
     * counter store, and then kept in the facts) and gives the band its value falls in: every comparison of the
     * counter answers alike for values of one band.
     *
     * @param counter the counter's index
     * @param f       the transfer's facts
     * @param counts  whether the counter counts the transfer itself, as {@link Facts#counterCounted} said when a
     *                decision for the same facts read it
     * @return the band, from 0 to {@code counterBands(counter) - 1}
     */
    public int readBand(int counter, Facts f, boolean counts) {
        CompiledCounter c = counters[counter];
        return c.band(c.value(f, counts));
    }

    /**
     * How many bands a counter's values fall in: one more than the counts at which a comparison of it changes
     * its answer.
     *
     * @param counter the counter's index
     * @return the number of bands, at least 1
     */
    public int counterBands(int counter) {
        return counters[counter].bands();
    }

    /**
     * Checks a transfer's names and translates it into facts. Every name a policy could test must be declared:
     * an unknown category, jurisdiction, basis, recipient kind, transaction or attribute (or an attribute value
     * of the wrong type) is refused; purposes are open. So is a transfer that does not say how many people it is
     * about (no {@code subjects.count}, or 0) when a volume counter may count it: read as any number it would
     * push every threshold over, read as none it would slip under them.
     *
     * @param t     the transfer
     * @param store the counters' state for the decision, or {@code null} to count only the transfer itself
     * @param into  the facts to fill, made by {@link #newFacts()}
     * @throws InvalidTransferException naming the first unknown name and the field it is in
     */
    public void read(Transfer t, CounterStore store, Facts into) {
        readNames(t, store, into);
        requireCount(into);
    }

    /**
     * Checks a transfer's names and translates it into facts as {@link #read} does, without checking that a
     * counter that may count it knows how many people it is about: facts decided before passed that check, and
     * facts of a new shape must be given to {@link #requireCount} before they are evaluated.
     *
     * @param t     the transfer
     * @param store the counters' state for the decision, or {@code null} to count only the transfer itself
     * @param into  the facts to fill, made by {@link #newFacts()}
     * @throws InvalidTransferException naming the first unknown name and the field it is in
     */
    public void readNames(Transfer t, CounterStore store, Facts into) {
        reader.read(t, store, into, true);
    }

    /**
     * Readies facts for a lookup among the decisions kept for a transfer of the same values: what reading a
     * counter needs (the transfer, the store, its day and how many people it is about), and no counter read yet.
     * Its names are not translated: a transfer of the same values passed that once. Should the lookup find no
     * decision, {@link #readNamesAfterLookup} translates them.
     *
     * @param t     the transfer
     * @param store the counters' state for the decision, or {@code null} to count only the transfer itself
     * @param into  the facts to fill, made by {@link #newFacts()}
     */
    public void readForLookup(Transfer t, CounterStore store, Facts into) {
        into.readForLookup(t, store);
    }

    /**
     * Translates a transfer's names as {@link #readNames} does, after {@link #readForLookup}, keeping the
     * counters the lookup read: evaluation then reads none of them again.
     *
     * @param t     the transfer
     * @param store the counters' state for the decision, or {@code null} to count only the transfer itself
     * @param into  the facts the lookup used
     * @throws InvalidTransferException naming the first unknown name and the field it is in
     */
    public void readNamesAfterLookup(Transfer t, CounterStore store, Facts into) {
        reader.read(t, store, into, false);
    }

    /**
     * Refuses facts that do not say how many people they are about when a volume counter may count them.
     *
     * @param f the facts, filled by {@link #readNames}
     * @throws InvalidTransferException naming {@code subjects.count}
     */
    public void requireCount(Facts f) {
        if (!f.countKnown) {
            refuseUncounted(f);
        }
    }

    private void refuseUncounted(Facts f) {
        for (CompiledCounter c : counters) {
            if (c.filter.test(f)) {
                throw new InvalidTransferException("subjects.count is missing: volume counter " + c.storeKey
                        + " counts this transfer and needs to know how many people it is about", "subjects.count");
            }
        }
    }

    /**
     * Advances every counter that counts a transfer already read into {@code f}.
     *
     * @param f     the transfer's facts
     * @param store the counters' state
     */
    public void count(Facts f, CounterStore store) {
        Transfer t = f.transfer;
        for (CompiledCounter c : counters) {
            if (c.filter.test(f)) {
                store.record(c.storeKey, c.counterparty(t), f.epochDay, t.subjects());
            }
        }
    }

    /** @return the resolved model this program was compiled from */
    public Model.Bundle model() {
        return model;
    }

    /** @return how many volume counters the packs declare */
    public int counterCount() {
        return counters.length;
    }

    /** @return the packs, in file-name order; the program's own array, not to be changed */
    public CompiledPack[] packs() {
        return packs;
    }

    /**
     * The packs that can apply to a transfer, by its origin: a pack whose scope holds only for some origins is
     * left out for the others, so that a transfer tests the scopes of the packs that may apply and no more.
     *
     * @param f the transfer's facts
     * @return those of {@link #packs()} whose scope may hold, in the same order; not to be changed
     */
    public CompiledPack[] packsFor(Facts f) {
        return packsByOrigin[f.origin];
    }

    private static CompiledPack[][] byOrigin(CompiledPack[] packs) {
        long[][] origins = new long[packs.length][];
        for (int i = 0; i < packs.length; i++) {
            origins[i] = packs[i].scope.origins();
        }
        CompiledPack[][] byOrigin = new CompiledPack[Jurisdictions.COUNT][];
        List<CompiledPack> some = new ArrayList<>(packs.length);
        for (int j = 0; j < byOrigin.length; j++) {
            some.clear();
            for (int i = 0; i < packs.length; i++) {
                if (origins[i] == null || Bits.get(origins[i], j)) {
                    some.add(packs[i]);
                }
            }
            byOrigin[j] = some.size() == packs.length ? packs : some.toArray(CompiledPack[]::new);
        }
        return byOrigin;
    }

    /** @return the most rules any pack has */
    public int maxRulesPerPack() {
        return maxRules;
    }

    /** @return how many legal bases the bundle declares; their indexes run from 0 */
    public int basisCount() {
        return names.basisCount();
    }

    /**
     * The index of a declared legal basis.
     *
     * @param name the basis
     * @return its index, or -1 if it is not declared
     */
    public int basisIndex(String name) {
        return names.basisIndex.of(name);
    }

    /**
     * The name of a legal basis.
     *
     * @param index its index
     * @return its name
     */
    public String basisName(int index) {
        return names.basisNames[index];
    }

    /**
     * The obligations a rule imposes when it takes part in an allow.
     *
     * @param matched the rule's {@link CompiledRule#matched()} reason (by identity)
     * @return its obligations, or {@code null} when it has none
     */
    public List<String> obligationsOf(Reason matched) {
        return obligationsOf.get(matched);
    }

    /** @return the reason given when no pack applies */
    public Reason bundleDefaultReason() {
        return bundleDefaultReason;
    }

    /** @return whether the bundle allows when no pack applies */
    public boolean defaultAllow() {
        return model.defaultAllow();
    }

    /** @return the bundle digest, {@code sha256:<hex>} */
    public String digest() {
        return model.digest();
    }
}
