package dev.transferguard.internal.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import dev.transferguard.Reason;
import dev.transferguard.Requirement;
import java.io.IOException;
import java.util.Collection;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The JSON of one bundle's reasons and requirements, each encoded once when the bundle is loaded. Their texts
 * (citations, places) are most of an audit record's bytes, and a bundle's decisions carry the same reasons from
 * one decision to the next, so the writer copies these bytes instead of encoding the texts again. Kept with the
 * compiled bundle, they go when the bundle goes: a reload brings its own, and nothing grows with reloads.
 *
 * <p>Immutable and thread-safe. A reason or requirement not here (one made on the fly, such as the guard's own
 * denials, or one read back from a log) is encoded where it is written.
 */
public final class EncodedParts {

    /** No parts: every reason and requirement is encoded where it is written. */
    public static final EncodedParts NONE = new EncodedParts(Map.of(), List.of());

    private final Map<Object, SerializableString> json;
    /**
     * The same encodings by identity: a decision carries the very objects the bundle holds, and an identity
     * probe costs a fraction of a record's hash and equality over its texts.
     */
    private final Map<Object, SerializableString> byIdentity;

    private EncodedParts(Map<Object, SerializableString> json, Collection<?> parts) {
        this.json = json;
        Map<Object, SerializableString> same = new IdentityHashMap<>();
        for (Object part : parts) {
            same.put(part, json.get(part));
        }
        this.byIdentity = same;
    }

    /**
     * Encodes reasons and requirements.
     *
     * @param parts a bundle's {@link Reason}s and {@link Requirement}s; other objects are refused
     * @return their encodings
     * @throws IllegalArgumentException if a part is neither a reason nor a requirement
     */
    public static EncodedParts of(Collection<?> parts) {
        Map<Object, SerializableString> json = new HashMap<>();
        for (Object part : parts) {
            if (!(part instanceof Reason) && !(part instanceof Requirement)) {
                throw new IllegalArgumentException("not a reason or a requirement: " + part);
            }
            SerializedString encoded = new SerializedString(JsonOut.write(g -> write(g, part)));
            // The UTF-8 bytes are what the audit writer copies: make them now, not on the first record.
            encoded.asUnquotedUTF8();
            json.putIfAbsent(part, encoded);
        }
        return new EncodedParts(Map.copyOf(json), parts);
    }

    /**
     * How many parts are encoded.
     *
     * @return the number of distinct parts
     */
    public int size() {
        return json.size();
    }

    /**
     * Writes a reason or requirement as one JSON object at the generator's position: the bytes kept for it, or
     * else encoded now.
     */
    void writeTo(JsonGenerator g, Object part) throws IOException {
        SerializableString encoded = byIdentity.get(part);
        if (encoded == null) {
            encoded = json.get(part);
        }
        if (encoded != null) {
            g.writeRawValue(encoded);
        } else {
            write(g, part);
        }
    }

    /** The one encoding of a reason or a requirement. */
    private static void write(JsonGenerator g, Object part) throws IOException {
        g.writeStartObject();
        if (part instanceof Requirement r) {
            g.writeStringField("pack", r.pack());
            g.writeStringField("rule", r.rule());
            g.writeArrayFieldStart("anyOf");
            for (String basis : r.anyOf()) {
                g.writeString(basis);
            }
            g.writeEndArray();
            g.writeStringField("because", r.because());
            g.writeStringField("source", r.source());
        } else {
            Reason r = (Reason) part;
            g.writeStringField("pack", r.pack());
            g.writeStringField("rule", r.rule());
            g.writeStringField("kind", r.kind().name().toLowerCase(Locale.ROOT));
            g.writeStringField("because", r.because());
            g.writeStringField("source", r.source());
        }
        g.writeEndObject();
    }
}
