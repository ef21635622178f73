package dev.transferguard.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Collection;

/** Writes the one-line JSON objects that {@code --json} prints, with jackson-core's generator. */
final class JsonText {

    private static final JsonFactory FACTORY = new JsonFactory();

    /** The fields of one object. */
    interface Fields {
        void write(JsonGenerator g) throws IOException;
    }

    private JsonText() {
    }

    /** One JSON object, on one line. */
    static String object(Fields fields) {
        StringWriter text = new StringWriter();
        try (JsonGenerator g = FACTORY.createGenerator(text)) {
            g.writeStartObject();
            fields.write(g);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }

    /** A field holding an array of strings. */
    static void strings(JsonGenerator g, String field, Collection<String> values) throws IOException {
        g.writeArrayFieldStart(field);
        for (String v : values) {
            g.writeString(v);
        }
        g.writeEndArray();
    }
}
