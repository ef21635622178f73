package dev.transferguard.cli;

import dev.transferguard.Decision;
import dev.transferguard.Reason;
import dev.transferguard.audit.AuditRecord;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Counts over the records of a log: what {@code guard audit stats} prints and the report draws. */
final class AuditStats {

    String origin;
    long records;
    long decisions;
    long allowed;
    long denied;
    long recoveries;
    Instant first;
    Instant last;
    /** Per day (UTC): allowed and denied. */
    final Map<LocalDate, long[]> perDay = new TreeMap<>();
    /** Denials per origin -> destination. */
    final Map<String, Long> deniedFlows = new HashMap<>();
    /** Per pack/rule: how often it took part in an allowed and in a denied decision. */
    final Map<String, long[]> perRule = new TreeMap<>();
    final Map<String, Long> policyDigests = new TreeMap<>();
    final Map<String, Long> callers = new TreeMap<>();

    void add(AuditRecord r) {
        if (origin == null) {
            origin = r.origin();
        }
        records++;
        if (first == null || r.time().isBefore(first)) {
            first = r.time();
        }
        if (last == null || r.time().isAfter(last)) {
            last = r.time();
        }
        if (r.kind() == AuditRecord.Kind.RECOVERY) {
            recoveries++;
            return;
        }
        decisions++;
        Decision d = r.decision();
        long[] day = perDay.computeIfAbsent(LocalDate.ofInstant(r.time(), ZoneOffset.UTC), k -> new long[2]);
        if (d.allowed()) {
            allowed++;
            day[0]++;
        } else {
            denied++;
            day[1]++;
            deniedFlows.merge(r.transfer().origin() + " -> " + r.transfer().destination(), 1L, Long::sum);
        }
        for (Reason reason : d.reasons()) {
            long[] counts = perRule.computeIfAbsent(reason.pack() + "/" + reason.rule(), k -> new long[2]);
            counts[d.allowed() ? 0 : 1]++;
        }
        policyDigests.merge(r.policyDigest(), 1L, Long::sum);
        String service = r.caller().service() == null ? "(none)" : r.caller().service();
        callers.merge(service, 1L, Long::sum);
    }

    /** The most frequent entries first, at most {@code limit}. */
    static List<Map.Entry<String, Long>> top(Map<String, Long> counts, int limit) {
        List<Map.Entry<String, Long>> out = new ArrayList<>(counts.entrySet());
        out.sort(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
                .thenComparing(Map.Entry.comparingByKey()));
        return out.subList(0, Math.min(limit, out.size()));
    }
}
