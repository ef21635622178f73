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
import java.util.ArrayList;
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

    @Option(names = "--log", arity = "1..*", paramLabel = "DIR", description = "The audit log directories.")
    List<Path> logDirs;

    @Option(names = "--logs", paramLabel = "ROOT", description = "Verify every log found below ROOT (each "
            + "directory holding a checkpoint file), e.g. one per service instance.")
    Path root;

    @Option(names = "--witness-key", arity = "1..*", paramLabel = "PUB", description = "Trusted witnesses' public "
            + "keys: the latest checkpoint must carry a quorum of their cosignatures (UNWITNESSED), and every "
            + "checkpoint they cosigned must be one the log gives (FORKED).")
    List<String> witnessKeys;

    @Option(names = "--quorum", paramLabel = "N", description = "How many of the witnesses must have cosigned the "
            + "latest checkpoint (default: all).")
    Integer quorum;

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
        int witnessCount = 0;
        if (witnessKeys != null) {
            List<dev.transferguard.audit.VerifierKey> w = AuditFiles.verifierKeys(witnessKeys);
            w.forEach(verifier::witness);
            witnessCount = w.size();
        }
        if (quorum != null) {
            if (witnessKeys == null) {
                throw new GuardException("--quorum needs --witness-key");
            }
            verifier.quorum(quorum);
        }
        AuditVerifier built = verifier.build();
        List<Path> dirs = directories();
        PrintWriter out = spec.commandLine().getOut();
        boolean many = dirs.size() > 1 || root != null;
        int intact = 0;
        List<String> json = new ArrayList<>();
        for (Path dir : dirs) {
            AuditVerification v = built.verify(AuditFiles.logDirectory(dir));
            intact += v.intact() ? 1 : 0;
            if (this.json) {
                json.add(many ? "{\"log\":" + quote(dir.toString()) + "," + toJson(v).substring(1) : toJson(v));
            } else {
                print(out, v, many ? dir + ": " : "", witnessCount);
            }
        }
        if (this.json) {
            out.println(many ? "{\"logs\":[" + String.join(",", json) + "],\"intact\":" + intact + ",\"notIntact\":"
                    + (dirs.size() - intact) + "}" : json.get(0));
        } else if (many) {
            out.printf("%d log%s: %d intact, %d not intact%n", dirs.size(), dirs.size() == 1 ? "" : "s", intact,
                    dirs.size() - intact);
        }
        return intact == dirs.size() ? GuardCommand.OK : GuardCommand.NEGATIVE;
    }

    private void print(PrintWriter out, AuditVerification v, String prefix, int witnessCount) {
        if (v.intact()) {
            out.printf("%sOK: %s: %d record%s, %d signed by %s%s%n", prefix, v.origin(), v.records(),
                    v.records() == 1 ? "" : "s", v.signedRecords(), String.join(", ", v.signers()),
                    witnessCount == 0 ? "" : "; " + v.cosigned() + " checkpoint" + (v.cosigned() == 1 ? "" : "s")
                            + " cosigned by " + (quorum == null ? witnessCount : quorum) + " of " + witnessCount
                            + " witness" + (witnessCount == 1 ? "" : "es"));
        } else {
            AuditFault f = v.fault();
            out.printf("%sTAMPERED: %s%s (%s): %s%n", prefix, f.kind(), f.seq() >= 0 ? " at seq " + f.seq() : "",
                    f.location(), f.message());
        }
        for (String w : v.warnings()) {
            out.println(prefix + "warning: " + w);
        }
    }

    /** The logs to verify: those given, and those found below the root, in name order. */
    private List<Path> directories() {
        List<Path> dirs = new ArrayList<>();
        if (logDirs != null) {
            dirs.addAll(logDirs);
        }
        if (root != null) {
            if (!Files.isDirectory(root)) {
                throw new GuardException("--logs " + root + ": no such directory");
            }
            try (java.util.stream.Stream<Path> all = Files.walk(root, 16)) {
                all.filter(p -> Files.isRegularFile(p.resolve("checkpoint"), java.nio.file.LinkOption.NOFOLLOW_LINKS))
                        .sorted().forEach(dirs::add);
            } catch (IOException e) {
                throw new GuardException("--logs " + root + ": cannot list: " + e.getMessage());
            }
            if (dirs.isEmpty()) {
                throw new GuardException("--logs " + root + ": no audit log below it (no directory with a checkpoint)");
            }
        }
        if (dirs.isEmpty()) {
            throw new GuardException("give --log DIR... or --logs ROOT");
        }
        return dirs;
    }

    private static String quote(String s) {
        StringWriter text = new StringWriter();
        try (JsonGenerator g = new JsonFactory().createGenerator(text)) {
            g.writeString(s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
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
            g.writeNumberField("cosigned", v.cosigned());
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
