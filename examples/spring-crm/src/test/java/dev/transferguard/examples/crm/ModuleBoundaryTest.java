package dev.transferguard.examples.crm;

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
 * The CRM example uses guard-core through its exported API only: no class of this module depends on a
 * class in a package named {@code internal}, or sits in one.
 *
 * <p>A Spring Boot application runs on the class path, where no module system stops it; a rule like this
 * one, in its own tests, does the same job.
 */
class ModuleBoundaryTest {

    static final ArchRule NO_INTERNALS = noClasses()
            .should().dependOnClassesThat().resideInAPackage("dev.transferguard..internal..")
            .orShould().resideInAPackage("dev.transferguard..internal..")
            .because("guard-core exports its API packages only; the internal ones change without notice");

    @Test
    void usesOnlyTheExportedApiOfGuardCore() throws URISyntaxException {
        Path classes = Path.of(CrmApplication.class.getProtectionDomain().getCodeSource().getLocation().toURI());
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
