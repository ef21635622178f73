// Longer than most files on purpose: Spring Boot generates the configuration metadata from this one class and
// its nested groups, so every guard.* property and its documentation stay together here.
package dev.transferguard.spring.autoconfigure;

import dev.transferguard.LegalBasis;
import dev.transferguard.Mode;
import dev.transferguard.audit.AuditLog;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.core.Ordered;

/**
 * Configuration of Transfer Guard under {@code guard.*}.
 *
 * <pre>
 * guard.jurisdiction=CN
 * guard.bases.destinations.SG=separate-consent, pipia
 * guard.hosts.SG=api.acme.sg, *.acme.sg
 * </pre>
 */
@ConfigurationProperties("guard")
public class GuardProperties {

    /** How the guard acts on its decisions: enforce (stop denied transfers), monitor (log them and let them
     * through) or off (decide nothing). */
    private Mode mode = Mode.ENFORCE;

    /** Where the policy files are: classpath:folder (a folder with an index.txt) or a directory. The policy
     * packs shipped with Transfer Guard by default. */
    private List<String> policies = new ArrayList<>(List.of("classpath:policies"));

    /** The service's own jurisdiction (ISO 3166-1 alpha-2, e.g. CN): the origin of guarded methods that do not
     * name one. */
    private String jurisdiction;

    /** Attributes of the exporting entity that guarded methods' transfers carry, as the policies declare them:
     * guard.entity.ciio=false, guard.entity.employees=1200, guard.entity.sector=finance. An attribute the
     * policies declare and nobody states is not known, and is read at its worst for the transfer. */
    private Map<String, String> entity = new LinkedHashMap<>();

    /** Secret key of subject-id pseudonyms (HMAC-SHA256), at least 16 bytes. Keep it as long as the logs and
     * counters that hold pseudonyms. There is one key: guard.audit.pseudonym-key-file when set (this property is
     * then not used), else this, else a random key made at every start. */
    private String pseudonymKey;

    /** Host patterns per jurisdiction, e.g. guard.hosts.SG=api.acme.sg, *.acme.sg:8443: where a URL's data
     * goes, for @Destination URLs and outbound HTTP calls. */
    private Map<String, List<String>> hosts = new LinkedHashMap<>();

    /** Legal bases on file, per recipient and per destination. */
    private final Bases bases = new Bases();

    /** Outbound HTTP calls made inside guarded methods. */
    private final Http http = new Http();

    /** The aspect that guards annotated methods. */
    private final Aspect aspect = new Aspect();

    /** Answers to web requests that a denial stopped. */
    private final Web web = new Web();

    /** The signed audit log of decisions, kept when guard.audit.directory is set. */
    private final Audit audit = new Audit();

    /** Where the volume counters are kept. */
    private final Counters counters = new Counters();

    /**
     * How the guard acts on its decisions.
     *
     * @return the mode
     */
    public Mode getMode() {
        return mode;
    }

    /**
     * Sets how the guard acts on its decisions.
     *
     * @param mode the mode
     */
    public void setMode(Mode mode) {
        this.mode = mode;
    }

    /**
     * Where the policy files are.
     *
     * @return the locations
     */
    public List<String> getPolicies() {
        return policies;
    }

    /**
     * Sets where the policy files are.
     *
     * @param policies {@code classpath:folder} or directory locations
     */
    public void setPolicies(List<String> policies) {
        this.policies = policies;
    }

    /**
     * The service's own jurisdiction.
     *
     * @return an ISO 3166-1 alpha-2 code, or {@code null}
     */
    public String getJurisdiction() {
        return jurisdiction;
    }

    /**
     * Sets the service's own jurisdiction.
     *
     * @param jurisdiction an ISO 3166-1 alpha-2 code
     */
    public void setJurisdiction(String jurisdiction) {
        this.jurisdiction = jurisdiction;
    }

    /**
     * The attributes of the exporting entity.
     *
     * @return attribute name (without {@code entity.}) to its value as written
     */
    public Map<String, String> getEntity() {
        return entity;
    }

    /**
     * Sets the attributes of the exporting entity.
     *
     * @param entity attribute name to value: {@code true}/{@code false}, a whole number, or a named value
     */
    public void setEntity(Map<String, String> entity) {
        this.entity = entity;
    }

    /**
     * The secret key of subject-id pseudonyms.
     *
     * @return the key, or {@code null}
     */
    public String getPseudonymKey() {
        return pseudonymKey;
    }

    /**
     * Sets the secret key of subject-id pseudonyms.
     *
     * @param pseudonymKey at least 16 bytes of UTF-8
     */
    public void setPseudonymKey(String pseudonymKey) {
        this.pseudonymKey = pseudonymKey;
    }

    /**
     * Host patterns per jurisdiction.
     *
     * @return jurisdiction code to host patterns
     */
    public Map<String, List<String>> getHosts() {
        return hosts;
    }

    /**
     * Sets the host patterns per jurisdiction.
     *
     * @param hosts jurisdiction code to host patterns
     */
    public void setHosts(Map<String, List<String>> hosts) {
        this.hosts = hosts;
    }

    /**
     * The legal bases on file.
     *
     * @return the bases
     */
    public Bases getBases() {
        return bases;
    }

    /**
     * Settings of outbound HTTP checks.
     *
     * @return the settings
     */
    public Http getHttp() {
        return http;
    }

    /**
     * Settings of the aspect.
     *
     * @return the settings
     */
    public Aspect getAspect() {
        return aspect;
    }

    /**
     * Settings of web answers.
     *
     * @return the settings
     */
    public Web getWeb() {
        return web;
    }

    /**
     * Settings of the audit log.
     *
     * @return the settings
     */
    public Audit getAudit() {
        return audit;
    }

    /**
     * Settings of the volume counters.
     *
     * @return the settings
     */
    public Counters getCounters() {
        return counters;
    }

    /** Where the volume counters are kept: in this process (the default), or in PostgreSQL for every instance. */
    public static class Counters {

        /** {@code memory} (this process, rebuilt from its audit log) or {@code postgres} (shared by every instance). */
        private String store = "memory";

        /** The PostgreSQL database as a jdbc:postgresql:// URL; when unset, the application's DataSource. */
        private String url;

        /** How long a decision may wait for the database before the transfer is denied. */
        private Duration timeout = Duration.ofSeconds(2);

        /** The most people one reservation of headroom covers (0: every counting decision asks the database). */
        private long headroom = 1000;

        /** How long the database keeps an instance's headroom without a renewal; half the timeout, at most 1s. */
        private Duration lease;

        /** @return the store */
        public String getStore() {
            return store;
        }

        /** @param store {@code memory} or {@code postgres} */
        public void setStore(String store) {
            this.store = store;
        }

        /** @return the JDBC URL, or {@code null} for the application's DataSource */
        public String getUrl() {
            return url;
        }

        /** @param url a jdbc:postgresql:// URL */
        public void setUrl(String url) {
            this.url = url;
        }

        /** @return the timeout */
        public Duration getTimeout() {
            return timeout;
        }

        /** @param timeout how long a decision may wait for the database */
        public void setTimeout(Duration timeout) {
            this.timeout = timeout;
        }

        /** @return the most people one reservation covers */
        public long getHeadroom() {
            return headroom;
        }

        /** @param headroom the most people one reservation covers; 0 turns headroom off */
        public void setHeadroom(long headroom) {
            this.headroom = headroom;
        }

        /** @return the lease, or {@code null} for the default */
        public Duration getLease() {
            return lease;
        }

        /** @param lease how long the database keeps headroom without a renewal */
        public void setLease(Duration lease) {
            this.lease = lease;
        }
    }

    /** Legal bases on file: a basis is a name (guard.bases.destinations.SG=pipia) or a name with dates. */
    public static class Bases {

        /** Bases on file per recipient name, as in @GuardedTransfer(recipient = ...). */
        private Map<String, List<Basis>> recipients = new LinkedHashMap<>();

        /** Bases on file for every transfer to a destination (ISO 3166-1 alpha-2 code). */
        private Map<String, List<Basis>> destinations = new LinkedHashMap<>();

        /** Bases on file for every transfer, counting only within their limits (jurisdictions, recipient). */
        private List<Basis> everyTransfer = new ArrayList<>();

        /**
         * Bases for every transfer.
         *
         * @return the bases
         */
        public List<Basis> getEveryTransfer() {
            return everyTransfer;
        }

        /**
         * Sets the bases for every transfer.
         *
         * @param everyTransfer the bases
         */
        public void setEveryTransfer(List<Basis> everyTransfer) {
            this.everyTransfer = everyTransfer;
        }

        /**
         * Bases per recipient.
         *
         * @return recipient name to bases
         */
        public Map<String, List<Basis>> getRecipients() {
            return recipients;
        }

        /**
         * Sets the bases per recipient.
         *
         * @param recipients recipient name to bases
         */
        public void setRecipients(Map<String, List<Basis>> recipients) {
            this.recipients = recipients;
        }

        /**
         * Bases per destination.
         *
         * @return destination code to bases
         */
        public Map<String, List<Basis>> getDestinations() {
            return destinations;
        }

        /**
         * Sets the bases per destination.
         *
         * @param destinations destination code to bases
         */
        public void setDestinations(Map<String, List<Basis>> destinations) {
            this.destinations = destinations;
        }
    }

    /**
     * One legal basis on file, optionally valid only between two dates (both inclusive) and only for some
     * jurisdictions or one recipient.
     */
    public static class Basis {

        /** The basis name as the policies declare it, e.g. cac-standard-contract. */
        private String name;

        /** The first day the basis is valid; no start when unset. */
        private LocalDate since;

        /** The last day the basis is valid; no end when unset. */
        private LocalDate until;

        /** The jurisdictions the basis is limited to (destination and recipient jurisdiction); none when empty. */
        private List<String> jurisdictions = new ArrayList<>();

        /** The recipient the basis is limited to; none when unset. */
        private String recipient;

        /** A basis to be filled in by binding. */
        public Basis() {
        }

        /**
         * A basis with no validity limits, from a plain name in the configuration.
         *
         * @param name the basis name
         */
        public Basis(String name) {
            this.name = name == null ? null : name.strip();
        }

        /**
         * The basis name.
         *
         * @return the name
         */
        public String getName() {
            return name;
        }

        /**
         * Sets the basis name.
         *
         * @param name the name
         */
        public void setName(String name) {
            this.name = name;
        }

        /**
         * The first day the basis is valid.
         *
         * @return the day, or {@code null}
         */
        public LocalDate getSince() {
            return since;
        }

        /**
         * Sets the first day the basis is valid.
         *
         * @param since the day
         */
        public void setSince(LocalDate since) {
            this.since = since;
        }

        /**
         * The last day the basis is valid.
         *
         * @return the day, or {@code null}
         */
        public LocalDate getUntil() {
            return until;
        }

        /**
         * Sets the last day the basis is valid.
         *
         * @param until the day
         */
        public void setUntil(LocalDate until) {
            this.until = until;
        }

        /**
         * The jurisdictions the basis is limited to.
         *
         * @return ISO 3166-1 alpha-2 codes, empty when not limited so
         */
        public List<String> getJurisdictions() {
            return jurisdictions;
        }

        /**
         * Sets the jurisdictions the basis is limited to.
         *
         * @param jurisdictions ISO 3166-1 alpha-2 codes
         */
        public void setJurisdictions(List<String> jurisdictions) {
            this.jurisdictions = jurisdictions;
        }

        /**
         * The recipient the basis is limited to.
         *
         * @return the recipient's name, or {@code null}
         */
        public String getRecipient() {
            return recipient;
        }

        /**
         * Sets the recipient the basis is limited to.
         *
         * @param recipient the recipient's name
         */
        public void setRecipient(String recipient) {
            this.recipient = recipient;
        }

        /**
         * This basis as the guard takes it.
         *
         * @return the legal basis
         */
        public LegalBasis toLegalBasis() {
            return new LegalBasis(name, since, until, java.util.Set.copyOf(jurisdictions), recipient);
        }
    }

    /** Outbound HTTP calls made inside guarded methods. */
    public static class Http {

        /** Whether outbound HTTP calls inside guarded methods are checked. Off, the starter adds its check to no
         * HTTP client and says so at WARN; in enforce mode, an HTTP client the check cannot be added to stops
         * the application from starting unless this is off. */
        private boolean enabled = true;

        /** Whether outbound calls inside a guarded method may go to hosts no guard.hosts rule maps. When false,
         * such calls are stopped in enforce mode and logged in monitor mode. */
        private boolean allowUnmappedHosts;

        /**
         * Whether outbound HTTP calls are checked.
         *
         * @return {@code true} by default
         */
        public boolean isEnabled() {
            return enabled;
        }

        /**
         * Sets whether outbound HTTP calls are checked.
         *
         * @param enabled {@code false} to check none
         */
        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        /**
         * Whether calls to unmapped hosts may go ahead.
         *
         * @return {@code true} to let them through
         */
        public boolean isAllowUnmappedHosts() {
            return allowUnmappedHosts;
        }

        /**
         * Sets whether calls to unmapped hosts may go ahead.
         *
         * @param allowUnmappedHosts {@code true} to let them through
         */
        public void setAllowUnmappedHosts(boolean allowUnmappedHosts) {
            this.allowUnmappedHosts = allowUnmappedHosts;
        }
    }

    /** The aspect that guards annotated methods. */
    public static class Aspect {

        /** The aspect's order among advisors: the lower, the earlier it runs (outside transactions by default). */
        private int order = DEFAULT_ORDER;

        /** Before transactions open: a denied transfer never starts one. */
        static final int DEFAULT_ORDER = Ordered.HIGHEST_PRECEDENCE + 100;

        /**
         * The aspect's order.
         *
         * @return the order
         */
        public int getOrder() {
            return order;
        }

        /**
         * Sets the aspect's order.
         *
         * @param order the order
         */
        public void setOrder(int order) {
            this.order = order;
        }
    }

    /** Answers to web requests that a denial stopped. */
    public static class Web {

        /** Whether a denial in a Spring MVC request is answered as HTTP 451 with a problem detail. */
        private boolean problemDetails = true;

        /**
         * Whether denials are answered as HTTP 451.
         *
         * @return {@code true} when they are
         */
        public boolean isProblemDetails() {
            return problemDetails;
        }

        /**
         * Sets whether denials are answered as HTTP 451.
         *
         * @param problemDetails {@code true} to answer them
         */
        public void setProblemDetails(boolean problemDetails) {
            this.problemDetails = problemDetails;
        }
    }

    /** The signed audit log: every decision, allowed or denied, is recorded before it takes effect. */
    public static class Audit {

        /** Directory of the audit log, created when missing. Setting it turns the audit log on. */
        private Path directory;

        /** The PKCS#8 PEM file of the Ed25519 key that signs checkpoints (NAME.key, as guard keygen writes it);
         * the key name is taken from the file name. Required with guard.audit.directory. */
        private Path key;

        /** The log's origin name, in every record and checkpoint. transferguard/ followed by
         * spring.application.name when unset. */
        private String origin;

        /** When a decision counts as recorded: sync (written and fsync'd before the decision is returned) or
         * async (queued, fsync'd within 10 ms). */
        private AuditLog.Durability durability = AuditLog.Durability.SYNC;

        /** File holding the secret (at least 16 bytes) that subject-id pseudonyms are keyed with: the one key,
         * ahead of guard.pseudonym-key. When unset, guard.pseudonym-key, or else a random key made at startup. */
        private Path pseudonymKeyFile;

        /** When checkpoints are signed. */
        private final Checkpoint checkpoint = new Checkpoint();

        /**
         * The log directory.
         *
         * @return the directory, or {@code null} when there is no audit log
         */
        public Path getDirectory() {
            return directory;
        }

        /**
         * Sets the log directory.
         *
         * @param directory the directory
         */
        public void setDirectory(Path directory) {
            this.directory = directory;
        }

        /**
         * The signing key file.
         *
         * @return the PEM file, or {@code null}
         */
        public Path getKey() {
            return key;
        }

        /**
         * Sets the signing key file.
         *
         * @param key the PKCS#8 PEM file
         */
        public void setKey(Path key) {
            this.key = key;
        }

        /**
         * The origin name.
         *
         * @return the origin, or {@code null} for the default
         */
        public String getOrigin() {
            return origin;
        }

        /**
         * Sets the origin name.
         *
         * @param origin one line, e.g. {@code example.com/crm}
         */
        public void setOrigin(String origin) {
            this.origin = origin;
        }

        /**
         * When a decision counts as recorded.
         *
         * @return the durability
         */
        public AuditLog.Durability getDurability() {
            return durability;
        }

        /**
         * Sets when a decision counts as recorded.
         *
         * @param durability the durability
         */
        public void setDurability(AuditLog.Durability durability) {
            this.durability = durability;
        }

        /**
         * The file of the pseudonym key.
         *
         * @return the file, or {@code null}
         */
        public Path getPseudonymKeyFile() {
            return pseudonymKeyFile;
        }

        /**
         * Sets the file of the pseudonym key.
         *
         * @param pseudonymKeyFile the file
         */
        public void setPseudonymKeyFile(Path pseudonymKeyFile) {
            this.pseudonymKeyFile = pseudonymKeyFile;
        }

        /**
         * When checkpoints are signed.
         *
         * @return the settings
         */
        public Checkpoint getCheckpoint() {
            return checkpoint;
        }
    }

    /** When the audit log signs a checkpoint: after so many records or so long after the oldest unsigned one,
     * whichever comes first. */
    public static class Checkpoint {

        /** Sign a checkpoint after this many records. */
        private int records = 1000;

        /** Sign a checkpoint this long after the oldest record not yet signed, so that an idle log's last
         * records are signed too. */
        private Duration interval = Duration.ofSeconds(1);

        /**
         * Records per checkpoint.
         *
         * @return at least 1
         */
        public int getRecords() {
            return records;
        }

        /**
         * Sets the records per checkpoint.
         *
         * @param records at least 1
         */
        public void setRecords(int records) {
            this.records = records;
        }

        /**
         * The longest time a record stays unsigned.
         *
         * @return the interval
         */
        public Duration getInterval() {
            return interval;
        }

        /**
         * Sets the longest time a record stays unsigned.
         *
         * @param interval positive
         */
        public void setInterval(Duration interval) {
            this.interval = interval;
        }
    }
}
