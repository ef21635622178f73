package dev.transferguard.examples.crm;

import dev.transferguard.annotation.PersonalData;
import dev.transferguard.annotation.SubjectId;
import dev.transferguard.annotation.SubjectResidence;

/**
 * A customer record as the CRM holds and exports it. The annotations say which fields are personal data and
 * of what category, which field identifies the person, and where the person lives; the loyalty tier is not
 * personal data on its own and is not annotated.
 *
 * @param id          the customer number
 * @param name        the customer's name
 * @param email       the customer's e-mail address
 * @param country     where the customer lives, ISO 3166-1 alpha-2
 * @param loyaltyTier the customer's loyalty tier
 */
public record Customer(
        @SubjectId String id,
        @PersonalData(category = "personal.identity") String name,
        @PersonalData(category = "personal.contact") String email,
        @SubjectResidence String country,
        String loyaltyTier) {
}
