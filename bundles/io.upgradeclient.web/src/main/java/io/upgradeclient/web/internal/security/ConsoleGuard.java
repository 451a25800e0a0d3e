package io.upgradeclient.web.internal.security;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardContextSelect;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardFilterName;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardFilterPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Guards the Felix Web Console ({@code /system/console}), which signs in with HTTP Basic — credentials a browser
 * re-sends on any site's form post — and whose pages carry no token of their own:
 * <ul>
 * <li>a request that changes state (anything but GET, HEAD, OPTIONS) is refused with 403 when the browser says it
 * comes from another site ({@code Origin}, else {@code Referer}, not this server; {@code Sec-Fetch-Site}
 * {@code cross-site} or {@code same-site}). A request with none of these headers is not from a browser form
 * and passes (scripts with {@code curl -u}).</li>
 * <li>every reply carries frame denial, no-sniff and a CSP (the console's pages need their inline script and
 * style, so the CSP allows those but nothing from elsewhere); TRACE is refused.</li>
 * <li>every secret held in Config Admin is masked in what the console sends back ({@link SecretValues}); a
 * configuration form saved with a masked value keeps the stored one ({@link UnmaskingRequest}). The status
 * downloads as zip, which cannot be masked, are refused.</li>
 * </ul>
 * Runs after the console's own login (its context's {@code handleSecurity}), which {@link ConsoleSecurityProvider}
 * answers and marks with the same headers.
 */
@Component(service = Filter.class)
@HttpWhiteboardFilterName("upgradeclient-console-guard")
@HttpWhiteboardFilterPattern("/*")
@HttpWhiteboardContextSelect("(" + "osgi.http.whiteboard.context.name" + "=" + ConsoleGuard.CONSOLE_CONTEXT + ")")
public final class ConsoleGuard implements Filter {
    /** The name of the servlet context the Web Console registers its servlet in. */
    static final String CONSOLE_CONTEXT = "org.apache.felix.webconsole";
    /** The Web Console's pages use inline script and style; nothing may come from elsewhere or frame them. */
    static final String CSP = "default-src 'self'; script-src 'self' 'unsafe-inline' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; "
            + "img-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleGuard.class);

    private final ConfigurationAdmin configAdmin;

    /**
     * @param configAdmin where the secrets to mask are held
     */
    @Activate
    public ConsoleGuard(@Reference ConfigurationAdmin configAdmin) {
        this.configAdmin = configAdmin;
    }

    /**
     * @param response a Web Console reply
     */
    static void applyHeaders(HttpServletResponse response) {
        response.setHeader("Content-Security-Policy", CSP);
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("X-Frame-Options", "DENY");
        response.setHeader("Referrer-Policy", "same-origin");
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        HttpServletResponse response = (HttpServletResponse) res;
        applyHeaders(response);
        String method = request.getMethod();
        if ("TRACE".equals(method)) {
            response.setHeader("Allow", "GET, HEAD, POST, OPTIONS");
            response.sendError(HttpServletResponse.SC_METHOD_NOT_ALLOWED, "TRACE is not supported");
            return;
        }
        if (!SAFE_METHODS.contains(method) && isCrossSite(request)) {
            LOG.warn("Web Console {} {} refused: sent from another site (Origin {}, Referer {})", method,
                    LogText.of(request.getRequestURI()), LogText.of(request.getHeader("Origin")), LogText.of(request.getHeader("Referer")));
            response.sendError(HttpServletResponse.SC_FORBIDDEN, "cross-site request refused");
            return;
        }
        if (request.getRequestURI().toLowerCase(Locale.ROOT).endsWith(".zip")) {
            response.sendError(HttpServletResponse.SC_FORBIDDEN, "zip downloads of the status are off: they would carry secrets unmasked; use the .txt");
            return;
        }
        SecretValues secrets = SecretValues.of(configurations());
        MaskingResponse masking = new MaskingResponse(response);
        HttpServletRequest unmasked = SAFE_METHODS.contains(method) || !UnmaskingRequest.isConfigurationSave(request) ? request
                : new UnmaskingRequest(request, configAdmin);
        chain.doFilter(unmasked, masking);
        masking.finish(secrets);
    }

    /**
     * @param request a state-changing request
     * @return whether a browser says it was sent by a page of another site
     */
    static boolean isCrossSite(HttpServletRequest request) {
        String fetchSite = request.getHeader("Sec-Fetch-Site");
        if (fetchSite != null && !"same-origin".equalsIgnoreCase(fetchSite) && !"none".equalsIgnoreCase(fetchSite)) {
            return true;
        }
        String origin = request.getHeader("Origin");
        if (origin != null) {
            return !sameOrigin(origin, request);
        }
        String referer = request.getHeader("Referer");
        return referer != null && !sameOrigin(referer, request);
    }

    private static boolean sameOrigin(String url, HttpServletRequest request) {
        String host = request.getHeader("Host");
        if (host == null || "null".equals(url)) {
            return false;
        }
        try {
            URI uri = new URI(url);
            if (uri.getHost() == null || !("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))) {
                return false;
            }
            int port = uri.getPort() != -1 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
            String authority = uri.getHost().toLowerCase(Locale.ROOT) + ":" + port;
            String expected = host.toLowerCase(Locale.ROOT);
            if (!expected.matches(".*:\\d+$") || expected.endsWith("]")) {
                expected = expected + ":" + (request.isSecure() ? 443 : 80);
            }
            return authority.equals(expected) || ("[" + uri.getHost().toLowerCase(Locale.ROOT) + "]:" + port).equals(expected)
                    || authority.equals(expected.replace("[", "").replace("]", ""));
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private List<Dictionary<String, Object>> configurations() {
        List<Dictionary<String, Object>> all = new ArrayList<>();
        try {
            Configuration[] configurations = configAdmin.listConfigurations(null);
            if (configurations != null) {
                for (Configuration configuration : configurations) {
                    Dictionary<String, Object> properties = configuration.getProperties();
                    if (properties != null) {
                        all.add(properties);
                    }
                }
            }
        } catch (IOException | InvalidSyntaxException e) {
            throw new IllegalStateException("cannot list the configurations whose secrets the Web Console must not show", e);
        }
        return all;
    }
}
