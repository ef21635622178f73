package dev.transferguard.cli;

import dev.transferguard.GuardException;
import dev.transferguard.audit.VerifierKey;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The witness options the commands share: {@code --witness URL} paired with {@code --witness-key PUB}. */
final class WitnessOptions {

    private WitnessOptions() {
    }

    /** Pairs each URL with the key at the same place. */
    static Map<URI, VerifierKey> pair(List<URI> urls, List<String> keys) {
        if (urls == null || urls.isEmpty()) {
            if (keys != null && !keys.isEmpty()) {
                throw new GuardException("--witness-key needs --witness URL, one per key");
            }
            return Map.of();
        }
        if (keys == null || keys.size() != urls.size()) {
            throw new GuardException("give one --witness-key per --witness (" + urls.size() + " URL"
                    + (urls.size() == 1 ? "" : "s") + ", " + (keys == null ? 0 : keys.size()) + " key"
                    + (keys != null && keys.size() == 1 ? "" : "s") + ")");
        }
        List<VerifierKey> verifiers = AuditFiles.verifierKeys(keys);
        Map<URI, VerifierKey> out = new LinkedHashMap<>();
        for (int i = 0; i < urls.size(); i++) {
            URI u = urls.get(i);
            if (!"http".equals(u.getScheme()) && !"https".equals(u.getScheme())) {
                throw new GuardException("--witness " + u + ": not an http or https URL");
            }
            out.put(u, verifiers.get(i));
        }
        return out;
    }

    /** A timeout in seconds from an option. */
    static Duration timeout(int seconds) {
        if (seconds < 1) {
            throw new GuardException("--witness-timeout " + seconds + ": give at least 1 second");
        }
        return Duration.ofSeconds(seconds);
    }
}
