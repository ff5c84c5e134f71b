package io.webwaka.config.server.secrets;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/** AES-256-GCM with a random 96-bit nonce, from the JDK: {@code nonce ‖ ciphertext ‖ tag}. */
final class Aes {
    static final int KEY_BYTES = 32;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private Aes() {}

    static byte[] randomKey() {
        byte[] key = new byte[KEY_BYTES];
        RANDOM.nextBytes(key);
        return key;
    }

    static SecretKey key(byte[] raw) {
        if (raw.length != KEY_BYTES) {
            throw new SecretException("a key must have 256 bits (32 bytes), this one has " + raw.length + " bytes");
        }
        return new SecretKeySpec(raw, "AES");
    }

    static byte[] seal(SecretKey key, byte[] plaintext, String aad) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            c.updateAAD(aad.getBytes(StandardCharsets.UTF_8));
            byte[] ct = c.doFinal(plaintext);
            byte[] out = new byte[NONCE_BYTES + ct.length];
            System.arraycopy(nonce, 0, out, 0, NONCE_BYTES);
            System.arraycopy(ct, 0, out, NONCE_BYTES, ct.length);
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available in this JDK", e);
        }
    }

    /** Opens a sealed value; throws {@link SecretException} if it does not authenticate. */
    static byte[] open(SecretKey key, byte[] sealed, String aad) {
        if (sealed.length < NONCE_BYTES + TAG_BITS / 8) {
            throw new SecretException("the ciphertext is truncated");
        }
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, 0, NONCE_BYTES));
            c.updateAAD(aad.getBytes(StandardCharsets.UTF_8));
            return c.doFinal(sealed, NONCE_BYTES, sealed.length - NONCE_BYTES);
        } catch (javax.crypto.AEADBadTagException e) {
            throw new SecretException("the ciphertext failed authentication (changed, moved to another row, or"
                    + " wrapped by another key)");
        } catch (GeneralSecurityException e) {
            throw new SecretException("the ciphertext cannot be decrypted: " + e.getMessage(), e);
        }
    }
}
