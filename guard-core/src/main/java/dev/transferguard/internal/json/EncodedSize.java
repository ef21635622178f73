package dev.transferguard.internal.json;

import dev.transferguard.Decision;
import dev.transferguard.LegalBasis;
import dev.transferguard.Reason;
import dev.transferguard.Requirement;
import dev.transferguard.Transfer;
import java.util.Collection;
import java.util.Map;
import java.util.Set;

/**
 * An upper bound of the bytes {@link JsonOut} writes for a transfer and a decision, from the lengths of their
 * strings, without encoding them: what lets a record be encoded later, on another thread, only once it is
 * known to fit in a line. Each string counts at most 6 bytes per char (a {@code \\uXXXX} escape; UTF-8 takes at
 * most 3 per char), plus its quotes, separator and key; every other value at most {@link #VALUE} bytes.
 */
public final class EncodedSize {

    /** Any key with its quotes and colon, or a number, boolean, date or brace: JsonOut's are all shorter. */
    static final long VALUE = 40;

    private EncodedSize() {
    }

    /**
     * At most how many bytes the transfer and decision of a record take, as {@link JsonOut} writes them.
     *
     * @param transfer the transfer
     * @param decision the decision
     * @return an upper bound
     */
    public static long of(Transfer transfer, Decision decision) {
        return transfer(transfer) + decision(decision);
    }

    static long transfer(Transfer t) {
        long n = 16 * VALUE + string(t.action().code()) + string(t.origin()) + string(t.destination())
                + strings(t.categories()) + strings(t.subjects().residence()) + strings(t.subjects().citizenship())
                + strings(t.subjects().ids()) + string(t.recipient().name()) + string(t.recipient().kind())
                + string(t.recipient().jurisdiction()) + string(t.transaction()) + string(t.purpose());
        for (Map.Entry<String, Object> e : t.entity().entrySet()) {
            n += string(e.getKey()) + (e.getValue() instanceof String s ? string(s) : VALUE);
        }
        for (LegalBasis b : t.bases()) {
            n += 6 * VALUE + string(b.name()) + strings(b.jurisdictions()) + string(b.recipient());
        }
        return n;
    }

    static long decision(Decision d) {
        long n = 8 * VALUE + string(d.outcome().name()) + strings(d.obligations()) + string(d.policyDigest()) * 2;
        for (Requirement r : d.unmet()) {
            n += 6 * VALUE + string(r.pack()) + string(r.rule()) + strings(r.anyOf()) + string(r.because())
                    + string(r.source());
        }
        for (Reason r : d.reasons()) {
            n += 6 * VALUE + string(r.pack()) + string(r.rule()) + string(r.kind().name()) + string(r.because())
                    + string(r.source());
        }
        for (Set<String> remedy : d.remedies()) {
            n += VALUE + strings(remedy);
        }
        return n;
    }

    private static long string(String s) {
        return s == null ? VALUE : 6L * s.length() + VALUE;
    }

    private static long strings(Collection<String> values) {
        long n = VALUE;
        for (String v : values) {
            n += string(v);
        }
        return n;
    }
}
