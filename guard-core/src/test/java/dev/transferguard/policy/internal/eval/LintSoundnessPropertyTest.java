package dev.transferguard.policy.internal.eval;

import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.transferguard.Decision;
import dev.transferguard.Guard;
import dev.transferguard.InvalidTransferException;
import dev.transferguard.Reason;
import dev.transferguard.Transfer;
import dev.transferguard.policy.Diagnostic;
import dev.transferguard.policy.PolicyBundle;
import dev.transferguard.policy.internal.syntax.PolicyGen;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * What {@code guard lint} calls dead is dead: a rule it says can never match, or a pack it says never applies,
 * is never among a decision's reasons, on random policies and on random transfers that leave facts out (read
 * at their worst, which can make a restricting condition hold that two-valued logic calls a contradiction).
 */
class LintSoundnessPropertyTest {

    private static final Pattern DEAD_RULE = Pattern.compile("^rule '([^']+)' can never match");
    private static final Pattern DEAD_PACK = Pattern.compile("^policy '([^']+)' never applies");

    @Property(tries = 500)
    void aRuleLintCallsDeadNeverMatches(@ForAll("bundles") PolicyGen.BundleSpec spec,
            @ForAll("transfers") List<Transfer> transfers) {
        PolicyBundle bundle = CompiledEqualsInterpreterPropertyTest.load(spec);
        Set<String> deadRules = new HashSet<>(); // "file rule": rule names are unique within a pack only
        Set<String> deadPacks = new HashSet<>();
        for (Diagnostic d : bundle.lint()) {
            Matcher rule = DEAD_RULE.matcher(d.message());
            Matcher pack = DEAD_PACK.matcher(d.message());
            if (rule.find()) {
                deadRules.add(d.file() + " " + rule.group(1));
            } else if (pack.find()) {
                deadPacks.add(pack.group(1));
            }
        }
        Guard guard = Guard.builder().policies(bundle).build();
        for (Transfer t : transfers) {
            Decision decision;
            try {
                decision = guard.preview(t);
            } catch (InvalidTransferException e) {
                continue;
            }
            for (Reason r : decision.reasons()) {
                int colon = r.source().lastIndexOf(':');
                String file = colon < 0 ? r.source() : r.source().substring(0, colon);
                assertFalse(deadPacks.contains(r.pack()) || deadRules.contains(file + " " + r.rule()),
                        () -> "lint called " + r.pack() + "/" + r.rule() + " dead, yet it decided\ntransfer: " + t
                                + "\n" + decision.explain() + "\n" + spec.source());
            }
        }
    }

    @Provide
    Arbitrary<PolicyGen.BundleSpec> bundles() {
        return PolicyGen.bundle();
    }

    @Provide
    Arbitrary<List<Transfer>> transfers() {
        return PolicyGen.transfer(true).list().ofMinSize(1).ofMaxSize(10);
    }
}
