package io.upgradeclient.web.internal.security;

import java.lang.annotation.Annotation;

/**
 * {@link WebSecurity.Config} values for tests.
 */
final class WebSecurityConfig {
    private WebSecurityConfig() {
    }

    static WebSecurity.Config with(String... users) {
        return with(true, users);
    }

    static WebSecurity.Config with(boolean metricsPublic, String... users) {
        return new WebSecurity.Config() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return WebSecurity.Config.class;
            }

            @Override
            public String[] users() {
                return users;
            }

            @Override
            public boolean metrics_public() {
                return metricsPublic;
            }

            @Override
            public int login_attempts_per_minute() {
                return 5;
            }

            @Override
            public int session_timeout_minutes() {
                return 30;
            }

            @Override
            public int refresh_seconds() {
                return 60;
            }
        };
    }
}
