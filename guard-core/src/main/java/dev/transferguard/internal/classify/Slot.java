package dev.transferguard.internal.classify;

import java.lang.reflect.Type;

/**
 * One member the classifier reads: what its annotations make of it, and whether its value is worth looking
 * into for more.
 *
 * @param name        {@code Class.member} for messages; never a value
 * @param type        the declared type, for planning the classes it may hold
 * @param accessor    reads the value
 * @param categories  the {@code @PersonalData} categories, or {@code null} when not personal data
 * @param subjectId   whether the member is the {@code @SubjectId}
 * @param residence   whether the member is a {@code @SubjectResidence}
 * @param citizenship whether the member is a {@code @SubjectCitizenship}
 * @param walk        whether the value may hold annotated data to look into
 */
record Slot(String name, Type type, Accessor accessor, String[] categories, boolean subjectId, boolean residence,
        boolean citizenship, boolean walk) {

    /**
     * Whether any annotation of the classifier is on the member.
     *
     * @return {@code true} if annotated
     */
    boolean annotated() {
        return categories != null || subjectId || residence || citizenship;
    }
}
