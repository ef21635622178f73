package dev.transferguard.internal.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import dev.transferguard.Decision;
import dev.transferguard.Reason;
import dev.transferguard.Requirement;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
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
 * <p>An audit log writes the same decisions again and again: a bundle hands out one shared decision for all
 * transfers of the same shape, and a decision that read a counter, a new object each time, is mostly equal to
 * one made before. A decision of this bundle written a second time (the same object, or an equal one) is
 * encoded whole, once, and its bytes copied from then on (see {@link #decisionUtf8}); one written once costs
 * a slot.
 *
 * <p>Thread-safe. The parts never change; the decisions seen lately sit in two small tables that threads share
 * without locks: each slot holds an immutable entry, and two threads writing a slot at once only cost one of
 * them its entry. A reason or requirement not here (one made on the fly, such as the guard's own denials, or
 * one read back from a log) is encoded where it is written.
 */
public final class EncodedParts {

    /** No parts: every reason and requirement is encoded where it is written. */
    public static final EncodedParts NONE = new EncodedParts(Map.of(), List.of());

    /** Decisions kept at most; a power of two, for the mask. Many more than a bundle's usual decision shapes. */
    private static final int DECISION_SLOTS = 256;

    private final Map<Object, SerializableString> json;
    /**
     * The same encodings by identity: a decision carries the very objects the bundle holds, and an identity
     * probe costs a fraction of a record's hash and equality over its texts.
     */
    private final Map<Object, SerializableString> partsByIdentity;
    /**
     * The decisions written lately, by hash code: each, once written a second time, with its JSON. {@code null}
     * for {@link #NONE}, which keeps none.
     */
    private final Seen[] byValue;
    /**
     * The shared decisions among them (those written twice as the same object), by identity hash: found without
     * a hash code or a comparison. Decisions new each time never enter, so they cannot push the shared ones out.
     */
    private final Seen[] byIdentity;

    /**
     * The bundle's digest as last written, encoded: one string in every record of the bundle's decisions.
     * {@code null} until then, and always for {@link #NONE}, which is shared.
     */
    private volatile SerializedString digest;

    /** A decision seen, and once seen twice, its JSON as a UTF-8 generator writes it. */
    private record Seen(Decision decision, SerializableString utf8) {
    }

    private EncodedParts(Map<Object, SerializableString> json, Collection<?> parts) {
        this.json = json;
        Map<Object, SerializableString> same = new IdentityHashMap<>();
        for (Object part : parts) {
            same.put(part, json.get(part));
        }
        this.partsByIdentity = same;
        this.byValue = json.isEmpty() ? null : new Seen[DECISION_SLOTS];
        this.byIdentity = json.isEmpty() ? null : new Seen[DECISION_SLOTS];
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
     * A decision's policy digest as a JSON string, encoded once for the bundle's records rather than for each.
     *
     * @param text the digest of a decision whose parts are these
     * @return its encoding
     */
    SerializableString digestJson(String text) {
        SerializedString kept = digest;
        if (kept != null && kept.getValue().equals(text)) {
            return kept;
        }
        SerializedString made = new SerializedString(text);
        if (this != NONE) {
            digest = made;
        }
        return made;
    }

    /**
     * The JSON of a decision of this bundle as a UTF-8 generator of {@link JsonOut} writes it (the audit log's
     * records), encoded the second time the same or an equal decision is written and kept from then on;
     * {@code null} the first time (the caller then encodes it as it writes it, so that a decision written only
     * once costs nothing more). Decisions are immutable and equal ones of one bundle are written alike, so a
     * kept text is always the decision's own.
     *
     * @param decision a decision whose parts are these
     * @return the bytes of the decision object, or {@code null} when it is to be encoded where it is written
     */
    SerializableString decisionUtf8(Decision decision) {
        if (byValue == null) {
            return null;
        }
        int identitySlot = System.identityHashCode(decision) & (DECISION_SLOTS - 1);
        Seen shared = byIdentity[identitySlot];
        if (shared != null && shared.decision() == decision) {
            return shared.utf8();
        }
        int valueSlot = decision.hashCode() & (DECISION_SLOTS - 1);
        Seen seen = byValue[valueSlot];
        if (seen == null || !seen.decision().equals(decision)) {
            byValue[valueSlot] = new Seen(decision, null);
            return null;
        }
        SerializableString utf8 = seen.utf8();
        if (utf8 == null) {
            utf8 = encode(decision);
            if (utf8 == null) {
                return null;
            }
            seen = new Seen(seen.decision(), utf8);
            byValue[valueSlot] = seen;
        }
        if (seen.decision() == decision) {
            byIdentity[identitySlot] = seen;
        }
        return utf8;
    }

    /** The decision's bytes as a UTF-8 generator writes them, or {@code null} if they could not be kept exactly. */
    private SerializableString encode(Decision decision) {
        byte[] written = JsonOut.utf8(g -> JsonOut.encodeDecision(g, decision, this));
        SerializedString encoded = new SerializedString(new String(written, StandardCharsets.UTF_8));
        // Not expected to differ (the text is the generator's own UTF-8), but copied bytes must be the written ones.
        return Arrays.equals(written, encoded.asUnquotedUTF8()) ? encoded : null;
    }

    /**
     * Writes a reason or requirement as one JSON object at the generator's position: the bytes kept for it, or
     * else encoded now.
     */
    void writeTo(JsonGenerator g, Object part) throws IOException {
        SerializableString encoded = partsByIdentity.get(part);
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
