package io.upgradeclient.web.internal.api;

import static io.upgradeclient.web.internal.api.Fixture.NOW;
import static io.upgradeclient.web.internal.api.Fixture.event;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.upgradeclient.api.EventLevel;

class DashboardReuseTest {

    @TempDir
    Path folder;

    private Fixture fixture;
    private Instant now = NOW;
    private WebApi api;

    @BeforeEach
    void open() throws Exception {
        fixture = new Fixture(folder);
        Clock moving = new Clock() {
            @Override
            public Instant instant() {
                return now;
            }

            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }
        };
        api = new WebApi(fixture.history, fixture.jobs, fixture.checks, moving, ZoneOffset.UTC);
    }

    @AfterEach
    void close() throws Exception {
        fixture.close();
    }

    @Test
    void browsersRefreshingTogetherShareOneComputationForAFewSeconds() throws Exception {
        fixture.record(event(EventLevel.ERROR, "svn", "xm_dvr", "first", NOW.minusSeconds(60)));
        long before = errorsToday();

        fixture.record(event(EventLevel.ERROR, "svn", "xm_dvr", "second", NOW.minusSeconds(30)));
        now = NOW.plus(WebApi.DASHBOARD_REUSE).minusMillis(1);
        assertThat(errorsToday()).as("within the reuse time").isEqualTo(before);

        now = NOW.plus(WebApi.DASHBOARD_REUSE).plus(Duration.ofMillis(1));
        assertThat(errorsToday()).as("after it").isEqualTo(before + 1);
    }

    private long errorsToday() {
        return api.dashboard(new Params(Map.of())).today().getOrDefault("error", 0L);
    }
}
