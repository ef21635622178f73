package dev.transferguard.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.transferguard.GuardException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading policies from the classpath and from several locations. */
class PolicyLocationsTest {

    @TempDir
    Path dir;

    private Path copyOfClasspathFolder() throws IOException {
        Path packs = Files.createDirectories(dir.resolve("packs"));
        for (String name : List.of("vocabulary.guard", "packs/test.guard")) {
            try (var in = getClass().getClassLoader().getResourceAsStream("classpath-policies/" + name)) {
                Files.write(dir.resolve(name), in.readAllBytes());
            }
        }
        return packs.getParent();
    }

    @Test
    void theIndexListsTheFilesAndTheDigestIsTheDirectorys() throws IOException {
        PolicyBundle fromClasspath = PolicyBundle.fromClasspath("classpath-policies");
        assertEquals(List.of("cn.test"), fromClasspath.packs().stream().map(PolicyBundle.Pack::id).toList());
        assertEquals("classpath-policies/packs/test.guard:1", fromClasspath.packs().get(0).source());
        assertEquals(PolicyBundle.load(copyOfClasspathFolder()).digest(), fromClasspath.digest());
        assertEquals(fromClasspath.digest(), PolicyBundle.fromClasspath("/classpath-policies/").digest());
        assertEquals(fromClasspath.digest(), PolicyBundle.fromLocations(List.of("classpath:classpath-policies")).digest());
    }

    @Test
    void missingIndexesAndFilesAreClearErrors() {
        assertEquals("no policy index nowhere/index.txt on the classpath (a classpath policy folder lists its files"
                + " in index.txt)", assertThrows(GuardException.class, () -> PolicyBundle.fromClasspath("nowhere"))
                .getMessage());
        assertEquals("missing-file-policies/index.txt lists not-there.guard, which is not on the classpath",
                assertThrows(GuardException.class, () -> PolicyBundle.fromClasspath("missing-file-policies"))
                        .getMessage());
    }

    @Test
    void severalLocationsMakeOneBundle() throws IOException {
        Path company = Files.createDirectories(dir.resolve("company"));
        Files.writeString(company.resolve("acme.guard"), """
                policy acme.contact "Acme: contact data stays home"
                  version 2026-01-01
                  applies when any category in personal.contact
                  default allow
                rule stay
                  deny when destination not in [CN]
                  because "Acme rule 1"
                """);
        PolicyBundle both = PolicyBundle.fromLocations(List.of("classpath:classpath-policies", "file:" + company));
        assertEquals(List.of("acme.contact", "cn.test"), both.packs().stream().map(PolicyBundle.Pack::id).toList());
        assertEquals(Set.of("personal", "personal.contact"), both.categories());

        Files.writeString(company.resolve("vocabulary.guard"), "category other \"x\"\n");
        GuardException clash = assertThrows(GuardException.class,
                () -> PolicyBundle.fromLocations(List.of("classpath:classpath-policies", company.toString())));
        assertTrue(clash.getMessage().startsWith("policy file vocabulary.guard is in both classpath:classpath-policies"
                + " and "), clash.getMessage());
    }
}
