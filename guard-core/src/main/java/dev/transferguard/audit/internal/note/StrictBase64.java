package dev.transferguard.audit.internal.note;

import java.util.Base64;

/**
 * Standard base64 with padding, accepting only the one canonical spelling of each byte string. The JDK
 * decoder also takes missing padding and stray low bits, which would let a signed value be respelled
 * without changing what it decodes to.
 */
public final class StrictBase64 {

    private StrictBase64() {
    }

    /**
     * @param text base64 text
     * @return the decoded bytes, or {@code null} when the text is not canonical standard base64
     */
    public static byte[] decode(String text) {
        try {
            byte[] bytes = Base64.getDecoder().decode(text);
            return Base64.getEncoder().encodeToString(bytes).equals(text) ? bytes : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
