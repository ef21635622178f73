package dev.transferguard.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.transferguard.GuardException;
import dev.transferguard.audit.AuditFault;
import dev.transferguard.audit.AuditVerification;
import dev.transferguard.audit.AuditVerifier;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code guard audit verify}: check a whole log offline. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Verify an audit log offline: every checkpoint's signature, every record's hash, sequence "
                + "number and link, and every checkpoint's root against the records.",
                "On a fault, names the first one: its kind (MODIFIED, INSERTED, DELETED, REORDERED, TRUNCATED, "
                        + "FORK, INCONSISTENT_CHECKPOINTS, BAD_SIGNATURE, UNKNOWN_KEY, ...), the record's seq and "
                        + "file:line. Records after the last checkpoint are reported as warnings."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:intact (possibly with warnings)", "1:tampered: the first fault is named",
                "2:bad input: no such log, unreadable keys"})
final class AuditVerifyCommand implements Callable<Integer> {

    @Option(names = "--log", required = true, paramLabel = "DIR", description = "The audit log directory.")
    Path log;

    @Option(names = "--key", required = true, arity = "1..*", paramLabel = "PUB",
            description = "Trusted public keys: .pub PEM files (named by the file name) or verifier keys "
                    + "NAME+KEYID+KEY. Give every key of a rotation.")
    List<String> keys;

    @Option(names = "--trusted-checkpoint", paramLabel = "FILE",
            description = "A checkpoint obtained earlier and kept elsewhere: the log must still hold what it signs.")
    Path trustedCheckpoint;

    @Option(names = "--origin", paramLabel = "NAME", description = "The origin the log must have.")
    String origin;

    @Option(names = "--json", description = "Print the result as one JSON object.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        AuditVerifier.Builder verifier = AuditVerifier.builder().trust(AuditFiles.verifierKeys(keys));
        if (trustedCheckpoint != null) {
            try {
                verifier.trustedCheckpoint(Files.readString(trustedCheckpoint, StandardCharsets.UTF_8));
            } catch (NoSuchFileException e) {
                throw new GuardException("--trusted-checkpoint " + trustedCheckpoint + ": no such file");
            } catch (IOException e) {
                throw new GuardException("--trusted-checkpoint " + trustedCheckpoint + ": cannot read: "
                        + e.getMessage());
            }
        }
        if (origin != null) {
            verifier.origin(origin);
        }
        AuditVerification v = verifier.build().verify(AuditFiles.logDirectory(log));
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(toJson(v));
        } else {
            if (v.intact()) {
                out.printf("OK: %s: %d record%s, %d signed by %s%n", v.origin(), v.records(),
                        v.records() == 1 ? "" : "s", v.signedRecords(), String.join(", ", v.signers()));
            } else {
                AuditFault f = v.fault();
                out.printf("TAMPERED: %s%s (%s): %s%n", f.kind(), f.seq() >= 0 ? " at seq " + f.seq() : "",
                        f.location(), f.message());
            }
            for (String w : v.warnings()) {
                out.println("warning: " + w);
            }
        }
        return v.intact() ? GuardCommand.OK : GuardCommand.NEGATIVE;
    }

    static String toJson(AuditVerification v) {
        StringWriter text = new StringWriter();
        try (JsonGenerator g = new JsonFactory().createGenerator(text)) {
            g.writeStartObject();
            g.writeBooleanField("intact", v.intact());
            g.writeStringField("origin", v.origin());
            g.writeNumberField("records", v.records());
            g.writeNumberField("signedRecords", v.signedRecords());
            g.writeArrayFieldStart("signers");
            for (String s : v.signers()) {
                g.writeString(s);
            }
            g.writeEndArray();
            if (v.intact()) {
                g.writeNullField("fault");
            } else {
                AuditFault f = v.fault();
                g.writeObjectFieldStart("fault");
                g.writeStringField("kind", f.kind().name());
                g.writeNumberField("seq", f.seq());
                g.writeStringField("location", f.location());
                g.writeStringField("message", f.message());
                g.writeEndObject();
            }
            g.writeArrayFieldStart("warnings");
            for (String w : v.warnings()) {
                g.writeString(w);
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }
}
