package dev.transferguard;

/** How a {@link Guard} acts on its decisions. */
public enum Mode {
    /** Denied transfers are stopped: {@link Guard#enforce(Transfer)} throws. The default. */
    ENFORCE,
    /**
     * Every transfer is decided and recorded, but none is stopped: {@link Guard#enforce(Transfer)} logs a
     * denial (categories and rules, never personal data) and returns. For rolling out policies safely.
     */
    MONITOR,
    /** Nothing is decided: {@link Guard#enforce(Transfer)} returns an allowing decision at once. */
    OFF
}
