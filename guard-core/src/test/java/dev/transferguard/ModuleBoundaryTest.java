package dev.transferguard;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaMember;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.domain.JavaType;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.EvaluationResult;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import dev.transferguard.archfixture.LeakyApi;
import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * guard-core's boundary: the module exports exactly its API packages, and nothing in a public signature of
 * those packages names an internal type or a type of a library the API must not tie applications to. The
 * other modules' {@code ModuleBoundaryTest} check that none of them reaches into an {@code internal} package.
 */
class ModuleBoundaryTest {

    /** Types no public signature of the API may name. */
    static final DescribedPredicate<JavaClass> HIDDEN = resideInAnyPackage("dev.transferguard..internal..",
            "org.springframework..", "org.bouncycastle..", "com.google.common..", "com.fasterxml.jackson..",
            "com.ibm.icu..").as("internal, Spring, BouncyCastle, Guava, Jackson or ICU type");

    private static final Path CLASSES = classesOf(Guard.class);
    private static final JavaClasses MAIN = new ClassFileImporter().importPath(CLASSES);

    @Test
    void exportsEveryApiPackageAndNoInternalOne() throws IOException {
        ModuleDescriptor module;
        try (InputStream in = Files.newInputStream(CLASSES.resolve("module-info.class"))) {
            module = ModuleDescriptor.read(in);
        }
        assertEquals("dev.transferguard.core", module.name());
        Set<String> exported = module.exports().stream().filter(e -> !e.isQualified())
                .map(ModuleDescriptor.Exports::source).collect(Collectors.toCollection(TreeSet::new));
        Set<String> api = new TreeSet<>(module.packages());
        api.removeIf(p -> p.contains(".internal"));
        assertEquals(api, exported, "exported packages: every package whose name has no 'internal', no other");
    }

    @Test
    void publicSignaturesOfTheApiNameNoHiddenType() {
        apiSignatures(exportedPackages()).check(MAIN);
    }

    @Test
    void theSignatureRuleReportsALeakyClass() {
        EvaluationResult result = apiSignatures(Set.of(LeakyApi.class.getPackageName()))
                .evaluate(new ClassFileImporter().importClasses(LeakyApi.class));
        assertTrue(result.hasViolation());
        List<String> reported = result.getFailureReport().getDetails();
        assertEquals(2, reported.size(), reported::toString);
        assertTrue(reported.stream().anyMatch(d -> d.contains("decision()") && d.contains("EngineDecision")),
                reported::toString);
        assertTrue(reported.stream().anyMatch(d -> d.contains("sign(") && d.contains("Ed25519PrivateKeyParameters")),
                reported::toString);
        assertFalse(reported.stream().anyMatch(d -> d.contains("hidden()")), reported::toString);
    }

    /**
     * The rule: public and protected members of public types in the given packages, and the types' supertypes,
     * name no {@link #HIDDEN} type, type arguments included.
     */
    static ArchRule apiSignatures(Collection<String> apiPackages) {
        return classes().that().resideInAnyPackage(apiPackages.toArray(String[]::new)).and().arePublic()
                .should(nameNoHiddenTypeInPublicSignatures()).allowEmptyShould(false);
    }

    private static ArchCondition<JavaClass> nameNoHiddenTypeInPublicSignatures() {
        return new ArchCondition<>("name no " + HIDDEN.getDescription() + " in a public signature") {
            @Override
            public void check(JavaClass c, ConditionEvents events) {
                c.getSuperclass().ifPresent(s -> report(c, "extends", s.getAllInvolvedRawTypes(), events));
                for (JavaType i : c.getInterfaces()) {
                    report(c, "implements", i.getAllInvolvedRawTypes(), events);
                }
                for (JavaMember m : c.getMembers()) {
                    if (!m.getModifiers().contains(JavaModifier.PUBLIC) && !m.getModifiers().contains(JavaModifier.PROTECTED)) {
                        continue;
                    }
                    Set<JavaClass> named = new LinkedHashSet<>();
                    if (m instanceof JavaField f) {
                        named.addAll(f.getType().getAllInvolvedRawTypes());
                    } else if (m instanceof JavaCodeUnit u) {
                        named.addAll(u.getReturnType().getAllInvolvedRawTypes());
                        u.getParameterTypes().forEach(p -> named.addAll(p.getAllInvolvedRawTypes()));
                        named.addAll(u.getThrowsClause().getTypes());
                    }
                    report(m, m.getFullName(), named, events);
                }
            }

            private void report(Object where, String what, Set<JavaClass> named, ConditionEvents events) {
                for (JavaClass t : named) {
                    if (HIDDEN.test(t)) {
                        events.add(SimpleConditionEvent.violated(where, what + " names " + t.getName()));
                    }
                }
            }
        };
    }

    private static Set<String> exportedPackages() {
        Set<String> api = MAIN.stream().map(JavaClass::getPackageName).collect(Collectors.toCollection(TreeSet::new));
        api.removeIf(p -> p.contains(".internal") || p.isEmpty());
        return api;
    }

    /** The directory (or jar) a class was loaded from: this module's compiled main classes. */
    static Path classesOf(Class<?> c) {
        try {
            return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
