package dev.transferguard.policy.internal.remedy;

import dev.transferguard.Reason;
import dev.transferguard.Requirement;
import dev.transferguard.policy.internal.compile.Bits;
import dev.transferguard.policy.internal.compile.CompiledPack;
import dev.transferguard.policy.internal.compile.CompiledRule;
import dev.transferguard.policy.internal.compile.Facts;
import dev.transferguard.policy.internal.compile.Program;
import dev.transferguard.policy.internal.eval.PackEvaluator;
import dev.transferguard.policy.internal.eval.RemedyFinder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * One thread's remedy search, reused from one denial to the next. Candidates are the bases of the unmet
 * requirements and those the conditions of the packs in scope mention, in that order, less those on file, at
 * most {@value Remedies#MAX_REMEDY_CANDIDATES}; a basis added in a trial is valid from the transfer's date.
 * Sets are tried by size, and within a size in the order of the candidates; a set that holds a smaller one
 * already found is not tried. A set of candidates is a bit mask over their positions in the pool.
 */
final class RemedySearch implements RemedyFinder.Search {

    private final Remedies remedies;
    private final Program program;
    private final CompiledPack[] packs;
    private final Facts f;
    private final int[] pool = new int[Remedies.MAX_REMEDY_CANDIDATES];
    private int poolSize;
    private final long[] seen;
    private final long[] savedBases;
    private final long[] savedSince;
    /** The sets found by this search; the decision takes a copy. */
    private final List<Set<String>> found = new ArrayList<>(4);
    private int[] foundMasks = new int[4];
    private final List<Reason> scratch = new ArrayList<>();
    private final long[] exempted;
    /** Per pack, then per rule: whether a condition that names no basis holds (1), does not (-1), or unknown. */
    private final byte[][] memo;
    private final byte[] scopeMemo;

    RemedySearch(Remedies remedies, Facts f) {
        this.remedies = remedies;
        this.program = remedies.program;
        this.packs = program.packs();
        this.f = f;
        this.memo = new byte[packs.length][];
        for (int i = 0; i < packs.length; i++) {
            memo[i] = new byte[packs[i].rules().length];
        }
        this.scopeMemo = new byte[packs.length];
        this.seen = Bits.of(program.basisCount());
        this.savedBases = Bits.of(program.basisCount());
        this.savedSince = new long[program.basisCount()];
        this.exempted = Bits.of(program.maxRulesPerPack());
    }

    @Override
    public List<Set<String>> remedies(List<Requirement> unmet) {
        start();
        for (Requirement r : unmet) {
            for (String b : r.anyOf()) {
                candidate(program.basisIndex(b));
            }
        }
        for (CompiledPack p : packs) {
            if (p.inScope(f)) {
                for (CompiledRule r : p.rules()) {
                    for (int b : r.mentioned()) {
                        candidate(b);
                    }
                }
            }
        }
        try {
            for (int size = 1; size <= Math.min(Remedies.MAX_REMEDY_SIZE, poolSize); size++) {
                trySubsets(size, 0, 0, 0);
            }
        } finally {
            f.restoreBases(savedBases, savedSince);
        }
        return found;
    }

    /** Forgets the last search and saves the bases of the transfer now in the facts. */
    private void start() {
        poolSize = 0;
        Bits.clear(seen);
        f.saveBases(savedBases, savedSince);
        found.clear();
        for (byte[] m : memo) {
            Arrays.fill(m, (byte) 0);
        }
        Arrays.fill(scopeMemo, (byte) 0);
    }

    /** Adds a candidate unless it was seen before, is on file or the pool is full. */
    private void candidate(int basis) {
        if (Bits.get(seen, basis)) {
            return;
        }
        Bits.set(seen, basis);
        if (!f.hasBasis(basis) && poolSize < pool.length) {
            pool[poolSize++] = basis;
        }
    }

    /** Whether the candidates in {@code mask} include every basis of a set already found. */
    private boolean holdsFound(int mask) {
        for (int i = 0; i < found.size(); i++) {
            if ((mask & foundMasks[i]) == foundMasks[i]) {
                return true;
            }
        }
        return false;
    }

    private void add(int mask, Set<String> names) {
        if (found.size() == foundMasks.length) {
            foundMasks = Arrays.copyOf(foundMasks, foundMasks.length * 2);
        }
        foundMasks[found.size()] = mask;
        found.add(names);
    }

    private void trySubsets(int size, int from, int mask, int depth) {
        if (holdsFound(mask)) {
            return; // so does every set that extends this one
        }
        if (depth == size) {
            f.restoreBases(savedBases, savedSince);
            for (int i = 0; i < poolSize; i++) {
                if ((mask & (1 << i)) != 0) {
                    f.grantBasis(pool[i]);
                }
            }
            if (allows()) {
                if (size == 1) {
                    add(mask, remedies.basisAlone.get(pool[Integer.numberOfTrailingZeros(mask)]));
                    return;
                }
                String[] names = new String[Integer.bitCount(mask)];
                int n = 0;
                for (int i = 0; i < poolSize; i++) {
                    if ((mask & (1 << i)) != 0) {
                        names[n++] = program.basisName(pool[i]);
                    }
                }
                add(mask, Set.of(names)); // distinct: the pool holds each basis once
            }
            return;
        }
        for (int i = from; i < poolSize; i++) {
            trySubsets(size, i + 1, mask | (1 << i), depth + 1);
        }
    }

    /** Allowed or not, without building explanations: the inner loop of the search. */
    private boolean allows() {
        boolean anyInScope = false;
        for (int i = 0; i < packs.length; i++) {
            CompiledPack p = packs[i];
            boolean inScope;
            if (p.scopeBasisFree()) {
                if (scopeMemo[i] == 0) {
                    scopeMemo[i] = p.inScope(f) ? (byte) 1 : (byte) -1;
                }
                inScope = scopeMemo[i] > 0;
            } else {
                inScope = p.inScope(f);
            }
            if (inScope) {
                anyInScope = true;
                scratch.clear();
                if (!PackEvaluator.evaluate(p, f, scratch, memo[i], exempted).allowed()) {
                    return false;
                }
            }
        }
        return anyInScope || program.defaultAllow();
    }
}
