package dev.transferguard.policy.internal.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.transferguard.InvalidTransferException;
import dev.transferguard.Subjects;
import dev.transferguard.Transfer;
import dev.transferguard.counters.CounterStore;
import dev.transferguard.counters.InMemoryCounterStore;
import dev.transferguard.policy.PolicyBundle;
import dev.transferguard.policy.internal.LoadedBundle;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** Checking a transfer's names refuses exactly what deciding refuses, with the same message and field. */
class ValidateTest {

    static final String POLICIES = """
            category personal "people"
            category personal.contact "contact"
            basis cac-standard-contract "contract"
            recipient-kind commercial "a company"
            transaction payment "a payment"
            attribute entity.ciio boolean "operates critical infrastructure"
            attribute entity.tier one of [small, large] "size"
            bundle default allow

            policy cn.test "test"
              applies when origin in [CN]
              default allow

            counter sent = distinct subjects of personal
              per calendar-year

            rule contract
              require one of [cac-standard-contract]
              when count(sent) >= 100
              because "test"
            """;

    static final CompiledBundle COMPILED = LoadedBundle.compiledOf(PolicyBundle.of(Map.of("p.guard", POLICIES)));

    static Transfer.Builder transfer() {
        return Transfer.builder().date(LocalDate.of(2026, 3, 4)).origin("CN").destination("SG")
                .categories("personal.contact").subjects(Subjects.of(10, "CN"));
    }

    @Test
    void refusesWhatDecidingRefusesWithTheSameMessage() {
        List<UnaryOperator<Transfer.Builder>> mistakes = List.of(
                b -> b.origin("XX"),
                b -> b.destination("QQ"),
                b -> b.categories("personal.contakt"),
                b -> b.bases("cac-standard-contrakt"),
                b -> b.transaction("paymnet"),
                b -> b.subjects(Subjects.of(3, "CN", "ZZ")),
                b -> b.entity("ciio", "yes"),
                b -> b.entity("tier", "medium"),
                b -> b.entity("unknown", true));
        for (UnaryOperator<Transfer.Builder> mistake : mistakes) {
            Transfer t = mistake.apply(transfer()).build();
            InvalidTransferException deciding = assertThrows(InvalidTransferException.class,
                    () -> COMPILED.decide(t, null));
            InvalidTransferException validating = assertThrows(InvalidTransferException.class,
                    () -> COMPILED.validate(t));
            assertEquals(deciding.getMessage(), validating.getMessage());
            assertEquals(deciding.field(), validating.field());
        }
    }

    @Test
    void acceptsAValidTransferWithoutReadingCounters() {
        CounterStore untouched = new InMemoryCounterStore();
        COMPILED.validate(transfer().bases("cac-standard-contract").purpose("anything").build());
        // and a decision afterwards on the same thread is unaffected
        COMPILED.record(transfer().subjects(Subjects.of(95, "CN")).build(), untouched);
        assertEquals(1, COMPILED.decide(transfer().build(), untouched).unmet().size());
    }
}
