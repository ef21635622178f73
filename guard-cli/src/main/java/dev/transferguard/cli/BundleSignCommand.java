package dev.transferguard.cli;

import dev.transferguard.GuardException;
import dev.transferguard.audit.SigningKey;
import dev.transferguard.policy.BundleSignature;
import dev.transferguard.policy.PolicyBundle;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code guard bundle sign}: write DIR/.bundle.sig over the digest of the policy files. */
@Command(name = "sign", mixinStandardHelpOptions = true,
        description = {"Sign the policy files of DIR as they are now: writes DIR/" + BundleSignature.FILE_NAME
                + ", a signed note over the bundle digest, replacing an earlier one.",
                "The policies must compile, unless --part says DIR is one of several locations of one bundle. "
                        + "Prints the digest signed."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:signed", "2:bad input: policies that do not compile, unreadable keys"})
final class BundleSignCommand implements Callable<Integer> {

    @Option(names = "--policies", required = true, paramLabel = "DIR",
            description = "Directory of policy files (*.guard), read recursively.")
    Path directory;

    @Option(names = "--key", required = true, arity = "1..*", paramLabel = "K.key",
            description = "Private keys (PKCS#8 PEM, e.g. from guard keygen), named by the file name. Give two "
                    + "during a rotation: the old and the new.")
    List<Path> keys;

    @Option(names = "--part", description = "Sign DIR without compiling it alone: it is one location of a bundle "
            + "loaded from several.")
    boolean part;

    @Option(names = "--json", description = "Print the result as one JSON object.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        List<SigningKey> signing = new ArrayList<>();
        for (Path k : keys) {
            signing.add(AuditFiles.signingKey(k, err));
        }
        if (!part) {
            PolicyBundle.load(directory);
        }
        String digest = BundleSignature.digestOf(directory);
        String note;
        try {
            note = BundleSignature.sign(directory, signing);
        } catch (IllegalArgumentException e) {
            throw new GuardException("--key: " + e.getMessage());
        }
        Path file = directory.resolve(BundleSignature.FILE_NAME);
        Path temp = directory.resolve(BundleSignature.FILE_NAME + ".tmp");
        try {
            Files.writeString(temp, note, StandardCharsets.UTF_8);
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new GuardException("cannot write " + file + ": " + e.getMessage());
        }
        List<String> signers = signing.stream().map(k -> k.verifierKey().label()).toList();
        if (json) {
            spec.commandLine().getOut().println(JsonText.object(g -> {
                g.writeStringField("file", file.toString());
                g.writeStringField("digest", digest);
                JsonText.strings(g, "signers", signers);
            }));
            return GuardCommand.OK;
        }
        err.printf("wrote %s, signed by %s%n", file, String.join(", ", signers));
        err.flush();
        spec.commandLine().getOut().println(digest);
        return GuardCommand.OK;
    }
}
