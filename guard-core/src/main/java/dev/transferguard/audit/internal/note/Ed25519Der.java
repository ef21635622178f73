package dev.transferguard.audit.internal.note;

import dev.transferguard.audit.KeyFormatException;
import java.io.IOException;
import java.security.MessageDigest;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.crypto.util.PublicKeyFactory;
import org.bouncycastle.crypto.util.SubjectPublicKeyInfoFactory;

/**
 * Ed25519 keys in DER: PKCS#8 PrivateKeyInfo for the private key and SubjectPublicKeyInfo for the
 * public key, RFC 8410. Messages never carry key bytes.
 */
public final class Ed25519Der {

    /** id-Ed25519, RFC 8410 section 3. */
    private static final ASN1ObjectIdentifier ED25519 = new ASN1ObjectIdentifier("1.3.101.112");

    private Ed25519Der() {
    }

    /**
     * Encodes a private key as PKCS#8, in the version 1 form without the public key that OpenSSL
     * writes, so that every tool that reads Ed25519 PKCS#8 reads it.
     *
     * @param key the private key
     * @return the DER bytes; the caller should wipe them
     */
    public static byte[] encodePrivate(Ed25519PrivateKeyParameters key) {
        byte[] seed = key.getEncoded();
        try {
            return new PrivateKeyInfo(new AlgorithmIdentifier(ED25519), new DEROctetString(seed)).getEncoded("DER");
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode a private key", e);
        } finally {
            java.util.Arrays.fill(seed, (byte) 0);
        }
    }

    /**
     * Encodes a public key as SubjectPublicKeyInfo.
     *
     * @param key the public key
     * @return the DER bytes
     */
    public static byte[] encodePublic(Ed25519PublicKeyParameters key) {
        try {
            return SubjectPublicKeyInfoFactory.createSubjectPublicKeyInfo(key).getEncoded("DER");
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode a public key", e);
        }
    }

    /**
     * Decodes a PKCS#8 private key, version 1 or 2; a public key in a version 2 file must match.
     *
     * @param der    the DER bytes
     * @param source names the input in messages
     * @return the private key
     * @throws KeyFormatException when the DER is malformed or not an Ed25519 private key
     */
    public static Ed25519PrivateKeyParameters decodePrivate(byte[] der, String source) {
        PrivateKeyInfo info;
        try {
            info = PrivateKeyInfo.getInstance(ASN1Primitive.fromByteArray(der));
        } catch (IOException | RuntimeException e) {
            throw new KeyFormatException(source + ": not a PKCS#8 private key (malformed DER)");
        }
        requireEd25519(info.getPrivateKeyAlgorithm(), source);
        AsymmetricKeyParameter key;
        try {
            key = PrivateKeyFactory.createKey(info);
        } catch (IOException | RuntimeException e) {
            throw new KeyFormatException(source + ": the Ed25519 private key is malformed");
        }
        if (!(key instanceof Ed25519PrivateKeyParameters privateKey)) {
            throw new KeyFormatException(source + ": not an Ed25519 private key");
        }
        if (info.getPublicKeyData() != null) {
            byte[] stated = info.getPublicKeyData().getOctets();
            if (!MessageDigest.isEqual(stated, privateKey.generatePublicKey().getEncoded())) {
                throw new KeyFormatException(source + ": the public key in the file does not belong to its private key");
            }
        }
        return privateKey;
    }

    /**
     * Decodes a SubjectPublicKeyInfo public key.
     *
     * @param der    the DER bytes
     * @param source names the input in messages
     * @return the public key
     * @throws KeyFormatException when the DER is malformed or not an Ed25519 public key
     */
    public static Ed25519PublicKeyParameters decodePublic(byte[] der, String source) {
        SubjectPublicKeyInfo info;
        try {
            info = SubjectPublicKeyInfo.getInstance(ASN1Primitive.fromByteArray(der));
        } catch (IOException | RuntimeException e) {
            throw new KeyFormatException(source + ": not a SubjectPublicKeyInfo public key (malformed DER)");
        }
        requireEd25519(info.getAlgorithm(), source);
        AsymmetricKeyParameter key;
        try {
            key = PublicKeyFactory.createKey(info);
        } catch (IOException | RuntimeException e) {
            throw new KeyFormatException(source + ": not a valid Ed25519 public key");
        }
        if (!(key instanceof Ed25519PublicKeyParameters publicKey)) {
            throw new KeyFormatException(source + ": not an Ed25519 public key");
        }
        return publicKey;
    }

    private static void requireEd25519(AlgorithmIdentifier algorithm, String source) {
        if (!ED25519.equals(algorithm.getAlgorithm())) {
            throw new KeyFormatException(source + ": not an Ed25519 key (algorithm " + algorithm.getAlgorithm().getId()
                    + ")");
        }
        if (algorithm.getParameters() != null) {
            throw new KeyFormatException(source + ": Ed25519 key with algorithm parameters, which RFC 8410 forbids");
        }
    }
}
