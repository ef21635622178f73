package dev.transferguard.examples.quickstart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Runs the quickstart as a user would and reads what it prints. */
class QuickstartTest {

    @Test
    void decidesEnforcesRecordsAndVerifies() throws Exception {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        PrintStream out = System.out;
        System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
        try {
            Quickstart.main(new String[0]);
        } finally {
            System.setOut(out);
        }
        List<String> lines = buffer.toString(StandardCharsets.UTF_8).lines().toList();
        out.println(String.join("\n", lines));

        assertEquals(7, lines.size());
        assertEquals("ALLOW DE -> FR                eu.gdpr/intra-eea", lines.get(0));
        assertEquals("ALLOW DE -> JP                eu.gdpr/adequacy", lines.get(1));
        assertEquals("DENY  DE -> IN                eu.gdpr/appropriate-safeguards, eu.gdpr/transfer-impact-assessment;"
                + " needs eu-scc or eu-bcr or eu-code-of-conduct or eu-certification, and tia", lines.get(2));
        assertTrue(lines.get(3).startsWith("ALLOW DE -> IN (eu-scc, tia)  eu.gdpr/appropriate-safeguards"), lines.get(3));
        assertTrue(lines.get(4).startsWith("Newsletter.send stopped: Transfer denied by eu.gdpr/appropriate-safeguards"),
                lines.get(4));
        assertTrue(lines.get(4).contains("it would be allowed with dpf-certified or"), lines.get(4));
        assertFalse(lines.stream().anyMatch(l -> l.contains("newsletter sent") || l.contains("anna@")));
        assertTrue(lines.get(5).matches("Audit log .*audit: 5 records, signed by quickstart\\+[0-9a-f]{8}, intact"),
                lines.get(5));
        assertTrue(lines.get(6).startsWith("Check it yourself: ./guard audit verify --log "), lines.get(6));
    }
}
