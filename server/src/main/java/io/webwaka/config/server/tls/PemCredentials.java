package io.webwaka.config.server.tls;

import io.webwaka.config.server.ServerException;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * A certificate chain and its private key read from PEM files (what Let's Encrypt, openssl and most
 * CAs hand out) and checked to belong together, as an in-memory key store for Jetty. Bouncy Castle's
 * {@code PEMParser} reads the PEM blocks (the JDK reads none of them); the keys themselves are
 * rebuilt by the JDK's key factories so that Jetty's TLS stack uses its own key types. Immutable.
 *
 * @param chain the certificates, the server's first
 * @param key the server certificate's private key
 */
public record PemCredentials(List<X509Certificate> chain, PrivateKey key) {
    private static final Map<String, String> JDK_KEY_ALGORITHMS = Map.of(
            PKCSObjectIdentifiers.rsaEncryption.getId(), "RSA",
            PKCSObjectIdentifiers.id_RSASSA_PSS.getId(), "RSASSA-PSS",
            X9ObjectIdentifiers.id_ecPublicKey.getId(), "EC",
            EdECObjectIdentifiers.id_Ed25519.getId(), "Ed25519",
            EdECObjectIdentifiers.id_Ed448.getId(), "Ed448");

    /** Copies the chain. */
    public PemCredentials {
        chain = List.copyOf(chain);
    }

    /**
     * Reads the certificate chain and the key, and checks the key is the certificate's.
     *
     * @throws ServerException naming the file and what is wrong with it
     */
    public static PemCredentials load(Path certFile, Path keyFile) {
        List<X509Certificate> chain = readChain(certFile);
        PrivateKey key = readKey(keyFile);
        if (!matches(key, chain.get(0).getPublicKey())) {
            throw new ServerException(
                    "the private key " + keyFile + " does not belong to the certificate " + certFile + " ("
                            + chain.get(0).getSubjectX500Principal().getName() + ")",
                    null);
        }
        return new PemCredentials(chain, key);
    }

    /** The server certificate is outside its validity period at {@code now}; the message says how. */
    public String validityProblem(Instant now) {
        X509Certificate c = chain.get(0);
        if (now.isAfter(c.getNotAfter().toInstant())) {
            return "the TLS certificate expired on " + c.getNotAfter().toInstant();
        }
        if (now.isBefore(c.getNotBefore().toInstant())) {
            return "the TLS certificate is not valid before " + c.getNotBefore().toInstant();
        }
        return "";
    }

    /** A PKCS#12 key store in memory holding the chain and key under {@code password}. */
    public KeyStore keyStore(char[] password) {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("wakacfg", key, password, chain.toArray(new X509Certificate[0]));
            return ks;
        } catch (GeneralSecurityException | IOException e) {
            throw new ServerException("cannot hold the TLS key in a key store: " + e.getMessage(), e);
        }
    }

    /** A random password for an in-memory key store. */
    static char[] randomPassword() {
        byte[] b = new byte[18];
        new SecureRandom().nextBytes(b);
        return Base64.getEncoder().encodeToString(b).toCharArray();
    }

    private static List<X509Certificate> readChain(Path file) {
        List<X509Certificate> chain = new ArrayList<>();
        for (Object o : readPem(file, "certificate")) {
            if (!(o instanceof X509CertificateHolder)) {
                throw new ServerException(
                        "the certificate file " + file + " holds " + describe(o)
                                + ", not only certificates (are --tls-cert and --tls-key swapped?)",
                        null);
            }
            try {
                chain.add(new JcaX509CertificateConverter().getCertificate((X509CertificateHolder) o));
            } catch (GeneralSecurityException e) {
                throw new ServerException("cannot read a certificate in " + file + ": " + e.getMessage(), e);
            }
        }
        if (chain.isEmpty()) {
            throw new ServerException(
                    "the certificate file " + file + " holds no PEM certificate (-----BEGIN CERTIFICATE-----)", null);
        }
        return chain;
    }

    private static PrivateKey readKey(Path file) {
        List<Object> objects = readPem(file, "private key");
        // openssl ecparam -genkey writes the curve's name (EC PARAMETERS) before the key: not a key.
        objects.removeIf(o -> o instanceof ASN1ObjectIdentifier);
        if (objects.size() != 1) {
            throw new ServerException(
                    "the key file " + file + " must hold one PEM private key (-----BEGIN PRIVATE KEY-----), found "
                            + (objects.isEmpty() ? "none" : objects.size() + " PEM blocks"),
                    null);
        }
        Object o = objects.get(0);
        PrivateKeyInfo info;
        if (o instanceof PrivateKeyInfo) {
            info = (PrivateKeyInfo) o; // PKCS#8: BEGIN PRIVATE KEY
        } else if (o instanceof PEMKeyPair) {
            info = ((PEMKeyPair) o).getPrivateKeyInfo(); // PKCS#1 RSA or SEC1 EC
        } else if (o instanceof PKCS8EncryptedPrivateKeyInfo || o instanceof PEMEncryptedKeyPair) {
            throw new ServerException(
                    "the key file " + file + " is encrypted; the server cannot ask for a passphrase: decrypt it"
                            + " (openssl pkey -in " + file + " -out KEY.pem) and keep that file readable by the"
                            + " server's user only",
                    null);
        } else {
            throw new ServerException(
                    "the key file " + file + " holds " + describe(o)
                            + ", not a private key (are --tls-cert and --tls-key swapped?)",
                    null);
        }
        String oid = info.getPrivateKeyAlgorithm().getAlgorithm().getId();
        String algorithm = JDK_KEY_ALGORITHMS.get(oid);
        if (algorithm == null) {
            throw new ServerException("the key in " + file + " uses an unsupported algorithm (" + oid + ")", null);
        }
        try {
            return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(info.getEncoded()));
        } catch (GeneralSecurityException | IOException e) {
            throw new ServerException("cannot read the private key in " + file + ": " + e.getMessage(), e);
        }
    }

    private static List<Object> readPem(Path file, String what) {
        List<Object> objects = new ArrayList<>();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
                PEMParser pem = new PEMParser(in)) {
            for (Object o = pem.readObject(); o != null; o = pem.readObject()) {
                objects.add(o);
            }
            return objects;
        } catch (IOException | RuntimeException e) {
            throw new ServerException("cannot read the TLS " + what + " file " + file + ": " + e.getMessage(), e);
        }
    }

    private static String describe(Object o) {
        if (o instanceof X509CertificateHolder) {
            return "a certificate";
        }
        if (o instanceof PrivateKeyInfo || o instanceof PEMKeyPair) {
            return "a private key";
        }
        return "a " + o.getClass().getSimpleName();
    }

    /** The key signs what the certificate's public key verifies. */
    private static boolean matches(PrivateKey key, PublicKey cert) {
        String alg = signatureAlgorithm(key.getAlgorithm());
        if (!key.getAlgorithm().equals(cert.getAlgorithm())) {
            return false;
        }
        if (alg == null) {
            return true; // RSASSA-PSS and the like: the TLS handshake will tell
        }
        try {
            byte[] probe = new byte[32];
            new SecureRandom().nextBytes(probe);
            Signature s = Signature.getInstance(alg);
            s.initSign(key);
            s.update(probe);
            byte[] sig = s.sign();
            Signature v = Signature.getInstance(alg);
            v.initVerify(cert);
            v.update(probe);
            return v.verify(sig);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static String signatureAlgorithm(String keyAlgorithm) {
        switch (keyAlgorithm) {
            case "RSA":
                return "SHA256withRSA";
            case "EC":
                return "SHA256withECDSA";
            case "Ed25519":
            case "Ed448":
                return keyAlgorithm;
            default:
                return null;
        }
    }
}
