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
        return with(metricsPublic, 5, new String[0], users);
    }

    static WebSecurity.Config with(boolean metricsPublic, int attemptsPerMinute, String[] trustedProxies, String... users) {
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
            public boolean metrics__public() {
                return metricsPublic;
            }

            @Override
            public int login__attempts__per__minute() {
                return attemptsPerMinute;
            }

            @Override
            public int session__timeout__minutes() {
                return 30;
            }

            @Override
            public int refresh__seconds() {
                return 60;
            }

            @Override
            public String[] trusted__proxies() {
                return trustedProxies;
            }
        };
    }
}
