package dev.transferguard.postgres;

import dev.transferguard.Recipient;
import dev.transferguard.Subjects;
import dev.transferguard.Transfer;
import dev.transferguard.policy.PolicyBundle;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/** A pack that denies exports from CN above 50 people a year, and one per counterparty over 12 months. */
final class Packs {

    static final int LIMIT = 50;

    static final String VOCABULARY = """
            bundle default allow
            category personal "people"
            recipient-kind commercial "a company"
            """;

    static final String PACK = """
            policy p "bulk"
              version 1
              applies when origin in [CN]
              default allow
            counter people = distinct subjects of personal
              per calendar-year
            counter partners = distinct subjects of personal
              per 12 months per counterparty
            rule bulk
              deny when count(people) > 50
              because "no more than 50 people a year"
            rule partner
              deny when count(partners) > 30
              because "no more than 30 people a year to one counterparty"
            """;

    private Packs() {
    }

    static PolicyBundle bundle() {
        return PolicyBundle.of(Map.of("vocabulary.guard", VOCABULARY, "p.guard", PACK));
    }

    /** The pack with other limits: {@code people} a year, {@code partners} to one counterparty. */
    static PolicyBundle bundle(long people, long partners) {
        return PolicyBundle.of(Map.of("vocabulary.guard", VOCABULARY, "p.guard",
                PACK.replace("> 50", "> " + people).replace("> 30", "> " + partners)));
    }

    /** The pack's files, for a command or a child JVM that reads a directory. */
    static Map<String, String> files() {
        return Map.of("vocabulary.guard", VOCABULARY, "p.guard", PACK);
    }

    /** An export of the people with these ids (and {@code anonymous} more without) to a recipient. */
    static Transfer export(LocalDate day, String recipient, long anonymous, String... ids) {
        return Transfer.builder().date(day).origin("CN").destination("SG").categories("personal")
                .subjects(new Subjects(List.of("CN"), List.of(), ids.length + anonymous, List.of(ids)))
                .recipient(new Recipient(recipient, "commercial", "SG", false)).build();
    }
}
