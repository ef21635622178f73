package dev.transferguard.audit.internal.note;

import dev.transferguard.audit.Checkpoint;
import dev.transferguard.audit.CheckpointException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The C2SP {@code tlog-checkpoint} body: origin line, decimal tree size, base64 root hash, then any
 * extension lines, each ending in a newline. Parsing is strict so that one checkpoint has exactly one
 * spelling: no sign or leading zero in the size, canonical base64, no empty lines.
 */
public final class CheckpointText {

    /** The size of a root hash in bytes: SHA-256, as the Merkle tree's (kept here so notes need no tree code). */
    public static final int HASH_SIZE = 32;

    private static final Pattern DECIMAL = Pattern.compile("0|[1-9][0-9]*");

    private CheckpointText() {
    }

    /**
     * @param checkpoint a checkpoint
     * @return its body text
     */
    public static String format(Checkpoint checkpoint) {
        StringBuilder out = new StringBuilder(128);
        out.append(checkpoint.origin()).append('\n');
        out.append(checkpoint.treeSize()).append('\n');
        out.append(checkpoint.rootHashBase64()).append('\n');
        for (String extension : checkpoint.extensions()) {
            out.append(extension).append('\n');
        }
        return out.toString();
    }

    /**
     * Parses a checkpoint body, the text of a signed note.
     *
     * @param text the body, ending in a newline; its first line is line 1 of the note
     * @return the checkpoint
     * @throws CheckpointException ({@code MALFORMED}) naming the line that is wrong
     */
    public static Checkpoint parse(String text) {
        if (!text.endsWith("\n")) {
            throw CheckpointException.malformed(0, "the checkpoint body does not end with a newline");
        }
        String[] lines = text.substring(0, text.length() - 1).split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].isEmpty()) {
                throw CheckpointException.malformed(i + 1, "empty line in the checkpoint body");
            }
        }
        if (lines.length < 3) {
            throw CheckpointException.malformed(lines.length + 1,
                    "a checkpoint needs an origin, a tree size and a root hash line");
        }
        if (!DECIMAL.matcher(lines[1]).matches()) {
            throw CheckpointException.malformed(2, "the tree size must be decimal digits without sign or leading zeros");
        }
        long size;
        try {
            size = Long.parseLong(lines[1]);
        } catch (NumberFormatException e) {
            throw CheckpointException.malformed(2, "the tree size is too large");
        }
        byte[] root = StrictBase64.decode(lines[2]);
        if (root == null) {
            throw CheckpointException.malformed(3, "the root hash is not canonical base64");
        }
        if (root.length != HASH_SIZE) {
            throw CheckpointException.malformed(3, "the root hash has " + root.length + " bytes, expected " + HASH_SIZE);
        }
        List<String> extensions = new ArrayList<>(List.of(lines).subList(3, lines.length));
        return new Checkpoint(lines[0], size, root, extensions);
    }

    /**
     * Checks one line of a checkpoint body given by a caller.
     *
     * @param line the line's text
     * @param what what the line is, for the message
     * @throws IllegalArgumentException when it is empty or holds a newline or another control character
     */
    public static void requireLine(String line, String what) {
        if (line == null || line.isEmpty()) {
            throw new IllegalArgumentException(what + " must not be empty");
        }
        if (line.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new IllegalArgumentException(what + " must be one line without control characters");
        }
        if (line.length() > SignedNote.MAX_LINE_LENGTH) {
            throw new IllegalArgumentException(what + " is longer than " + SignedNote.MAX_LINE_LENGTH + " characters");
        }
    }
}
