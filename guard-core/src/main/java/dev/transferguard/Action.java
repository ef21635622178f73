package dev.transferguard;

import java.util.Locale;

/**
 * What a transfer does with the data: the three acts the laws regulate.
 */
public enum Action {
    /** Send the data to a recipient in the destination jurisdiction. */
    TRANSFER,
    /** Persist the data at a location in the destination jurisdiction (data localisation). */
    STORE,
    /** Read the data from the destination jurisdiction; remote access counts as export under PIPL. */
    ACCESS;

    /**
     * The lower-case name used in policy files and transfer JSON.
     *
     * @return {@code transfer}, {@code store} or {@code access}
     */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The action named by {@code code}, as written in policy files and transfer JSON.
     *
     * @param code {@code transfer}, {@code store} or {@code access}
     * @return the action
     * @throws IllegalArgumentException if {@code code} names no action
     */
    public static Action fromCode(String code) {
        for (Action action : values()) {
            if (action.code().equals(code)) {
                return action;
            }
        }
        throw new IllegalArgumentException("unknown action '" + code + "' (expected transfer, store or access)");
    }
}
