package dev.transferguard.postgres;

import dev.transferguard.Guard;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * One instance of a service, in a JVM of its own, for the tests that race or kill instances:
 * <ul>
 * <li>{@code race URL GO N PREFIX}: waits for the file GO, then decides N exports of one new person each and
 * prints how many were allowed;</li>
 * <li>{@code hold URL}: begins a decision on the people counter, prints {@code holding} and waits to be killed;</li>
 * <li>{@code loop URL PREFIX HEADROOM}: decides exports of one new person each until killed, printing each allowed
 * id once the decision returned; the store reserves at most HEADROOM people at a time.</li>
 * </ul>
 */
public final class Instance {

    private Instance() {
    }

    public static void main(String[] args) throws Exception {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        long headroom = args[0].equals("loop") ? Long.parseLong(args[3]) : 1000;
        try (PostgresCounterStore store = PostgresCounterStore.builder().url(args[1]).pseudonymKey(Database.KEY)
                .timeout(java.time.Duration.ofSeconds(10)).headroom(headroom).build()) {
            Guard guard = Guard.builder().policies(Packs.bundle()).counters(store).build();
            switch (args[0]) {
                case "race" -> {
                    Path go = Path.of(args[2]);
                    while (!Files.exists(go)) {
                        Thread.sleep(1);
                    }
                    int allowed = 0;
                    for (int i = 0; i < Integer.parseInt(args[3]); i++) {
                        allowed += guard.decide(Packs.export(today, "acme" + i, 0, args[4] + i)).allowed() ? 1 : 0;
                    }
                    System.out.println(allowed);
                }
                case "hold" -> {
                    store.count("p/people", null, today.toEpochDay(), today.toEpochDay(), null);
                    System.out.println("holding");
                    System.out.flush();
                    Thread.sleep(600_000);
                }
                case "loop" -> {
                    for (int i = 0; ; i++) {
                        String id = args[2] + i;
                        if (guard.decide(Packs.export(today, "acme" + i, 0, id)).allowed()) {
                            System.out.println(id);
                            System.out.flush();
                        }
                    }
                }
                default -> throw new IllegalArgumentException(args[0]);
            }
        }
    }
}
