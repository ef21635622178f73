package dev.transferguard.spring.actuate;

import dev.transferguard.Guard;
import dev.transferguard.audit.AuditLog;
import dev.transferguard.audit.Checkpoint;
import java.util.List;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

/**
 * The {@code guard} actuator endpoint ({@code /actuator/guard}): the mode, the service's jurisdiction, the
 * policy packs and the digest of the policies in force, how many transfers were allowed and denied, and the
 * audit log's latest signed checkpoint.
 */
@Endpoint(id = "guard")
public class GuardEndpoint {

    private final Guard guard;
    private final DecisionTally tally;
    private final AuditLog audit;

    /**
     * Creates the endpoint for a guard without an audit log.
     *
     * @param guard the guard to describe
     * @param tally its decision counts
     */
    public GuardEndpoint(Guard guard, DecisionTally tally) {
        this(guard, tally, null);
    }

    /**
     * Creates the endpoint.
     *
     * @param guard the guard to describe
     * @param tally its decision counts
     * @param audit the audit log the guard records into, or {@code null}
     */
    public GuardEndpoint(Guard guard, DecisionTally tally, AuditLog audit) {
        this.guard = guard;
        this.tally = tally;
        this.audit = audit;
    }

    /**
     * Describes the guard.
     *
     * @return the description
     */
    @ReadOperation
    public GuardDescriptor guard() {
        List<PackDescriptor> packs = guard.policies().packs().stream()
                .map(p -> new PackDescriptor(p.id(), p.title(), p.version(), p.rules().size(), p.source())).toList();
        return new GuardDescriptor(guard.mode().name().toLowerCase(java.util.Locale.ROOT), guard.jurisdiction(),
                guard.policies().digest(), packs, new Decisions(tally.allowed(), tally.denied()), audit());
    }

    private AuditDescriptor audit() {
        if (audit == null) {
            return null;
        }
        Checkpoint latest = audit.latestCheckpoint();
        return new AuditDescriptor(audit.origin(), audit.size(),
                latest == null ? null : new CheckpointDescriptor(latest.treeSize(), latest.rootHashBase64()));
    }

    /**
     * What the endpoint shows.
     *
     * @param mode         {@code enforce}, {@code monitor} or {@code off}
     * @param jurisdiction the service's own jurisdiction, or {@code null}
     * @param policyDigest the digest of the policies in force
     * @param packs        the policy packs
     * @param decisions    the decisions since startup
     * @param audit        the audit log, or {@code null} when there is none
     */
    public record GuardDescriptor(String mode, String jurisdiction, String policyDigest, List<PackDescriptor> packs,
            Decisions decisions, AuditDescriptor audit) implements OperationResponseBody {
    }

    /**
     * The audit log.
     *
     * @param origin           its origin name
     * @param records          how many records are durable
     * @param latestCheckpoint the latest signed checkpoint, or {@code null}
     */
    public record AuditDescriptor(String origin, long records, CheckpointDescriptor latestCheckpoint) {
    }

    /**
     * A signed checkpoint.
     *
     * @param treeSize how many records it covers
     * @param rootHash the Merkle root of those records, base64
     */
    public record CheckpointDescriptor(long treeSize, String rootHash) {
    }

    /**
     * One policy pack.
     *
     * @param id      the pack id, e.g. {@code cn.pipl}
     * @param title   its title
     * @param version its version
     * @param rules   how many rules it has
     * @param source  where it is declared
     */
    public record PackDescriptor(String id, String title, String version, int rules, String source) {
    }

    /**
     * Decisions since startup.
     *
     * @param allowed how many transfers were allowed
     * @param denied  how many were denied
     */
    public record Decisions(long allowed, long denied) {
    }
}
