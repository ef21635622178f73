package dev.transferguard.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The writer's floor measures something and leaves nothing behind; its size is the record's times the rates. */
class WriterFloorTest {

    @Test
    void aRecordCostsItsBytesTimesTheHashingAndWritingOfOne() {
        WriterFloor.PerByte perByte = new WriterFloor.PerByte(0.75, 0.25);
        assertEquals(2000, perByte.recordNs(2000), 1e-9);
        assertEquals(0, perByte.recordNs(0), 1e-9);
    }

    @Test
    void hashingMeasuresAPositiveCostAndRefusesAnEmptyRecord() {
        assertTrue(WriterFloor.hashNsPerByte(1950) > 0);
        assertThrows(IllegalArgumentException.class, () -> WriterFloor.hashNsPerByte(0));
    }

    @Test
    void writingMeasuresAPositiveCostAndDeletesItsFile(@TempDir Path dir) throws Exception {
        assertTrue(WriterFloor.writeNsPerByte(dir) > 0);
        try (var files = Files.list(dir)) {
            assertFalse(files.findAny().isPresent(), "the measuring file is left behind");
        }
    }
}
