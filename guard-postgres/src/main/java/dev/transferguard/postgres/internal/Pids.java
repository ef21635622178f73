package dev.transferguard.postgres.internal;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The keyed pseudonyms of subject ids as the database keeps them: the 32 bytes of each HMAC, once each. An id
 * that is a pseudonym already ({@code hmac-sha256:} and 64 hex digits, as an audit log under the same key writes
 * it) is kept as it is, so that a guard with an audit log and one without count one person once.
 */
public final class Pids {

    private Pids() {
    }

    /**
     * @param ids        subject ids, or their pseudonyms
     * @param pseudonyms the store's keyed pseudonyms, or {@code null} when it has no key
     * @return the distinct pseudonyms' bytes, or {@code null} when an id needs a key and there is none
     */
    public static byte[][] of(List<String> ids, UnaryOperator<String> pseudonyms) {
        Set<String> distinct = new LinkedHashSet<>();
        for (String id : ids) {
            if (isPseudonym(id)) {
                distinct.add(id);
            } else if (pseudonyms == null) {
                return null;
            } else {
                distinct.add(pseudonyms.apply(id));
            }
        }
        byte[][] out = new byte[distinct.size()][];
        int i = 0;
        for (String p : distinct) {
            out[i++] = hex(p, PREFIX.length());
        }
        return out;
    }

    private static final String PREFIX = "hmac-sha256:";

    static boolean isPseudonym(String id) {
        if (id.length() != PREFIX.length() + 64 || !id.startsWith(PREFIX)) {
            return false;
        }
        for (int i = PREFIX.length(); i < id.length(); i++) {
            char c = id.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }

    private static byte[] hex(String s, int from) {
        byte[] b = new byte[(s.length() - from) / 2];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) Integer.parseInt(s, from + 2 * i, from + 2 * i + 2, 16);
        }
        return b;
    }
}
