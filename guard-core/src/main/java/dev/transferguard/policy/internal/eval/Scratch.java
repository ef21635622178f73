package dev.transferguard.policy.internal.eval;

import dev.transferguard.Reason;
import dev.transferguard.policy.internal.compile.Bits;
import dev.transferguard.policy.internal.compile.Facts;
import dev.transferguard.policy.internal.compile.Program;
import java.util.ArrayList;

/** What one thread reuses from decision to decision, so that a decision allocates only its result. */
final class Scratch {

    final Facts facts;
    /** The reasons gathered so far, copied into the decision at the end. */
    final ArrayList<Reason> reasons = new ArrayList<>(16);
    /** The positions of the rules that matching exemptions waive, in the pack being evaluated. */
    final long[] exempted;
    /** The remedy search, made on this thread's first denial. */
    RemedyFinder.Search remedies;
    /** The shape of the facts, looked up in the bundle's memo of remedies. */
    final ShapeMemo.Shape shape;
    /** The shape of the facts before any counter is read, looked up in the bundle's memo of decisions. */
    final ShapeMemo.Shape decisionShape;

    Scratch(Program program) {
        this.facts = program.newFacts();
        this.exempted = Bits.of(program.maxRulesPerPack());
        this.shape = new ShapeMemo.Shape(facts.shapeCapacity());
        this.decisionShape = new ShapeMemo.Shape(facts.shapeCapacity());
    }
}
