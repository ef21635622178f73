package dev.transferguard.benchmarks;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import dev.transferguard.internal.EngineDecision;
import java.net.URISyntaxException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * {@code guard-benchmarks} uses guard-core through its exported API only: no class of this module depends on a
 * class in a package named {@code internal}, or sits in one.
 *
 * <p>The benchmarks run from one shaded jar on the class path (JMH's, with Spring's), where a module
 * descriptor is dropped: this rule is what keeps them to the public API, so that what they measure is what
 * users get.
 */
class ModuleBoundaryTest {

    static final ArchRule NO_INTERNALS = noClasses()
            .should().dependOnClassesThat().resideInAPackage("dev.transferguard..internal..")
            .orShould().resideInAPackage("dev.transferguard..internal..")
            .because("guard-core exports its API packages only; the internal ones change without notice");

    @Test
    void usesOnlyTheExportedApiOfGuardCore() throws URISyntaxException {
        Path classes = Path.of(Summary.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        NO_INTERNALS.check(new ClassFileImporter().importPath(classes));
    }

    @Test
    void theRuleReportsAClassThatReachesIn() {
        EvaluationResult result = NO_INTERNALS.evaluate(new ClassFileImporter().importClasses(ReachesIn.class));
        assertTrue(result.hasViolation());
        assertTrue(result.getFailureReport().getDetails().stream()
                .anyMatch(d -> d.contains(ReachesIn.class.getName()) && d.contains(EngineDecision.class.getName())),
                result.getFailureReport()::toString);
    }

    /** Reaches into guard-core on purpose, for the test above; nothing else uses it. */
    static final class ReachesIn {
        EngineDecision decision;
    }
}
