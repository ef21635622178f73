package dev.transferguard.policy.internal.compile;

import dev.transferguard.policy.internal.check.Jurisdictions;
import dev.transferguard.policy.internal.check.Model;

/**
 * A compiled condition: tests bits and numbers of {@link Facts}, no strings, no allocation.
 *
 * <p>A test that may read a fact the transfer leaves out, or a category coarser than the one it names, is
 * compiled knowing its position: {@code worst} is whether holding is the worse outcome for the transfer there
 * (a deny or require rule, a scope, a counter counting; flipped under {@code not}). An unknown then resolves to
 * {@code worst}, which is the three-valued reading (true, false, unknown) with unknown taken at its worst, decided
 * once at load instead of on every transfer.
 */
abstract class Test {

    abstract boolean test(Facts f);

    /**
     * The origins for which this test can hold, as a bit set of jurisdiction indexes, or {@code null} when it
     * may hold whatever the origin. Only a test of the origin itself, and {@code and} and {@code or} of such
     * tests, narrow it: anything else is taken as able to hold anywhere.
     */
    long[] origins() {
        return null;
    }

    static final class Const extends Test {
        final boolean value;

        Const(boolean value) {
            this.value = value;
        }

        @Override
        boolean test(Facts f) {
            return value;
        }

        @Override
        long[] origins() {
            return value ? null : Bits.of(Jurisdictions.COUNT);
        }
    }

    static final class And extends Test {
        final Test[] parts;

        And(Test[] parts) {
            this.parts = parts;
        }

        @Override
        boolean test(Facts f) {
            for (Test t : parts) {
                if (!t.test(f)) {
                    return false;
                }
            }
            return true;
        }

        @Override
        long[] origins() {
            long[] narrowest = null;
            for (Test t : parts) {
                long[] o = t.origins();
                if (o != null) {
                    narrowest = narrowest == null ? o.clone() : Bits.and(narrowest, o);
                }
            }
            return narrowest;
        }
    }

    static final class Or extends Test {
        final Test[] parts;

        Or(Test[] parts) {
            this.parts = parts;
        }

        @Override
        boolean test(Facts f) {
            for (Test t : parts) {
                if (t.test(f)) {
                    return true;
                }
            }
            return false;
        }

        @Override
        long[] origins() {
            long[] all = Bits.of(Jurisdictions.COUNT);
            for (Test t : parts) {
                long[] o = t.origins();
                if (o == null) {
                    return null;
                }
                Bits.or(all, o);
            }
            return all;
        }
    }

    static final class Not extends Test {
        final Test part;

        Not(Test part) {
            this.part = part;
        }

        @Override
        boolean test(Facts f) {
            return !part.test(f);
        }
    }

    static final class JurisdictionIn extends Test {
        final Model.JField field;
        final long[] codes;

        JurisdictionIn(Model.JField field, long[] codes) {
            this.field = field;
            this.codes = codes;
        }

        @Override
        boolean test(Facts f) {
            return Bits.get(codes, f.jurisdiction(field));
        }

        @Override
        long[] origins() {
            return field == Model.JField.ORIGIN ? codes : null;
        }
    }

    static final class SameJurisdiction extends Test {
        final Model.JField left;
        final Model.JField right;

        SameJurisdiction(Model.JField left, Model.JField right) {
            this.left = left;
            this.right = right;
        }

        @Override
        boolean test(Facts f) {
            return f.jurisdiction(left) == f.jurisdiction(right);
        }
    }

    /**
     * An enumerated field. A recipient kind, transaction, purpose or attribute the transfer leaves out is
     * unknown; a purpose the policies do not declare is in no set.
     */
    static final class ValueIn extends Test {
        final Model.VField field;
        final int attribute;
        final long[] values;
        final boolean worst;

        ValueIn(Model.VField field, int attribute, long[] values, boolean worst) {
            this.field = field;
            this.attribute = attribute;
            this.values = values;
            this.worst = worst;
        }

        @Override
        boolean test(Facts f) {
            int v = switch (field) {
                case ACTION -> f.action;
                case RECIPIENT_KIND -> f.recipientKind;
                case TRANSACTION -> f.transaction;
                case PURPOSE -> f.purpose;
                case ATTRIBUTE -> f.attributePresent[attribute] ? f.attributeValues[attribute] : -1;
            };
            // -1 is a field left out, -2 a value known to be in no set.
            return v == -1 ? worst : Bits.get(values, v);
        }
    }

    /** Some category is at or below one of the set; where matching is worse, also above one (it may contain it). */
    static final class AnyCategory extends Test {
        final long[] categories;
        final boolean worst;

        AnyCategory(long[] categories, boolean worst) {
            this.categories = categories;
            this.worst = worst;
        }

        @Override
        boolean test(Facts f) {
            return Bits.intersects(f.categoryClosure(worst), categories);
        }
    }

    /** Every category is at or below one of the set; {@code closures} are the may-closures where matching is worse. */
    static final class EveryCategory extends Test {
        final long[] categories;
        final long[][] closures;

        EveryCategory(long[] categories, long[][] closures) {
            this.categories = categories;
            this.closures = closures;
        }

        @Override
        boolean test(Facts f) {
            for (int i = 0; i < f.categoryCount; i++) {
                if (!Bits.intersects(closures[f.categories[i]], categories)) {
                    return false;
                }
            }
            return true;
        }
    }

    /** Some or every residence or citizenship is in the set; unknown when the transfer does not say. */
    static final class People extends Test {
        final boolean every;
        final boolean residence;
        final long[] codes;
        final boolean worst;

        People(boolean every, boolean residence, long[] codes, boolean worst) {
            this.every = every;
            this.residence = residence;
            this.codes = codes;
            this.worst = worst;
        }

        @Override
        boolean test(Facts f) {
            if (residence ? f.residenceUnknown : f.citizenshipUnknown) {
                return worst;
            }
            long[] people = residence ? f.residence : f.citizenship;
            return every ? Bits.subsetOf(people, codes) : Bits.intersects(people, codes);
        }
    }

    /** {@code subjects.count}; a transfer that does not say may be about any number of people. */
    static final class SubjectsCount extends Test {
        final Model.Cmp op;
        final long value;
        final boolean worst;

        SubjectsCount(Model.Cmp op, long value, boolean worst) {
            this.op = op;
            this.value = value;
            this.worst = worst;
        }

        @Override
        boolean test(Facts f) {
            return f.countKnown ? op.test(f.subjectsCount, value) : worst;
        }
    }

    /** A number attribute; one the transfer leaves out may be any number. */
    static final class AttributeNumber extends Test {
        final int attribute;
        final Model.Cmp op;
        final long value;
        final boolean worst;

        AttributeNumber(int attribute, Model.Cmp op, long value, boolean worst) {
            this.attribute = attribute;
            this.op = op;
            this.value = value;
            this.worst = worst;
        }

        @Override
        boolean test(Facts f) {
            return f.attributePresent[attribute] ? op.test(f.attributeNumbers[attribute], value) : worst;
        }
    }

    /** {@code recipient.coveredPerson}; a transfer that does not say may go to a covered person. */
    static final class CoveredPerson extends Test {
        final boolean worst;

        CoveredPerson(boolean worst) {
            this.worst = worst;
        }

        @Override
        boolean test(Facts f) {
            return f.coveredPersonKnown ? f.coveredPerson : worst;
        }
    }

    /** A boolean attribute; one the transfer leaves out may be yes or no. */
    static final class AttributeFlag extends Test {
        final int attribute;
        final boolean worst;

        AttributeFlag(int attribute, boolean worst) {
            this.attribute = attribute;
            this.worst = worst;
        }

        @Override
        boolean test(Facts f) {
            return f.attributePresent[attribute] ? f.attributeFlags[attribute] : worst;
        }
    }

    static final class HasBasis extends Test {
        final int basis;

        HasBasis(int basis) {
            this.basis = basis;
        }

        @Override
        boolean test(Facts f) {
            return Bits.get(f.basesValid, basis);
        }
    }

    /**
     * Days since a valid basis's start; false when the basis is missing or invalid, unknown when it is on file
     * without a start.
     */
    static final class Since extends Test {
        final boolean workingDays;
        final WorkingCalendar calendar;
        final int basis;
        final Model.Cmp op;
        final long value;
        final boolean worst;

        Since(boolean workingDays, WorkingCalendar calendar, int basis, Model.Cmp op, long value, boolean worst) {
            this.workingDays = workingDays;
            this.calendar = calendar;
            this.basis = basis;
            this.op = op;
            this.value = value;
            this.worst = worst;
        }

        @Override
        boolean test(Facts f) {
            if (!Bits.get(f.basesValid, basis)) {
                return false;
            }
            if (f.basisSince[basis] == Long.MIN_VALUE) {
                return worst;
            }
            long since = f.basisSince[basis];
            if (calendar != null) {
                // A valid basis started on or before the transfer's date, so the period is never reversed.
                boolean fewest = op.test(calendar.atLeast(since, f.epochDay), value);
                boolean most = op.test(calendar.atMost(since, f.epochDay), value);
                return fewest == most ? fewest : worst;
            }
            long days = workingDays ? Dates.workingDaysAfter(since, f.epochDay) : f.epochDay - since;
            return op.test(days, value);
        }
    }

    static final class DateCmp extends Test {
        final Model.Cmp op;
        final long epochDay;

        DateCmp(Model.Cmp op, long epochDay) {
            this.op = op;
            this.epochDay = epochDay;
        }

        @Override
        boolean test(Facts f) {
            return op.test(f.epochDay, epochDay);
        }
    }

    /**
     * A counter's value. It is always known: a transfer the counter may count is counted, and one it may count
     * that does not say how many people it is about is refused when read.
     */
    static final class Count extends Test {
        final CompiledCounter counter;
        final Model.Cmp op;
        final long value;

        Count(CompiledCounter counter, Model.Cmp op, long value) {
            this.counter = counter;
            this.op = op;
            this.value = value;
        }

        @Override
        boolean test(Facts f) {
            return op.test(counter.value(f), value);
        }
    }
}
