package dev.transferguard.cli;

import dev.transferguard.GuardException;
import dev.transferguard.audit.ConsistencyProof;
import dev.transferguard.audit.InclusionProof;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.nio.file.NoSuchFileException;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code guard audit prove}: a self-contained proof that one record is in the log. */
@Command(name = "prove", mixinStandardHelpOptions = true,
        description = {"Write a self-contained JSON proof that one record is in the log (--seq): the record, its "
                + "leaf index, the RFC 9162 inclusion proof and the signed checkpoint it leads to;",
                "or that the log's latest checkpoint extends an older one (--since-checkpoint): both checkpoints "
                        + "and the RFC 9162 consistency proof between them.",
                "Check it with guard audit verify-proof, without the rest of the log."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:written", "2:bad input: no such log or record, a record not signed yet, "
                + "or records that do not match the checkpoint"})
final class AuditProveCommand implements Callable<Integer> {

    @Option(names = "--log", required = true, paramLabel = "DIR", description = "The audit log directory.")
    Path log;

    @ArgGroup(exclusive = true, multiplicity = "1")
    What what;

    /** One of the two kinds of proof. */
    static final class What {
        @Option(names = "--seq", required = true, paramLabel = "N", description = "Prove the record of this "
                + "sequence number.")
        Long seq;

        @Option(names = "--since-checkpoint", required = true, paramLabel = "FILE",
                description = "Prove that the latest checkpoint extends this older one.")
        Path since;
    }

    @Option(names = "--out", paramLabel = "FILE", description = "Write the proof to FILE instead of stdout.")
    Path out;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (what == null) {
            throw new GuardException("give --seq N or --since-checkpoint FILE");
        }
        String json;
        if (what.seq != null) {
            json = InclusionProof.of(AuditFiles.logDirectory(log), what.seq).toJson();
        } else {
            String older;
            try {
                older = Files.readString(what.since, StandardCharsets.UTF_8);
            } catch (NoSuchFileException e) {
                throw new GuardException("--since-checkpoint " + what.since + ": no such file");
            } catch (IOException e) {
                throw new GuardException("--since-checkpoint " + what.since + ": cannot read: " + e.getMessage());
            }
            json = ConsistencyProof.of(AuditFiles.logDirectory(log), older).toJson();
        }
        if (out == null) {
            spec.commandLine().getOut().println(json);
        } else {
            try {
                Files.writeString(out, json + "\n", StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new GuardException("cannot write " + out + ": " + e.getMessage());
            }
        }
        return GuardCommand.OK;
    }
}
