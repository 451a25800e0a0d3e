package io.upgradeclient.web.internal.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;

/**
 * The per-session token that every state-changing request of a signed-in browser must carry, in the form field
 * {@value #FIELD} or the header {@value #HEADER}. A cross-site page can make the browser send the session
 * cookie, but cannot read the token.
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
     * @return whether it carries its session's token
     */
    public static boolean valid(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        if (session == null || !(session.getAttribute(ATTRIBUTE) instanceof String expected)) {
            return false;
        }
        String offered = request.getHeader(HEADER);
        if (offered == null) {
            offered = request.getParameter(FIELD);
        }
        return offered != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), offered.getBytes(StandardCharsets.UTF_8));
    }
}
