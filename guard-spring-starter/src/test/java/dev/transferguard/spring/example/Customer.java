package dev.transferguard.spring.example;

import dev.transferguard.annotation.PersonalData;
import dev.transferguard.annotation.SubjectId;
import dev.transferguard.annotation.SubjectResidence;

/** A customer record as a CRM holds it: the fields that are personal data say so. */
public record Customer(
        @SubjectId String id,
        @PersonalData(category = "personal.identity") String name,
        @PersonalData(category = "personal.contact") String email,
        @SubjectResidence String residence) {
}
