package io.upgradeclient.web.internal.security;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardFilterName;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardFilterPattern;

import io.upgradeclient.web.internal.api.JsonResponse;
import io.upgradeclient.web.internal.page.HtmlResponse;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

/**
 * Guards every path of the web UI and API: security headers on every reply; TRACE refused; {@code /health}
 * (its detail only for a signed-in user), static assets, the login page and (when configured public)
 * {@code /metrics} open; everything else needs a user, signed in by
 * the login form (session) or by HTTP Basic on the request itself (scripts). Pages send the anonymous to the login
 * page, the API answers 401. A request that changes state (anything but GET, HEAD, OPTIONS) needs the admin role —
 * except logging out — and, when it rides on a session, the session's CSRF token. Basic-authenticated requests need
 * no token: a cross-site page cannot make a browser add an Authorization header, and the server never asks a
 * browser for Basic credentials (no {@code WWW-Authenticate}), so none are cached to be replayed.
 */
@Component(service = Filter.class)
@HttpWhiteboardFilterName("upgradeclient-security")
@HttpWhiteboardFilterPattern("/*")
public final class SecurityFilter implements Filter {
    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");

    private final WebSecurity security;

    /**
     * @param security users and settings
     */
    @Activate
    public SecurityFilter(@Reference WebSecurity security) {
        this.security = security;
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        HttpServletResponse response = (HttpServletResponse) res;
        SecurityHeaders.apply(response);
        if ("TRACE".equals(request.getMethod())) {
            /* TRACE echoes the request, cookies and Authorization included, back to whoever made it. */
            response.setHeader("Allow", "GET, HEAD, POST, OPTIONS");
            JsonResponse.write(response, HttpServletResponse.SC_METHOD_NOT_ALLOWED, Map.of("error", "TRACE is not supported"));
            return;
        }
        String path = pathOf(request);
        String authorization = request.getHeader("Authorization");
        if ("/health".equals(path) && authorization == null) {
            /* open to anyone for its status; a signed-in user also sees the detail */
            HttpSession session = request.getSession(false);
            if (session != null && session.getAttribute(User.ATTRIBUTE) instanceof User signedIn) {
                request.setAttribute(User.ATTRIBUTE, signedIn);
            }
            chain.doFilter(request, response);
            return;
        }
        if (isOpen(path)) {
            chain.doFilter(request, response);
            return;
        }
        boolean api = isApi(path);
        User user;
        boolean viaSession = false;
        if (authorization != null) {
            user = basic(authorization, request, response);
            if (user == null) {
                return;
            }
        } else {
            HttpSession session = request.getSession(false);
            user = session == null ? null : (User) session.getAttribute(User.ATTRIBUTE);
            viaSession = true;
        }
        if (user == null) {
            if (api) {
                JsonResponse.write(response, HttpServletResponse.SC_UNAUTHORIZED, Map.of("error", "login required"));
            } else {
                String target = path + (request.getQueryString() == null ? "" : "?" + request.getQueryString());
                response.setStatus(HttpServletResponse.SC_SEE_OTHER);
                response.setHeader("Location", request.getContextPath() + "/login?next=" + URLEncoder.encode(target, StandardCharsets.UTF_8));
            }
            return;
        }
        if (!SAFE_METHODS.contains(request.getMethod())) {
            if (viaSession && !Csrf.valid(request)) {
                refuse(response, api, "missing or wrong CSRF token");
                return;
            }
            if (!"/logout".equals(path) && !user.isAdmin()) {
                refuse(response, api, "this action needs the admin role");
                return;
            }
        }
        request.setAttribute(User.ATTRIBUTE, user);
        chain.doFilter(request, response);
    }

    private boolean isOpen(String path) {
        // Browsers ask for /favicon.ico on their own, signed in or not; it only redirects to the static icon.
        return "/login".equals(path) || path.startsWith("/static/") || "/favicon.ico".equals(path)
                || "/metrics".equals(path) && security.metricsPublic();
    }

    private static boolean isApi(String path) {
        return path.startsWith("/api/") || path.startsWith("/ajax/") || "/metrics".equals(path) || "/health".equals(path);
    }

    /**
     * @return the path below the context, decoded and normalized by the container
     */
    static String pathOf(HttpServletRequest request) {
        String servletPath = request.getServletPath();
        String info = request.getPathInfo();
        String path = (servletPath == null ? "" : servletPath) + (info == null ? "" : info);
        return path.isEmpty() ? "/" : path;
    }

    private User basic(String authorization, HttpServletRequest request, HttpServletResponse response) throws IOException {
        BasicCredentials credentials;
        try {
            credentials = BasicCredentials.parse(authorization);
        } catch (IllegalArgumentException e) {
            JsonResponse.write(response, HttpServletResponse.SC_UNAUTHORIZED, Map.of("error", "malformed Authorization header: " + e.getMessage()));
            return null;
        }
        WebSecurity.Attempt attempt = security.login(credentials.name(), credentials.password(), security.clientAddress(request));
        switch (attempt.outcome()) {
            case THROTTLED -> {
                response.setHeader("Retry-After", "60");
                JsonResponse.write(response, 429, Map.of("error", "too many failed logins; try again in a minute"));
            }
            case REFUSED -> JsonResponse.write(response, HttpServletResponse.SC_UNAUTHORIZED, Map.of("error", "wrong user name or password"));
            case SIGNED_IN -> {
                return attempt.user().orElseThrow();
            }
        }
        return null;
    }

    private static void refuse(HttpServletResponse response, boolean api, String why) throws IOException {
        if (api) {
            JsonResponse.write(response, HttpServletResponse.SC_FORBIDDEN, Map.of("error", why));
        } else {
            HtmlResponse.error(response, HttpServletResponse.SC_FORBIDDEN, why);
        }
    }
}
