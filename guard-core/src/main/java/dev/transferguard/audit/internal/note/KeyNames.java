package dev.transferguard.audit.internal.note;

import java.util.HexFormat;

/**
 * The rule for key names from the C2SP signed-note specification: non-empty, no Unicode space and no
 * plus sign. Names appear in signature lines and verifier keys, where a space or a plus would end the
 * name early; control characters are refused too, since a note line cannot hold them.
 */
public final class KeyNames {

    private KeyNames() {
    }

    /**
     * @param name a candidate key name
     * @return what is wrong with it, or {@code null} when it is valid
     */
    public static String problem(String name) {
        if (name == null || name.isEmpty()) {
            return "a key name must not be empty";
        }
        for (int i = 0; i < name.length(); ) {
            int cp = name.codePointAt(i);
            if (cp == '+') {
                return "a key name must not contain '+'";
            }
            if (Character.isWhitespace(cp) || Character.isSpaceChar(cp)) {
                return "a key name must not contain spaces";
            }
            if (Character.isISOControl(cp) || cp == 0xFFFD || Character.isSurrogate((char) cp)) {
                return "a key name must not contain control characters";
            }
            i += Character.charCount(cp);
        }
        return null;
    }

    /**
     * The label of a key, {@code name+<8 hex key id>}: how signature lines, verifier keys and messages
     * name a key. Signature lines carry only the name and the id, so the label is made from those.
     *
     * @param name  the key name
     * @param keyId the C2SP key id
     * @return {@code name+<8 lowercase hex digits>}
     */
    public static String label(String name, int keyId) {
        return name + "+" + HexFormat.of().toHexDigits(keyId);
    }

    /**
     * @param name a key name given by the caller
     * @return the name
     * @throws IllegalArgumentException when it is not valid
     */
    public static String require(String name) {
        String problem = problem(name);
        if (problem != null) {
            throw new IllegalArgumentException(problem + ": '" + name + "'");
        }
        return name;
    }
}
