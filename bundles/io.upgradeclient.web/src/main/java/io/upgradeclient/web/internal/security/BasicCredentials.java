package io.upgradeclient.web.internal.security;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A user name and password from an HTTP Basic {@code Authorization} header (RFC 7617, UTF-8). Shared by the web
 * UI's filter and the Web Console's security provider so both read the header alike.
 *
 * @param name the user name
 * @param password the password; never logged
 */
record BasicCredentials(String name, String password) {
    /**
     * @param authorization the header's value
     * @return the credentials
     * @throws IllegalArgumentException when the header is not Basic or not {@code base64(name:password)}; the
     *     message names the problem, never the content
     */
    static BasicCredentials parse(String authorization) {
        if (!authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            throw new IllegalArgumentException("only Basic is supported");
        }
        String decoded = new String(Base64.getDecoder().decode(authorization.substring(6).strip()), StandardCharsets.UTF_8);
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("no ':' in the credentials");
        }
        return new BasicCredentials(decoded.substring(0, colon), decoded.substring(colon + 1));
    }

    @Override
    public String toString() {
        return "BasicCredentials[name=" + name + "]";
    }
}
