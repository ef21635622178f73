package dev.transferguard.internal.json;

import dev.transferguard.Transfer;
import java.util.Map;
import java.util.Objects;

/**
 * A transfer read from JSON together with where each of its values was written, so that checks made
 * later (an unknown category, a basis the policies do not declare) can point at the spot.
 *
 * <p>Keys are JSON paths: {@code ""} for the transfer object itself, {@code origin}, {@code categories},
 * {@code categories[1]}, {@code subjects.count}, {@code entity.ciio}, {@code recipient.kind},
 * {@code bases[0]}, {@code bases[0].name}. A location is the first character of the value. Values left
 * out (defaults) have no entry; neither do single subject ids, only the {@code subjects.ids} array.
 *
 * @param transfer  the transfer
 * @param locations where each value given in the input starts, by JSON path
 */
public record ParsedTransfer(Transfer transfer, Map<String, Location> locations) {

    /** Checks the parts and copies the map. */
    public ParsedTransfer {
        Objects.requireNonNull(transfer, "transfer");
        locations = Map.copyOf(locations);
        if (!locations.containsKey("")) {
            throw new IllegalArgumentException("the location of the transfer object itself (path \"\") is missing");
        }
    }

    /**
     * Where the transfer object starts.
     *
     * @return the location of its opening brace
     */
    public Location location() {
        return locations.get("");
    }

    /**
     * Where the value at {@code path} was written or, when it was left out, where the closest enclosing
     * value was: {@code bases[2].since} falls back to {@code bases[2]}, then {@code bases}, then the object.
     *
     * @param path a JSON path such as {@code categories[1]}
     * @return the most precise location known for the path
     */
    public Location locationOf(String path) {
        String p = path;
        while (!p.isEmpty()) {
            Location l = locations.get(p);
            if (l != null) {
                return l;
            }
            p = parent(p);
        }
        return location();
    }

    private static String parent(String path) {
        int cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
        return cut <= 0 ? "" : path.substring(0, cut);
    }
}
