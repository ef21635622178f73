/**
 * Annotations that tell a guard which methods send data abroad and which values in their arguments are
 * personal data: {@link dev.transferguard.annotation.GuardedTransfer} on methods,
 * {@link dev.transferguard.annotation.PersonalData}, {@link dev.transferguard.annotation.SubjectId},
 * {@link dev.transferguard.annotation.SubjectResidence} and
 * {@link dev.transferguard.annotation.SubjectCitizenship} on the data classes, and
 * {@link dev.transferguard.annotation.Destination} on a parameter that says where the data goes.
 */
package dev.transferguard.annotation;
