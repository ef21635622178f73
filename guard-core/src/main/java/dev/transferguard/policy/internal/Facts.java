package dev.transferguard.policy.internal;

import dev.transferguard.policy.internal.check.Jurisdictions;
import dev.transferguard.policy.internal.check.Model;
import dev.transferguard.counters.CounterStore;
import dev.transferguard.LegalBasis;
import dev.transferguard.Transfer;

/**
 * A transfer translated into the indexes and bit sets of one compiled bundle, so that conditions test bits
 * instead of comparing strings. One instance per thread is reused from call to call.
 */
final class Facts {

    Transfer transfer;
    int origin;
    int destination;
    int recipientJurisdiction;
    int action;
    int recipientKind;
    int transaction;
    int purpose;
    boolean coveredPerson;
    long subjectsCount;
    long epochDay;

    /** Indexes of the transfer's categories. */
    int[] categories;
    int categoryCount;
    /** Every category of the transfer and all their ancestors. */
    final long[] categoryClosure;

    final long[] residence;
    final long[] citizenship;
    boolean residenceEmpty;
    boolean citizenshipEmpty;

    /** Bases on file and valid on the transfer's date. */
    final long[] basesValid;
    /** For each valid basis, the epoch day of its {@code since}, or {@link Long#MIN_VALUE} when it has none. */
    final long[] basisSince;

    final boolean[] attributeFlags;
    final long[] attributeNumbers;
    final int[] attributeValues;
    final boolean[] attributePresent;
    /** Whether the attribute arrays hold a transfer's values; most transfers name none, so most clear nothing. */
    boolean attributesSet;

    /** Scratch space of one pack's evaluation: the positions of the rules its matching exemptions waive. */
    final long[] exempted;

    /** Scratch space of one decision: the reasons gathered so far, copied into the decision at the end. */
    final java.util.ArrayList<dev.transferguard.Reason> reasons = new java.util.ArrayList<>(16);

    /** The remedy search's scratch space, made on this thread's first denial. */
    CompiledBundle.RemedySearch remedySearch;

    /** Counter values for this decision, computed on first use. */
    final long[] counterValues;
    final boolean[] counterKnown;
    CounterStore counters;

    Facts(CompiledBundle b) {
        categories = new int[8];
        categoryClosure = Bits.of(b.categoryCount());
        residence = Bits.of(Jurisdictions.COUNT);
        citizenship = Bits.of(Jurisdictions.COUNT);
        basesValid = Bits.of(b.basisCount());
        basisSince = new long[b.basisCount()];
        int attributes = b.attributeCount();
        attributeFlags = new boolean[attributes];
        attributeNumbers = new long[attributes];
        attributeValues = new int[attributes];
        attributePresent = new boolean[attributes];
        counterValues = new long[b.counterCount()];
        counterKnown = new boolean[b.counterCount()];
        exempted = Bits.of(b.maxRulesPerPack());
    }

    void addCategory(int index) {
        if (categoryCount == categories.length) {
            categories = java.util.Arrays.copyOf(categories, categoryCount * 2);
        }
        categories[categoryCount++] = index;
    }

    /** The value of a jurisdiction field. */
    int jurisdiction(Model.JField field) {
        return switch (field) {
            case ORIGIN -> origin;
            case DESTINATION -> destination;
            case RECIPIENT_JURISDICTION -> recipientJurisdiction;
        };
    }

    /** Whether basis {@code b} is valid; used when judging legal bases for remedies. */
    boolean hasBasis(int b) {
        return Bits.get(basesValid, b);
    }

    static long sinceDay(LegalBasis basis) {
        return basis.since() == null ? Long.MIN_VALUE : basis.since().toEpochDay();
    }
}
