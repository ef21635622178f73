package dev.transferguard.examples.quickstart;

import dev.transferguard.Decision;
import dev.transferguard.Guard;
import dev.transferguard.Recipient;
import dev.transferguard.Subjects;
import dev.transferguard.Transfer;
import dev.transferguard.TransferDeniedException;
import dev.transferguard.annotation.GuardedTransfer;
import dev.transferguard.annotation.PersonalData;
import dev.transferguard.annotation.SubjectId;
import dev.transferguard.annotation.SubjectResidence;
import dev.transferguard.audit.AuditLog;
import dev.transferguard.audit.AuditVerification;
import dev.transferguard.audit.AuditVerifier;
import dev.transferguard.audit.Caller;
import dev.transferguard.audit.SigningKey;
import dev.transferguard.policy.PolicyBundle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.stream.Collectors;

/** A shop in Germany decides where its customers' data may go, guards its newsletter, and audits both. */
public final class Quickstart {

    record Customer(@SubjectId String id, @PersonalData(category = "personal.contact") String email,
            @SubjectResidence String country) {
    }

    public interface Newsletter {                                  // sent by a mailing service in the US
        @GuardedTransfer(destination = "US", recipient = "mailer-us", recipientKind = "commercial")
        void send(List<Customer> customers);
    }

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("transferguard-quickstart");
        SigningKey key = SigningKey.generate("quickstart");    // in real life: guard keygen, then SigningKey.readPem
        key.verifierKey().writePem(dir.resolve("quickstart.pub"));
        byte[] pseudonymKey = new SecureRandom().generateSeed(32);       // keys the pseudonyms of subject ids

        try (AuditLog log = AuditLog.builder().directory(dir.resolve("audit")).origin("example.com/quickstart")
                .signingKey(key).pseudonymKey(pseudonymKey).open()) {
            Guard guard = Guard.builder().policies(PolicyBundle.fromClasspath("policies")).jurisdiction("DE")
                    .audit(log).caller(Caller.service("quickstart")).build();

            // 1. Decide: may the contact details of 1,200 customers in Germany go there, with these bases on file?
            decide(guard, "FR");
            decide(guard, "JP");
            decide(guard, "IN");
            decide(guard, "IN", "eu-scc", "tia");

            // 2. Enforce: the guarded newsletter never reaches the mailer in the United States.
            Newsletter newsletter = guard.protect(Newsletter.class, customers -> System.out.println("newsletter sent"));
            try {
                newsletter.send(List.of(new Customer("c-1", "anna@example.de", "DE")));
            } catch (TransferDeniedException e) {
                System.out.println("Newsletter.send stopped: " + e.getMessage());
            }
        }   // closing the log signs a last checkpoint
        // 3. Verify the signed log, as an auditor would, with nothing but the public key.
        AuditVerification v = AuditVerifier.builder().trust(key.verifierKey()).build().verify(dir.resolve("audit"));
        System.out.printf("Audit log %s: %d records, %s%n", dir.resolve("audit"), v.records(),
                v.intact() ? "signed by " + String.join(", ", v.signers()) + ", intact" : "TAMPERED: " + v.fault());
        System.out.printf("Check it yourself: ./guard audit verify --log %s --key %s%n", dir.resolve("audit"),
                dir.resolve("quickstart.pub"));
    }

    static void decide(Guard guard, String destination, String... bases) {
        Transfer transfer = Transfer.builder().origin("DE").destination(destination).categories("personal.contact")
                .subjects(Subjects.of(1200, "DE")).recipient(new Recipient("partner", "commercial", null, false))
                .bases(bases).build();
        Decision d = guard.decide(transfer);     // the reasons cite the articles; d.explain() says it all in words
        String rules = d.deciding().stream().map(r -> r.pack() + "/" + r.rule()).collect(Collectors.joining(", "));
        String needs = d.unmet().stream().map(r -> String.join(" or ", r.anyOf()))
                .collect(Collectors.joining(", and "));
        System.out.printf("%-5s DE -> %s %-14s %s%s%n", d.outcome(), destination, bases.length == 0 ? ""
                : "(" + String.join(", ", bases) + ")", rules, needs.isEmpty() ? "" : "; needs " + needs);
    }
}
