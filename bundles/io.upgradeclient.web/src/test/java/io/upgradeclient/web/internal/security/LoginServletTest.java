package io.upgradeclient.web.internal.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.verify;

import org.junit.jupiter.api.Test;

import jakarta.servlet.http.HttpSession;

class LoginServletTest {
    private final LoginServlet servlet = new LoginServlet(new WebSecurity(null, WebSecurityConfig.with("ann:admin:{plain}ann-pw"),
            new PasswordsTest.MutableClock()));

    @Test
    void formCarriesTheSessionsCsrfToken() throws Exception {
        Http.Request request = new Http.Request("GET", "/login");
        Http.Response response = new Http.Response();

        servlet.doGet(request.get(), response.response);

        assertThat(response.status).isEqualTo(200);
        assertThat(response.body()).contains("id=\"login-form\"", "id=\"username\"", "id=\"password\"", "id=\"login-submit\"",
                "name=\"csrf\" value=\"" + Csrf.token(request.currentSession()) + "\"");
    }

    @Test
    void rightPasswordSignsInWithANewSessionIdAndGoesWhereTheUserWanted() throws Exception {
        HttpSession session = Http.session();
        Http.Request request = new Http.Request("POST", "/login").session(session).param("csrf", Csrf.token(session))
                .param("username", "ann").param("password", "ann-pw").param("next", "/firmware?page=2");
        Http.Response response = new Http.Response();

        servlet.doPost(request.get(), response.response);

        assertThat(response.status).isEqualTo(303);
        assertThat(response.headers).containsEntry("Location", "/firmware?page=2");
        assertThat(session.getAttribute(User.ATTRIBUTE)).isEqualTo(new User("ann", Role.ADMIN));
        verify(request.get()).changeSessionId();
    }

    @Test
    void wrongPasswordOrMissingTokenDoesNotSignIn() throws Exception {
        HttpSession session = Http.session();
        Http.Response wrong = new Http.Response();
        servlet.doPost(new Http.Request("POST", "/login").session(session).param("csrf", Csrf.token(session))
                .param("username", "ann").param("password", "nope").get(), wrong.response);
        Http.Response noToken = new Http.Response();
        servlet.doPost(new Http.Request("POST", "/login").session(session)
                .param("username", "ann").param("password", "ann-pw").get(), noToken.response);

        assertThat(wrong.status).isEqualTo(401);
        assertThat(wrong.body()).contains("Wrong user name or password.");
        assertThat(noToken.status).isEqualTo(403);
        assertThat(session.getAttribute(User.ATTRIBUTE)).isNull();
    }

    @Test
    void nextNeverLeadsOffTheServer() {
        assertThat(LoginServlet.safeNext("//evil.example/x")).isEqualTo("/");
        assertThat(LoginServlet.safeNext("https://evil.example/")).isEqualTo("/");
        assertThat(LoginServlet.safeNext("/\\evil.example")).isEqualTo("/");
        assertThat(LoginServlet.safeNext("/jobs?state=FAILED")).isEqualTo("/jobs?state=FAILED");
    }

    @Test
    void logoutEndsTheSession() throws Exception {
        HttpSession session = Http.signedIn(new User("ann", Role.ADMIN));
        Http.Response response = new Http.Response();

        servlet.doPost(new Http.Request("POST", "/logout").session(session).get(), response.response);

        verify(session).invalidate();
        assertThat(response.headers).containsEntry("Location", "/login");
    }
}
