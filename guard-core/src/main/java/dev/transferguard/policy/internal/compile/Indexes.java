package dev.transferguard.policy.internal.compile;

import dev.transferguard.policy.internal.check.Model;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

/**
 * The names a bundle declares, each given a position: the positions are what the compiled conditions test and
 * what a transfer's names are translated into. Positions follow the names' sorted order, so that they do not
 * depend on the order of declaration.
 */
final class Indexes {

    final NameIndex categoryIndex;
    /** For each category, the bit set of itself and its ancestors. */
    final long[][] categoryClosures;
    /**
     * For each category, the bit set of what a transfer naming it may contain or be part of: itself, its
     * ancestors and its descendants. A condition in a position where matching is the worse outcome reads this.
     */
    final long[][] categoryMayClosures;
    final NameIndex basisIndex;
    final String[] basisNames;
    final NameIndex kindIndex;
    final NameIndex transactionIndex;
    final NameIndex purposeIndex;
    final NameIndex attributeIndex;
    /** The same, by the key a transfer's {@code entity} map uses: the name without {@code entity.}. */
    final NameIndex attributeKeyIndex;
    final Model.Attribute[] attributes;
    final List<NameIndex> attributeValueIndex = new ArrayList<>();

    Indexes(Model.Vocabulary v) {
        List<String> categories = new ArrayList<>(new TreeSet<>(v.categoryParents().keySet()));
        categoryIndex = new NameIndex(categories);
        categoryClosures = new long[categories.size()][];
        for (int i = 0; i < categories.size(); i++) {
            long[] closure = Bits.of(categories.size());
            for (String c = categories.get(i); c != null; c = v.categoryParents().get(c)) {
                Bits.set(closure, categoryIndex.of(c));
            }
            categoryClosures[i] = closure;
        }
        categoryMayClosures = new long[categories.size()][];
        for (int i = 0; i < categories.size(); i++) {
            categoryMayClosures[i] = categoryClosures[i].clone();
        }
        // A category is in the may-closure of each of its ancestors: they may contain it.
        for (int i = 0; i < categories.size(); i++) {
            for (String c = v.categoryParents().get(categories.get(i)); c != null; c = v.categoryParents().get(c)) {
                Bits.set(categoryMayClosures[categoryIndex.of(c)], i);
            }
        }
        basisNames = new TreeSet<>(v.bases()).toArray(String[]::new);
        basisIndex = new NameIndex(List.of(basisNames));
        kindIndex = NameIndex.sorted(v.recipientKinds());
        transactionIndex = NameIndex.sorted(v.transactions());
        purposeIndex = NameIndex.sorted(v.purposes());
        attributes = v.attributes().values().stream().sorted((a, b) -> a.name().compareTo(b.name()))
                .toArray(Model.Attribute[]::new);
        attributeIndex = new NameIndex(Arrays.stream(attributes).map(Model.Attribute::name).toList());
        attributeKeyIndex = new NameIndex(Arrays.stream(attributes).map(Model.Attribute::key).toList());
        for (Model.Attribute a : attributes) {
            attributeValueIndex.add(NameIndex.sorted(a.values()));
        }
    }

    int categoryCount() {
        return categoryClosures.length;
    }

    int basisCount() {
        return basisNames.length;
    }

    int attributeCount() {
        return attributes.length;
    }
}
