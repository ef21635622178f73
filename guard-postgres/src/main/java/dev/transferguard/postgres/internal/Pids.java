package dev.transferguard.postgres.internal;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

/** The keyed pseudonyms of subject ids as the database keeps them: the 32 bytes of each HMAC, once each. */
public final class Pids {

    private Pids() {
    }

    /**
     * @param ids        subject ids, raw or already pseudonyms under another key: each is keyed again
     * @param pseudonyms the store's keyed pseudonyms ({@code hmac-sha256:} and 64 hex digits)
     * @return the distinct pseudonyms' bytes
     */
    public static byte[][] of(List<String> ids, UnaryOperator<String> pseudonyms) {
        Set<String> distinct = new LinkedHashSet<>(ids);
        byte[][] out = new byte[distinct.size()][];
        int i = 0;
        for (String id : distinct) {
            String p = pseudonyms.apply(id);
            out[i++] = hex(p, p.indexOf(':') + 1);
        }
        return out;
    }

    private static byte[] hex(String s, int from) {
        byte[] b = new byte[(s.length() - from) / 2];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) Integer.parseInt(s, from + 2 * i, from + 2 * i + 2, 16);
        }
        return b;
    }
}
