package app.lettrage.consent.provider;

import app.lettrage.consent.config.ConsentConfig;
import app.lettrage.platform.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM for provider credentials at rest: "v1:" + base64(12-byte random IV + ciphertext + 16-byte tag). The
 * consent id is the associated data, so a reference copied onto another consent's row does not decrypt.
 */
@ApplicationScoped
public class SecretBox {

    private static final String PREFIX = "v1:";
    private static final int IV = 12;
    private static final int TAG_BITS = 128;

    private final SecretKeySpec key;
    private final SecureRandom random = new SecureRandom();

    @Inject
    public SecretBox(ConsentConfig config) {
        this(config.encryptionKey().orElse(null));
    }

    SecretBox(String base64Key) {
        if (base64Key == null || base64Key.isBlank()) {
            this.key = null; // open banking disabled until configured; the rest of the service works
            return;
        }
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(base64Key.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("lettrage.consent.encryption-key is not base64");
        }
        if (raw.length != 32) {
            throw new IllegalStateException(
                    "lettrage.consent.encryption-key must be 32 bytes (AES-256), is " + raw.length);
        }
        this.key = new SecretKeySpec(raw, "AES");
    }

    public String seal(String plaintext, String associatedData) {
        requireKey();
        try {
            byte[] iv = new byte[IV];
            random.nextBytes(iv);
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
            c.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
            byte[] ct = c.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            return PREFIX
                    + Base64.getEncoder()
                            .encodeToString(ByteBuffer.allocate(IV + ct.length)
                                    .put(iv)
                                    .put(ct)
                                    .array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("encryption failed", e);
        }
    }

    public String open(String sealed, String associatedData) {
        requireKey();
        if (sealed == null || !sealed.startsWith(PREFIX)) {
            throw new IllegalStateException("not a sealed value");
        }
        try {
            byte[] all = Base64.getDecoder().decode(sealed.substring(PREFIX.length()));
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, all, 0, IV));
            c.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
            return new String(c.doFinal(all, IV, all.length - IV), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            // never the value itself in the message
            throw new IllegalStateException(
                    "a stored provider reference does not decrypt (key changed or row tampered)");
        }
    }

    private void requireKey() {
        if (key == null) {
            throw new ProblemException(
                    503,
                    "open-banking-not-configured",
                    "Service Unavailable",
                    "lettrage.consent.encryption-key (CONSENT_ENCRYPTION_KEY) is not set");
        }
    }
}
