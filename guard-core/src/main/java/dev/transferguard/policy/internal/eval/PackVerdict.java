package dev.transferguard.policy.internal.eval;

import dev.transferguard.Requirement;
import java.util.List;

/**
 * One pack's verdict.
 *
 * @param allowed           whether the pack allows
 * @param whateverTheBases  denied by a rule whose condition names no legal basis: no remedy can change it
 * @param requirements      the unmet requirements, or {@code null} when there are none
 */
public record PackVerdict(boolean allowed, boolean whateverTheBases, List<Requirement> requirements) {

    /** Allowed: made once, as most verdicts are. */
    static final PackVerdict ALLOWED = new PackVerdict(true, false, null);
    /** Denied by a deny rule that names a basis, or by the pack's default. */
    static final PackVerdict DENIED = new PackVerdict(false, false, null);
    /** Denied by a deny rule whose condition names no legal basis. */
    static final PackVerdict DENIED_WHATEVER_THE_BASES = new PackVerdict(false, true, null);
}
