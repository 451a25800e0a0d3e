package io.upgradeclient.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Properties;

/**
 * Makes sure the Felix Web Console never runs with its built-in admin/admin login.
 *
 * <p>When neither a system property nor {@code config/}{@value #CONSOLE_PID}{@code .cfg} sets a password, a
 * random one is generated on first start, kept in {@code var/}{@value #PASSWORD_FILE} (readable by the owner
 * only), and handed to the console as a salted hash through the framework property
 * {@value #PASSWORD_PROPERTY}: it is in force before the console starts, so there is no window with the default.
 */
final class ConsoleCredentials {
    static final String CONSOLE_PID = "org.apache.felix.webconsole.internal.servlet.OsgiManager";
    static final String PASSWORD_PROPERTY = "felix.webconsole.password";
    static final String PASSWORD_FILE = "webconsole-password";

    private static final int SALT_BYTES = 8;
    private static final int PASSWORD_BYTES = 18;
    private static final int HASH_ITERATIONS = 1000;

    private final SecureRandom random = new SecureRandom();

    /**
     * Sets {@value #PASSWORD_PROPERTY} in the settings unless the operator configured a password.
     *
     * @param home the distribution folder
     * @param settings the framework properties, completed in place
     * @return the file holding the generated password, or {@code null} when the operator configured one
     * @throws IOException if the password file cannot be read or written
     */
    Path apply(Path home, Map<String, String> settings) throws IOException {
        if (System.getProperty(PASSWORD_PROPERTY) != null || configuredInFile(home.resolve("config").resolve(CONSOLE_PID + ".cfg"))) {
            return null;
        }
        Path file = home.resolve("var").resolve(PASSWORD_FILE);
        if (!Files.exists(file)) {
            writeOwnerOnly(file, newPassword() + "\n");
        }
        String password = Files.readString(file, StandardCharsets.UTF_8).strip();
        if (password.isEmpty()) {
            throw new IOException(file + " is empty: delete it to have a new password generated");
        }
        settings.put(PASSWORD_PROPERTY, hash(password));
        return file;
    }

    private static boolean configuredInFile(Path cfg) throws IOException {
        if (!Files.isRegularFile(cfg)) {
            return false;
        }
        Properties properties = new Properties();
        try (var in = Files.newBufferedReader(cfg, StandardCharsets.ISO_8859_1)) {
            properties.load(in);
        }
        String password = properties.getProperty("password");
        return password != null && !password.isBlank();
    }

    private String newPassword() {
        byte[] bytes = new byte[PASSWORD_BYTES];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /**
     * @return the password in the Web Console's salted form {@code {sha-256}<salt>-<iterations>-<base64 digest>}
     */
    String hash(String password) {
        byte[] saltBytes = new byte[SALT_BYTES];
        random.nextBytes(saltBytes);
        return hash(password, HexFormat.of().formatHex(saltBytes), HASH_ITERATIONS);
    }

    static String hash(String password, String salt, int iterations) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] bytes = (salt + password).getBytes(StandardCharsets.UTF_8);
            for (int i = 0; i < iterations; i++) {
                digest.reset();
                bytes = digest.digest(bytes);
            }
            return "{sha-256}" + salt + "-" + iterations + "-" + Base64.getEncoder().encodeToString(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private static void writeOwnerOnly(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        Path temp = Files.createTempFile(file.getParent(), PASSWORD_FILE, ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(temp, content, StandardCharsets.UTF_8);
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
    }
}
