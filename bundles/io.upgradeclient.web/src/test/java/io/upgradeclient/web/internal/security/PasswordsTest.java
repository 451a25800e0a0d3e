package io.upgradeclient.web.internal.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PasswordsTest {
    @TempDir
    Path folder;

    @Test
    void pbkdf2HashMatchesOnlyItsPassword() {
        String stored = PasswordHash.create("correct horse".toCharArray());

        assertThat(stored).startsWith("pbkdf2$210000$");
        assertThat(PasswordHash.matches("correct horse".toCharArray(), stored)).isTrue();
        assertThat(PasswordHash.matches("correct horsE".toCharArray(), stored)).isFalse();
    }

    @Test
    void malformedHashIsRejectedWithoutShowingIt() {
        assertThatThrownBy(() -> PasswordHash.validate("pbkdf2$many$abc$def")).hasMessageContaining("iterations");
        assertThatThrownBy(() -> PasswordHash.validate("md5:abcdef")).hasMessageContaining("pbkdf2$<iterations>");
        assertThatThrownBy(() -> PasswordHash.validate("{plain}")).hasMessageContaining("empty");
    }

    @Test
    void configuredUsersHaveTheirRolesAndBadEntriesAreLeftOut() {
        UserDirectory users = UserDirectory.of(new String[] {
            "ann:admin:" + PasswordHash.create("ann-pw".toCharArray()),
            "vic:viewer:{plain}vic:pw",
            "bad:root:{plain}x",
            "broken"}, null);

        assertThat(users.verify("ann", "ann-pw".toCharArray())).contains(new User("ann", Role.ADMIN));
        assertThat(users.verify("vic", "vic:pw".toCharArray())).contains(new User("vic", Role.VIEWER));
        assertThat(users.verify("vic", "nope".toCharArray())).isEmpty();
        assertThat(users.verify("bad", "x".toCharArray())).isEmpty();
        assertThat(users.problems()).hasSize(2).allSatisfy(problem -> assertThat(problem).doesNotContain("{plain}x"));
        assertThat(users.usesFallback()).isFalse();
    }

    @Test
    void withoutUsersOnlyAdminWithThePasswordFileSignsIn() throws Exception {
        Path file = folder.resolve("webconsole-password");
        Files.writeString(file, "generated-secret\n");
        UserDirectory users = UserDirectory.of(new String[0], file);

        assertThat(users.verify("admin", "generated-secret".toCharArray())).contains(new User("admin", Role.ADMIN));
        assertThat(users.verify("admin", "admin".toCharArray())).isEmpty();
        assertThat(users.verify("other", "generated-secret".toCharArray())).isEmpty();
        assertThat(UserDirectory.of(new String[0], folder.resolve("missing")).verify("admin", "admin".toCharArray())).isEmpty();
    }

    @Test
    void throttleAdmitsFiveAttemptsPerUserAndAddressAMinute() {
        MutableClock clock = new MutableClock();
        LoginThrottle throttle = new LoginThrottle(5, clock);
        for (int i = 0; i < 5; i++) {
            assertThat(throttle.admit("ann", "10.0.0.1")).isTrue();
        }

        assertThat(throttle.admit("ann", "10.0.0.1")).isFalse();
        assertThat(throttle.admit("ann", "10.0.0.2")).isTrue();
        clock.now = clock.now.plus(Duration.ofSeconds(61));
        assertThat(throttle.admit("ann", "10.0.0.1")).isTrue();
    }

    @Test
    void webSecurityThrottlesAndCachesNothingForWrongPasswords() {
        WebSecurity security = new WebSecurity(null, WebSecurityConfig.with("ann:admin:{plain}pw"), new MutableClock());
        for (int i = 0; i < 5; i++) {
            assertThat(security.login("ann", "wrong", "1.2.3.4").outcome()).isEqualTo(WebSecurity.Outcome.REFUSED);
        }

        assertThat(security.login("ann", "pw", "1.2.3.4").outcome()).isEqualTo(WebSecurity.Outcome.THROTTLED);
        assertThat(security.login("ann", "pw", "5.6.7.8").outcome()).isEqualTo(WebSecurity.Outcome.SIGNED_IN);
        assertThat(security.login("ann", "pw", "5.6.7.8").user()).contains(new User("ann", Role.ADMIN));
        assertThat(security.login("ann", "pw2", "5.6.7.8").outcome()).isEqualTo(WebSecurity.Outcome.REFUSED);
    }

    static final class MutableClock extends Clock {
        Instant now = Instant.parse("2024-05-15T12:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
