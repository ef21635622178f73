package dev.transferguard.policy.internal.eval;

import dev.transferguard.Decision;
import dev.transferguard.InvalidTransferException;
import dev.transferguard.Outcome;
import dev.transferguard.Reason;
import dev.transferguard.Requirement;
import dev.transferguard.Transfer;
import dev.transferguard.counters.CounterStore;
import dev.transferguard.internal.EngineDecision;
import dev.transferguard.internal.json.EncodedParts;
import dev.transferguard.policy.internal.check.Model;
import dev.transferguard.policy.internal.compile.CompiledPack;
import dev.transferguard.policy.internal.compile.Facts;
import dev.transferguard.policy.internal.compile.Program;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A compiled bundle as the engine uses it: decides transfers, advances counters, checks names. Deciding
 * translates the transfer into the thread's {@link Facts} and walks the packs; only the resulting
 * {@link Decision} is allocated on the way to an allow, and not even that when facts of the same shape were
 * decided before with the counters it read in the same bands ({@link DecisionTrie}). A transfer of the same
 * values as one decided before finds that shape's decisions without being translated ({@link TransferMemo}).
 */
public final class CompiledBundle {

    private final Program program;
    private final RemedyFinder remedyFinder;
    private final ThreadLocal<Scratch> scratch;
    private final EncodedParts encodedParts;
    private final ShapeMemo<List<Set<String>>> remedyMemo = new ShapeMemo<>();
    private final ShapeMemo<DecisionTrie> decisionMemo = new ShapeMemo<>();
    private final TransferMemo transferMemo = new TransferMemo();

    /**
     * Puts a program and the remedy search together.
     *
     * @param program      the compiled program
     * @param remedyFinder finds the remedies of a denial
     */
    public CompiledBundle(Program program, RemedyFinder remedyFinder) {
        this.program = program;
        this.remedyFinder = remedyFinder;
        this.scratch = ThreadLocal.withInitial(() -> new Scratch(program));
        this.encodedParts = BundleParts.encode(program);
    }

    /**
     * How many volume counters the packs declare.
     *
     * @return the number of counters
     */
    public int counterCount() {
        return program.counterCount();
    }

    /**
     * The resolved model this bundle was compiled from.
     *
     * @return the model
     */
    public Model.Bundle model() {
        return program.model();
    }

    /**
     * Decides a transfer.
     *
     * @param t     the transfer
     * @param store the counters' state, or {@code null} to count only the transfer itself
     * @return the decision
     * @throws InvalidTransferException if the transfer names something the policies do not declare
     */
    public Decision decide(Transfer t, CounterStore store) {
        // A transfer of the same values as one decided before shares its decisions without its names translated.
        int hash = TransferMemo.hash(t);
        DecisionTrie kept = transferMemo.get(t, hash);
        if (kept != null && kept.withoutCounters() != null) {
            return kept.withoutCounters();
        }
        Scratch s = scratch.get();
        Facts f = s.facts;
        if (kept != null) {
            program.readForLookup(t, store, f);
            Decision d = kept.find(program, f);
            if (d != null) {
                f.release();
                return d;
            }
            program.readNamesAfterLookup(t, store, f);
        } else {
            program.readNames(t, store, f);
        }
        // Facts of a shape decided before, with the counters it read in the same bands, are decided alike: the
        // decision is shared. The shape is taken before any counter is read, so it holds none. Facts decided
        // before passed the check of their count, which is made again only for facts not decided before.
        ShapeMemo.Shape shape = s.decisionShape;
        shape.fill(f);
        DecisionTrie known = decisionMemo.get(shape);
        Decision d = known == null ? null : known.find(program, f);
        if (d == null) {
            program.requireCount(f);
            d = evaluate(s);
            DecisionTrie grown = DecisionTrie.with(known, program, f, d);
            if (grown != null) {
                decisionMemo.put(shape, grown);
                known = grown;
            }
        }
        if (known != null) {
            transferMemo.put(t, hash, known);
        }
        f.release();
        return d;
    }

    /**
     * The decision of a transfer of the same values as one decided before, when that decision read no counter:
     * found without translating the transfer or touching a counter store, so that it needs no lock. Any thread
     * may ask.
     *
     * @param t the transfer
     * @return the decision, or {@code null} when there is none and {@link #decide} must be asked
     */
    public Decision keptWithoutCounters(Transfer t) {
        DecisionTrie kept = transferMemo.get(t, TransferMemo.hash(t));
        return kept == null ? null : kept.withoutCounters();
    }

    /**
     * Checks a transfer's names exactly as {@link #decide} does, with the same exceptions and messages, without
     * evaluating a rule or reading a counter.
     *
     * @param t the transfer
     * @throws InvalidTransferException if the transfer names something the policies do not declare
     */
    public void validate(Transfer t) {
        Facts f = scratch.get().facts;
        program.read(t, null, f);
        f.release();
    }

    /**
     * Advances the counters with an allowed (or historical) transfer.
     *
     * @param t     the transfer
     * @param store the counters' state
     */
    public void record(Transfer t, CounterStore store) {
        if (program.counterCount() == 0) {
            return;
        }
        Facts f = scratch.get().facts;
        program.read(t, null, f);
        program.count(f, store);
        f.release();
    }

    private Decision evaluate(Scratch s) {
        Facts f = s.facts;
        boolean anyInScope = false;
        boolean denied = false;
        // Denied by a pack that no set of bases can bring round: a remedy search would find nothing.
        boolean beyondRemedy = false;
        List<Reason> reasons = s.reasons;
        reasons.clear();
        List<Requirement> unmet = List.of();
        List<String> obligations = null;
        for (CompiledPack p : program.packsFor(f)) {
            if (!p.inScope(f)) {
                continue;
            }
            anyInScope = true;
            int before = reasons.size();
            PackVerdict v = PackEvaluator.evaluate(p, f, reasons, null, s.exempted);
            if (v.requirements() != null) {
                if (unmet.isEmpty()) {
                    unmet = new ArrayList<>(2);
                }
                unmet.addAll(v.requirements());
            }
            if (!v.allowed()) {
                denied = true;
                beyondRemedy |= v.whateverTheBases() && p.scopeBasisFree();
            } else {
                for (int i = before; i < reasons.size(); i++) {
                    obligations = addObligations(obligations, reasons.get(i));
                }
            }
        }
        if (!anyInScope) {
            reasons.add(program.bundleDefaultReason());
            denied = !program.defaultAllow();
        }
        Outcome outcome = denied ? Outcome.DENY : Outcome.ALLOW;
        // A counter first read by the remedy search is read with the bases of a trial, which decide whether the
        // transfer itself counts; the kept decision's trie notes that with the read, and a lookup reads it alike.
        List<Set<String>> remedies = denied && !beyondRemedy ? remedies(s, unmet) : List.of();
        return new EngineDecision(outcome, obligations == null ? List.of() : immutableCopy(obligations),
                immutableCopy(unmet), immutableCopy(reasons), remedies, program.digest(), encodedParts);
    }

    /** The remedies of a denial: those of an earlier denial of the same shape, or a new search's. */
    private List<Set<String>> remedies(Scratch s, List<Requirement> unmet) {
        ShapeMemo.Shape shape = s.shape;
        shape.fill(s.facts);
        List<Set<String>> known = remedyMemo.get(shape);
        if (known != null) {
            return known;
        }
        if (s.remedies == null) {
            s.remedies = remedyFinder.searchOver(s.facts);
        }
        int countersRead = s.facts.countersRead();
        List<Set<String>> found = List.copyOf(s.remedies.remedies(unmet));
        if (s.facts.countersRead() == countersRead) {
            remedyMemo.put(shape, found);
        }
        return found;
    }

    /** {@link List#copyOf} without the intermediate array for the usual one or two elements. */
    private static <T> List<T> immutableCopy(List<T> list) {
        switch (list.size()) {
            case 0:
                return List.of();
            case 1:
                return List.of(list.get(0));
            case 2:
                return List.of(list.get(0), list.get(1));
            default:
                return List.copyOf(list);
        }
    }

    /** Adds the obligations of a rule that took part, each once, in the order they first appear. */
    private List<String> addObligations(List<String> into, Reason r) {
        List<String> more = program.obligationsOf(r);
        if (more == null) {
            return into;
        }
        List<String> out = into == null ? new ArrayList<>(4) : into;
        for (int i = 0; i < more.size(); i++) {
            if (!out.contains(more.get(i))) {
                out.add(more.get(i));
            }
        }
        return out;
    }
}
