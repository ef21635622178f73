package dev.transferguard.internal.classify;

import dev.transferguard.annotation.PersonalData;
import dev.transferguard.annotation.SubjectCitizenship;
import dev.transferguard.annotation.SubjectId;
import dev.transferguard.annotation.SubjectResidence;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Data classes of every shape the classifier reads. */
final class Shapes {

    private Shapes() {
    }

    enum Country { CN, DE, SG }

    record Customer(
            @SubjectId String id,
            @PersonalData(category = "personal.identity") String name,
            @PersonalData(category = "personal.contact") String email,
            @SubjectResidence String residence) {
    }

    record Address(@PersonalData(category = "personal.contact") String street, String city) {
    }

    /** A bean: private fields, no getters. */
    static class Patient {
        @SubjectId
        private final long number;
        @PersonalData(category = "personal.sensitive.health")
        private final String diagnosis;
        @SubjectCitizenship
        private final Locale citizenship;
        private final Address address;

        Patient(long number, String diagnosis, Locale citizenship, Address address) {
            this.number = number;
            this.diagnosis = diagnosis;
            this.citizenship = citizenship;
            this.address = address;
        }
    }

    /** Inherits annotated fields. */
    static class Person {
        @PersonalData(category = "personal.identity")
        String fullName;
        @SubjectResidence
        Country country;
    }

    static class Employee extends Person {
        @PersonalData(category = "personal.account")
        String payrollAccount;
        String team;
    }

    /** Annotated getters, on a class and on an interface. */
    static class Device {
        private final String serial;

        Device(String serial) {
            this.serial = serial;
        }

        @PersonalData(category = "personal.device")
        public String getSerial() {
            return serial;
        }
    }

    interface Located {
        @PersonalData(category = "personal.sensitive.precise-geolocation")
        String position();
    }

    record Tracker(String position) implements Located {
    }

    /** Containers of every kind. */
    static class Batch {
        List<List<Customer>> pages;
        Map<String, Patient> byWard;
        Employee[] staff;
        Optional<Device> device = Optional.empty();
        Object anything;
    }

    /** A graph with a cycle. */
    static class Node {
        @PersonalData(category = "personal.behaviour")
        String clicks;
        Node next;
        List<Node> links;
    }

    /** Holds personal data but no id: counted as one person per outermost holder. */
    record Note(@PersonalData(category = "personal.contact") Optional<String> phone, Address address) {
    }

    /** Two ids: refused when planned. */
    record TwoIds(@SubjectId String a, @SubjectId String b) {
    }

    record Misspelt(@PersonalData(category = "personal.contct") String email) {
    }

    record BadResidence(@SubjectResidence int residence) {
    }

    static class BadGetter {
        @PersonalData(category = "personal.contact")
        public void setEmail(String email) {
        }
    }

    record Citizens(@SubjectCitizenship List<String> passports, @PersonalData(category = "personal.identifier")
            String[] numbers) {
    }
}
