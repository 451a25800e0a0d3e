package io.upgradeclient.core.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void doublesWithEachAttemptUpToTheCap() {
        Backoff full = new Backoff(Duration.ofSeconds(30), Duration.ofMinutes(10), () -> 0.999999);

        assertThat(full.delay(1)).isEqualTo(Duration.ofSeconds(30));
        assertThat(full.delay(2)).isEqualTo(Duration.ofSeconds(60));
        assertThat(full.delay(3)).isEqualTo(Duration.ofSeconds(120));
        assertThat(full.delay(6)).isEqualTo(Duration.ofMinutes(10));
        assertThat(full.delay(60)).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void jitterStaysBetweenHalfAndAllOfTheDelay() {
        Backoff low = new Backoff(Duration.ofSeconds(30), Duration.ofMinutes(10), () -> 0.0);

        assertThat(low.delay(1)).isEqualTo(Duration.ofSeconds(15));
        assertThat(low.delay(3)).isEqualTo(Duration.ofSeconds(60));
    }
}
