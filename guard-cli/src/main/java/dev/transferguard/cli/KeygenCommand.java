package dev.transferguard.cli;

import dev.transferguard.GuardException;
import dev.transferguard.PseudonymKey;
import dev.transferguard.audit.SigningKey;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code guard keygen}: a new Ed25519 key pair for signing audit log checkpoints, or a pseudonym key. */
@Command(name = "keygen", mixinStandardHelpOptions = true,
        description = {"Create an Ed25519 key pair that signs audit log checkpoints: DIR/NAME.key (PKCS#8 PEM, "
                + "readable by the owner only) and DIR/NAME.pub (SPKI PEM).",
                "Prints the verifier key, NAME+<key id>+<public key>, which verifiers can trust instead of the "
                        + ".pub file.",
                "With --pseudonym: create DIR/NAME.key (NAME defaults to pseudonym), 32 random bytes readable by "
                        + "the owner only, that keys the pseudonyms replacing subject ids in audit logs "
                        + "(--pseudonym-key of guard check)."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the keys were written", "2:bad input: an invalid name, or a key file already exists"})
final class KeygenCommand implements Callable<Integer> {

    @Option(names = "--name", paramLabel = "NAME",
            description = "The key name that signature lines carry, e.g. audit-2026 (no spaces, no '+'); "
                    + "required unless --pseudonym.")
    String name;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Where to write the key files.")
    Path out;

    @Option(names = "--pseudonym", description = "Write a pseudonym key instead of a signing key pair.")
    boolean pseudonym;

    @Option(names = "--json", description = "Print what was written as one JSON object.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        return pseudonym ? pseudonymKey() : signingKey();
    }

    private int signingKey() {
        if (name == null) {
            throw new GuardException("--name NAME is required for a signing key (or give --pseudonym)");
        }
        SigningKey key;
        try {
            key = SigningKey.generate(name);
        } catch (IllegalArgumentException e) {
            throw new GuardException("--name: " + e.getMessage());
        }
        Path privateFile = out.resolve(name + ".key");
        Path publicFile = out.resolve(name + ".pub");
        try {
            Files.createDirectories(out);
            if (Files.exists(privateFile) || Files.exists(publicFile)) {
                throw new FileAlreadyExistsException(Files.exists(privateFile) ? privateFile.toString()
                        : publicFile.toString());
            }
            key.writePem(privateFile);
            key.verifierKey().writePem(publicFile);
        } catch (FileAlreadyExistsException e) {
            throw new GuardException(e.getFile() + " already exists; a key file is never overwritten");
        } catch (IOException e) {
            throw new GuardException("cannot write the key files in " + out + ": " + e.getMessage());
        }
        if (json) {
            spec.commandLine().getOut().println(JsonText.object(g -> {
                g.writeStringField("kind", "signing");
                g.writeStringField("privateKey", privateFile.toString());
                g.writeStringField("publicKey", publicFile.toString());
                g.writeStringField("verifierKey", key.verifierKey().format());
            }));
            return GuardCommand.OK;
        }
        spec.commandLine().getErr().printf("wrote %s (private, owner only) and %s%n", privateFile, publicFile);
        spec.commandLine().getErr().flush();
        spec.commandLine().getOut().println(key.verifierKey().format());
        return GuardCommand.OK;
    }

    private int pseudonymKey() {
        String base = name == null ? "pseudonym" : name;
        if (!base.matches("[A-Za-z0-9._-]+") || base.startsWith(".")) {
            throw new GuardException("--name: '" + base + "' is not a file name of letters, digits, '.', '_' or '-'");
        }
        Path file = out.resolve(base + ".key");
        try {
            Files.createDirectories(out);
            PseudonymKey.generate(file);
        } catch (FileAlreadyExistsException e) {
            throw new GuardException(file + " already exists; a pseudonym key is never overwritten: the pseudonyms "
                    + "it made could no longer be matched");
        } catch (IOException e) {
            throw new GuardException("cannot write " + file + ": " + e.getMessage());
        }
        PrintWriter o = spec.commandLine().getOut();
        if (json) {
            o.println(JsonText.object(g -> {
                g.writeStringField("kind", "pseudonym");
                g.writeStringField("file", file.toString());
                g.writeNumberField("bytes", PseudonymKey.GENERATED_BYTES);
            }));
            return GuardCommand.OK;
        }
        o.printf("wrote %s: %d random bytes, readable by its owner only%n", file, PseudonymKey.GENERATED_BYTES);
        o.println("Keep it secret and keep it: whoever holds it can test a guessed subject id against the "
                + "pseudonyms in the log, and without it the same subject can no longer be linked across records.");
        o.println("Store it in your secret manager (or an owner-only file outside the log directory), back it up "
                + "with the same care as the signing key, and give it to guard check as --pseudonym-key " + file
                + " (or to the Spring starter as guard.audit.pseudonym-key-file).");
        return GuardCommand.OK;
    }
}
