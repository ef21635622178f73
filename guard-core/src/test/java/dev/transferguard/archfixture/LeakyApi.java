package dev.transferguard.archfixture;

import dev.transferguard.internal.EngineDecision;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;

/**
 * Breaks the rule for API signatures on purpose: {@code ModuleBoundaryTest} runs its rule on this class, as if
 * this package were exported, to show that the rule reports what it must and nothing else. Nothing uses it.
 */
public final class LeakyApi {

    /** Not part of any API. */
    public LeakyApi() {
    }

    /**
     * An internal type as a return type: reported.
     *
     * @return nothing
     */
    public EngineDecision decision() {
        return null;
    }

    /**
     * A BouncyCastle type as a parameter: reported.
     *
     * @param key ignored
     */
    public void sign(Ed25519PrivateKeyParameters key) {
    }

    /** Package-private: callers outside cannot see it, so it is not reported. */
    EngineDecision hidden() {
        return null;
    }
}
