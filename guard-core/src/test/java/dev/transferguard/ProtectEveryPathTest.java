package dev.transferguard;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.transferguard.annotation.GuardedTransfer;
import dev.transferguard.annotation.PersonalData;
import dev.transferguard.annotation.SubjectResidence;
import dev.transferguard.policy.PolicyBundle;
import java.lang.reflect.Method;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * {@link Guard#protect} once let two paths reach the target undecided: a sub-interface that declares a guarded
 * method again without the annotation, and a default method that calls a guarded one.
 */
class ProtectEveryPathTest {

    static final PolicyBundle POLICIES = PolicyBundle.load(Repository.file("policies"));

    record Customer(@PersonalData(category = "personal.contact") String email, @SubjectResidence String residence) {
    }

    interface Exporter {
        @GuardedTransfer(destination = "CN", recipient = "reseller-cn", recipientKind = "commercial")
        void send(List<Customer> customers);
    }

    /** Declares {@code send} again, without the annotation. */
    interface Redeclared extends Exporter {
        @Override
        void send(List<Customer> customers);
    }

    /** A convenience that calls the guarded method. */
    interface WithDefault extends Exporter {
        default void sendOne(Customer customer) {
            send(List.of(customer));
        }
    }

    static class Target implements Redeclared, WithDefault {
        final AtomicBoolean reached = new AtomicBoolean();

        @Override
        public void send(List<Customer> customers) {
            reached.set(true);
        }
    }

    private static Guard guard() {
        return Guard.builder().policies(POLICIES).jurisdiction("DE").build();
    }

    private static final List<Customer> CUSTOMERS = List.of(new Customer("a@example.com", "DE"));

    @Test
    void aMethodDeclaredAgainWithoutTheAnnotationIsStillGuarded() throws NoSuchMethodException {
        Target target = new Target();
        Redeclared exporter = guard().protect(Redeclared.class, target);
        assertThrows(TransferDeniedException.class, () -> exporter.send(CUSTOMERS));
        assertFalse(target.reached.get(), "no safeguards for CN: nothing reaches the target");
        Method redeclared = Redeclared.class.getMethod("send", List.class);
        assertTrue(Guard.isGuarded(redeclared, Target.class));
        assertTrue(Guard.isGuarded(redeclared, null));
    }

    @Test
    void aDefaultMethodThatCallsAGuardedOneIsDecided() {
        Target target = new Target();
        WithDefault exporter = guard().protect(WithDefault.class, target);
        assertThrows(TransferDeniedException.class, () -> exporter.sendOne(CUSTOMERS.get(0)));
        assertFalse(target.reached.get(), "the default method's call went through the guard");
    }
}
