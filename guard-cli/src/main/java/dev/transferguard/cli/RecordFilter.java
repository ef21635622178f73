package dev.transferguard.cli;

import dev.transferguard.Decision;
import dev.transferguard.GuardException;
import dev.transferguard.Outcome;
import dev.transferguard.Reason;
import dev.transferguard.Requirement;
import dev.transferguard.audit.AuditRecord;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import picocli.CommandLine.Option;

/** The filters {@code guard audit show}, {@code stats} and {@code report} share. */
final class RecordFilter {

    @Option(names = "--decision", paramLabel = "ALLOW|DENY", description = "Only allowed or only denied decisions.")
    String decision;

    @Option(names = "--pack", paramLabel = "PACK", description = "Only decisions a rule of this pack took part in.")
    String pack;

    @Option(names = "--rule", paramLabel = "RULE", description = "Only decisions this rule took part in (RULE or "
            + "PACK/RULE).")
    String rule;

    @Option(names = "--origin", paramLabel = "CODE", description = "Only transfers from this jurisdiction.")
    String origin;

    @Option(names = "--destination", paramLabel = "CODE", description = "Only transfers to this jurisdiction.")
    String destination;

    @Option(names = "--since", paramLabel = "TIME", description = "Only decisions at or after TIME: YYYY-MM-DD "
            + "(UTC) or an ISO-8601 instant.")
    String since;

    @Option(names = "--until", paramLabel = "TIME", description = "Only decisions at or before TIME: YYYY-MM-DD "
            + "(the whole day, UTC) or an ISO-8601 instant.")
    String until;

    private Outcome outcome;
    private Instant from;
    private Instant to;
    private boolean prepared;

    /** Checks the options once; a bad value is bad input. */
    private void prepare() {
        if (prepared) {
            return;
        }
        if (decision != null) {
            try {
                outcome = Outcome.valueOf(decision.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new GuardException("--decision must be ALLOW or DENY, not '" + decision + "'");
            }
        }
        from = since == null ? null : time(since, "--since", false);
        to = until == null ? null : time(until, "--until", true);
        prepared = true;
    }

    private static Instant time(String text, String option, boolean endOfDay) {
        try {
            if (text.length() == 10) {
                LocalDate day = LocalDate.parse(text);
                return endOfDay ? day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().minusNanos(1)
                        : day.atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new GuardException(option + " must be YYYY-MM-DD or an ISO-8601 instant such as "
                    + "2026-03-01T09:30:00Z, not '" + text + "'");
        }
    }

    /** @return whether no filter is set */
    boolean isEmpty() {
        return decision == null && pack == null && rule == null && origin == null && destination == null
                && since == null && until == null;
    }

    /** @return whether the record passes; recovery records pass only when no filter is set */
    boolean test(AuditRecord r) {
        prepare();
        if (r.kind() != AuditRecord.Kind.DECISION) {
            return isEmpty();
        }
        Decision d = r.decision();
        if (outcome != null && d.outcome() != outcome) {
            return false;
        }
        if (origin != null && !r.transfer().origin().equals(origin)) {
            return false;
        }
        if (destination != null && !r.transfer().destination().equals(destination)) {
            return false;
        }
        if (from != null && r.time().isBefore(from)) {
            return false;
        }
        if (to != null && r.time().isAfter(to)) {
            return false;
        }
        if (pack != null || rule != null) {
            boolean any = false;
            for (Reason reason : d.reasons()) {
                any |= matches(reason.pack(), reason.rule());
            }
            for (Requirement u : d.unmet()) {
                any |= matches(u.pack(), u.rule());
            }
            return any;
        }
        return true;
    }

    private boolean matches(String p, String r) {
        if (pack != null && !pack.equals(p)) {
            return false;
        }
        return rule == null || rule.equals(r) || rule.equals(p + "/" + r);
    }
}
