package io.upgradeclient.filter.internal;

import static io.upgradeclient.filter.internal.Changes.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.upgradeclient.api.FilterDecision;
import io.upgradeclient.api.PermanentException;
import io.upgradeclient.api.RemoteChange;

class SizeAndAgeFilterTest {
    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

    private static RemoteChange sized(long size) {
        return at("General/a.20161025.bin", size, NOW);
    }

    private static RemoteChange changed(Instant at) {
        return at("General/a.20161025.bin", 10, at);
    }

    @Test
    void sizeKeepsFilesWithinMinAndMaxAndPassesUnknownSizesWithTheReason() throws Exception {
        List<FilterDecision> decisions = new SizeFilter().decide(Changes.check(Map.of("min_size", "10", "max_size", "100")),
                List.of(sized(9), sized(10), sized(100), sized(101), sized(-1)));

        assertThat(decisions).extracting(FilterDecision::accepted, FilterDecision::reason).containsExactly(
                tuple(false, "size 9 bytes is below option.min_size 10"),
                tuple(true, "size 10 bytes is within [10, 100]"),
                tuple(true, "size 100 bytes is within [10, 100]"),
                tuple(false, "size 101 bytes is above option.max_size 100"),
                tuple(true, "size unknown: the source does not report it, so it passes"));
    }

    @Test
    void sizeWithOnlyOneBound() throws Exception {
        assertThat(new SizeFilter().decide(Changes.check(Map.of("min_size", "1")), List.of(sized(0), sized(1L << 40))))
                .extracting(FilterDecision::accepted).containsExactly(false, true);
        assertThat(new SizeFilter().decide(Changes.check(Map.of("max_size", "0")), List.of(sized(0), sized(1))))
                .extracting(FilterDecision::accepted).containsExactly(true, false);
    }

    @Test
    void sizeOptionsThatAreMissingMalformedOrContradictoryArePermanent() {
        assertThatThrownBy(() -> new SizeFilter().decide(Changes.check(Map.of()), List.of(sized(1))))
                .isInstanceOf(PermanentException.class).hasMessageContaining("option.min_size or option.max_size");
        assertThatThrownBy(() -> new SizeFilter().decide(Changes.check(Map.of("max_size", "10MB")), List.of(sized(1))))
                .isInstanceOf(PermanentException.class).hasMessage("check 'xm_dvr': option.max_size: expected a whole number of 0 or more, was '10MB'");
        assertThatThrownBy(() -> new SizeFilter().decide(Changes.check(Map.of("min_size", "-1")), List.of(sized(1))))
                .isInstanceOf(PermanentException.class).hasMessageContaining("option.min_size");
        assertThatThrownBy(() -> new SizeFilter().decide(Changes.check(Map.of("min_size", "5", "max_size", "4")), List.of(sized(1))))
                .isInstanceOf(PermanentException.class).hasMessageContaining("larger than option.max_size");
    }

    @Test
    void ageKeepsChangesNoOlderThanMaxAgeByTheInjectedClock() throws Exception {
        AgeFilter filter = new AgeFilter(Clock.fixed(NOW, ZoneOffset.UTC));

        List<FilterDecision> decisions = filter.decide(Changes.check(Map.of("max_age_seconds", "3600")),
                List.of(changed(NOW.minusSeconds(3601)), changed(NOW.minusSeconds(3600)), changed(NOW), changed(NOW.plusSeconds(5))));

        assertThat(decisions).extracting(FilterDecision::accepted).containsExactly(false, true, true, true);
        assertThat(decisions.get(0).reason()).isEqualTo("changed 3601 s ago at 2026-11-25T10:59:59Z, older than option.max_age_seconds 3600 s");
        assertThat(decisions.get(1).reason()).isEqualTo("changed 3600 s ago, within option.max_age_seconds 3600 s");
    }

    @Test
    void ageFollowsTheClock() throws Exception {
        RemoteChange change = changed(NOW);
        Map<String, String> options = Map.of("max_age_seconds", "60");

        assertThat(new AgeFilter(Clock.fixed(NOW.plusSeconds(60), ZoneOffset.UTC)).decide(Changes.check(options), List.of(change)).get(0).accepted()).isTrue();
        assertThat(new AgeFilter(Clock.fixed(NOW.plusSeconds(61), ZoneOffset.UTC)).decide(Changes.check(options), List.of(change)).get(0).accepted()).isFalse();
    }

    @Test
    void ageWithoutOrWithAMalformedMaxAgeIsPermanent() {
        AgeFilter filter = new AgeFilter(Clock.fixed(NOW, ZoneOffset.UTC));

        assertThatThrownBy(() -> filter.decide(Changes.check(Map.of()), List.of(changed(NOW))))
                .isInstanceOf(PermanentException.class).hasMessageContaining("option.max_age_seconds");
        assertThatThrownBy(() -> filter.decide(Changes.check(Map.of("max_age_seconds", "1d")), List.of(changed(NOW))))
                .isInstanceOf(PermanentException.class).hasMessageContaining("option.max_age_seconds").hasMessageContaining("'1d'");
    }
}
