package dev.transferguard.cli;

import dev.transferguard.GuardException;
import dev.transferguard.internal.json.ParsedTransfer;
import dev.transferguard.internal.json.TransferJsonReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/** Reads transfer files: one JSON object or JSON Lines, from a file or standard input ({@code -}). */
final class InputFiles {

    /** Larger inputs are refused rather than read into memory. */
    static final long MAX_BYTES = 1L << 30;

    private InputFiles() {
    }

    static List<ParsedTransfer> transfers(String file, InputStream stdin) {
        String name = file.equals("-") ? "<stdin>" : file;
        byte[] bytes = bytes(file, stdin);
        String text = TransferJsonReader.utf8(bytes, name);
        List<ParsedTransfer> transfers = TransferJsonReader.parseAll(text, name);
        if (transfers.isEmpty()) {
            throw new GuardException(name + ": no transfer in the input");
        }
        return transfers;
    }

    private static byte[] bytes(String file, InputStream stdin) {
        try {
            if (file.equals("-")) {
                byte[] b = stdin.readNBytes((int) Math.min(MAX_BYTES + 1, Integer.MAX_VALUE - 8));
                if (b.length > MAX_BYTES) {
                    throw new GuardException("<stdin>: input is larger than 1 GiB");
                }
                return b;
            }
            Path p = Path.of(file);
            if (Files.isDirectory(p)) {
                throw new GuardException(file + ": is a directory, not a transfer file");
            }
            if (Files.size(p) > MAX_BYTES) {
                throw new GuardException(file + ": input is larger than 1 GiB");
            }
            return Files.readAllBytes(p);
        } catch (NoSuchFileException e) {
            throw new GuardException(file + ": no such file");
        } catch (IOException e) {
            throw new GuardException(file + ": cannot read: " + e.getMessage());
        }
    }
}
