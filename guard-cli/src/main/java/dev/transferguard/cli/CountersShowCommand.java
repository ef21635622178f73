package dev.transferguard.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.transferguard.GuardException;
import dev.transferguard.policy.PolicyBundle;
import dev.transferguard.policy.VolumeCounter;
import dev.transferguard.postgres.PostgresCounterStore;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code guard counters show}: every counter's value in the shared store, with the limits the rules set. */
@Command(name = "show", mixinStandardHelpOptions = true,
        description = {"Print each counter's value per key in the shared store. With --policies, the value in "
                + "today's window of each counter the packs declare, and the limits their rules compare it with; "
                + "without, every counter the store holds, over every day it keeps."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:shown", "2:bad input, or the store cannot be read"})
final class CountersShowCommand implements Callable<Integer> {

    /** Every day a store can hold, for a counter shown without its policies. */
    private static final long ALL_DAYS = 1_000_000;

    @Mixin
    SharedCounters counters;

    @Option(names = "--policies", paramLabel = "DIR", description = "Directory of policy files (*.guard): show the "
            + "counters they declare, in their windows, with their limits.")
    Path policies;

    @Option(names = "--json", description = "Print one JSON object per counter and key.")
    boolean json;

    @Spec
    CommandSpec spec;

    /** One line of output: a counter's value for one counterparty (or none), in a window, with its limits. */
    private record Row(String counter, String counterparty, long value, long headroom, LocalDate since,
            List<Long> limits) {
    }

    @Override
    public Integer call() {
        if (counters.url == null) {
            throw new GuardException("guard counters show needs --counters URL");
        }
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        List<Row> rows = new ArrayList<>();
        try (PostgresCounterStore store = counters.open(null)) {
            if (policies != null) {
                for (VolumeCounter c : PolicyBundle.load(policies).counters()) {
                    List<String> parties = c.perCounterparty() ? store.counterparties(c.key())
                            : Arrays.asList((String) null);
                    for (String party : parties) {
                        LocalDate since = c.windowStart(today);
                        rows.add(new Row(c.key(), party, value(store, c.key(), party, since.toEpochDay(), today),
                                store.headroom(c.key(), party, since.toEpochDay(), today.toEpochDay()), since,
                                c.limits()));
                    }
                }
            } else {
                for (String key : store.counters()) {
                    for (String party : store.counterparties(key)) {
                        String p = party.isEmpty() ? null : party;
                        rows.add(new Row(key, p, value(store, key, p, -ALL_DAYS, today),
                                store.headroom(key, p, -ALL_DAYS, today.toEpochDay()), null, List.of()));
                    }
                }
            }
        } catch (dev.transferguard.counters.CounterStoreException e) {
            throw new GuardException(e.store() + ": " + e.getMessage());
        }
        PrintWriter out = spec.commandLine().getOut();
        for (Row r : rows) {
            out.println(json ? toJson(r) : text(r));
        }
        out.flush();
        return GuardCommand.OK;
    }

    private static long value(PostgresCounterStore store, String key, String party, long from, LocalDate today) {
        try {
            return store.count(key, party, from, today.toEpochDay(), null);
        } finally {
            store.settle(false);
        }
    }

    private static String text(Row r) {
        StringBuilder s = new StringBuilder(r.counter());
        if (r.counterparty() != null) {
            s.append(" [").append(r.counterparty()).append(']');
        }
        s.append(": ").append(String.format(Locale.ROOT, "%,d", r.value()));
        if (!r.limits().isEmpty()) {
            // The next limit the value has not reached, or the last one it has.
            long limit = r.limits().stream().filter(l -> l > r.value()).findFirst()
                    .orElse(r.limits().get(r.limits().size() - 1));
            s.append(String.format(Locale.ROOT, " of %,d", limit));
        }
        s.append(r.since() == null ? " (every day kept)" : " since " + r.since());
        if (r.headroom() > 0) {
            s.append(String.format(Locale.ROOT, " (at most: %,d of it is headroom held by running instances)",
                    r.headroom()));
        }
        return s.toString();
    }

    private static String toJson(Row r) {
        StringWriter text = new StringWriter();
        try (JsonGenerator g = new JsonFactory().createGenerator(text)) {
            g.writeStartObject();
            g.writeStringField("counter", r.counter());
            g.writeStringField("counterparty", r.counterparty());
            g.writeNumberField("value", r.value());
            g.writeNumberField("headroom", r.headroom());
            g.writeStringField("since", r.since() == null ? null : r.since().toString());
            g.writeArrayFieldStart("limits");
            for (long l : r.limits()) {
                g.writeNumber(l);
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }
}
