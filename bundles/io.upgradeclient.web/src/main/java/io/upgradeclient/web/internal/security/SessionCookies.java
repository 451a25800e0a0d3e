package io.upgradeclient.web.internal.security;

import java.util.List;
import java.util.Locale;

import jakarta.servlet.http.HttpServletResponse;

/**
 * Marks the cookies of a reply {@code SameSite=Strict}, and {@code Secure} when the client uses HTTPS. The
 * container sets the session cookie itself and offers no setting for {@code SameSite}; the cookie is still only
 * a header of the uncommitted reply when the login servlet has made or renewed the session, so it is marked there.
 * Strict rather than Lax: nothing outside this server ever needs to arrive signed in, and a link from elsewhere
 * just shows the login page first.
 */
final class SessionCookies {
    private SessionCookies() {
    }

    /**
     * @param response a reply not yet committed
     * @param secure whether the client reached this server over HTTPS (directly or through a trusted proxy)
     */
    static void harden(HttpServletResponse response, boolean secure) {
        List<String> cookies = List.copyOf(response.getHeaders("Set-Cookie"));
        if (cookies.isEmpty() || response.isCommitted()) {
            return;
        }
        boolean first = true;
        for (String cookie : cookies) {
            String hardened = harden(cookie, secure);
            if (first) {
                response.setHeader("Set-Cookie", hardened);
                first = false;
            } else {
                response.addHeader("Set-Cookie", hardened);
            }
        }
    }

    static String harden(String cookie, boolean secure) {
        String lower = cookie.toLowerCase(Locale.ROOT);
        StringBuilder hardened = new StringBuilder(cookie);
        if (!lower.contains("samesite=")) {
            hardened.append("; SameSite=Strict");
        }
        if (secure && !lower.matches(".*;\\s*secure\\s*(;.*)?")) {
            hardened.append("; Secure");
        }
        return hardened.toString();
    }
}
