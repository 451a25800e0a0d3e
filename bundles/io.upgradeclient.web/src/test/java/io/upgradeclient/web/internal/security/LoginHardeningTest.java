package io.upgradeclient.web.internal.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import jakarta.servlet.http.HttpServletRequest;

import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

class LoginHardeningTest {
    private static final String ANN = "ann:admin:" + PasswordHash.create("ann-pw".toCharArray());

    @Test
    void hundredParallelWrongLoginsLetOnlyTheConfiguredAttemptsReachThePasswordCheck() throws Exception {
        WebSecurity security = new WebSecurity(null, WebSecurityConfig.with(ANN), new PasswordsTest.MutableClock());
        ExecutorService pool = Executors.newFixedThreadPool(100);
        try {
            List<Callable<WebSecurity.Outcome>> attempts = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                attempts.add(() -> security.login("ann", "wrong", "10.0.0.9").outcome());
            }
            Map<WebSecurity.Outcome, Long> outcomes = new java.util.EnumMap<>(WebSecurity.Outcome.class);
            for (Future<WebSecurity.Outcome> outcome : pool.invokeAll(attempts)) {
                outcomes.merge(outcome.get(), 1L, Long::sum);
            }

            /* REFUSED is the answer of a password check; THROTTLED never checked one */
            assertThat(outcomes).containsEntry(WebSecurity.Outcome.REFUSED, 5L).containsEntry(WebSecurity.Outcome.THROTTLED, 95L);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void lockOutIsPerUserAndAddressTogetherAndSurvivesASettingsChange() {
        WebSecurity security = new WebSecurity(null, WebSecurityConfig.with(ANN, "bob:viewer:{plain}bob-pw"), new PasswordsTest.MutableClock());
        for (int i = 0; i < 5; i++) {
            security.login("ann", "wrong", "127.0.0.1");
        }
        security.modified(WebSecurityConfig.with(ANN, "bob:viewer:{plain}bob-pw", "cy:viewer:{plain}cy-pw"));

        assertThat(security.login("ann", "ann-pw", "127.0.0.1").outcome()).isEqualTo(WebSecurity.Outcome.THROTTLED);
        assertThat(security.login("bob", "bob-pw", "127.0.0.1").outcome()).isEqualTo(WebSecurity.Outcome.SIGNED_IN);
        assertThat(security.login("ann", "ann-pw", "10.1.1.1").outcome()).isEqualTo(WebSecurity.Outcome.SIGNED_IN);
    }

    @Test
    void oneUserNameIsCappedOverAllRemoteAddressesButNotFromLoopback() {
        LoginThrottle throttle = new LoginThrottle(2, new PasswordsTest.MutableClock());
        for (int i = 0; i < 2 * LoginThrottle.PER_USER_FACTOR; i++) {
            assertThat(throttle.admit("ann", "10.0.1." + i)).isTrue();
        }

        assertThat(throttle.admit("ann", "10.0.2.1")).isFalse();
        assertThat(throttle.admit("bob", "10.0.2.1")).isTrue();
        assertThat(throttle.admit("ann", "127.0.0.1")).isTrue();
    }

    @Test
    void unknownUsersCostTheSameHashTimeAsKnownOnes() {
        UserDirectory users = UserDirectory.of(new String[] {ANN}, null);
        Function<String, Long> median = name -> {
            List<Long> times = new ArrayList<>();
            for (int i = 0; i < 7; i++) {
                long start = System.nanoTime();
                users.verify(name, "wrong".toCharArray());
                times.add(System.nanoTime() - start);
            }
            return times.stream().sorted().collect(Collectors.toList()).get(3);
        };
        median.apply("ann");

        long known = median.apply("ann");
        long unknown = median.apply("nobody");

        /*
         * both run one PBKDF2 of the same strength; without the decoy an unknown name took ~1% of the time. The bound
         * is far from both, so a loaded machine does not make it flaky.
         */
        assertThat((double) unknown / known).isGreaterThan(0.25);
    }

    @Test
    void aCfgLineWithSeveralUsersIsTheSameListAsAnArray() {
        String bob = PasswordHash.create("bob-pw".toCharArray());
        UserDirectory users = UserDirectory.of(new String[] {ANN + ", bob:viewer:" + bob + ",cy:admin:{plain}with,comma"}, null);

        assertThat(users.problems()).isEmpty();
        assertThat(users.verify("ann", "ann-pw".toCharArray())).contains(new User("ann", Role.ADMIN));
        assertThat(users.verify("bob", "bob-pw".toCharArray())).contains(new User("bob", Role.VIEWER));
        assertThat(users.verify("cy", "with,comma".toCharArray())).contains(new User("cy", Role.ADMIN));
    }

    @Test
    void requestTextCannotStartALogLine() {
        assertThat(LogText.of("eve\r\n2024-01-01 INFO forged")).isEqualTo("eve\\r\\n2024-01-01 INFO forged").doesNotContain("\n");
        assertThat(LogText.of("a\u0000b\u001bc\u2028d\\n")).isEqualTo("a\\u0000b\\u001bc\\u2028d\\\\n");
        assertThat(LogText.of(null)).isEqualTo("null");
    }

    @Test
    void clientAddressAndHttpsComeFromForwardedHeadersOfTrustedProxiesOnly() {
        WebSecurity security = new WebSecurity(null, WebSecurityConfig.with(true, 5, new String[] {"10.9.9.9"}, ANN),
                new PasswordsTest.MutableClock());
        HttpServletRequest viaProxy = request("10.9.9.9", "203.0.113.5, 198.51.100.7", "https");
        HttpServletRequest direct = request("192.0.2.1", "198.51.100.7", "https");

        assertThat(security.clientAddress(viaProxy)).isEqualTo("198.51.100.7");
        assertThat(security.overHttps(viaProxy)).isTrue();
        assertThat(security.clientAddress(direct)).isEqualTo("192.0.2.1");
        assertThat(security.overHttps(direct)).isFalse();
    }

    @Test
    void sessionCookieGetsSameSiteStrictAndSecureOverHttps() {
        assertThat(SessionCookies.harden("JSESSIONID=abc; Path=/; HttpOnly", false)).isEqualTo("JSESSIONID=abc; Path=/; HttpOnly; SameSite=Strict");
        assertThat(SessionCookies.harden("JSESSIONID=abc; Path=/; HttpOnly", true)).endsWith("; SameSite=Strict; Secure");
        assertThat(SessionCookies.harden("JSESSIONID=abc; Secure; SameSite=Lax", true)).isEqualTo("JSESSIONID=abc; Secure; SameSite=Lax");
    }

    private static HttpServletRequest request(String remote, String forwardedFor, String proto) {
        HttpServletRequest request = mock(HttpServletRequest.class);
        when(request.getRemoteAddr()).thenReturn(remote);
        when(request.getHeader("X-Forwarded-For")).thenReturn(forwardedFor);
        when(request.getHeader("X-Forwarded-Proto")).thenReturn(proto);
        return request;
    }
}
