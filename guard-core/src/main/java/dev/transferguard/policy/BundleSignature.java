package dev.transferguard.policy;

import dev.transferguard.audit.CheckpointException;
import dev.transferguard.audit.SigningKey;
import dev.transferguard.audit.VerifierKey;
import dev.transferguard.audit.internal.note.SignedNote;
import dev.transferguard.policy.internal.Loader;
import dev.transferguard.policy.internal.syntax.SourceFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The signature of a policy bundle: a C2SP signed note whose text names the bundle's digest.
 *
 * <pre>
 * transferguard.dev/policy-bundle/v1
 * sha256:3f0c...e1
 *
 * — policy-2026 AbCd...==
 * </pre>
 *
 * <p>It lives beside the policy files as {@value #FILE_NAME} (a hidden file, so the loader never reads it
 * as a policy). The digest is the bundle digest ({@link PolicyBundle#digest()}): SHA-256 over every policy
 * file's relative name and bytes, so that changing, adding, removing or renaming a file changes it.
 * Signature lines are Ed25519 with the same keys and key ids as audit checkpoints ({@link SigningKey},
 * {@link VerifierKey}); use keys of their own for policies. Format: {@code docs/security.md}.
 */
public final class BundleSignature {

    /** The signature file's name in a policy directory or classpath folder. */
    public static final String FILE_NAME = ".bundle.sig";
    /** The first line of the signed text: what the note is. */
    public static final String HEADER = "transferguard.dev/policy-bundle/v1";
    /** A signature file is a few hundred bytes; anything far larger is not one. */
    public static final int MAX_BYTES = 64 * 1024;

    private static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");

    private BundleSignature() {
    }

    /**
     * The signed text for a digest.
     *
     * @param digest a bundle digest, {@code sha256:<64 hex>}
     * @return the two lines {@value #HEADER} and the digest, each ending in a newline
     * @throws IllegalArgumentException when the digest is not of that form
     */
    public static String text(String digest) {
        Objects.requireNonNull(digest, "digest");
        if (!DIGEST.matcher(digest).matches()) {
            throw new IllegalArgumentException("not a bundle digest (sha256:<64 hex digits>)");
        }
        return HEADER + "\n" + digest + "\n";
    }

    /**
     * Signs a bundle's digest.
     *
     * @param bundle the bundle
     * @param keys   1 to 100 keys, e.g. the old and the new one during a rotation
     * @return the signed note, the content of {@value #FILE_NAME}
     */
    public static String sign(PolicyBundle bundle, List<SigningKey> keys) {
        return SignedNote.sign(text(bundle.digest()), keys);
    }

    /**
     * The digest of a policy directory's files, as {@link PolicyBundle#load(Path)} computes it, without
     * compiling them: a directory that is one of several {@linkplain PolicyBundle#fromLocations(List)
     * locations} need not compile alone.
     *
     * @param directory the policy directory
     * @return {@code sha256:<hex>}
     * @throws dev.transferguard.GuardException if the directory or a file cannot be read
     */
    public static String digestOf(Path directory) {
        List<SourceFile> files = Loader.read(directory);
        String prefix = directory.toString().replace('\\', '/');
        List<String> names = files.stream()
                .map(f -> f.name().substring(prefix.length()).replaceFirst("^/", "")).toList();
        return Loader.digest(files, names);
    }

    /**
     * Signs the files of a policy directory, as they are now.
     *
     * @param directory the policy directory
     * @param keys      1 to 100 keys
     * @return the signed note, the content of {@value #FILE_NAME}
     * @throws dev.transferguard.GuardException if the directory or a file cannot be read
     */
    public static String sign(Path directory, List<SigningKey> keys) {
        return SignedNote.sign(text(digestOf(directory)), keys);
    }

    /**
     * Checks a signature against a digest and the trusted policy keys.
     *
     * @param note    the signature file's bytes
     * @param digest  the digest of the files it should sign
     * @param trusted the trusted policy keys
     * @param where   names the bundle in messages, e.g. its directory
     * @return the trusted keys whose signatures verified
     * @throws BundleSignatureException when the note is malformed, signed by no trusted key, carries a bad
     *                                  signature, or signs another digest
     */
    public static List<VerifierKey> verify(byte[] note, String digest, Collection<VerifierKey> trusted,
                                           String where) {
        Objects.requireNonNull(note, "note");
        SignedNote parsed;
        try {
            parsed = SignedNote.parse(note);
        } catch (CheckpointException e) {
            throw malformed(where, e.getMessage().replaceFirst("^malformed checkpoint: ", ""));
        }
        String signed = signedDigest(parsed, where);
        SignedNote.Verification verification;
        try {
            verification = parsed.verify(trusted);
        } catch (CheckpointException e) {
            if (e.fault() == CheckpointException.Fault.UNKNOWN_KEY) {
                String signers = parsed.signatures().stream().map(SignedNote.NoteSignature::signer)
                        .collect(Collectors.joining(", "));
                String keys = trusted.isEmpty() ? "none" : trusted.stream()
                        .map(VerifierKey::label).collect(Collectors.joining(", "));
                throw new BundleSignatureException(BundleSignatureException.Fault.UNTRUSTED_KEY, "policy bundle "
                        + where + " is signed by " + signers + ", not by a trusted policy key (trusted: " + keys
                        + ")");
            }
            if (e.fault() == CheckpointException.Fault.BAD_SIGNATURE) {
                throw new BundleSignatureException(BundleSignatureException.Fault.BAD_SIGNATURE, "policy bundle "
                        + where + ": the signature by " + e.keyName().orElse("?") + " in " + FILE_NAME
                        + " does not verify: the signature file was changed or forged");
            }
            throw malformed(where, e.getMessage());
        }
        byte[] expected = digest.getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, signed.getBytes(StandardCharsets.US_ASCII))) {
            throw new BundleSignatureException(BundleSignatureException.Fault.ALTERED, "policy bundle " + where
                    + " was changed after it was signed: its files have the digest " + digest
                    + ", but the signature is over " + signed + "; review the change and sign again");
        }
        return verification.verifiedBy();
    }

    /**
     * The digest a signature file names, without checking its signatures.
     *
     * @param note  the signature file's bytes
     * @param where names the bundle in messages
     * @return the digest
     * @throws BundleSignatureException ({@code MALFORMED}) when it is not a bundle signature
     */
    public static String signedDigest(byte[] note, String where) {
        try {
            return signedDigest(SignedNote.parse(note), where);
        } catch (CheckpointException e) {
            throw malformed(where, e.getMessage().replaceFirst("^malformed checkpoint: ", ""));
        }
    }

    private static String signedDigest(SignedNote parsed, String where) {
        String[] lines = parsed.text().split("\n", -1);
        if (lines.length != 3 || !lines[2].isEmpty() || !HEADER.equals(lines[0])) {
            throw malformed(where, "the signed text must be the two lines '" + HEADER + "' and the digest");
        }
        if (!DIGEST.matcher(lines[1]).matches()) {
            throw malformed(where, "line 2: not a bundle digest (sha256:<64 hex digits>)");
        }
        return lines[1];
    }

    private static BundleSignatureException malformed(String where, String what) {
        return new BundleSignatureException(BundleSignatureException.Fault.MALFORMED, "policy bundle " + where
                + ": " + FILE_NAME + " is not a bundle signature: " + what);
    }
}
