package io.upgradeclient.web.internal.security;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who may sign in and the web UI's other settings, from Config Admin PID {@value #PID}. Changes apply at once.
 * Shared by the security filter, the login servlet and the metrics servlet. Thread-safe.
 */
@Component(name = WebSecurity.PID, service = WebSecurity.class)
@Designate(ocd = WebSecurity.Config.class)
public final class WebSecurity {
    /** The configuration PID. */
    public static final String PID = "io.upgradeclient.web";

    private static final Logger LOG = LoggerFactory.getLogger(WebSecurity.class);

    @ObjectClassDefinition(name = "upgradeclient web UI", description = "Users, login and public endpoints of the web UI and API.")
    public @interface Config {
        @AttributeDefinition(name = "Users", description = "One entry per user: name:role:hash, role viewer or admin, hash "
                + "pbkdf2$<iterations>$<salt base64>$<hash base64> (shell: upgradeclient:passwordhash) or {plain}<password>. "
                + "Empty: user admin with the password in var/webconsole-password.")
        String[] users() default {};

        @AttributeDefinition(name = "Public metrics", description = "Whether /metrics answers without login.")
        boolean metrics_public() default true;

        @AttributeDefinition(name = "Failed logins per minute", description = "Failed logins allowed per remote address and minute before 429.")
        int login_attempts_per_minute() default 5;

        @AttributeDefinition(name = "Session timeout (minutes)", description = "Idle time after which a signed-in session ends.")
        int session_timeout_minutes() default 30;

        @AttributeDefinition(name = "Dashboard refresh (seconds)", description = "How often the dashboard reloads its data; 0 for never.")
        int refresh_seconds() default 60;
    }

    /** What a login attempt came to. */
    public enum Outcome {
        /** Name and password match. */
        SIGNED_IN,
        /** They do not. */
        REFUSED,
        /** Too many failures from this address; the password was not even checked. */
        THROTTLED
    }

    /**
     * @param outcome how the attempt ended
     * @param user the user when signed in
     */
    public record Attempt(Outcome outcome, Optional<User> user) {
    }

    private record Verified(User user, byte[] mac) {
    }

    private final Path fallbackPasswordFile;
    private final Clock clock;
    private final byte[] cacheKey = new byte[32];
    /* A PBKDF2 check costs ~100 ms by design; API scripts sending Basic on every request would pay it each time. */
    private final Map<String, Verified> verified = new ConcurrentHashMap<>();
    private volatile Config config;
    private volatile UserDirectory directory;
    private volatile LoginThrottle throttle;

    /**
     * @param context this bundle's context, for the framework property {@code upgradeclient.home}
     * @param config the settings
     */
    @Activate
    public WebSecurity(BundleContext context, Config config) {
        this(fallbackFile(context.getProperty("upgradeclient.home")), config, Clock.systemUTC());
    }

    /**
     * @param fallbackPasswordFile the fallback admin's password file, or {@code null} for none
     * @param config the settings
     * @param clock the time source for the login throttle
     */
    public WebSecurity(Path fallbackPasswordFile, Config config, Clock clock) {
        this.fallbackPasswordFile = fallbackPasswordFile;
        this.clock = clock;
        new SecureRandom().nextBytes(cacheKey);
        apply(config);
    }

    @Modified
    void modified(Config changed) {
        apply(changed);
        LOG.info("Web UI settings changed");
    }

    private void apply(Config changed) {
        UserDirectory users = UserDirectory.of(changed.users(), fallbackPasswordFile);
        if (users.usesFallback()) {
            LOG.info("No web users configured: sign in as '{}' with the password in {}", UserDirectory.FALLBACK_ADMIN, fallbackPasswordFile);
        }
        throttle = new LoginThrottle(changed.login_attempts_per_minute(), clock);
        directory = users;
        config = changed;
        verified.clear();
    }

    private static Path fallbackFile(String home) {
        return Path.of(home == null ? "." : home).resolve("var").resolve("webconsole-password");
    }

    /**
     * Checks a login, counting failures against the remote address.
     *
     * @param name the user name offered
     * @param password the password offered
     * @param address the remote address
     * @return the outcome
     */
    public Attempt login(String name, String password, String address) {
        LoginThrottle current = throttle;
        if (current.blocked(address)) {
            return new Attempt(Outcome.THROTTLED, Optional.empty());
        }
        Optional<User> user = verify(name, password);
        if (user.isEmpty()) {
            current.failed(address);
            LOG.warn("Failed web login for user '{}' from {}", name, address);
            return new Attempt(Outcome.REFUSED, user);
        }
        current.succeeded(address);
        return new Attempt(Outcome.SIGNED_IN, user);
    }

    private Optional<User> verify(String name, String password) {
        UserDirectory users = directory;
        Optional<String> stored = users.storedFormOf(name);
        if (stored.isEmpty()) {
            return Optional.empty();
        }
        byte[] mac = mac(stored.get(), password);
        Verified known = verified.get(name);
        if (known != null && MessageDigest.isEqual(known.mac, mac)) {
            return Optional.of(known.user);
        }
        Optional<User> user = users.verify(name, password.toCharArray());
        user.ifPresent(u -> verified.put(name, new Verified(u, mac)));
        return user;
    }

    private byte[] mac(String stored, String password) {
        try {
            Mac hmac = Mac.getInstance("HmacSHA256");
            hmac.init(new SecretKeySpec(cacheKey, "HmacSHA256"));
            hmac.update(stored.getBytes(StandardCharsets.UTF_8));
            hmac.update((byte) 0);
            return hmac.doFinal(password.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java runtime has HmacSHA256", e);
        }
    }

    /** @return whether {@code /metrics} answers without login */
    public boolean metricsPublic() {
        return config.metrics_public();
    }

    /** @return the idle time after which a session ends, in seconds */
    public int sessionTimeoutSeconds() {
        return Math.max(1, config.session_timeout_minutes()) * 60;
    }

    /** @return how often the dashboard reloads its data, in seconds; 0 for never */
    public int refreshSeconds() {
        return Math.max(0, config.refresh_seconds());
    }
}
