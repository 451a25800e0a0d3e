package io.upgradeclient.web.internal.security;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * The stored form of a password: {@code pbkdf2$<iterations>$<salt base64>$<hash base64>}, the hash being
 * PBKDF2WithHmacSHA256 with as many bytes as the stored hash has; or {@code {plain}<password>} for quick
 * setups (accepted, but warned about).
 */
public final class PasswordHash {
    /** The prefix of a PBKDF2 hash. */
    public static final String PBKDF2 = "pbkdf2$";
    /** The prefix of a plain-text password. */
    public static final String PLAIN = "{plain}";
    /** Iterations used for new hashes (OWASP's 2023 figure for PBKDF2-HMAC-SHA256). */
    public static final int ITERATIONS = 210_000;

    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final byte[] DECOY_SALT = new byte[SALT_BYTES];

    private PasswordHash() {
    }

    /**
     * @param password the password
     * @return a new PBKDF2 hash of it with a random salt
     */
    public static String create(char[] password) {
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        byte[] hash = pbkdf2(password, salt, ITERATIONS, HASH_BYTES);
        Base64.Encoder b64 = Base64.getEncoder();
        return PBKDF2 + ITERATIONS + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(hash);
    }

    /**
     * Checks that a stored form is well formed, so that a typo in the configuration is reported when it is read,
     * not when someone tries to log in.
     *
     * @param stored the stored form
     * @throws IllegalArgumentException naming what is wrong (never the password)
     */
    public static void validate(String stored) {
        if (stored.startsWith(PLAIN)) {
            if (stored.length() == PLAIN.length()) {
                throw new IllegalArgumentException("{plain} password is empty");
            }
            return;
        }
        parse(stored);
    }

    /**
     * @param password the password offered
     * @param stored the stored form
     * @return whether it matches; compared in constant time
     */
    public static boolean matches(char[] password, String stored) {
        if (stored.startsWith(PLAIN)) {
            return MessageDigest.isEqual(new String(password).getBytes(StandardCharsets.UTF_8),
                    stored.substring(PLAIN.length()).getBytes(StandardCharsets.UTF_8));
        }
        Parsed parsed = parse(stored);
        return MessageDigest.isEqual(pbkdf2(password, parsed.salt, parsed.iterations, parsed.hash.length), parsed.hash);
    }

    /**
     * Spends the time of checking a password against a hash of the default strength, and tells nothing. Used where
     * no such hash is checked (unknown user, {@code {plain}} entry, the fallback password file), so that every
     * login costs the same and the answer's timing does not tell a known user name from an unknown one.
     *
     * @param password the password offered
     */
    public static void spendCheckTime(char[] password) {
        pbkdf2(password, DECOY_SALT, ITERATIONS, HASH_BYTES);
    }

    /**
     * @param stored a stored form
     * @return whether checking a password against it costs a full-strength hash
     */
    static boolean isCostly(String stored) {
        return stored.startsWith(PBKDF2);
    }

    private record Parsed(int iterations, byte[] salt, byte[] hash) {
    }

    private static Parsed parse(String stored) {
        String[] parts = stored.split("\\$", -1);
        if (parts.length != 4 || !PBKDF2.equals(parts[0] + "$")) {
            throw new IllegalArgumentException("password hash must be pbkdf2$<iterations>$<salt base64>$<hash base64> or {plain}<password>");
        }
        int iterations;
        try {
            iterations = Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("pbkdf2 iterations must be a number, was '" + parts[1] + "'", e);
        }
        if (iterations < 1) {
            throw new IllegalArgumentException("pbkdf2 iterations must be positive, was " + iterations);
        }
        try {
            byte[] salt = Base64.getDecoder().decode(parts[2]);
            byte[] hash = Base64.getDecoder().decode(parts[3]);
            if (salt.length == 0 || hash.length == 0) {
                throw new IllegalArgumentException("pbkdf2 salt and hash must not be empty");
            }
            return new Parsed(iterations, salt, hash);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("pbkdf2 salt and hash must be base64: " + e.getMessage(), e);
        }
    }

    private static byte[] pbkdf2(char[] password, byte[] salt, int iterations, int bytes) {
        PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, bytes * 8);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java 17 runtime has PBKDF2WithHmacSHA256", e);
        } finally {
            spec.clearPassword();
        }
    }
}
