package dev.transferguard.policy.internal.compile;

import dev.transferguard.LegalBasis;
import dev.transferguard.Transfer;
import dev.transferguard.counters.CounterStore;
import dev.transferguard.policy.internal.check.Jurisdictions;
import dev.transferguard.policy.internal.check.Model;

/**
 * A transfer translated into the indexes and bit sets of one {@link Program}, so that conditions test bits
 * instead of comparing strings. One instance per thread is reused from call to call.
 *
 * <p>It lives with the program rather than with the evaluator because the compiled conditions read it: its
 * layout is the program's. The evaluator and the remedy search reach it only through the methods below.
 */
public final class Facts {

    Transfer transfer;
    int origin;
    int destination;
    int recipientJurisdiction;
    int action;
    int recipientKind;
    int transaction;
    /** -1 when the transfer names none, -2 when it names one the policies do not declare. */
    int purpose;
    boolean coveredPerson;
    /** Whether the transfer says whether its recipient is a covered person. */
    boolean coveredPersonKnown;
    /** How many people; meaningful only when {@link #countKnown}. */
    long subjectsCount;
    /** A count of 0 is what a transfer that does not say how many people carries: not known. */
    boolean countKnown;
    long epochDay;

    /** Indexes of the transfer's categories. */
    int[] categories;
    int categoryCount;
    /** Every category of the transfer and all their ancestors. */
    final long[] categoryClosure;
    /** Every category of the transfer, their ancestors and their descendants: what the transfer may contain. */
    final long[] categoryMayClosure;

    final long[] residence;
    final long[] citizenship;
    boolean residenceEmpty;
    boolean citizenshipEmpty;
    /** The transfer does not say where its subjects reside. */
    boolean residenceUnknown;
    /** The transfer says neither where its subjects reside nor what citizenship they hold. */
    boolean citizenshipUnknown;

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

    /** Counter values for this decision, computed on first use. */
    final long[] counterValues;
    final boolean[] counterKnown;
    CounterStore counters;

    Facts(Indexes names, int counterCount) {
        categories = new int[8];
        categoryClosure = Bits.of(names.categoryCount());
        categoryMayClosure = Bits.of(names.categoryCount());
        residence = Bits.of(Jurisdictions.COUNT);
        citizenship = Bits.of(Jurisdictions.COUNT);
        basesValid = Bits.of(names.basisCount());
        basisSince = new long[names.basisCount()];
        int attributes = names.attributeCount();
        attributeFlags = new boolean[attributes];
        attributeNumbers = new long[attributes];
        attributeValues = new int[attributes];
        attributePresent = new boolean[attributes];
        counterValues = new long[counterCount];
        counterKnown = new boolean[counterCount];
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

    /**
     * Whether a legal basis is on file and valid on the transfer's date.
     *
     * @param b the basis's index in the program
     * @return {@code true} if it is
     */
    public boolean hasBasis(int b) {
        return Bits.get(basesValid, b);
    }

    /**
     * Copies the valid bases and their start days out, so that a trial that adds bases can be undone.
     *
     * @param valid receives the bit set of valid bases, {@code Bits.of(basisCount)} long
     * @param since receives each basis's start day, {@code basisCount} long
     */
    public void saveBases(long[] valid, long[] since) {
        System.arraycopy(basesValid, 0, valid, 0, valid.length);
        System.arraycopy(basisSince, 0, since, 0, since.length);
    }

    /**
     * Puts back bases saved by {@link #saveBases}.
     *
     * @param valid the saved bit set of valid bases
     * @param since the saved start days
     */
    public void restoreBases(long[] valid, long[] since) {
        System.arraycopy(valid, 0, basesValid, 0, valid.length);
        System.arraycopy(since, 0, basisSince, 0, since.length);
    }

    /**
     * Adds a basis as if it were on file from the transfer's date on: a remedy's trial.
     *
     * @param b the basis's index in the program
     */
    public void grantBasis(int b) {
        Bits.set(basesValid, b);
        basisSince[b] = epochDay;
    }

    /** Drops the references to the last transfer and counter store, so that the thread does not keep them. */
    public void release() {
        transfer = null;
        counters = null;
    }

    static long sinceDay(LegalBasis basis) {
        return basis.since() == null ? Long.MIN_VALUE : basis.since().toEpochDay();
    }
}
