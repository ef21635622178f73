package dev.transferguard.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.transferguard.Repository;
import dev.transferguard.Transfer;
import dev.transferguard.policy.PolicyBundle;
import java.util.List;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;

/**
 * Every name kept has one object, which any equal string leads to; a name not kept is given back as it came; and
 * the names of a transfer read from JSON are the policies' own objects, those of the application's constants.
 */
class CanonicalNamesPropertyTest {

    @Property(tries = 200)
    void anEqualStringLeadsToTheOneObjectKept(@ForAll @Size(max = 40) List<@StringLength(max = 30) String> names) {
        CanonicalNames.addAll(names);
        for (String name : names) {
            String kept = CanonicalNames.of(name);
            assertEquals(name, kept);
            assertSame(kept, CanonicalNames.of(new String(name.toCharArray())), "an equal string, another object");
            assertSame(kept, name.intern(), "the JVM's own object for the text");
        }
    }

    @Property(tries = 200)
    void aNameNotKeptIsGivenBackAsItCame(@ForAll @StringLength(min = 1, max = 30) String name) {
        String unknown = "not declared: " + name;
        String copy = new String(unknown.toCharArray());
        assertSame(copy, CanonicalNames.of(copy));
        assertNull(CanonicalNames.of(null));
    }

    @Example
    void theNamesOfATransferReadFromJsonAreThePoliciesOwn() {
        PolicyBundle.load(Repository.file("policies"));
        String json = "{\"origin\": \"CN\", \"destination\": \"SG\", \"categories\": [\"personal.contact\"],"
                + " \"entity\": {\"ciio\": false}, \"recipient\": {\"kind\": \"commercial\"},"
                + " \"transaction\": \"other\", \"bases\": [\"pipia\"], \"purpose\": \"my-own-purpose\"}";
        Transfer a = Transfer.fromJson(json);
        Transfer b = Transfer.fromJson(json);
        assertSame("CN", a.origin());
        assertSame("SG", b.destination());
        assertSame("personal.contact", a.categories().get(0));
        assertSame(a.categories().get(0), b.categories().get(0));
        assertSame("ciio", a.entity().keySet().iterator().next());
        assertSame("commercial", a.recipient().kind());
        assertSame("other", a.transaction());
        assertSame("pipia", b.bases().get(0).name());
        assertEquals(a.purpose(), b.purpose());
        assertNotSame(a.purpose(), b.purpose(), "a name no policy declares is read into a new object each time");
    }
}
