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

/** Reads transfer files: one JSON object or JSON Lines, from a file or standard input ({@code -}). */
final class InputFiles {

    private InputFiles() {
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
