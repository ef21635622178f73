package dev.transferguard.policy.internal.eval;

import dev.transferguard.internal.json.EncodedParts;
import dev.transferguard.policy.internal.compile.CompiledPack;
import dev.transferguard.policy.internal.compile.CompiledRule;
import dev.transferguard.policy.internal.compile.Program;
import java.util.ArrayList;
import java.util.List;

/**
 * Every reason and requirement a program's decisions can carry, encoded once when the bundle is compiled, so
 * that writing a decision copies their JSON (see {@link EncodedParts}).
 */
final class BundleParts {

    private BundleParts() {
    }

    static EncodedParts encode(Program program) {
        List<Object> parts = new ArrayList<>();
        parts.add(program.bundleDefaultReason());
        for (CompiledPack pack : program.packs()) {
            parts.add(pack.defaultReason());
            for (CompiledRule rule : pack.rules()) {
                add(parts, rule.matched());
                add(parts, rule.unmetReason());
                add(parts, rule.requirement());
            }
        }
        return EncodedParts.of(parts);
    }

    /** Rules that cannot be unmet have no unmet reason nor requirement. */
    private static void add(List<Object> parts, Object part) {
        if (part != null) {
            parts.add(part);
        }
    }
}
