package io.upgradeclient.web.internal.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

import org.junit.jupiter.api.Test;

import jakarta.servlet.FilterChain;
import jakarta.servlet.http.HttpSession;

class SecurityFilterTest {
    private static final User ADMIN = new User("ann", Role.ADMIN);
    private static final User VIEWER = new User("vic", Role.VIEWER);

    private final WebSecurity security = new WebSecurity(null, WebSecurityConfig.with("ann:admin:{plain}ann-pw", "vic:viewer:{plain}vic-pw"),
            new PasswordsTest.MutableClock());
    private final SecurityFilter filter = new SecurityFilter(security);

    private record Outcome(Http.Response response, boolean passed) {
    }

    private Outcome send(Http.Request request) throws Exception {
        Http.Response response = new Http.Response();
        FilterChain chain = mock(FilterChain.class);
        filter.doFilter(request.get(), response.response, chain);
        boolean passed;
        try {
            verify(chain).doFilter(request.get(), response.response);
            passed = true;
        } catch (AssertionError e) {
            verify(chain, never()).doFilter(request.get(), response.response);
            passed = false;
        }
        return new Outcome(response, passed);
    }

    @Test
    void everyReplyCarriesTheSecurityHeaders() throws Exception {
        for (Http.Request request : new Http.Request[] {new Http.Request("GET", "/health"), new Http.Request("GET", "/firmware"),
            new Http.Request("GET", "/api/v1/events"), new Http.Request("GET", "/").session(Http.signedIn(ADMIN))}) {
            Outcome outcome = send(request);
            assertThat(outcome.response.headers).containsEntry("X-Content-Type-Options", "nosniff").containsEntry("X-Frame-Options", "DENY")
                    .containsEntry("Referrer-Policy", "same-origin").containsKey("Content-Security-Policy");
            assertThat(outcome.response.headers.get("Content-Security-Policy")).startsWith("default-src 'self'").doesNotContain("unsafe-inline");
        }
    }

    @Test
    void healthStaticFaviconLoginAndPublicMetricsNeedNoLogin() throws Exception {
        assertThat(send(new Http.Request("GET", "/health")).passed).isTrue();
        assertThat(send(new Http.Request("GET", "/static/app.js")).passed).isTrue();
        assertThat(send(new Http.Request("GET", "/favicon.ico")).passed).isTrue();
        assertThat(send(new Http.Request("GET", "/login")).passed).isTrue();
        assertThat(send(new Http.Request("POST", "/login")).passed).isTrue();
        assertThat(send(new Http.Request("GET", "/metrics")).passed).isTrue();
    }

    @Test
    void metricsNeedLoginWhenNotPublic() throws Exception {
        SecurityFilter closed = new SecurityFilter(new WebSecurity(null, WebSecurityConfig.with(false, "ann:admin:{plain}ann-pw"),
                new PasswordsTest.MutableClock()));
        Http.Response response = new Http.Response();
        FilterChain chain = mock(FilterChain.class);
        closed.doFilter(new Http.Request("GET", "/metrics").get(), response.response, chain);

        assertThat(response.status).isEqualTo(401);
    }

    @Test
    void anonymousPagesGoToLoginAndApiGets401Json() throws Exception {
        Outcome page = send(new Http.Request("GET", "/firmware?log_level=error"));
        Outcome api = send(new Http.Request("GET", "/api/v1/components"));
        Outcome ajax = send(new Http.Request("GET", "/ajax/firmware/list"));

        assertThat(page.passed).isFalse();
        assertThat(page.response.status).isEqualTo(303);
        assertThat(page.response.headers.get("Location")).isEqualTo("/login?next=%2Ffirmware%3Flog_level%3Derror");
        assertThat(api.passed).isFalse();
        assertThat(api.response.status).isEqualTo(401);
        assertThat(api.response.body()).contains("\"error\":\"login required\"");
        assertThat(api.response.headers).doesNotContainKey("WWW-Authenticate");
        assertThat(ajax.response.status).isEqualTo(401);
    }

    @Test
    void basicAuthLetsScriptsInAndWrongPasswordsAreRefused() throws Exception {
        Http.Request good = new Http.Request("GET", "/api/v1/components").basic("vic", "vic-pw");
        Outcome ok = send(good);
        Outcome bad = send(new Http.Request("GET", "/api/v1/components").basic("vic", "nope"));

        assertThat(ok.passed).isTrue();
        assertThat(good.get().getAttribute(User.ATTRIBUTE)).isEqualTo(VIEWER);
        assertThat(bad.passed).isFalse();
        assertThat(bad.response.status).isEqualTo(401);
    }

    @Test
    void failedLoginsAreRateLimitedPerAddress() throws Exception {
        for (int i = 0; i < 5; i++) {
            assertThat(send(new Http.Request("GET", "/api/v1/checks").basic("ann", "guess" + i)).response.status).isEqualTo(401);
        }

        Outcome throttled = send(new Http.Request("GET", "/api/v1/checks").basic("ann", "ann-pw"));

        assertThat(throttled.passed).isFalse();
        assertThat(throttled.response.status).isEqualTo(429);
        assertThat(throttled.response.headers).containsEntry("Retry-After", "60");
    }

    @Test
    void viewerCannotTriggerActions() throws Exception {
        HttpSession session = Http.signedIn(VIEWER);
        Outcome viaSession = send(new Http.Request("POST", "/api/v1/checks/xm_dvr/run").session(session).header(Csrf.HEADER, Csrf.token(session)));
        Outcome viaBasic = send(new Http.Request("POST", "/api/v1/jobs/1/retry").basic("vic", "vic-pw"));
        Outcome page = send(new Http.Request("POST", "/checks/xm_dvr/run").session(session).param(Csrf.FIELD, Csrf.token(session)));

        assertThat(viaSession.passed).isFalse();
        assertThat(viaSession.response.status).isEqualTo(403);
        assertThat(viaBasic.response.status).isEqualTo(403);
        assertThat(page.passed).isFalse();
        assertThat(page.response.status).isEqualTo(403);
    }

    @Test
    void postWithoutTheSessionsCsrfTokenIsRefused() throws Exception {
        HttpSession session = Http.signedIn(ADMIN);

        Outcome none = send(new Http.Request("POST", "/api/v1/checks/xm_dvr/run").session(session));
        Outcome forged = send(new Http.Request("POST", "/checks/xm_dvr/run").session(session).param(Csrf.FIELD, "guessed"));
        Outcome logout = send(new Http.Request("POST", "/logout").session(session));
        Outcome header = send(new Http.Request("POST", "/api/v1/checks/xm_dvr/run").session(session).header(Csrf.HEADER, Csrf.token(session)));
        Outcome field = send(new Http.Request("POST", "/checks/xm_dvr/run").session(session).param(Csrf.FIELD, Csrf.token(session)));
        Outcome basic = send(new Http.Request("POST", "/api/v1/checks/xm_dvr/run").basic("ann", "ann-pw"));

        assertThat(none.passed).isFalse();
        assertThat(none.response.status).isEqualTo(403);
        assertThat(forged.response.status).isEqualTo(403);
        assertThat(logout.response.status).isEqualTo(403);
        assertThat(header.passed).isTrue();
        assertThat(field.passed).isTrue();
        assertThat(basic.passed).isTrue();
    }

    @Test
    void viewerReadsEverything() throws Exception {
        HttpSession session = Http.signedIn(VIEWER);

        assertThat(send(new Http.Request("GET", "/checks").session(session)).passed).isTrue();
        assertThat(send(new Http.Request("GET", "/api/v1/jobs").session(session)).passed).isTrue();
        assertThat(send(new Http.Request("POST", "/logout").session(session).param(Csrf.FIELD, Csrf.token(session))).passed).isTrue();
    }
}
