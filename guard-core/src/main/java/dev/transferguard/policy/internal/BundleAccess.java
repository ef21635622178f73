package dev.transferguard.policy.internal;

import dev.transferguard.policy.PolicyBundle;
import java.util.Objects;
import java.util.function.Function;

/**
 * Gives the engine the compiled form behind a {@link PolicyBundle} without putting it in the public API.
 */
public final class BundleAccess {

    private static volatile Function<PolicyBundle, CompiledBundle> access;

    private BundleAccess() {
    }

    /**
     * Called once by {@link PolicyBundle}'s static initialiser.
     *
     * @param accessor reads the compiled form
     */
    public static void install(Function<PolicyBundle, CompiledBundle> accessor) {
        access = Objects.requireNonNull(accessor);
    }

    /**
     * The compiled form of a bundle.
     *
     * @param bundle a loaded bundle (its class is initialised, so the accessor is installed)
     * @return the compiled form
     */
    public static CompiledBundle compiled(PolicyBundle bundle) {
        return access.apply(bundle);
    }
}
