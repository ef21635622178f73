package dev.transferguard.policy.internal;

import dev.transferguard.policy.internal.check.Model;
import dev.transferguard.policy.internal.check.Resolver;
import dev.transferguard.policy.internal.compile.Program;
import dev.transferguard.policy.internal.eval.CompiledBundle;
import dev.transferguard.policy.internal.remedy.Remedies;
import dev.transferguard.policy.internal.syntax.Ast;
import dev.transferguard.policy.internal.syntax.Parser;
import dev.transferguard.policy.internal.syntax.Problems;
import dev.transferguard.policy.internal.syntax.SourceFile;
import dev.transferguard.GuardException;
import dev.transferguard.internal.StrictUtf8;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/** Reads policy files, then parses, resolves and compiles them; every error is reported at once. */
public final class Loader {

    /** Policy files larger than this are refused: policies are written by people. */
    public static final long MAX_FILE_BYTES = 4L << 20;
    private static final int MAX_FILES = 10_000;

    private Loader() {
    }

    /**
     * The {@code *.guard} files below a directory, in name order; hidden directories are skipped.
     *
     * @param directory the policy directory
     * @return the files, named by their path as given plus the relative part
     * @throws GuardException if the directory cannot be read, has no policy files, or a file is not UTF-8
     */
    public static List<SourceFile> read(Path directory) {
        if (!Files.isDirectory(directory)) {
            throw new GuardException("policy directory " + directory + " does not exist or is not a directory");
        }
        List<Path> paths;
        try (Stream<Path> walk = Files.walk(directory)) {
            paths = walk.filter(p -> p.getFileName().toString().endsWith(".guard"))
                    .filter(p -> !hidden(directory.relativize(p)))
                    // Not only regular files: a FIFO or device named *.guard is refused by name when read, not
                    // skipped. Links to directories are not followed, and a link to nothing is no policy file.
                    .filter(p -> Files.exists(p) && !Files.isDirectory(p))
                    .sorted((a, b) -> relative(directory, a).compareTo(relative(directory, b)))
                    .limit(MAX_FILES + 1L)
                    .toList();
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new GuardException("cannot read policy directory " + directory + ": " + message(e));
        }
        if (paths.isEmpty()) {
            throw new GuardException("no policy files (*.guard) in " + directory);
        }
        if (paths.size() > MAX_FILES) {
            throw new GuardException("more than " + MAX_FILES + " policy files in " + directory);
        }
        List<SourceFile> files = new ArrayList<>();
        for (Path p : paths) {
            String name = directory.resolve(directory.relativize(p)).toString().replace('\\', '/');
            files.add(new SourceFile(name, text(directory, p, name)));
        }
        return files;
    }

    private static boolean hidden(Path relative) {
        for (Path part : relative) {
            if (part.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }

    private static String relative(Path directory, Path p) {
        return directory.relativize(p).toString().replace('\\', '/');
    }

    private static String text(Path directory, Path p, String name) {
        try {
            byte[] bytes = PolicyFiles.read(directory, p, name, (int) MAX_FILE_BYTES).bytes();
            if (bytes == null) {
                throw new GuardException(name + ": policy file is larger than " + (MAX_FILE_BYTES >> 20) + " MiB");
            }
            return decode(bytes, name);
        } catch (IOException e) {
            throw new GuardException("cannot read policy file " + name + ": " + message(e));
        }
    }

    /**
     * Decodes a policy file strictly as UTF-8.
     *
     * @param bytes the file's bytes
     * @param name  the file's name for the message
     * @return the text
     * @throws GuardException if the bytes are not UTF-8
     */
    public static String decode(byte[] bytes, String name) {
        StrictUtf8.Decoded decoded = StrictUtf8.decode(bytes);
        if (!decoded.valid()) {
            throw new GuardException(name + ":" + decoded.badLine() + ": policy file is not valid UTF-8");
        }
        return decoded.text();
    }

    private static String message(Exception e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName().replace("Exception", "") + (m == null ? "" : " " + m);
    }

    /**
     * Parses, resolves and compiles files into a bundle.
     *
     * @param files the files; their names must be relative to the policy directory's parent or absolute,
     *              as users should see them
     * @param digestNames the names under which the files enter the digest (relative to the policy directory)
     * @return the compiled bundle
     * @throws dev.transferguard.policy.PolicyException listing every error
     */
    public static CompiledBundle compile(List<SourceFile> files, List<String> digestNames) {
        Problems problems = new Problems();
        List<Ast.FileNode> nodes = new ArrayList<>();
        for (SourceFile f : files) {
            nodes.add(Parser.parse(f, problems));
        }
        problems.throwIfErrors();
        Model.Bundle model = new Resolver(problems).resolve(nodes, digest(files, digestNames), files);
        problems.throwIfErrors();
        Program program = Program.compile(model);
        return new CompiledBundle(program, new Remedies(program));
    }

    /**
     * The bundle digest: SHA-256 over each file's relative name and bytes, in name order, so that it does
     * not depend on where the directory is.
     *
     * @param files the files
     * @param names their names relative to the policy directory, in the same order
     * @return {@code sha256:<hex>}
     */
    public static String digest(List<SourceFile> files, List<String> names) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (int i = 0; i < files.size(); i++) {
                byte[] name = names.get(i).getBytes(StandardCharsets.UTF_8);
                byte[] text = files.get(i).text().getBytes(StandardCharsets.UTF_8);
                sha.update(lengthPrefix(name.length));
                sha.update(name);
                sha.update(lengthPrefix(text.length));
                sha.update(text);
            }
            return "sha256:" + HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    private static byte[] lengthPrefix(long n) {
        return java.nio.ByteBuffer.allocate(8).putLong(n).array();
    }
}
