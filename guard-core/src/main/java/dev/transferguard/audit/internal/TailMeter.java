package dev.transferguard.audit.internal;

/**
 * Measures an unsigned tail against a {@link TailBound}: how many lines it holds (empty lines are not
 * counted: they take no more than their newline to skip, and a writer never writes one) and how far apart the
 * times of its records lie. Recovery and the verifier measure the same way.
 */
public final class TailMeter {

    private static final byte[] TIME_KEY = ",\"time\":\"".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    /** {@code YYYY-MM-DDTHH:MM:SS.ffffffZ}. */
    private static final int TIME_LENGTH = 27;
    /** The time follows the head, whose origin is at most this long; no need to look further into a line. */
    private static final int SEARCH = 1200;

    private final TailBound bound;
    private long lines;
    private long earliest = Long.MAX_VALUE;
    private long latest = Long.MIN_VALUE;

    /** @param bound what the tail is held to */
    public TailMeter(TailBound bound) {
        this.bound = bound;
    }

    /**
     * Adds a line of the tail.
     *
     * @param b   the bytes
     * @param off where the line starts
     * @param len its length, without its newline
     */
    public void add(byte[] b, int off, int len) {
        if (len == 0) {
            return;
        }
        lines++;
        long t = micros(b, off, len);
        if (t != Long.MIN_VALUE) {
            earliest = Math.min(earliest, t);
            latest = Math.max(latest, t);
        }
    }

    /** Adds a line whose bytes were not kept (the verifier counts the tail while it hashes the log). */
    public void addUnread() {
        lines++;
    }

    /** @return how many non-empty lines were added */
    public long lines() {
        return lines;
    }

    /** @return whether the tail is longer than its writer could have left, in lines */
    public boolean tooManyLines() {
        return lines > bound.records();
    }

    /** @return how far apart the records' times are, in milliseconds; 0 for fewer than two */
    public long spanMillis() {
        return latest < earliest ? 0 : (latest - earliest) / 1000;
    }

    /** @return whether the tail is longer than its writer could have left, in time */
    public boolean tooLongInTime() {
        return spanMillis() > bound.millis();
    }

    /**
     * @return what is wrong with the tail, for a message, or {@code null} when it is within the bound
     */
    public String excess() {
        if (tooManyLines()) {
            return "the unsigned tail holds " + lines + " lines, more than the " + bound.records()
                    + " its writer can leave unsigned";
        }
        if (tooLongInTime()) {
            return "the records of the unsigned tail were written over " + spanMillis() / 1000
                    + " s, longer than the " + bound.millis() / 1000 + " s its writer can leave them unsigned";
        }
        return null;
    }

    /**
     * Reads a record's {@code time} as microseconds since the epoch, without allocating.
     *
     * @param b   the bytes
     * @param off where the line starts
     * @param len its length
     * @return the time, or {@link Long#MIN_VALUE} when the line has none where a record has it
     */
    static long micros(byte[] b, int off, int len) {
        int end = off + Math.min(len, SEARCH);
        int at = -1;
        for (int i = off; i + TIME_KEY.length + TIME_LENGTH + 1 <= end && at < 0; i++) {
            if (b[i] == ',' && matches(b, i)) {
                at = i + TIME_KEY.length;
            }
        }
        if (at < 0 || b[at + 4] != '-' || b[at + 7] != '-' || b[at + 10] != 'T' || b[at + 13] != ':'
                || b[at + 16] != ':' || b[at + 19] != '.' || b[at + 26] != 'Z' || b[at + 27] != '"') {
            return Long.MIN_VALUE;
        }
        long y = digits(b, at, 4);
        long mo = digits(b, at + 5, 2);
        long d = digits(b, at + 8, 2);
        long h = digits(b, at + 11, 2);
        long mi = digits(b, at + 14, 2);
        long s = digits(b, at + 17, 2);
        long f = digits(b, at + 20, 6);
        if (y < 0 || mo < 1 || mo > 12 || d < 1 || d > 31 || h < 0 || h > 23 || mi < 0 || mi > 59 || s < 0
                || s > 60 || f < 0) {
            return Long.MIN_VALUE;
        }
        long seconds = ((daysFromCivil(y, mo, d) * 24 + h) * 60 + mi) * 60 + s;
        return seconds * 1_000_000 + f;
    }

    private static boolean matches(byte[] b, int i) {
        for (int k = 0; k < TIME_KEY.length; k++) {
            if (b[i + k] != TIME_KEY[k]) {
                return false;
            }
        }
        return true;
    }

    private static long digits(byte[] b, int from, int n) {
        long v = 0;
        for (int i = from; i < from + n; i++) {
            if (b[i] < '0' || b[i] > '9') {
                return -1;
            }
            v = v * 10 + (b[i] - '0');
        }
        return v;
    }

    /** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm). */
    private static long daysFromCivil(long y, long m, long d) {
        y -= m <= 2 ? 1 : 0;
        long era = Math.floorDiv(y, 400);
        long yoe = y - era * 400;
        long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
        long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        return era * 146097 + doe - 719468;
    }
}
