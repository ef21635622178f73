package dev.transferguard.cli;

import dev.transferguard.GuardException;
import dev.transferguard.audit.AuditException;
import dev.transferguard.audit.Checkpoint;
import dev.transferguard.audit.ConsistencyProof;
import dev.transferguard.audit.InclusionProof;
import dev.transferguard.audit.VerifiedCheckpoint;
import dev.transferguard.audit.VerifierKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code guard audit verify-proof}: check a proof from {@code guard audit prove}. */
@Command(name = "verify-proof", mixinStandardHelpOptions = true,
        description = "Check a proof written by guard audit prove: the checkpoints' signatures by a trusted key, "
                + "and that the inclusion proof leads from the record to the signed root, or that the newer "
                + "checkpoint extends the older one.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the record is in the log", "1:the proof does not hold",
                "2:bad input: not a proof bundle, unreadable keys"})
final class AuditVerifyProofCommand implements Callable<Integer> {

    @Parameters(paramLabel = "FILE", description = "The proof bundle (JSON).")
    Path file;

    @Option(names = "--key", required = true, arity = "1..*", paramLabel = "PUB",
            description = "Trusted public keys: .pub PEM files or verifier keys NAME+KEYID+KEY.")
    List<String> keys;

    @Option(names = "--json", description = "Print the result as one JSON object.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new GuardException(file + ": no such file");
        } catch (IOException e) {
            throw new GuardException(file + ": cannot read: " + e.getMessage());
        }
        if (text.contains("\"" + ConsistencyProof.FORMAT + "\"")) {
            return consistency(ConsistencyProof.fromJson(text));
        }
        InclusionProof proof = InclusionProof.fromJson(text);
        try {
            VerifiedCheckpoint vc = proof.verify(AuditFiles.verifierKeys(keys));
            List<String> signers = vc.verifiedBy().stream().map(VerifierKey::label).toList();
            spec.commandLine().getOut().println(json ? JsonText.object(g -> {
                g.writeBooleanField("ok", true);
                g.writeStringField("kind", "inclusion");
                g.writeStringField("origin", proof.origin());
                g.writeNumberField("seq", proof.leafIndex());
                g.writeNumberField("treeSize", proof.treeSize());
                JsonText.strings(g, "signers", signers);
            }) : String.format("OK: record seq %d is in the log %s of %d records, signed by %s", proof.leafIndex(),
                    proof.origin(), proof.treeSize(), String.join(", ", signers)));
            return GuardCommand.OK;
        } catch (AuditException e) {
            return invalid("inclusion", e);
        }
    }

    private int consistency(ConsistencyProof proof) {
        try {
            List<VerifierKey> trusted = AuditFiles.verifierKeys(keys);
            VerifiedCheckpoint vc = proof.verify(trusted);
            long older = Checkpoint.verify(proof.oldCheckpoint(), trusted).checkpoint().treeSize();
            List<String> signers = vc.verifiedBy().stream().map(VerifierKey::label).toList();
            spec.commandLine().getOut().println(json ? JsonText.object(g -> {
                g.writeBooleanField("ok", true);
                g.writeStringField("kind", "consistency");
                g.writeStringField("origin", vc.checkpoint().origin());
                g.writeNumberField("oldTreeSize", older);
                g.writeNumberField("treeSize", vc.checkpoint().treeSize());
                JsonText.strings(g, "signers", signers);
            }) : String.format("OK: the log %s at %d records extends its checkpoint of %d records, signed by %s",
                    vc.checkpoint().origin(), vc.checkpoint().treeSize(), older, String.join(", ", signers)));
            return GuardCommand.OK;
        } catch (AuditException e) {
            return invalid("consistency", e);
        }
    }

    private int invalid(String kind, AuditException e) {
        spec.commandLine().getOut().println(json ? JsonText.object(g -> {
            g.writeBooleanField("ok", false);
            g.writeStringField("kind", kind);
            g.writeStringField("message", e.getMessage());
        }) : "INVALID: " + e.getMessage());
        return GuardCommand.NEGATIVE;
    }
}
