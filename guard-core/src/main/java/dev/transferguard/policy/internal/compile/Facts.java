package dev.transferguard.policy.internal.compile;

import dev.transferguard.Action;
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
    /** Every category of the transfer and all their ancestors; made on first use, see {@link #categoryClosure}. */
    private final long[] categoryClosure;
    /** Every category of the transfer, their ancestors and their descendants: what the transfer may contain. */
    private final long[] categoryMayClosure;
    /** Whether the two closures are those of {@link #categories}. */
    private boolean closuresMade;
    /** The program's closures of each category, which the transfer's are made from. */
    private final long[][] closuresByCategory;
    private final long[][] mayClosuresByCategory;

    final long[] residence;
    final long[] citizenship;
    boolean residenceEmpty;
    boolean citizenshipEmpty;
    /** The transfer does not say where its subjects reside. */
    boolean residenceUnknown;
    /** The transfer says neither where its subjects reside nor what citizenship they hold. */
    boolean citizenshipUnknown;

    /**
     * The jurisdiction limits of bases whose codes were all found known lately, by identity. A basis's limits
     * are an immutable set made by its constructor, and the bases on file are the same objects from one
     * transfer to the next, so each set is checked once rather than walked on every decision.
     */
    private final Object[] checkedLimits = new Object[8];
    private int nextCheckedLimits;

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
    /** For each counter read, whether it counted the transfer itself (its filter held). */
    private final boolean[] counterCounted;
    /** The counters read for this decision, in the order they were first read; the first {@link #readCount}. */
    private final int[] readOrder;
    private int readCount;
    /** The program's counters, whose steps say which band of a value {@link #shape} writes. */
    private final CompiledCounter[] counterDefinitions;
    /** What {@link #shapeCapacity} adds to the categories' length: the rest of the layout is fixed. */
    private final int shapeCapacityBesideCategories;
    /**
     * Whether the recipient kind, transaction and purpose each fit {@link #NAME_BITS} bits in a shape, so that
     * the three share one number: true of any program but one that declares a million names of one kind.
     */
    private final boolean namesPacked;
    CounterStore counters;

    /**
     * Bits of a shape number that hold one jurisdiction's index, offset by 1 so that no value is negative, or an
     * action; both fit with room to spare.
     */
    private static final int CODE_BITS = 10;
    /** Bits of a shape number that hold one name's index, offset by 2 (a purpose may be -2). */
    private static final int NAME_BITS = 21;

    static {
        if (Jurisdictions.COUNT + 1 >= 1 << CODE_BITS || Action.values().length > 1 << CODE_BITS) {
            throw new ExceptionInInitializerError("a shape's number cannot hold every jurisdiction or action");
        }
    }

    Facts(Indexes names, CompiledCounter[] counterDefinitions) {
        int counterCount = counterDefinitions.length;
        this.counterDefinitions = counterDefinitions;
        categories = new int[8];
        categoryClosure = Bits.of(names.categoryCount());
        categoryMayClosure = Bits.of(names.categoryCount());
        closuresByCategory = names.categoryClosures;
        mayClosuresByCategory = names.categoryMayClosures;
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
        counterCounted = new boolean[counterCount];
        readOrder = new int[counterCount];
        int mostNames = Math.max(names.kindIndex.size(), Math.max(names.transactionIndex.size(),
                names.purposeIndex.size()));
        namesPacked = mostNames + 2 < 1 << NAME_BITS;
        shapeCapacityBesideCategories = 16 + 4 * (categoryClosure.length + residence.length) + basesValid.length
                + 2 * basisSince.length + 4 * attributeFlags.length + 2 * counterValues.length;
    }

    /**
     * Keeps a counter's value for the rest of the decision, whether it counted the transfer, and the order in
     * which counters were read.
     */
    void counterRead(int counter, long value, boolean counted) {
        counterValues[counter] = value;
        counterKnown[counter] = true;
        counterCounted[counter] = counted;
        readOrder[readCount++] = counter;
    }

    /**
     * Whether a counter read for this decision counted the transfer itself: its filter held. The same facts,
     * with the counters read before it in the same bands, give the same answer, so a decision kept for them
     * can tell a later read without testing the filter again.
     *
     * @param counter the index of a counter read for this decision
     * @return whether its value includes the transfer's own people
     */
    public boolean counterCounted(int counter) {
        return counterCounted[counter];
    }

    /** What reading a counter for the transfer needs, and no counter read yet. */
    void readForLookup(Transfer t, CounterStore store) {
        transfer = t;
        counters = store;
        subjectsCount = t.subjects().count();
        countKnown = subjectsCount > 0;
        epochDay = t.date().toEpochDay();
        forgetCounters();
    }

    /** Forgets the counters read for the last transfer: the next decision reads its own. */
    void forgetCounters() {
        for (int i = 0; i < readCount; i++) {
            counterKnown[readOrder[i]] = false;
        }
        readCount = 0;
    }

    /** Forgets the categories of the last transfer. */
    void clearCategories() {
        categoryCount = 0;
        closuresMade = false;
    }

    void addCategory(int index) {
        if (categoryCount == categories.length) {
            categories = java.util.Arrays.copyOf(categories, categoryCount * 2);
        }
        categories[categoryCount++] = index;
    }

    /**
     * The transfer's categories with all their ancestors or, where matching is the worse outcome, also their
     * descendants (what the transfer may contain). Made on first use: a decision kept for the same facts is
     * found without them.
     *
     * @param worst whether to include the descendants
     * @return the bit set; the facts' own, not to be changed
     */
    long[] categoryClosure(boolean worst) {
        if (!closuresMade) {
            Bits.clear(categoryClosure);
            Bits.clear(categoryMayClosure);
            for (int i = 0; i < categoryCount; i++) {
                Bits.or(categoryClosure, closuresByCategory[categories[i]]);
                Bits.or(categoryMayClosure, mayClosuresByCategory[categories[i]]);
            }
            closuresMade = true;
        }
        return worst ? categoryMayClosure : categoryClosure;
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

    /**
     * The most numbers {@link #shape} writes for this program's facts.
     *
     * @return the length a shape buffer needs
     */
    public int shapeCapacity() {
        return shapeCapacityBesideCategories + categories.length;
    }

    /**
     * Everything a decision on these facts reads, as numbers: two facts with equal shapes get the same decision
     * and the same remedies. Counters count only where known (read by the decision so far), each by its band (see
     * {@link CompiledCounter#band}), since every comparison of a counter answers alike within a band; the
     * transfer itself and the counter store are left out, since the rules read them only through the counters.
     *
     * @param out receives the shape, at least {@link #shapeCapacity()} long
     * @return how many numbers were written
     */
    public int shape(long[] out) {
        int n = 0;
        // Small numbers share a number: a shorter shape is quicker to hash and compare, on every decision.
        out[n++] = (origin + 1L) | (destination + 1L) << CODE_BITS | (recipientJurisdiction + 1L) << 2 * CODE_BITS
                | (long) action << 3 * CODE_BITS
                | (long) ((coveredPerson ? 1 : 0) | (coveredPersonKnown ? 2 : 0) | (countKnown ? 4 : 0)
                        | (residenceEmpty ? 8 : 0) | (citizenshipEmpty ? 16 : 0) | (residenceUnknown ? 32 : 0)
                        | (citizenshipUnknown ? 64 : 0) | (attributesSet ? 128 : 0)) << 4 * CODE_BITS;
        if (namesPacked) {
            out[n++] = (recipientKind + 2L) | (transaction + 2L) << NAME_BITS | (purpose + 2L) << 2 * NAME_BITS;
        } else {
            out[n++] = recipientKind;
            out[n++] = transaction;
            out[n++] = purpose;
        }
        out[n++] = subjectsCount;
        out[n++] = epochDay;
        out[n++] = categoryCount;
        for (int i = 0; i < categoryCount; i++) {
            out[n++] = categories[i];
        }
        // The categories' closures are left out: the categories, in the program's fixed hierarchy, make them.
        // An empty set of codes, which the flags above say, is all clear: its words are left out.
        if (!residenceEmpty) {
            n = copy(residence, out, n);
        }
        if (!citizenshipEmpty) {
            n = copy(citizenship, out, n);
        }
        n = copy(basesValid, out, n);
        // The valid bases' days only, each after its index: the others' are left over from earlier transfers.
        for (int w = 0; w < basesValid.length; w++) {
            for (long bits = basesValid[w]; bits != 0; bits &= bits - 1) {
                int b = w * 64 + Long.numberOfTrailingZeros(bits);
                out[n++] = b;
                out[n++] = basisSince[b];
            }
        }
        // Each list after its length, so that where the attributes end and the counters begin is never in doubt.
        int attributesAt = n++;
        if (attributesSet) {
            for (int a = 0; a < attributeFlags.length; a++) {
                if (attributePresent[a]) {
                    out[n++] = a;
                    out[n++] = attributeFlags[a] ? 1 : 0;
                    out[n++] = attributeNumbers[a];
                    out[n++] = attributeValues[a];
                }
            }
        }
        out[attributesAt] = n - attributesAt - 1;
        int countersAt = n++;
        // Taken before any counter is read, as a kept decision is looked up, a shape has none to look for.
        for (int c = 0; readCount > 0 && c < counterValues.length; c++) {
            if (counterKnown[c]) {
                out[n++] = c;
                out[n++] = counterDefinitions[c].band(counterValues[c]);
            }
        }
        out[countersAt] = n - countersAt - 1;
        return n;
    }

    /**
     * How many counters the decision has read so far.
     *
     * @return the number of known counter values
     */
    public int countersRead() {
        return readCount;
    }

    /**
     * Which counter the decision read {@code i}-th: the order in which evaluation, a deterministic walk of the
     * rules, came to need them.
     *
     * @param i from 0 to {@link #countersRead()} exclusive
     * @return the counter's index in the program
     */
    public int counterReadAt(int i) {
        return readOrder[i];
    }

    private static int copy(long[] from, long[] to, int at) {
        System.arraycopy(from, 0, to, at, from.length);
        return at + from.length;
    }

    /** @return whether these limits were found to name only known jurisdictions before */
    boolean limitsChecked(Object limits) {
        for (Object checked : checkedLimits) {
            if (checked == limits) {
                return true;
            }
        }
        return false;
    }

    /** Notes limits found to name only known jurisdictions; the oldest noted gives way. */
    void limitsCheckedNow(Object limits) {
        checkedLimits[nextCheckedLimits] = limits;
        nextCheckedLimits = (nextCheckedLimits + 1) & (checkedLimits.length - 1);
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
