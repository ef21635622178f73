package dev.transferguard.spring.actuate;

import dev.transferguard.Guard;
import java.util.List;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

/**
 * The {@code guard} actuator endpoint ({@code /actuator/guard}): the mode, the service's jurisdiction, the
 * policy packs and the digest of the policies in force, and how many transfers were allowed and denied.
 */
@Endpoint(id = "guard")
public class GuardEndpoint {

    private final Guard guard;
    private final DecisionTally tally;

    /**
     * Creates the endpoint.
     *
     * @param guard the guard to describe
     * @param tally its decision counts
     */
    public GuardEndpoint(Guard guard, DecisionTally tally) {
        this.guard = guard;
        this.tally = tally;
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
                guard.policies().digest(), packs, new Decisions(tally.allowed(), tally.denied()));
    }

    /**
     * What the endpoint shows.
     *
     * @param mode         {@code enforce}, {@code monitor} or {@code off}
     * @param jurisdiction the service's own jurisdiction, or {@code null}
     * @param policyDigest the digest of the policies in force
     * @param packs        the policy packs
     * @param decisions    the decisions since startup
     */
    public record GuardDescriptor(String mode, String jurisdiction, String policyDigest, List<PackDescriptor> packs,
            Decisions decisions) implements OperationResponseBody {
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
