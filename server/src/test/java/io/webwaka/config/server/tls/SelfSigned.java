package io.webwaka.config.server.tls;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;

/** A self-signed certificate for {@code localhost} and its key, written as PEM files for tests. */
record SelfSigned(X509Certificate cert, KeyPair keys) {

    /** A new RSA 2048 certificate valid from an hour ago for a day. */
    static SelfSigned rsa() {
        return create("RSA", "SHA256withRSA");
    }

    /** A new EC P-256 certificate. */
    static SelfSigned ec() {
        return create("EC", "SHA256withECDSA");
    }

    private static SelfSigned create(String algorithm, String signature) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance(algorithm);
            if (algorithm.equals("EC")) {
                g.initialize(new ECGenParameterSpec("secp256r1"));
            } else {
                g.initialize(2048);
            }
            KeyPair keys = g.generateKeyPair();
            X500Name name = new X500Name("CN=localhost");
            Instant now = Instant.now();
            JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(
                    name,
                    BigInteger.valueOf(now.toEpochMilli()),
                    Date.from(now.minus(Duration.ofHours(1))),
                    Date.from(now.plus(Duration.ofDays(1))),
                    name,
                    keys.getPublic());
            b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                new GeneralName(GeneralName.dNSName, "localhost"), new GeneralName(GeneralName.iPAddress, "127.0.0.1")
            }));
            X509Certificate cert = new JcaX509CertificateConverter()
                    .getCertificate(b.build(new JcaContentSignerBuilder(signature).build(keys.getPrivate())));
            return new SelfSigned(cert, keys);
        } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes the certificate as PEM. */
    Path writeCert(Path file) {
        return write(file, cert);
    }

    /** Writes the key as PKCS#8 ({@code BEGIN PRIVATE KEY}). */
    Path writePkcs8Key(Path file) {
        try {
            return write(file, new JcaPKCS8Generator(keys.getPrivate(), null).generate());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Writes the key in the traditional form: PKCS#1 for RSA; for EC what {@code openssl ecparam
     * -genkey} writes, an {@code EC PARAMETERS} block and a SEC1 key carrying its curve.
     */
    Path writeTraditionalKey(Path file) {
        if (!keys.getPrivate().getAlgorithm().equals("EC")) {
            return write(file, keys);
        }
        try {
            PrivateKeyInfo info = PrivateKeyInfo.getInstance(keys.getPrivate().getEncoded());
            ASN1Primitive curve = info.getPrivateKeyAlgorithm().getParameters().toASN1Primitive();
            org.bouncycastle.asn1.sec.ECPrivateKey jdk =
                    org.bouncycastle.asn1.sec.ECPrivateKey.getInstance(info.parsePrivateKey());
            org.bouncycastle.asn1.sec.ECPrivateKey sec1 =
                    new org.bouncycastle.asn1.sec.ECPrivateKey(256, jdk.getKey(), curve);
            StringWriter s = new StringWriter();
            try (PemWriter w = new PemWriter(s)) {
                w.writeObject(new PemObject("EC PARAMETERS", curve.getEncoded()));
                w.writeObject(new PemObject("EC PRIVATE KEY", sec1.getEncoded()));
            }
            return Files.writeString(file, s.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path write(Path file, Object pem) {
        StringWriter s = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(s)) {
            w.writeObject(pem);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            return Files.writeString(file, s.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
