package io.upgradeclient.web.internal.security;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;

/**
 * The per-session token that every state-changing request of a signed-in browser must carry, in the form field
 * {@value #FIELD} of the request body or the header {@value #HEADER}. A cross-site page can make the browser send
 * the session cookie, but cannot read the token. Never from the query string: a URL ends up in logs, history and
 * {@code Referer} headers, and a token there would leak.
 */
public final class Csrf {
    /** The form field. */
    public static final String FIELD = "csrf";
    /** The request header, for scripts. */
    public static final String HEADER = "X-CSRF-Token";

    private static final String ATTRIBUTE = "io.upgradeclient.web.csrf";
    private static final SecureRandom RANDOM = new SecureRandom();

    private Csrf() {
    }

    /**
     * @param session the session
     * @return its token, created on first use
     */
    public static String token(HttpSession session) {
        synchronized (session) {
            Object token = session.getAttribute(ATTRIBUTE);
            if (token instanceof String existing) {
                return existing;
            }
            byte[] bytes = new byte[32];
            RANDOM.nextBytes(bytes);
            String created = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            session.setAttribute(ATTRIBUTE, created);
            return created;
        }
    }

    /**
     * @param request a request
     * @return whether it carries its session's token, in the header or the body, and none in the query string
     */
    public static boolean valid(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        if (session == null || !(session.getAttribute(ATTRIBUTE) instanceof String expected) || inQuery(request)) {
            return false;
        }
        String offered = request.getHeader(HEADER);
        if (offered == null) {
            offered = request.getParameter(FIELD);
        }
        return offered != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), offered.getBytes(StandardCharsets.UTF_8));
    }

    private static boolean inQuery(HttpServletRequest request) {
        String query = request.getQueryString();
        if (query == null) {
            return false;
        }
        for (String pair : query.split("&")) {
            String name = pair.split("=", 2)[0];
            try {
                name = URLDecoder.decode(name, StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                /* a malformed escape: whatever it hides, the query decides nothing */
            }
            if (FIELD.equals(name)) {
                return true;
            }
        }
        return false;
    }
}
