package dev.transferguard.policy.internal.check;

import dev.transferguard.internal.CanonicalNames;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * The ISO 3166-1 alpha-2 codes, each with a small index so that sets of jurisdictions are bit sets.
 * XK (Kosovo) is included: it is user-assigned in ISO 3166 but in common use by governments.
 */
public final class Jurisdictions {

    private static final String CODES = ""
            + "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS "
            + "BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE "
            + "EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM "
            + "HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC "
            + "LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA "
            + "NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW "
            + "SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO "
            + "TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS XK YE YT ZA ZM ZW";

    private static final String[] BY_INDEX = CODES.split(" ");
    private static final short[] INDEX = new short[26 * 26];

    static {
        // The objects every transfer the JSON reader makes holds, so that comparing codes compares references.
        CanonicalNames.addAll(Arrays.asList(BY_INDEX));
        Arrays.fill(INDEX, (short) -1);
        for (int i = 0; i < BY_INDEX.length; i++) {
            BY_INDEX[i] = CanonicalNames.of(BY_INDEX[i]);
            INDEX[slot(BY_INDEX[i])] = (short) i;
        }
    }

    /** How many codes there are; indexes run from 0 to {@code COUNT - 1}. */
    public static final int COUNT = BY_INDEX.length;

    private Jurisdictions() {
    }

    private static int slot(String code) {
        return (code.charAt(0) - 'A') * 26 + (code.charAt(1) - 'A');
    }

    /**
     * The index of a code.
     *
     * @param code a two-letter code
     * @return its index, or -1 if it is not an ISO 3166-1 alpha-2 code
     */
    public static int index(String code) {
        if (code == null || code.length() != 2) {
            return -1;
        }
        char a = code.charAt(0);
        char b = code.charAt(1);
        if (a < 'A' || a > 'Z' || b < 'A' || b > 'Z') {
            return -1;
        }
        return INDEX[(a - 'A') * 26 + (b - 'A')];
    }

    /**
     * Whether {@code code} is a known ISO 3166-1 alpha-2 code.
     *
     * @param code the code
     * @return {@code true} if known
     */
    public static boolean isKnown(String code) {
        return index(code) >= 0;
    }

    /**
     * The code at an index.
     *
     * @param index an index from {@link #index(String)}
     * @return the code
     */
    public static String code(int index) {
        return BY_INDEX[index];
    }

    /**
     * Every code, in alphabetical order.
     *
     * @return the codes
     */
    public static List<String> all() {
        return Collections.unmodifiableList(Arrays.asList(BY_INDEX));
    }
}
