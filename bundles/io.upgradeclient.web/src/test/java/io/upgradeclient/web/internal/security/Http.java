package io.upgradeclient.web.internal.security;

import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

/**
 * Hand-made requests, sessions and recording responses for servlet and filter tests.
 */
public final class Http {
    private Http() {
    }

    /** A session keeping its attributes in a map. */
    public static HttpSession session() {
        Map<String, Object> attributes = new HashMap<>();
        HttpSession session = mock(HttpSession.class);
        when(session.getAttribute(anyString())).thenAnswer(call -> attributes.get(call.getArgument(0, String.class)));
        doAnswer(call -> attributes.put(call.getArgument(0), call.getArgument(1))).when(session).setAttribute(anyString(), any());
        return session;
    }

    /** A signed-in session with its CSRF token. */
    public static HttpSession signedIn(User user) {
        HttpSession session = session();
        session.setAttribute(User.ATTRIBUTE, user);
        Csrf.token(session);
        return session;
    }

    /** A request builder. */
    public static final class Request {
        private final HttpServletRequest request = mock(HttpServletRequest.class);
        private final Map<String, String> headers = new HashMap<>();
        private final Map<String, String> params = new LinkedHashMap<>();
        private final Map<String, Object> attributes = new HashMap<>();
        private HttpSession session;

        public Request(String method, String path) {
            when(request.getMethod()).thenReturn(method);
            int query = path.indexOf('?');
            when(request.getServletPath()).thenReturn(query < 0 ? path : path.substring(0, query));
            when(request.getQueryString()).thenReturn(query < 0 ? null : path.substring(query + 1));
            when(request.getContextPath()).thenReturn("");
            when(request.getRemoteAddr()).thenReturn("192.0.2.7");
            when(request.getHeader(anyString())).thenAnswer(call -> headers.get(call.getArgument(0, String.class)));
            when(request.getParameter(anyString())).thenAnswer(call -> params.get(call.getArgument(0, String.class)));
            when(request.getParameterMap()).thenAnswer(call -> {
                Map<String, String[]> map = new LinkedHashMap<>();
                params.forEach((k, v) -> map.put(k, new String[] {v}));
                return map;
            });
            when(request.getAttribute(anyString())).thenAnswer(call -> attributes.get(call.getArgument(0, String.class)));
            doAnswer(call -> attributes.put(call.getArgument(0), call.getArgument(1))).when(request).setAttribute(anyString(), any());
            when(request.getSession(false)).thenAnswer(call -> session);
            when(request.getSession()).thenAnswer(call -> {
                if (session == null) {
                    session = Http.session();
                }
                return session;
            });
            when(request.getSession(true)).thenAnswer(call -> request.getSession());
        }

        public Request session(HttpSession value) {
            session = value;
            return this;
        }

        public Request header(String name, String value) {
            headers.put(name, value);
            return this;
        }

        public Request param(String name, String value) {
            params.put(name, value);
            return this;
        }

        public Request basic(String user, String password) {
            return header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
        }

        public Request user(User user) {
            attributes.put(User.ATTRIBUTE, user);
            return this;
        }

        public HttpServletRequest get() {
            return request;
        }

        public HttpSession currentSession() {
            return session;
        }
    }

    /** A response recording status, headers and body. */
    public static final class Response {
        public final HttpServletResponse response = mock(HttpServletResponse.class);
        public final Map<String, String> headers = new HashMap<>();
        private final StringWriter body = new StringWriter();
        public int status = 200;

        public Response() {
            try {
                when(response.getWriter()).thenReturn(new PrintWriter(body));
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
            doAnswer(call -> status = call.getArgument(0)).when(response).setStatus(anyInt());
            doAnswer(call -> headers.put(call.getArgument(0), call.getArgument(1))).when(response).setHeader(anyString(), anyString());
        }

        public String body() {
            return body.toString();
        }
    }
}
