package io.upgradeclient.web.internal.security;

import java.io.IOException;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import io.upgradeclient.web.internal.page.Html;
import io.upgradeclient.web.internal.page.HtmlResponse;
import io.upgradeclient.web.internal.page.Layout;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

/**
 * {@code GET /login} shows the form, {@code POST /login} signs in (CSRF token of the pre-login session required;
 * failures rate-limited per address; a new session id on success), {@code POST /logout} ends the session.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletName("upgradeclient-login")
@HttpWhiteboardServletPattern({"/login", "/logout"})
public final class LoginServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    private final transient WebSecurity security;

    /**
     * @param security users and settings
     */
    @Activate
    public LoginServlet(@Reference WebSecurity security) {
        this.security = security;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!"/login".equals(request.getServletPath())) {
            response.setHeader("Allow", "POST");
            HtmlResponse.error(response, HttpServletResponse.SC_METHOD_NOT_ALLOWED, "Sign out with the button on any page.");
            return;
        }
        HttpSession session = request.getSession(false);
        if (session != null && session.getAttribute(User.ATTRIBUTE) != null) {
            redirect(response, safeNext(request.getParameter("next")));
            return;
        }
        form(request, response, HttpServletResponse.SC_OK, "");
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if ("/logout".equals(request.getServletPath())) {
            HttpSession session = request.getSession(false);
            if (session != null) {
                session.invalidate();
            }
            redirect(response, "/login");
            return;
        }
        if (!Csrf.valid(request)) {
            form(request, response, HttpServletResponse.SC_FORBIDDEN, "The form expired. Please sign in again.");
            return;
        }
        String name = value(request.getParameter("username"));
        String password = value(request.getParameter("password"));
        WebSecurity.Attempt attempt = security.login(name, password, security.clientAddress(request));
        switch (attempt.outcome()) {
            case THROTTLED -> {
                response.setHeader("Retry-After", "60");
                form(request, response, 429, "Too many failed sign-ins. Try again in a minute.");
            }
            case REFUSED -> form(request, response, HttpServletResponse.SC_UNAUTHORIZED, "Wrong user name or password.");
            case SIGNED_IN -> {
                /* a new id, so that a session id planted before the login is worth nothing after it */
                request.changeSessionId();
                HttpSession session = request.getSession();
                session.setMaxInactiveInterval(security.sessionTimeoutSeconds());
                session.setAttribute(User.ATTRIBUTE, attempt.user().orElseThrow());
                SessionCookies.harden(response, security.overHttps(request));
                redirect(response, safeNext(request.getParameter("next")));
            }
        }
    }

    private void form(HttpServletRequest request, HttpServletResponse response, int status, String problem) throws IOException {
        String csrf = Csrf.token(request.getSession());
        SessionCookies.harden(response, security.overHttps(request));
        Html html = new Html();
        if (!problem.isEmpty()) {
            html.raw("<p class=\"error\" id=\"login-error\">").text(problem).raw("</p>");
        }
        html.raw("<form id=\"login-form\" class=\"login\" method=\"post\" action=\"/login\">").raw(Layout.csrfField(csrf))
                .raw("<input type=\"hidden\" name=\"next\" value=\"").text(safeNext(request.getParameter("next"))).raw("\">")
                .raw("<label>User <input id=\"username\" name=\"username\" autocomplete=\"username\" required autofocus></label>")
                .raw("<label>Password <input id=\"password\" name=\"password\" type=\"password\" autocomplete=\"current-password\" required></label>")
                .raw("<button id=\"login-submit\" type=\"submit\">Sign in</button></form>");
        HtmlResponse.write(response, status, Layout.page("Sign in", "upgradeclient", null, null, "", html.toString()));
    }

    /**
     * @param next where the user wanted to go
     * @return that path when it stays on this server, else {@code /}
     */
    static String safeNext(String next) {
        if (next == null || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")
                || next.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            return "/";
        }
        return next;
    }

    private static String value(String parameter) {
        return parameter == null ? "" : parameter;
    }

    private static void redirect(HttpServletResponse response, String location) {
        response.setStatus(HttpServletResponse.SC_SEE_OTHER);
        response.setHeader("Location", location);
    }
}
