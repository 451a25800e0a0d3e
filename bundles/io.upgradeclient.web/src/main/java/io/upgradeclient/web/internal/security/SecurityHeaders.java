package io.upgradeclient.web.internal.security;

import jakarta.servlet.http.HttpServletResponse;

/**
 * The headers every reply carries: no script or style from anywhere but this server, and none inline; no
 * content-type sniffing; no framing; no referrer leaking URLs (which hold filters) to other sites.
 */
public final class SecurityHeaders {
    /** The Content-Security-Policy. */
    public static final String CSP = "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; "
            + "form-action 'self'; frame-ancestors 'none'";

    private SecurityHeaders() {
    }

    /**
     * @param response the reply to mark
     */
    public static void apply(HttpServletResponse response) {
        response.setHeader("Content-Security-Policy", CSP);
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("X-Frame-Options", "DENY");
        response.setHeader("Referrer-Policy", "same-origin");
    }
}
