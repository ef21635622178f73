package dev.transferguard.cli;

import dev.transferguard.GuardException;
import dev.transferguard.audit.SigningKey;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code guard keygen}: a new Ed25519 key pair for signing audit log checkpoints. */
@Command(name = "keygen", mixinStandardHelpOptions = true,
        description = {"Create an Ed25519 key pair that signs audit log checkpoints: DIR/NAME.key (PKCS#8 PEM, "
                + "readable by the owner only) and DIR/NAME.pub (SPKI PEM).",
                "Prints the verifier key, NAME+<key id>+<public key>, which verifiers can trust instead of the "
                        + ".pub file."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the keys were written", "2:bad input: an invalid name, or a key file already exists"})
final class KeygenCommand implements Callable<Integer> {

    @Option(names = "--name", required = true, paramLabel = "NAME",
            description = "The key name that signature lines carry, e.g. audit-2026 (no spaces, no '+').")
    String name;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Where to write the key files.")
    Path out;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
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
        spec.commandLine().getErr().printf("wrote %s (private, owner only) and %s%n", privateFile, publicFile);
        spec.commandLine().getErr().flush();
        spec.commandLine().getOut().println(key.verifierKey().format());
        return GuardCommand.OK;
    }
}
