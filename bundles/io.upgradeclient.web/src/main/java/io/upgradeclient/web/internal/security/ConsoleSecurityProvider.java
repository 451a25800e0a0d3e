package io.upgradeclient.web.internal.security;

import java.io.IOException;
import java.util.Hashtable;

import org.apache.felix.webconsole.spi.SecurityProvider;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Signs Web Console ({@code /system/console}) users in with the web UI's users: HTTP Basic checked by
 * {@link WebSecurity} (same users, same fallback admin with the password in {@code var/webconsole-password}, same
 * failed-login throttle), and only admins get in. A signed-in viewer gets 403.
 * <p>
 * This class needs the Web Console's SPI package, which the bundle imports optionally: only
 * {@link ConsoleSecurity} touches it, and only after checking that the package is there.
 */
final class ConsoleSecurityProvider implements SecurityProvider {
    /** The value of {@link SecurityProvider#PROPERTY_ID}, for an operator who wants to require this provider. */
    static final String ID = "upgradeclient";
    /*
     * The console's built-in provider (the felix.webconsole.password one) is registered with Integer.MIN_VALUE and
     * the console uses the highest-ranked provider only; an operator's own provider ranked higher still wins.
     */
    private static final int RANKING = 100;
    private static final String REALM = "Basic realm=\"upgradeclient Web Console\", charset=\"UTF-8\"";
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleSecurityProvider.class);

    private final WebSecurity security;

    /**
     * @param security the web UI's users and throttle
     */
    ConsoleSecurityProvider(WebSecurity security) {
        this.security = security;
    }

    /**
     * Registers a provider as a {@link SecurityProvider} service.
     *
     * @param context the bundle context to register with
     * @param security the web UI's users and throttle
     * @return the registration
     */
    static ServiceRegistration<SecurityProvider> register(BundleContext context, WebSecurity security) {
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put(Constants.SERVICE_RANKING, RANKING);
        properties.put(SecurityProvider.PROPERTY_ID, ID);
        properties.put(Constants.SERVICE_DESCRIPTION, "Web Console login with the upgradeclient web users (admins only)");
        return context.registerService(SecurityProvider.class, new ConsoleSecurityProvider(security), properties);
    }

    /**
     * @return the signed-in admin, or {@code null} after answering 401 (no or wrong credentials, with a Basic
     *     challenge so a browser asks), 403 (not an admin) or 429 (too many failed logins)
     */
    @Override
    public Object authenticate(HttpServletRequest request, HttpServletResponse response) {
        /* the guard filter runs only after this login: a refusal here must carry the headers itself */
        ConsoleGuard.applyHeaders(response);
        String authorization = request.getHeader("Authorization");
        if (authorization == null) {
            return challenge(response);
        }
        BasicCredentials credentials;
        try {
            credentials = BasicCredentials.parse(authorization);
        } catch (IllegalArgumentException e) {
            return challenge(response);
        }
        WebSecurity.Attempt attempt = security.login(credentials.name(), credentials.password(), security.clientAddress(request));
        return switch (attempt.outcome()) {
            case THROTTLED -> {
                response.setHeader("Retry-After", "60");
                yield refuse(response, 429, "too many failed logins; try again in a minute");
            }
            case REFUSED -> challenge(response);
            case SIGNED_IN -> {
                User user = attempt.user().orElseThrow();
                if (user.isAdmin()) {
                    yield user;
                }
                LOG.warn("Web Console refused to user '{}' from {}: not an admin", LogText.of(user.name()), LogText.of(security.clientAddress(request)));
                yield refuse(response, HttpServletResponse.SC_FORBIDDEN, "the Web Console needs the admin role");
            }
        };
    }

    /**
     * @return whether the user is an admin; every console role is an admin's
     */
    @Override
    public boolean authorize(Object user, String role) {
        return user instanceof User u && u.isAdmin();
    }

    /** Basic keeps nothing on the server to end; the console itself makes the browser ask again. */
    @Override
    public void logout(HttpServletRequest request, HttpServletResponse response) {
        // nothing held per login: verified credentials are only a cache of the password check
    }

    private static Object challenge(HttpServletResponse response) {
        response.setHeader("WWW-Authenticate", REALM);
        return refuse(response, HttpServletResponse.SC_UNAUTHORIZED, "login required");
    }

    private static Object refuse(HttpServletResponse response, int status, String why) {
        response.setStatus(status);
        response.setContentType("text/plain");
        response.setCharacterEncoding("UTF-8");
        try {
            response.getWriter().write(why);
            response.flushBuffer();
        } catch (IOException e) {
            LOG.debug("Client left before the Web Console's refusal was sent: {}", e.toString());
        }
        return null;
    }
}
