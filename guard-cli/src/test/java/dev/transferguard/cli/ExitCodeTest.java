package dev.transferguard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.transferguard.InvalidTransferException;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/**
 * A failure of the command itself must not exit 1, which scripts read as "denied" or "tampered", nor 2, which
 * blames the input; and it says so in one line, without a stack trace unless asked for.
 */
class ExitCodeTest {

    @Test
    void anErrorIsAnInternalErrorInOneLine() {
        StringWriter text = new StringWriter();
        int code = GuardCommand.failed(new OutOfMemoryError("Java heap space"), new PrintWriter(text), false);
        assertEquals(GuardCommand.INTERNAL_ERROR, code);
        assertEquals(3, code);
        String said = text.toString().strip();
        assertFalse(said.contains("\n"), said);
        assertTrue(said.startsWith("internal error: java.lang.OutOfMemoryError: Java heap space"), said);
    }

    @Test
    void aBugIsAnInternalErrorAndBadInputIsNot() {
        StringWriter text = new StringWriter();
        assertEquals(3, GuardCommand.failed(new NullPointerException("x"), new PrintWriter(text), false));
        assertEquals(2, GuardCommand.failed(new InvalidTransferException("t.json:1:2: bad"), new PrintWriter(text),
                false));
        assertEquals(2, GuardCommand.failed(new IllegalArgumentException("bad key"), new PrintWriter(text), false));
    }

    @Test
    void verboseShowsTheStackTrace() {
        StringWriter text = new StringWriter();
        GuardCommand.failed(new StackOverflowError(), new PrintWriter(text), true);
        assertTrue(text.toString().contains("\tat "), text.toString());
    }
}
