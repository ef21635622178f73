package dev.transferguard.policy.internal.remedy;

import dev.transferguard.policy.internal.compile.Facts;
import dev.transferguard.policy.internal.compile.Program;
import dev.transferguard.policy.internal.eval.RemedyFinder;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The remedy search of one program: the smallest sets of legal bases that would turn a denial into an allow.
 * What is shared by every thread is made here once; each thread's search state is a {@link RemedySearch}.
 */
public final class Remedies implements RemedyFinder {

    /** Sets of more bases than this are not tried. */
    static final int MAX_REMEDY_SIZE = 3;
    /** Candidates beyond this many are not tried. */
    static final int MAX_REMEDY_CANDIDATES = 12;

    final Program program;
    /** Each basis alone, as the remedy it most often is: made once, not per denial. */
    final List<Set<String>> basisAlone;

    /**
     * The search over a program.
     *
     * @param program the compiled program
     */
    public Remedies(Program program) {
        this.program = program;
        List<Set<String>> alone = new ArrayList<>(program.basisCount());
        for (int i = 0; i < program.basisCount(); i++) {
            alone.add(Set.of(program.basisName(i)));
        }
        this.basisAlone = List.copyOf(alone);
    }

    @Override
    public RemedyFinder.Search searchOver(Facts facts) {
        return new RemedySearch(this, facts);
    }
}
