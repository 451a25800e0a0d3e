package io.upgradeclient.web.internal.security;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Arrays;
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

import jakarta.servlet.http.HttpServletRequest;

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

        /* DS maps "__" in a method name to "_" in the key: the documented key is what Config Admin holds. */
        @AttributeDefinition(name = "Public metrics", description = "Whether /metrics answers without login.")
        boolean metrics__public() default true;

        @AttributeDefinition(name = "Login attempts per minute", description = "Password checks allowed per user name and "
                + "remote address and minute; further attempts get 429 without a check. A user name is also limited to ten "
                + "times as many from all remote (non-loopback) addresses together.")
        int login__attempts__per__minute() default 5;

        @AttributeDefinition(name = "Session timeout (minutes)", description = "Idle time after which a signed-in session ends.")
        int session__timeout__minutes() default 30;

        @AttributeDefinition(name = "Dashboard refresh (seconds)", description = "How often the dashboard reloads its data; 0 for never.")
        int refresh__seconds() default 60;

        @AttributeDefinition(name = "Trusted proxies", description = "Addresses of reverse proxies whose X-Forwarded-For and "
                + "X-Forwarded-Proto are believed: the client's address (for the login throttle) and whether it used HTTPS "
                + "(for the Secure cookie flag). Empty: no proxy is trusted.")
        String[] trusted__proxies() default {};
    }

    /** What a login attempt came to. */
    public enum Outcome {
        /** Name and password match. */
        SIGNED_IN,
        /** They do not. */
        REFUSED,
        /** Too many attempts for this user from this address (or from everywhere); the password was not checked. */
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
    /* One throttle for the component's life: a settings change must not forgive an attacker's attempts. */
    private final LoginThrottle throttle;

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
        this.throttle = new LoginThrottle(config.login__attempts__per__minute(), clock);
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
        throttle.limit(changed.login__attempts__per__minute());
        directory = users;
        config = changed;
        verified.clear();
    }

    private static Path fallbackFile(String home) {
        return Path.of(home == null ? "." : home).resolve("var").resolve("webconsole-password");
    }

    /**
     * Checks a login. Admitting the attempt and counting it is one step of the throttle, before the password check,
     * so parallel attempts cannot slip past the limit. An unknown name costs the same password-hash time as a known
     * one, so the answer's timing does not tell which names exist.
     *
     * @param name the user name offered
     * @param password the password offered
     * @param address the client's address (see {@link #clientAddress})
     * @return the outcome
     */
    public Attempt login(String name, String password, String address) {
        if (!throttle.admit(name, address)) {
            LOG.debug("Web login for user '{}' from {} refused unchecked: too many attempts", LogText.of(name), LogText.of(address));
            return new Attempt(Outcome.THROTTLED, Optional.empty());
        }
        Optional<User> user = verify(name, password);
        if (user.isEmpty()) {
            LOG.warn("Failed web login for user '{}' from {}", LogText.of(name), LogText.of(address));
            return new Attempt(Outcome.REFUSED, user);
        }
        throttle.succeeded(name, address);
        return new Attempt(Outcome.SIGNED_IN, user);
    }

    private Optional<User> verify(String name, String password) {
        UserDirectory users = directory;
        Optional<byte[]> mac = users.storedFormOf(name).map(stored -> mac(stored, password));
        Verified known = mac.isEmpty() ? null : verified.get(name);
        if (known != null && MessageDigest.isEqual(known.mac, mac.get())) {
            return Optional.of(known.user);
        }
        Optional<User> user = users.verify(name, password.toCharArray());
        mac.ifPresent(m -> user.ifPresent(u -> verified.put(name, new Verified(u, m))));
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
        return config.metrics__public();
    }

    /** @return the idle time after which a session ends, in seconds */
    public int sessionTimeoutSeconds() {
        return Math.max(1, config.session__timeout__minutes()) * 60;
    }

    /** @return how often the dashboard reloads its data, in seconds; 0 for never */
    public int refreshSeconds() {
        return Math.max(0, config.refresh__seconds());
    }

    /**
     * @param request a request
     * @return the client's address: the last hop of {@code X-Forwarded-For} when the request came through a trusted
     *     proxy, else the connection's remote address
     */
    public String clientAddress(HttpServletRequest request) {
        String remote = request.getRemoteAddr();
        String forwarded = request.getHeader("X-Forwarded-For");
        if (forwarded == null || !trusted(remote)) {
            return remote;
        }
        String[] hops = forwarded.split(",");
        String last = hops[hops.length - 1].strip();
        return last.isEmpty() ? remote : last;
    }

    /**
     * @param request a request
     * @return whether the client used HTTPS: to this server, or to a trusted proxy that says so in
     *     {@code X-Forwarded-Proto}
     */
    public boolean overHttps(HttpServletRequest request) {
        return request.isSecure() || trusted(request.getRemoteAddr())
                && "https".equalsIgnoreCase(String.valueOf(request.getHeader("X-Forwarded-Proto")).strip());
    }

    private boolean trusted(String address) {
        return Arrays.asList(config.trusted__proxies()).contains(address);
    }
}
