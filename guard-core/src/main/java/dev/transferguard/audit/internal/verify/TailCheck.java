package dev.transferguard.audit.internal.verify;

import dev.transferguard.audit.AuditFault;
import dev.transferguard.audit.AuditFault.Kind;
import dev.transferguard.audit.internal.TailBound;
import dev.transferguard.audit.internal.TailMeter;
import dev.transferguard.audit.internal.read.LogReader;
import java.io.IOException;

/**
 * Holds the unsigned tail of a log whose signed range is intact to the bound its writer stated
 * ({@link TailBound}): a longer tail, in lines or in the time its records span, is an {@code UNSIGNED_TAIL}
 * fault at the first unsigned record. The lines were counted while they were hashed; their times are read
 * only when there are few enough of them, from the segment where the tail starts.
 */
final class TailCheck {

    private TailCheck() {
    }

    /**
     * @param table  the lines scanned, bounded at the signed size
     * @param signed the size of the signed range
     * @param bound  the writer's bound
     * @return the fault, or {@code null} when the tail is within the bound
     * @throws IOException when the tail cannot be read again
     */
    static AuditFault check(ScannedLines table, long signed, TailBound bound) throws IOException {
        if (table.tailLines == 0) {
            return null;
        }
        TailMeter meter = new TailMeter(bound);
        if (table.tailLines > bound.records()) {
            for (long i = 0; i < table.tailLines; i++) {
                meter.addUnread();
            }
        } else {
            measureTimes(table, signed, meter);
        }
        String excess = meter.excess();
        if (excess == null) {
            return null;
        }
        return new AuditFault(Kind.UNSIGNED_TAIL, signed, table.location((int) signed), excess
                + " (" + TailBound.FILE + "): records from seq " + signed
                + " on were signed once and their checkpoints removed, or were never written by its writer");
    }

    private static void measureTimes(ScannedLines table, long signed, TailMeter meter) throws IOException {
        int file = table.fileOf((int) signed);
        long index = table.firstLineOf(file);
        try (LogReader reader = new LogReader(table.segments.subList(file, table.segments.size()))) {
            while (reader.next()) {
                if (index++ >= signed) {
                    meter.add(reader.buffer(), reader.offset(), reader.length());
                }
            }
        }
    }
}
