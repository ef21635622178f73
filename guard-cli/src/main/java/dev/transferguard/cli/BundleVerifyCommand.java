package dev.transferguard.cli;

import dev.transferguard.GuardException;
import dev.transferguard.audit.VerifierKey;
import dev.transferguard.policy.BundleSignature;
import dev.transferguard.policy.BundleSignatureException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code guard bundle verify}: check DIR/.bundle.sig against the files and the trusted keys. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Check that DIR/" + BundleSignature.FILE_NAME + " is signed by a trusted key over the "
                + "digest of exactly the policy files DIR holds now.",
                "On a refusal, says why: UNSIGNED, MALFORMED, UNTRUSTED_KEY, BAD_SIGNATURE or ALTERED."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:signed by a trusted key, unchanged since", "1:refused: unsigned, altered, or not signed "
                + "by a trusted key", "2:bad input: no such directory, unreadable keys"})
final class BundleVerifyCommand implements Callable<Integer> {

    @Option(names = "--policies", required = true, paramLabel = "DIR",
            description = "Directory of policy files (*.guard), read recursively.")
    Path directory;

    @Option(names = "--key", required = true, arity = "1..*", paramLabel = "PUB",
            description = "Trusted policy keys: .pub PEM files (named by the file name) or verifier keys "
                    + "NAME+KEYID+KEY.")
    List<String> keys;

    @Option(names = "--json", description = "Print the result as one JSON object.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        List<VerifierKey> trusted = AuditFiles.verifierKeys(keys);
        String digest = BundleSignature.digestOf(directory);
        PrintWriter out = spec.commandLine().getOut();
        Path file = directory.resolve(BundleSignature.FILE_NAME);
        try {
            byte[] note;
            try {
                if (Files.size(file) > BundleSignature.MAX_BYTES) {
                    throw new BundleSignatureException(BundleSignatureException.Fault.MALFORMED, file
                            + " is larger than " + BundleSignature.MAX_BYTES + " bytes");
                }
                note = Files.readAllBytes(file);
            } catch (NoSuchFileException e) {
                throw new BundleSignatureException(BundleSignatureException.Fault.UNSIGNED, "policy bundle "
                        + directory + " is not signed: it has no " + BundleSignature.FILE_NAME);
            } catch (IOException e) {
                throw new GuardException("cannot read " + file + ": " + e.getMessage());
            }
            List<VerifierKey> by = BundleSignature.verify(note, digest, trusted, directory.toString());
            List<String> signers = by.stream().map(VerifierKey::label).toList();
            out.println(json ? JsonText.object(g -> {
                g.writeBooleanField("ok", true);
                g.writeStringField("digest", digest);
                JsonText.strings(g, "signers", signers);
            }) : "OK: " + directory + ": " + digest + " signed by " + String.join(", ", signers));
            return GuardCommand.OK;
        } catch (BundleSignatureException e) {
            out.println(json ? JsonText.object(g -> {
                g.writeBooleanField("ok", false);
                g.writeStringField("digest", digest);
                g.writeStringField("fault", e.fault().name());
                g.writeStringField("message", e.getMessage());
            }) : "REFUSED: " + e.fault() + ": " + e.getMessage());
            return GuardCommand.NEGATIVE;
        }
    }
}
