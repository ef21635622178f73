package dev.transferguard.postgres;

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
 * {@code guard-postgres} plugs into guard-core through its exported API only ({@code CounterStore},
 * {@code PseudonymKey}): no class of this module depends on guard-core's internal packages. Its own machinery sits
 * in {@code dev.transferguard.postgres.internal}, which the public store may use.
 */
class ModuleBoundaryTest {

    static final ArchRule CORE_API_ONLY = noClasses()
            .should().dependOnClassesThat().resideInAnyPackage("dev.transferguard.internal..",
                    "dev.transferguard.policy.internal..", "dev.transferguard.audit.internal..")
            .because("guard-core exports its API packages only; the internal ones change without notice");

    @Test
    void usesOnlyTheExportedApiOfGuardCore() throws URISyntaxException {
        Path classes = Path.of(PostgresCounterStore.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        CORE_API_ONLY.check(new ClassFileImporter().importPath(classes));
    }

    @Test
    void theRuleReportsAClassThatReachesIn() {
        EvaluationResult result = CORE_API_ONLY.evaluate(new ClassFileImporter().importClasses(ReachesIn.class));
        assertTrue(result.hasViolation(), result.getFailureReport()::toString);
    }

    /** Reaches into guard-core on purpose, for the test above; nothing else uses it. */
    static final class ReachesIn {
        EngineDecision decision;
    }
}
