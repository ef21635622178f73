package dev.transferguard.cli;

import dev.transferguard.GuardException;
import dev.transferguard.audit.InclusionProof;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code guard audit prove}: a self-contained proof that one record is in the log. */
@Command(name = "prove", mixinStandardHelpOptions = true,
        description = {"Write a self-contained JSON proof that one record is in the log: the record, its leaf "
                + "index, the RFC 9162 inclusion proof and the signed checkpoint it leads to.",
                "Check it with guard audit verify-proof, without the rest of the log."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:written", "2:bad input: no such log or record, a record not signed yet, "
                + "or records that do not match the checkpoint"})
final class AuditProveCommand implements Callable<Integer> {

    @Option(names = "--log", required = true, paramLabel = "DIR", description = "The audit log directory.")
    Path log;

    @Option(names = "--seq", required = true, paramLabel = "N", description = "The record's sequence number.")
    long seq;

    @Option(names = "--out", paramLabel = "FILE", description = "Write the proof to FILE instead of stdout.")
    Path out;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        String json = InclusionProof.of(AuditFiles.logDirectory(log), seq).toJson();
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
