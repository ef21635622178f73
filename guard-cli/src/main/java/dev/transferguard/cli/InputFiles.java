package dev.transferguard.cli;

import dev.transferguard.GuardException;
import dev.transferguard.LocatedTransfer;
import dev.transferguard.TransferReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/** Reads transfer files: one JSON object or JSON Lines, from a file or standard input ({@code -}). */
final class InputFiles {

    private InputFiles() {
    }

    /**
     * Hands each transfer to {@code action}: standard input one line at a time as it arrives, so that
     * {@code tail -f | guard check -} decides while the input is open; a file read and checked whole first, so
     * that a bad line stops it before anything is decided.
     */
    static void eachTransfer(String file, InputStream stdin, Consumer<LocatedTransfer> action) {
        if (!file.equals("-")) {
            transfers(file, stdin).forEach(action);
            return;
        }
        try {
            TransferReader.readEach(stdin, "<stdin>", action);
        } catch (IOException e) {
            throw new GuardException("-: cannot read standard input: " + e.getMessage());
        }
    }

    static List<LocatedTransfer> transfers(String file, InputStream stdin) {
        try {
            if (file.equals("-")) {
                return TransferReader.read(stdin, "<stdin>");
            }
            Path p = Path.of(file);
            if (Files.isDirectory(p)) {
                throw new GuardException(file + ": is a directory, not a transfer file");
            }
            return TransferReader.read(p);
        } catch (NoSuchFileException e) {
            throw new GuardException(file + ": no such file");
        } catch (IOException e) {
            throw new GuardException(file + ": cannot read: " + e.getMessage());
        }
    }
}
