package io.upgradeclient.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

class RepeatedWarningsTest {
    private final MovingClock clock = new MovingClock(Instant.parse("2026-11-30T10:00:00Z"));
    private final RepeatedWarnings warnings = new RepeatedWarnings(Duration.ofHours(1), clock);

    @Test
    void aRepeatedWarningIsLoggedOnceThenCountedAndLoggedAgainWithTheCountAfterTheQuietPeriod() {
        assertThat(warnings.admit("ipc:link", "Link a points out")).contains("Link a points out");
        for (int run = 0; run < 120; run++) {
            clock.now = clock.now.plusSeconds(29);
            assertThat(warnings.admit("ipc:link", "Link a points out")).isEmpty();
        }
        clock.now = Instant.parse("2026-11-30T11:00:00Z");

        assertThat(warnings.admit("ipc:link", "Link a points out")).contains("Link a points out (… 120 more in the last hour)");
        assertThat(warnings.admit("ipc:link", "Link a points out")).isEmpty();
    }

    @Test
    void differentWarningsAreLoggedEachOnce() {
        assertThat(warnings.admit("ipc", "one")).isPresent();
        assertThat(warnings.admit("dvr", "two")).isPresent();
        assertThat(warnings.admit("ipc", "one")).isEmpty();
    }

    @Test
    void memoryStaysBoundedWhateverTheKeys() {
        for (int i = 0; i < RepeatedWarnings.REMEMBERED + 10; i++) {
            warnings.admit("key" + i, "warning " + i);
        }
        assertThat(warnings.admit("key0", "warning 0")).as("the oldest was forgotten").isPresent();
        assertThat(warnings.admit("key" + (RepeatedWarnings.REMEMBERED + 9), "latest")).isEmpty();
    }

    private static final class MovingClock extends Clock {
        Instant now;

        MovingClock(Instant start) {
            now = start;
        }

        @Override
        public ZoneId getZone() {
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
