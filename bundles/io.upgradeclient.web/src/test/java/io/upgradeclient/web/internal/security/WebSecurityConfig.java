package io.upgradeclient.web.internal.security;

import java.util.Map;

import io.upgradeclient.testsupport.DsConfig;

/**
 * {@link WebSecurity.Config} values for tests, under the keys the README documents.
 */
final class WebSecurityConfig {
    private WebSecurityConfig() {
    }

    static WebSecurity.Config with(String... users) {
        return with(true, users);
    }

    static WebSecurity.Config with(boolean metricsPublic, String... users) {
        return with(metricsPublic, 5, new String[0], users);
    }

    static WebSecurity.Config with(boolean metricsPublic, int attemptsPerMinute, String[] trustedProxies, String... users) {
        return DsConfig.of(WebSecurity.Config.class, Map.of("users", users, "metrics_public", metricsPublic,
                "login_attempts_per_minute", attemptsPerMinute, "trusted_proxies", trustedProxies));
    }
}
