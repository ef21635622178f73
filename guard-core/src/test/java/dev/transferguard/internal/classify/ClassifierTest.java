package dev.transferguard.internal.classify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.transferguard.InvalidAnnotationException;
import dev.transferguard.InvalidTransferException;
import dev.transferguard.Repository;
import dev.transferguard.annotation.GuardedTransfer;
import dev.transferguard.annotation.PersonalData;
import dev.transferguard.annotation.SubjectId;
import dev.transferguard.internal.Pseudonyms;
import dev.transferguard.internal.classify.Shapes.Address;
import dev.transferguard.internal.classify.Shapes.Batch;
import dev.transferguard.internal.classify.Shapes.Customer;
import dev.transferguard.internal.classify.Shapes.Device;
import dev.transferguard.internal.classify.Shapes.Employee;
import dev.transferguard.internal.classify.Shapes.Node;
import dev.transferguard.internal.classify.Shapes.Note;
import dev.transferguard.internal.classify.Shapes.Patient;
import dev.transferguard.internal.classify.Shapes.Tracker;
import dev.transferguard.policy.PolicyBundle;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ClassifierTest {

    static final Set<String> CATEGORIES = vocabulary().categories();
    static final byte[] KEY = "a key of at least sixteen bytes".getBytes(StandardCharsets.UTF_8);

    static PolicyBundle vocabulary() {
        try {
            return PolicyBundle.of(Map.of("vocabulary.guard",
                    Files.readString(Repository.file("policies/vocabulary.guard"))));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    interface Sink {
        @GuardedTransfer(destination = "SG")
        void send(Object value);

        @GuardedTransfer(destination = "SG")
        void sendAll(Object first, Object second);
    }

    final Classifier classifier = new Classifier(CATEGORIES, new Pseudonyms(KEY));

    Classification classify(Object value) {
        return plan("send").classify(new Object[] {value});
    }

    MethodPlan plan(String name) {
        for (Method m : Sink.class.getMethods()) {
            if (m.getName().equals(name)) {
                return MethodPlan.of(m, null, classifier, "CN");
            }
        }
        throw new IllegalArgumentException(name);
    }

    @Test
    void recordComponents() {
        Classification c = classify(new Customer("c-1", "Li Wei", null, "cn"));
        assertEquals(List.of("personal.identity"), c.categories());
        assertEquals(1, c.subjects().count());
        assertEquals(List.of("CN"), c.subjects().residence());
    }

    @Test
    void subjectIdsArePseudonymsNeverTheId() {
        Classification c = classify(List.of(new Customer("c-1", "a", "b", "CN"), new Customer("c-2", "a", "b", "DE")));
        assertEquals(2, c.subjects().count());
        for (String id : c.subjects().ids()) {
            assertTrue(id.matches("hmac-sha256:[0-9a-f]{64}"), id);
            assertFalse(id.contains("c-1") || id.contains("c-2"));
        }
        assertEquals(new Pseudonyms(KEY).of("c-1"), c.subjects().ids().get(0));
        assertNotEquals(new Pseudonyms("another key, sixteen bytes".getBytes(StandardCharsets.UTF_8)).of("c-1"),
                c.subjects().ids().get(0));
        assertEquals(List.of("CN", "DE"), c.subjects().residence());
    }

    @Test
    void sameIdTwiceIsOnePersonAndMissingIdsStillCount() {
        Classification c = classify(List.of(new Customer("c-1", "a", null, null), new Customer("c-1", "a", null, null),
                new Customer(null, "b", null, null), new Customer(null, "c", null, null)));
        assertEquals(3, c.subjects().count());
        assertEquals(1, c.subjects().ids().size());
    }

    @Test
    void beanFieldsAndNestedObjects() {
        Classification c = classify(new Patient(7, "flu", Locale.GERMANY, new Address("Hauptstr. 1", "Berlin")));
        assertEquals(List.of("personal.contact", "personal.sensitive.health"), c.categories());
        assertEquals(List.of("DE"), c.subjects().citizenship());
        assertEquals(1, c.subjects().count());
    }

    @Test
    void inheritedFields() {
        Employee e = new Employee();
        e.fullName = "Anna";
        e.country = Shapes.Country.SG;
        Classification c = classify(e);
        assertEquals(List.of("personal.identity"), c.categories());
        assertEquals(List.of("SG"), c.subjects().residence());
        e.payrollAccount = "DE00 1234";
        assertEquals(List.of("personal.account", "personal.identity"), classify(e).categories());
    }

    @Test
    void gettersOnClassesAndInterfaces() {
        assertEquals(List.of("personal.device"), classify(new Device("SN-1")).categories());
        assertTrue(classify(new Device(null)).isEmpty());
        assertEquals(List.of("personal.sensitive.precise-geolocation"),
                classify(new Tracker("31.23,121.47")).categories());
    }

    @Test
    void nestedCollectionsMapsArraysAndOptionals() {
        Batch b = new Batch();
        b.pages = List.of(List.of(), List.of(new Customer("c-1", null, "x@y", null)));
        assertEquals(List.of("personal.contact"), classify(b).categories());

        b.byWard = Map.of("ward-1", new Patient(1, "flu", null, null));
        Employee e = new Employee();
        e.payrollAccount = "acct";
        b.staff = new Employee[] {null, e};
        b.device = Optional.of(new Device("SN"));
        b.anything = new Object[] {Optional.of(new Tracker("1,2"))};
        Classification c = classify(b);
        assertEquals(List.of("personal.account", "personal.contact", "personal.device",
                "personal.sensitive.health", "personal.sensitive.precise-geolocation"), c.categories());
        // two subjects with ids (customer, patient); the holders without ids do not add when ids are known
        assertEquals(2, c.subjects().count());
    }

    @Test
    void mapKeysAreClassifiedLikeValues() {
        Map<Object, Object> m = new HashMap<>();
        m.put(new Device("key"), "value");
        assertEquals(List.of("personal.device"), classify(m).categories());
        m.clear();
        m.put("k", new Device("value"));
        assertEquals(List.of("personal.device"), classify(m).categories());
    }

    @Test
    void cyclesEnd() {
        Node a = new Node();
        Node b = new Node();
        a.next = b;
        b.next = a;
        a.links = new ArrayList<>(List.of(a, b));
        assertTrue(classify(a).isEmpty());
        b.clicks = "3";
        Classification c = classify(a);
        assertEquals(List.of("personal.behaviour"), c.categories());
        assertEquals(1, c.subjects().count());

        List<Object> selfish = new ArrayList<>();
        selfish.add(selfish);
        selfish.add(new Device("x"));
        assertEquals(List.of("personal.device"), classify(selfish).categories());
    }

    @Test
    void deepGraphsFailRatherThanPass() {
        Node head = new Node();
        Node n = head;
        for (int i = 0; i < Walk.MAX_DEPTH + 5; i++) {
            n.next = new Node();
            n = n.next;
        }
        n.clicks = "deep";
        InvalidTransferException e = assertThrows(InvalidTransferException.class, () -> classify(head));
        assertTrue(e.getMessage().contains("deeper than"), e.getMessage());
    }

    @Test
    void absentValuesDoNotCount() {
        assertTrue(classify(new Note(Optional.empty(), new Address(null, "Paris"))).isEmpty());
        Classification c = classify(new Note(Optional.of("+33 1"), new Address("rue", "Paris")));
        assertEquals(List.of("personal.contact"), c.categories());
        assertEquals(1, c.subjects().count(), "the outermost holder is one person");
        assertEquals(2, classify(List.of(new Address("a", null), new Address("b", null))).subjects().count());
        assertTrue(classify(new Shapes.Citizens(List.of(), new String[0])).isEmpty());
    }

    @Test
    void citizenshipListsAndArrays() {
        Classification c = classify(new Shapes.Citizens(List.of("cn", " hk "), new String[] {"id"}));
        assertEquals(List.of("CN", "HK"), c.subjects().citizenship());
        assertEquals(List.of("personal.identifier"), c.categories());
    }

    @Test
    void badResidenceValuesFailWithoutShowingThem() {
        InvalidTransferException e = assertThrows(InvalidTransferException.class,
                () -> classify(new Customer("c", "n", null, "Berlin, Germany")));
        assertTrue(e.getMessage().contains("Customer.residence"), e.getMessage());
        assertFalse(e.getMessage().contains("Berlin"), e.getMessage());
    }

    @Test
    void unknownCategoryFailsNamingClassAndField() {
        InvalidAnnotationException e = assertThrows(InvalidAnnotationException.class,
                () -> classify(new Shapes.Misspelt("x")));
        assertEquals("dev.transferguard.internal.classify.Shapes$Misspelt.email: @PersonalData names unknown category"
                + " 'personal.contct'; did you mean 'personal.contact'?", e.getMessage());
    }

    @Test
    void badAnnotationsFailWhenPlanned() {
        assertTrue(assertThrows(InvalidAnnotationException.class, () -> classify(new Shapes.TwoIds("a", "b")))
                .getMessage().contains("2 @SubjectId"));
        assertTrue(assertThrows(InvalidAnnotationException.class, () -> classify(new Shapes.BadResidence(1)))
                .getMessage().contains("BadResidence.residence: @SubjectResidence needs"));
        assertTrue(assertThrows(InvalidAnnotationException.class, () -> classify(new Shapes.BadGetter()))
                .getMessage().contains("setEmail(): personal-data annotations on a method need a getter"));
    }

    interface Typed {
        @GuardedTransfer(destination = "SG")
        void send(List<Map<String, Optional<Shapes.Misspelt>>> nested);

        @GuardedTransfer(destination = "SG")
        void sendOne(@SubjectId String customerId, @PersonalData(category = "personal.contact") List<String> emails);
    }

    @Test
    void planningAMethodChecksTheClassesItsParametersCanHold() throws Exception {
        Method m = Typed.class.getMethod("send", List.class);
        InvalidAnnotationException e = assertThrows(InvalidAnnotationException.class,
                () -> MethodPlan.of(m, null, classifier, "CN"));
        assertTrue(e.getMessage().contains("Misspelt.email"), e.getMessage());
    }

    @Test
    void annotatedParameters() throws Exception {
        MethodPlan plan = MethodPlan.of(Typed.class.getMethod("sendOne", String.class, List.class), null, classifier,
                "CN");
        Classification c = plan.classify(new Object[] {"c-9", List.of("a@b", "c@d")});
        assertEquals(List.of("personal.contact"), c.categories());
        assertEquals(1, c.subjects().count(), "the call is about the one subject its id names");
        assertTrue(plan.classify(new Object[] {"c-9", List.of()}).isEmpty());
    }

    @Test
    void plansAreMadeOncePerClass() {
        ClassPlan first = classifier.plan(Customer.class);
        assertSame(first, classifier.plan(Customer.class));
        assertSame(ClassPlan.LEAF, classifier.plan(String.class));
        assertSame(ClassPlan.COLLECTION, classifier.plan(ArrayList.class));
    }

    @Test
    void twoArgumentsHoldingDataWithoutIdsAreTwoPeople() {
        Classification c = plan("sendAll").classify(new Object[] {new Address("a", null), new Device("d")});
        assertEquals(2, c.subjects().count());
        assertEquals(List.of("personal.contact", "personal.device"), c.categories());
    }
}
