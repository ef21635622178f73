package dev.transferguard.policy.internal.compile;

import dev.transferguard.policy.internal.check.Model;

/**
 * A compiled condition: tests bits and numbers of {@link Facts}, no strings, no allocation.
 */
abstract class Test {

    abstract boolean test(Facts f);

    static final class Const extends Test {
        final boolean value;

        Const(boolean value) {
            this.value = value;
        }

        @Override
        boolean test(Facts f) {
            return value;
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

    /** An enumerated field; {@code -1} (absent) is in no set. */
    static final class ValueIn extends Test {
        final Model.VField field;
        final int attribute;
        final long[] values;

        ValueIn(Model.VField field, int attribute, long[] values) {
            this.field = field;
            this.attribute = attribute;
            this.values = values;
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
            return Bits.get(values, v);
        }
    }

    static final class AnyCategory extends Test {
        final long[] categories;

        AnyCategory(long[] categories) {
            this.categories = categories;
        }

        @Override
        boolean test(Facts f) {
            return Bits.intersects(f.categoryClosure, categories);
        }
    }

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

    static final class People extends Test {
        final boolean every;
        final boolean residence;
        final long[] codes;

        People(boolean every, boolean residence, long[] codes) {
            this.every = every;
            this.residence = residence;
            this.codes = codes;
        }

        @Override
        boolean test(Facts f) {
            long[] people = residence ? f.residence : f.citizenship;
            return every ? Bits.subsetOf(people, codes) : Bits.intersects(people, codes);
        }
    }

    static final class SubjectsCount extends Test {
        final Model.Cmp op;
        final long value;

        SubjectsCount(Model.Cmp op, long value) {
            this.op = op;
            this.value = value;
        }

        @Override
        boolean test(Facts f) {
            return op.test(f.subjectsCount, value);
        }
    }

    /** A number attribute; an absent attribute is 0. */
    static final class AttributeNumber extends Test {
        final int attribute;
        final Model.Cmp op;
        final long value;

        AttributeNumber(int attribute, Model.Cmp op, long value) {
            this.attribute = attribute;
            this.op = op;
            this.value = value;
        }

        @Override
        boolean test(Facts f) {
            return op.test(f.attributeNumbers[attribute], value);
        }
    }

    static final class CoveredPerson extends Test {
        @Override
        boolean test(Facts f) {
            return f.coveredPerson;
        }
    }

    /** A boolean attribute; an absent attribute is false. */
    static final class AttributeFlag extends Test {
        final int attribute;

        AttributeFlag(int attribute) {
            this.attribute = attribute;
        }

        @Override
        boolean test(Facts f) {
            return f.attributeFlags[attribute];
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

    /** Days since a valid basis's start; false when the basis is missing, invalid or has no start. */
    static final class Since extends Test {
        final boolean workingDays;
        final int basis;
        final Model.Cmp op;
        final long value;

        Since(boolean workingDays, int basis, Model.Cmp op, long value) {
            this.workingDays = workingDays;
            this.basis = basis;
            this.op = op;
            this.value = value;
        }

        @Override
        boolean test(Facts f) {
            if (!Bits.get(f.basesValid, basis) || f.basisSince[basis] == Long.MIN_VALUE) {
                return false;
            }
            long since = f.basisSince[basis];
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
