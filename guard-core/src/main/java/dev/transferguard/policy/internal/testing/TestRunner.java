package dev.transferguard.policy.internal.testing;

import dev.transferguard.policy.internal.check.Model;
import dev.transferguard.policy.internal.eval.CompiledBundle;
import dev.transferguard.policy.internal.syntax.Ast;
import dev.transferguard.policy.internal.syntax.Pos;
import dev.transferguard.policy.internal.syntax.Token;
import dev.transferguard.counters.CounterStore;
import dev.transferguard.Decision;
import dev.transferguard.InvalidTransferException;
import dev.transferguard.Outcome;
import dev.transferguard.Reason;
import dev.transferguard.Requirement;
import dev.transferguard.internal.json.ParsedTransfer;
import dev.transferguard.internal.json.TransferJsonReader;
import dev.transferguard.policy.TestResult;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Runs the tests written beside the packs: each replays its history into fresh counters, decides its
 * transfer under the whole bundle and checks the expectations.
 */
public final class TestRunner {

    /** The place prefix of the JSON reader's messages, so that it can be moved into the policy file. */
    private static final Pattern PLACE = Pattern.compile("^json:(\\d+):(\\d+): (.*)$", Pattern.DOTALL);

    private TestRunner() {
    }

    /**
     * Runs every test of the bundle.
     *
     * @param bundle the compiled bundle
     * @return one result per test, in file order
     */
    public static List<TestResult> run(CompiledBundle bundle, Supplier<? extends CounterStore> counters) {
        List<TestResult> results = new ArrayList<>();
        for (Model.TestCase t : bundle.model().tests()) {
            results.add(run(bundle, t, counters.get()));
        }
        return results;
    }

    private static TestResult run(CompiledBundle bundle, Model.TestCase t, CounterStore counters) {
        String source = t.pos().fileLine();
        List<String> failures = new ArrayList<>();
        try {
            for (Token h : t.history()) {
                ParsedTransfer past = transfer(h);
                named(h, past, () -> {
                    return settled(counters, () -> {
                        bundle.record(past.transfer(), counters);
                        return null;
                    }, true);
                });
            }
            ParsedTransfer given = transfer(t.given());
            Decision d = named(t.given(), given,
                    () -> settled(counters, () -> bundle.decide(given.transfer(), counters), false));
            for (Ast.Expect x : t.expects()) {
                String failure = check(x, d, t.pack());
                if (failure != null) {
                    failures.add(x.pos().file().name() + ":" + x.pos().line() + ": " + failure);
                }
            }
        } catch (TestInputException e) {
            failures.add(e.getMessage());
        }
        return new TestResult(t.pack(), t.name(), source, failures);
    }

    /** Runs one step on a store and settles it as a guard does: kept when asked and the step went through. */
    private static <T> T settled(CounterStore store, Supplier<T> step, boolean keep) {
        boolean done = false;
        try {
            T result = step.get();
            done = true;
            return result;
        } finally {
            store.settle(keep && done);
        }
    }

    /** A test whose transfer cannot be read or decided: reported as its failure, with the place. */
    private static final class TestInputException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        TestInputException(String message) {
            super(message, null, false, false);
        }
    }

    private static ParsedTransfer transfer(Token json) {
        try {
            return TransferJsonReader.parse(json.text(), "json");
        } catch (InvalidTransferException e) {
            throw new TestInputException(placed(json.pos(), e.getMessage()));
        }
    }

    /** Runs a step that checks the transfer's names, pointing an unknown name at its place in the file. */
    private static <T> T named(Token json, ParsedTransfer parsed, java.util.function.Supplier<T> step) {
        try {
            return step.get();
        } catch (InvalidTransferException e) {
            String at = e.field() == null ? parsed.location().toString() : parsed.locationOf(e.field()).toString();
            throw new TestInputException(placed(json.pos(), at + ": " + e.getMessage()));
        }
    }

    /** Moves a place inside the JSON object to its place in the policy file. */
    static String placed(Pos json, String message) {
        Matcher m = PLACE.matcher(message);
        if (!m.matches()) {
            return json.file().name() + ":" + json.line() + ":" + json.column() + ": " + message;
        }
        int line = Integer.parseInt(m.group(1));
        int column = Integer.parseInt(m.group(2));
        int fileLine = json.line() + line - 1;
        int fileColumn = line == 1 ? json.column() + column - 1 : column;
        return json.file().name() + ":" + fileLine + ":" + fileColumn + ": " + m.group(3);
    }

    private static String check(Ast.Expect x, Decision d, String filePack) {
        switch (x.kind()) {
            case ALLOW:
            case DENY: {
                Outcome want = x.kind() == Ast.ExpectKind.ALLOW ? Outcome.ALLOW : Outcome.DENY;
                return d.outcome() == want ? null
                        : "expected " + name(want) + ", got " + name(d.outcome()) + ": " + d.explain();
            }
            case RULE:
            case NO_RULE: {
                String ref = qualified(x.names().get(0).text(), filePack);
                boolean fired = d.reasons().stream().anyMatch(r -> (r.pack() + "/" + r.rule()).equals(ref));
                if (x.kind() == Ast.ExpectKind.RULE && !fired) {
                    return "expected rule " + ref + " to match, but it did not; matched: " + matched(d);
                }
                if (x.kind() == Ast.ExpectKind.NO_RULE && fired) {
                    return "expected rule " + ref + " not to match, but it did";
                }
                return null;
            }
            case UNMET: {
                Set<String> want = new HashSet<>();
                x.names().forEach(n -> want.add(n.text()));
                boolean found = d.unmet().stream().anyMatch(r -> new HashSet<>(r.anyOf()).equals(want));
                return found ? null : "expected an unmet requirement of " + sorted(want) + ", got "
                        + (d.unmet().isEmpty() ? "none" : d.unmet().stream().map(Requirement::toString)
                        .collect(Collectors.joining("; ")));
            }
            case OBLIGATION: {
                String o = x.names().get(0).text();
                return d.obligations().contains(o) ? null
                        : "expected obligation " + o + ", got " + (d.obligations().isEmpty() ? "none" : d.obligations());
            }
            default:
                throw new IllegalStateException(x.kind().name());
        }
    }

    private static String qualified(String ref, String filePack) {
        return ref.contains("/") ? ref : filePack + "/" + ref;
    }

    private static String name(Outcome o) {
        return o == Outcome.ALLOW ? "allow" : "deny";
    }

    private static String matched(Decision d) {
        return d.reasons().isEmpty() ? "nothing"
                : d.reasons().stream().map(r -> r.pack() + "/" + r.rule() + " (" + kind(r) + ")")
                .collect(Collectors.joining(", "));
    }

    private static String kind(Reason r) {
        return r.kind().name().toLowerCase(java.util.Locale.ROOT);
    }

    private static String sorted(Set<String> s) {
        return s.stream().sorted().collect(Collectors.joining(", ", "[", "]"));
    }
}
