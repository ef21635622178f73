package dev.transferguard.policy.internal.compile;

import dev.transferguard.InvalidTransferException;
import dev.transferguard.LegalBasis;
import dev.transferguard.Transfer;
import dev.transferguard.counters.CounterStore;
import dev.transferguard.policy.internal.check.Jurisdictions;
import dev.transferguard.policy.internal.check.Model;
import dev.transferguard.policy.internal.syntax.Names;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks a transfer's names against one program's and translates the transfer into {@link Facts}. Deciding and
 * validating both come through here, so that a name is refused with the same message either way.
 */
final class TransferReader {

    private final Indexes names;

    TransferReader(Indexes names) {
        this.names = names;
    }

    /**
     * Fills {@code f} with the transfer's facts.
     *
     * @param forgetCounters whether to forget the counters read so far: those of the last transfer, unless they
     *                       were read for this one already (by a lookup among the decisions kept for it)
     * @throws InvalidTransferException naming the first unknown name and the field it is in
     */
    void read(Transfer t, CounterStore store, Facts f, boolean forgetCounters) {
        f.transfer = t;
        f.counters = store;
        f.origin = jurisdiction(t.origin(), "origin");
        f.destination = jurisdiction(t.destination(), "destination");
        f.recipientJurisdiction = jurisdiction(t.recipientJurisdiction(),
                t.recipient().jurisdiction() == null ? "destination" : "recipient.jurisdiction");
        f.action = t.action().ordinal();
        f.recipientKind = lookup(t.recipient().kind(), names.kindIndex, "recipient kind", "recipient.kind");
        f.transaction = lookup(t.transaction(), names.transactionIndex, "transaction", "transaction");
        // Purposes are open: only those the policies declare have legal weight, others are simply unmatched
        // (-2); a purpose left out is unknown (-1).
        int purpose = names.purposeIndex.of(t.purpose());
        f.purpose = purpose < 0 && t.purpose() != null ? -2 : purpose;
        Boolean covered = t.recipient().coveredPerson();
        f.coveredPersonKnown = covered != null;
        f.coveredPerson = covered != null && covered;
        f.subjectsCount = t.subjects().count();
        f.countKnown = f.subjectsCount > 0;
        f.epochDay = t.date().toEpochDay();

        f.clearCategories();
        List<String> categories = t.categories();
        for (int i = 0; i < categories.size(); i++) {
            int c = names.categoryIndex.of(categories.get(i));
            if (c < 0) {
                throw unknown("category", categories.get(i), names.categoryIndex.names(), "categories[" + i + "]");
            }
            f.addCategory(c);
        }
        boolean residenceClear = f.residenceEmpty;
        boolean citizenshipClear = f.citizenshipEmpty;
        // Not known to be clear until translated: an unknown code stops the translation with some bits set.
        f.residenceEmpty = false;
        f.citizenshipEmpty = false;
        f.residenceEmpty = people(t.subjects().residence(), f.residence, residenceClear, "subjects.residence");
        f.citizenshipEmpty = people(t.subjects().citizenship(), f.citizenship, citizenshipClear,
                "subjects.citizenship");
        // Where the subjects live is asked of every transfer; their citizenship only tells them apart further, so a
        // transfer that says where they live and no more is about no foreign citizens (docs/policy-language.md).
        f.residenceUnknown = f.residenceEmpty;
        f.citizenshipUnknown = f.residenceEmpty && f.citizenshipEmpty;

        Bits.clear(f.basesValid);
        List<LegalBasis> bases = t.bases();
        for (int i = 0; i < bases.size(); i++) {
            LegalBasis b = bases.get(i);
            int index = names.basisIndex.of(b.name());
            if (index < 0) {
                throw unknown("legal basis", b.name(), names.basisIndex.names(), "bases[" + i + "]");
            }
            Set<String> limits = b.jurisdictions();
            if (!limits.isEmpty() && !f.limitsChecked(limits)) {
                for (String code : limits) {
                    jurisdiction(code, "bases[" + i + "].jurisdictions");
                }
                f.limitsCheckedNow(limits);
            }
            if (b.coversTransfer(t)) {
                long since = Facts.sinceDay(b);
                // Listed more than once: in force since the earliest start given.
                if (!Bits.get(f.basesValid, index) || f.basisSince[index] == Long.MIN_VALUE
                        || (since != Long.MIN_VALUE && since < f.basisSince[index])) {
                    f.basisSince[index] = since;
                }
                Bits.set(f.basesValid, index);
            }
        }
        attributes(t, f);
        if (forgetCounters) {
            f.forgetCounters();
        }
    }

    private void attributes(Transfer t, Facts f) {
        if (f.attributesSet) {
            Arrays.fill(f.attributePresent, false);
            Arrays.fill(f.attributeFlags, false);
            Arrays.fill(f.attributeNumbers, 0L);
            f.attributesSet = false;
        }
        if (t.entity().isEmpty()) {
            return;
        }
        f.attributesSet = true;
        for (Map.Entry<String, Object> e : t.entity().entrySet()) {
            int a = names.attributeKeyIndex.of(e.getKey());
            if (a < 0) {
                String name = "entity." + e.getKey();
                throw unknown("attribute", name, names.attributeIndex.names(), name);
            }
            Model.Attribute attribute = names.attributes[a];
            String name = attribute.name();
            Object value = e.getValue();
            f.attributePresent[a] = true;
            switch (attribute.type()) {
                case BOOLEAN -> {
                    if (!(value instanceof Boolean flag)) {
                        throw new InvalidTransferException(name + " must be true or false", name);
                    }
                    f.attributeFlags[a] = flag;
                }
                case NUMBER -> {
                    if (!(value instanceof Long n)) {
                        throw new InvalidTransferException(name + " must be a whole number", name);
                    }
                    f.attributeNumbers[a] = n;
                }
                case ENUM -> {
                    int v = value instanceof String s ? names.attributeValueIndex.get(a).of(s) : -1;
                    if (v < 0) {
                        throw unknown("value of " + name, String.valueOf(value), attribute.values(), name);
                    }
                    f.attributeValues[a] = v;
                }
            }
        }
    }

    private static int jurisdiction(String code, String field) {
        int index = Jurisdictions.index(code);
        if (index < 0) {
            throw unknown("jurisdiction", code, Jurisdictions.all(), field);
        }
        return index;
    }

    /** Sets the bits of the codes; {@code into} holds the last transfer's, already clear if that had none. */
    private static boolean people(List<String> codes, long[] into, boolean alreadyClear, String field) {
        if (!alreadyClear) {
            Bits.clear(into);
        }
        for (int i = 0; i < codes.size(); i++) {
            int index = Jurisdictions.index(codes.get(i));
            if (index < 0) {
                throw unknown("jurisdiction", codes.get(i), Jurisdictions.all(), field + "[" + i + "]");
            }
            Bits.set(into, index);
        }
        return codes.isEmpty();
    }

    private static int lookup(String name, NameIndex index, String what, String field) {
        if (name == null) {
            return -1;
        }
        int i = index.of(name);
        if (i < 0) {
            throw unknown(what, name, index.names(), field);
        }
        return i;
    }

    private static InvalidTransferException unknown(String what, String name, Collection<String> known,
            String field) {
        String close = Names.closest(name, known);
        String shown = name.length() > 60 ? name.substring(0, 57) + "..." : name;
        return new InvalidTransferException("unknown " + what + " '" + shown + "' in " + field
                + (close == null ? "" : "; did you mean '" + close + "'?"), field);
    }
}
