package dev.transferguard.audit.internal.note;

import dev.transferguard.audit.KeyFormatException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

/**
 * PEM as RFC 7468 defines it: base64 of DER between {@code -----BEGIN label-----} and
 * {@code -----END label-----} lines. Text before the first block is allowed, as OpenSSL allows it;
 * headers (legacy encrypted keys) are not.
 */
public final class Pem {

    private static final String DASHES = "-----";
    private static final int LINE_LENGTH = 64;

    private Pem() {
    }

    /**
     * Encodes DER as PEM with 64-character lines.
     *
     * @param label the label, e.g. {@code PRIVATE KEY}
     * @param der   the DER bytes
     * @return the PEM text as ASCII bytes, ending with a newline; the caller may wipe them
     */
    public static byte[] encode(String label, byte[] der) {
        byte[] begin = (DASHES + "BEGIN " + label + DASHES + "\n").getBytes(StandardCharsets.US_ASCII);
        byte[] body = Base64.getMimeEncoder(LINE_LENGTH, new byte[] {'\n'}).encode(der);
        byte[] end = ("\n" + DASHES + "END " + label + DASHES + "\n").getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[begin.length + body.length + end.length];
        System.arraycopy(begin, 0, out, 0, begin.length);
        System.arraycopy(body, 0, out, begin.length, body.length);
        System.arraycopy(end, 0, out, begin.length + body.length, end.length);
        Arrays.fill(body, (byte) 0);
        return out;
    }

    /**
     * Decodes the first PEM block, which must carry the expected label.
     *
     * @param text   the file's bytes
     * @param label  the expected label
     * @param source names the input in messages, e.g. the file's path
     * @return the DER bytes; the caller may wipe them
     * @throws KeyFormatException when there is no such block or it is malformed
     */
    public static byte[] decode(byte[] text, String label, String source) {
        for (int i = 0; i < text.length; i++) {
            if (text[i] < 0) {
                throw new KeyFormatException(source + ": not a PEM file (holds bytes that are not ASCII)");
            }
        }
        String[] lines = new String(text, StandardCharsets.US_ASCII).split("\r?\n", -1);
        int begin = 0;
        while (begin < lines.length && !lines[begin].strip().startsWith(DASHES + "BEGIN ")) {
            begin++;
        }
        if (begin == lines.length) {
            throw new KeyFormatException(source + ": not a PEM file (no '" + DASHES + "BEGIN " + label + DASHES
                    + "' line)");
        }
        String found = labelOf(lines[begin].strip(), "BEGIN ");
        if (found == null) {
            throw new KeyFormatException(source + ": line " + (begin + 1) + ": malformed PEM BEGIN line");
        }
        if (!found.equals(label)) {
            String hint = found.equals("ENCRYPTED PRIVATE KEY") ? " (encrypted keys are not supported)" : "";
            throw new KeyFormatException(source + ": holds a '" + found + "', expected a '" + label + "'" + hint);
        }
        StringBuilder base64 = new StringBuilder();
        for (int i = begin + 1; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.startsWith(DASHES)) {
                if (!label.equals(labelOf(line, "END "))) {
                    throw new KeyFormatException(source + ": line " + (i + 1) + ": expected '" + DASHES + "END "
                            + label + DASHES + "'");
                }
                return decodeBase64(base64, source);
            }
            if (line.indexOf(':') >= 0) {
                throw new KeyFormatException(source + ": line " + (i + 1)
                        + ": PEM headers are not supported (legacy encrypted key?)");
            }
            if (!line.chars().allMatch(Pem::isBase64Char)) {
                throw new KeyFormatException(source + ": line " + (i + 1) + ": not base64");
            }
            base64.append(line);
        }
        throw new KeyFormatException(source + ": no '" + DASHES + "END " + label + DASHES + "' line");
    }

    private static byte[] decodeBase64(StringBuilder base64, String source) {
        if (base64.length() == 0) {
            throw new KeyFormatException(source + ": the PEM block is empty");
        }
        byte[] der = StrictBase64.decode(base64.toString());
        base64.setLength(0);
        if (der == null) {
            throw new KeyFormatException(source + ": the PEM block is not valid base64");
        }
        return der;
    }

    private static String labelOf(String line, String keyword) {
        String prefix = DASHES + keyword;
        if (!line.startsWith(prefix) || !line.endsWith(DASHES) || line.length() < prefix.length() + DASHES.length()) {
            return null;
        }
        return line.substring(prefix.length(), line.length() - DASHES.length());
    }

    private static boolean isBase64Char(int c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/'
                || c == '=';
    }
}
