package dev.transferguard.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code guard keygen --pseudonym}: a fresh random key, owner-only, never overwritten, usable by guard check. */
class KeygenPseudonymTest {

    @TempDir
    Path dir;

    @Test
    void writesThirtyTwoRandomOwnerOnlyBytesAndSaysHowToKeepThem() throws Exception {
        Path out = dir.resolve("secrets");
        Cli first = Cli.run("keygen", "--pseudonym", "--out", out.toString());
        assertEquals(0, first.code(), first.toString());
        Path key = out.resolve("pseudonym.key");
        byte[] bytes = Files.readAllBytes(key);
        assertEquals(32, bytes.length);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));
        assertTrue(first.out().contains("--pseudonym-key " + key), first.out());
        assertTrue(first.out().contains("Keep it secret"), first.out());

        Cli again = Cli.run("keygen", "--pseudonym", "--out", out.toString());
        assertEquals(GuardCommand.BAD_INPUT, again.code(), again.toString());
        assertTrue(again.err().contains("never overwritten"), again.toString());
        assertArrayEquals(bytes, Files.readAllBytes(key), "the existing key is kept");

        Cli json = Cli.run("keygen", "--pseudonym", "--name", "crm-2026", "--out", out.toString(), "--json");
        assertEquals(0, json.code(), json.toString());
        Path second = out.resolve("crm-2026.key");
        assertEquals(Map.of("kind", "pseudonym", "file", second.toString(), "bytes", 32L),
                MachineReadableTest.parse(json.out()));
        assertFalse(java.util.Arrays.equals(bytes, Files.readAllBytes(second)), "each key is drawn anew");

        // The key works where it is meant to be used.
        Path keys = dir.resolve("keys");
        assertEquals(0, Cli.run("keygen", "--name", "audit", "--out", keys.toString()).code());
        Path input = Files.writeString(dir.resolve("in.json"), AuditCommandsTest.DOMESTIC);
        Cli check = Cli.run("check", "--policies", Cli.repository("policies").toString(), "--audit",
                dir.resolve("log").toString(), "--key", keys.resolve("audit.key").toString(), "--pseudonym-key",
                key.toString(), input.toString());
        assertEquals(0, check.code(), check.toString());

        Cli badName = Cli.run("keygen", "--pseudonym", "--name", "../escape", "--out", out.toString());
        assertEquals(GuardCommand.BAD_INPUT, badName.code(), badName.toString());
        assertEquals(GuardCommand.BAD_INPUT, Cli.run("keygen", "--out", out.toString()).code(), "no --name");
    }

    @Test
    void signingKeysPrintJson() throws Exception {
        Cli json = Cli.run("keygen", "--name", "audit-2026", "--out", dir.toString(), "--json");
        assertEquals(0, json.code(), json.toString());
        Map<?, ?> m = (Map<?, ?>) MachineReadableTest.parse(json.out());
        assertEquals("signing", m.get("kind"));
        assertEquals(dir.resolve("audit-2026.pub").toString(), m.get("publicKey"));
        assertTrue(((String) m.get("verifierKey")).startsWith("audit-2026+"), m::toString);
        assertEquals("", json.err());
    }
}
