package dev.transferguard.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.transferguard.audit.internal.note.SignedNote;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A key has one label, name+keyid, and every place that names a key uses it. */
class KeyLabelTest {

    private static final SigningKey KEY = SigningKey.generate("label-key");
    private static final SigningKey OTHER = SigningKey.generate("other-key");

    @Test
    void theLabelIsTheNameAndTheHexKeyId() {
        VerifierKey key = KEY.verifierKey();
        assertEquals("label-key+" + key.keyIdHex(), key.label());
        assertTrue(key.format().startsWith(key.label() + "+"), key.format());
    }

    @Test
    void aSignatureLineNamesItsSignerByTheSameLabel() {
        String note = SignedNote.sign("origin\n1\nAAAA\n", List.of(KEY, OTHER));
        SignedNote parsed = SignedNote.parse(note.getBytes(StandardCharsets.UTF_8));
        SignedNote.Verification v = parsed.verify(List.of(KEY.verifierKey()));
        assertEquals(List.of(KEY.verifierKey()), v.verifiedBy());
        assertEquals(List.of(OTHER.verifierKey().label()), v.unknownSigners());
        assertEquals(List.of(KEY.verifierKey().label(), OTHER.verifierKey().label()),
                parsed.signatures().stream().map(SignedNote.NoteSignature::signer).toList());
    }
}
