package dev.transferguard.examples.crm.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.transferguard.audit.SigningKey;
import dev.transferguard.cli.GuardCommand;
import dev.transferguard.examples.crm.CrmApplication;
import dev.transferguard.examples.crm.Customer;
import dev.transferguard.examples.crm.CustomerDirectory;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.springframework.boot.Banner;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The one-command demo ({@code ./guard demo}): starts the CRM service and six partner services on loopback
 * ports, asks the service to export its customers to each partner over HTTP, prints what was decided and
 * why, then verifies the signed audit log and writes its HTML report.
 *
 * <p>Everything it writes goes under one directory ({@code --out}, {@code target/demo} by default): the
 * audit log, the key pair that signs it, and the report. Each run starts a new log.
 */
public final class Demo {

    /** A partner service of the demo, in a jurisdiction. */
    record Partner(String name, String jurisdiction) {
    }

    /** The partners, in the order they are exported to. */
    static final List<Partner> PARTNERS = List.of(
            new Partner("loyalty-fr", "FR"),
            new Partner("analytics-jp", "JP"),
            new Partner("mailer-us", "US"),
            new Partner("support-in", "IN"),
            new Partner("support-sg", "SG"),
            new Partner("reseller-cn", "CN"));

    /** The name of the key that signs the demo's log. */
    static final String KEY_NAME = "crm-demo";

    /** One export as the demo saw it. */
    record Row(String partner, String jurisdiction, int status, boolean arrived, String decision, String why) {
    }

    private final Path out;
    private final PrintStream console;
    private final ObjectMapper json = new ObjectMapper();

    private Demo(Path out, PrintStream console) {
        this.out = out;
        this.console = console;
    }

    /**
     * Runs the demo.
     *
     * @param args    {@code [--out DIR]}
     * @param console where to print
     * @param errors  where to print errors
     * @return 0 when every export was decided as expected and the log verifies, 1 otherwise, 2 for bad arguments
     */
    public static int run(String[] args, PrintStream console, PrintStream errors) {
        Path out = Path.of("target", "demo");
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--out") && i + 1 < args.length) {
                out = Path.of(args[++i]);
            } else {
                errors.println("usage: demo [--out DIR]");
                return 2;
            }
        }
        try {
            return new Demo(out.toAbsolutePath().normalize(), console).run();
        } catch (IOException e) {
            errors.println("demo: " + e.getMessage());
            return 1;
        }
    }

    private int run() throws IOException {
        Path log = out.resolve("audit");
        Path keys = out.resolve("keys");
        Path report = out.resolve("report.html");
        clean(log);
        clean(keys);
        Files.deleteIfExists(report);
        Files.createDirectories(keys);
        SigningKey key = SigningKey.generate(KEY_NAME);
        key.writePem(keys.resolve(KEY_NAME + ".key"));
        key.verifierKey().writePem(keys.resolve(KEY_NAME + ".pub"));
        Files.write(keys.resolve("pseudonyms.secret"), new SecureRandom().generateSeed(32));

        List<Customer> customers = new CustomerDirectory().all();
        console.println("Transfer Guard demo: a CRM service in Germany (guard.jurisdiction=DE) exports its "
                + customers.size() + " customer records");
        console.println("to " + PARTNERS.size() + " partner services on loopback ports. The starter decides each"
                + " export before a byte leaves.");
        console.println();

        List<Row> rows = new ArrayList<>();
        List<StubPartner> stubs = PARTNERS.stream().map(p -> new StubPartner(p.name())).toList();
        try {
            Map<String, Object> properties = new LinkedHashMap<>();
            properties.put("server.address", "127.0.0.1");
            properties.put("server.port", "0");
            properties.put("logging.level.root", "WARN");
            properties.put("guard.audit.directory", log.toString());
            properties.put("guard.audit.key", keys.resolve(KEY_NAME + ".key").toString());
            properties.put("guard.audit.pseudonym-key-file", keys.resolve("pseudonyms.secret").toString());
            for (int i = 0; i < PARTNERS.size(); i++) {
                properties.put("crm.partners." + PARTNERS.get(i).name(), stubs.get(i).importUrl().toString());
                properties.put("guard.hosts." + PARTNERS.get(i).jurisdiction(), stubs.get(i).hostAndPort());
            }
            try (ConfigurableApplicationContext app = new SpringApplicationBuilder(CrmApplication.class)
                    .bannerMode(Banner.Mode.OFF).logStartupInfo(false).properties(properties).run()) {
                int port = app.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
                HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
                for (int i = 0; i < PARTNERS.size(); i++) {
                    rows.add(export(http, port, PARTNERS.get(i), stubs.get(i)));
                }
            }   // the service stops; its audit log signs a last checkpoint
        } finally {
            stubs.forEach(StubPartner::close);
        }
        table(rows);
        console.println();

        long records = countRecords(log);
        List<String> leaked = personalDataIn(log, customers);
        console.println("Audit log: " + shown(log) + " (" + records + " records, one per decision; "
                + (leaked.isEmpty() ? "no names, e-mail addresses or customer ids in it" : "PERSONAL DATA: " + leaked)
                + ")");
        String pub = keys.resolve(KEY_NAME + ".pub").toString();
        int verified = guard("audit", "verify", "--log", log.toString(), "--key", pub);
        int reported = guard("audit", "report", "--log", log.toString(), "--key", pub, "--out", report.toString());
        console.println();
        console.println("Check it yourself:");
        console.println("  ./guard audit verify --log " + shown(log) + " --key " + shown(Path.of(pub)));
        console.println("  ./guard audit show --log " + shown(log));
        console.println("Open the report: " + shown(report));

        boolean expected = rows.stream().allMatch(r -> r.arrived() == r.decision().equals("ALLOW")
                && r.status() == (r.arrived() ? 200 : 451));
        return expected && verified == 0 && reported == 0 && leaked.isEmpty() && records == rows.size() ? 0 : 1;
    }

    /** Asks the service to export every customer to a partner, and sees what happened. */
    private Row export(HttpClient http, int port, Partner partner, StubPartner stub) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/exports/"
                + partner.name())).POST(HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(30)).build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        JsonNode body = response.body().isEmpty() ? json.createObjectNode() : json.readTree(response.body());
        boolean arrived = !stub.received().isEmpty();
        String decision;
        String why;
        if (response.statusCode() == 200) {
            decision = body.path("decision").asText();
            why = strings(body.path("rules"), ", ");
            String bases = strings(body.path("bases"), ", ");
            if (!bases.isEmpty()) {
                why += " (on file: " + bases + ")";
            }
        } else if (response.statusCode() == 451) {
            decision = "DENY";
            List<String> parts = new ArrayList<>();
            for (JsonNode unmet : body.path("unmet")) {
                List<String> anyOf = new ArrayList<>();
                unmet.path("anyOf").forEach(b -> anyOf.add(b.asText()));
                parts.add(unmet.path("pack").asText() + "/" + unmet.path("rule").asText() + " needs "
                        + (anyOf.size() == 1 ? anyOf.get(0) : "one of " + String.join(", ", anyOf)));
            }
            if (parts.isEmpty()) {
                for (JsonNode reason : body.path("reasons")) {
                    parts.add(reason.path("pack").asText() + "/" + reason.path("rule").asText() + ": "
                            + reason.path("because").asText());
                }
            }
            why = String.join("; ", parts);
        } else {
            decision = "?";
            why = "HTTP " + response.statusCode() + ": " + body.path("detail").asText(response.body());
        }
        return new Row(partner.name(), partner.jurisdiction(), response.statusCode(), arrived, decision, why);
    }

    private static String strings(JsonNode array, String separator) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return String.join(separator, values);
    }

    private void table(List<Row> rows) {
        int width = Math.max("partner".length(), rows.stream().mapToInt(r -> r.partner().length()).max().orElse(0));
        String format = "%-" + width + "s  %-5s  %-4s  %-7s  %-8s  %s%n";
        console.printf(format, "partner", "where", "HTTP", "arrived", "decision", "why");
        for (Row r : rows) {
            console.printf(format, r.partner(), r.jurisdiction(), r.status(), r.arrived() ? "yes" : "no",
                    r.decision(), r.why());
        }
    }

    /** Runs a {@code guard} command in this process, printing what it prints. */
    private int guard(String... args) {
        StringWriter text = new StringWriter();
        int code;
        try (PrintWriter w = new PrintWriter(text)) {
            code = GuardCommand.run(w, w, args);
        }
        String printed = text.toString().strip();
        for (String line : printed.split("\n")) {
            console.println(line.replace(out.toString(), shown(out)));
        }
        return code;
    }

    private static long countRecords(Path log) throws IOException {
        long n = 0;
        for (Path segment : segments(log)) {
            try (Stream<String> lines = Files.lines(segment, StandardCharsets.UTF_8)) {
                n += lines.count();
            }
        }
        return n;
    }

    /** Which of the customers' ids, names and e-mail addresses appear anywhere in the log: none should. */
    private static List<String> personalDataIn(Path log, List<Customer> customers) throws IOException {
        StringBuilder all = new StringBuilder();
        for (Path segment : segments(log)) {
            all.append(Files.readString(segment, StandardCharsets.UTF_8));
        }
        return customers.stream().flatMap(c -> Stream.of(c.id(), c.name(), c.email()))
                .filter(v -> all.indexOf(v) >= 0).map(v -> "a " + (v.contains("@") ? "e-mail address" : "name or id"))
                .distinct().collect(Collectors.toList());
    }

    private static List<Path> segments(Path log) throws IOException {
        try (Stream<Path> files = Files.list(log)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".jsonl")).sorted().toList();
        }
    }

    /** A path as the user should type it: relative to the working directory when it lies below it. */
    private static String shown(Path p) {
        Path here = Path.of("").toAbsolutePath();
        Path abs = p.toAbsolutePath().normalize();
        return abs.startsWith(here) && !abs.equals(here) ? here.relativize(abs).toString() : abs.toString();
    }

    /** Deletes a directory the demo made earlier, with what is in it. */
    private static void clean(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
