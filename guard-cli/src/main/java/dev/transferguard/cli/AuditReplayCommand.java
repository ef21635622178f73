package dev.transferguard.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.transferguard.Decision;
import dev.transferguard.Guard;
import dev.transferguard.InvalidTransferException;
import dev.transferguard.audit.AuditReader;
import dev.transferguard.audit.AuditRecord;
import dev.transferguard.policy.PolicyBundle;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code guard audit replay}: what would past decisions be under other policies? */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = {"Decide every recorded transfer again, in order, under the policies given, and list those "
                + "that would come out differently.",
                "Volume counters are replayed too: they count what the new policies would have allowed."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every decision would be the same", "1:some would differ",
                "2:bad input: no such log, policies that do not load"})
final class AuditReplayCommand implements Callable<Integer> {

    @Option(names = "--log", required = true, paramLabel = "DIR", description = "The audit log directory.")
    Path log;

    @Mixin
    PolicyOptions policies;

    @Option(names = "--json", description = "Print one JSON object per difference.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PolicyBundle bundle = policies.load();
        Guard guard = Guard.builder().policies(bundle).build();
        PrintWriter out = spec.commandLine().getOut();
        long replayed = 0;
        long differ = 0;
        try (Stream<AuditRecord> records = AuditReader.records(AuditFiles.logDirectory(log))) {
            Iterator<AuditRecord> it = records.iterator();
            while (it.hasNext()) {
                AuditRecord r = it.next();
                if (r.kind() != AuditRecord.Kind.DECISION) {
                    continue;
                }
                replayed++;
                Decision now;
                String error = null;
                try {
                    now = guard.decide(r.transfer());
                } catch (InvalidTransferException e) {
                    now = null;
                    error = e.getMessage();
                }
                if (now != null && now.outcome() == r.decision().outcome()) {
                    continue;
                }
                differ++;
                if (json) {
                    out.println(json(r, now, error));
                } else {
                    out.printf("seq %d (%s, %s -> %s): %s -> %s%n", r.seq(), r.time(), r.transfer().origin(),
                            r.transfer().destination(), r.decision().outcome(),
                            now == null ? "ERROR: " + error : now.outcome() + " by " + deciding(now));
                }
            }
        }
        out.printf("%d decision%s replayed under %s: %d would differ%n", replayed, replayed == 1 ? "" : "s",
                bundle.digest(), differ);
        return differ > 0 ? GuardCommand.NEGATIVE : GuardCommand.OK;
    }

    private static String deciding(Decision d) {
        return d.deciding().stream().map(x -> x.pack() + "/" + x.rule() + " (" + x.kind().name().toLowerCase(Locale.ROOT) + ")")
                .collect(Collectors.joining(", "));
    }

    private static String json(AuditRecord r, Decision now, String error) {
        StringWriter text = new StringWriter();
        try (JsonGenerator g = new JsonFactory().createGenerator(text)) {
            g.writeStartObject();
            g.writeNumberField("seq", r.seq());
            g.writeStringField("time", r.time().toString());
            g.writeStringField("was", r.decision().outcome().name());
            g.writeStringField("wasPolicyDigest", r.policyDigest());
            if (now == null) {
                g.writeStringField("error", error);
            } else {
                g.writeStringField("now", now.outcome().name());
                g.writeStringField("nowPolicyDigest", now.policyDigest());
                g.writeStringField("because", deciding(now));
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }
}
