package dev.transferguard.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import org.junit.jupiter.api.Test;

/** A CPU time that could not be read is written as JSON's null, which the summary reads as not measured. */
class TimedRunTest {

    @Test
    void cpuTimesAreJsonNumbersOrNull() throws IOException {
        assertEquals("8.58", TimedRun.json(8.5801));
        assertEquals("null", TimedRun.json(Double.NaN));
        var read = Summary.readNumbers("{\"cli_audit_cpu_s\": " + TimedRun.json(Double.NaN)
                + ", \"cli_audit_compile_cpu_s\": " + TimedRun.json(3.93) + "}");
        assertNull(read.get("cli_audit_cpu_s"));
        assertEquals(3.93, read.get("cli_audit_compile_cpu_s"), 1e-12);
    }
}
