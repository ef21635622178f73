package dev.transferguard.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.transferguard.Repository;
import dev.transferguard.Subjects;
import dev.transferguard.counters.CounterStore;
import dev.transferguard.counters.InMemoryCounterStore;
import dev.transferguard.policy.PolicyBundle;
import dev.transferguard.policy.TestResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped packs' tests (their tiers among them: 100,000 people, 10,000 sensitive, the 28 CFR 202.205 bulk
 * thresholds) decide alike on PostgreSQL and in memory, and every count read on the way is the same in both.
 */
class ShippedPacksIT {

    @TempDir
    Path dir;

    /** Counts in PostgreSQL and in memory at once, and notes every count on which they differ. */
    private static final class Twin implements CounterStore {
        final PostgresCounterStore shared;
        final InMemoryCounterStore memory = new InMemoryCounterStore();
        final List<String> differences;
        long counts;

        Twin(PostgresCounterStore shared, List<String> differences) {
            this.shared = shared;
            this.differences = differences;
        }

        @Override
        public long count(String counter, String counterparty, long fromDay, long toDay, Subjects current) {
            long there = shared.count(counter, counterparty, fromDay, toDay, current);
            long here = memory.count(counter, counterparty, fromDay, toDay, current);
            counts++;
            if (there != here) {
                differences.add(counter + "/" + counterparty + ": " + there + " in PostgreSQL, " + here + " in memory");
            }
            return there;
        }

        @Override
        public void record(String counter, String counterparty, long day, Subjects subjects) {
            shared.record(counter, counterparty, day, subjects);
            memory.record(counter, counterparty, day, subjects);
        }

        @Override
        public void settle(boolean keep) {
            shared.settle(keep);
        }

        @Override
        public void forget(String counter, long beforeDay) {
            shared.forget(counter, beforeDay);
            memory.forget(counter, beforeDay);
        }
    }

    @Test
    void theShippedPacksTestsDecideAndCountAlikeOnPostgresAndInMemory() throws Exception {
        PolicyBundle packs = PolicyBundle.load(Repository.root().resolve("policies"));
        try (Database db = Database.start(dir.resolve("pg")); PostgresCounterStore store = db.store()) {
            List<String> differences = new ArrayList<>();
            List<Twin> twins = new ArrayList<>();
            List<TestResult> shared = packs.runTests(() -> {
                try {
                    db.execute("TRUNCATE transferguard_subjects, transferguard_anonymous");
                } catch (java.sql.SQLException e) {
                    throw new IllegalStateException(e);
                }
                Twin t = new Twin(store, differences);
                twins.add(t);
                return t;
            });
            assertEquals(packs.runTests(), shared);
            assertTrue(shared.stream().allMatch(TestResult::passed), shared::toString);
            assertEquals(List.of(), differences);
            long counted = twins.stream().mapToLong(t -> t.counts).sum();
            assertTrue(counted > 50, "the packs' tests read " + counted + " counts");
        }
    }
}
