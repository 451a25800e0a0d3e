package io.upgradeclient.filter.internal;

import static io.upgradeclient.filter.internal.Changes.at;
import static io.upgradeclient.filter.internal.Changes.check;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.upgradeclient.api.Filter;
import io.upgradeclient.api.FilterDecision;
import io.upgradeclient.api.RemoteChange;
import io.upgradeclient.testsupport.ReadmeKeys;

/** Each option of each filter the README documents, set on a check, changes which files the filter keeps. */
class FilterOptionsKeysTest {
    private static final Instant NOW = Instant.parse("2016-10-25T08:00:00Z");

    @Test
    void everyOptionTheReadmeDocumentsIsReadUnderThatName() throws Exception {
        Map<String, Set<String>> documented = new LinkedHashMap<>();
        for (List<String> row : ReadmeKeys.rows(Path.of("README.md"), "| service | `upgradeclient.type` | component name | options |")) {
            documented.put(row.get(1).replace("`", ""), ReadmeKeys.keysIn(row.get(3)));
        }
        assertThat(documented).as("a documented option without a test here").isEqualTo(Map.of("default", Set.of(),
                "glob", Set.of("include", "exclude"), "regex", Set.of("include", "exclude"), "size", Set.of("min_size", "max_size"),
                "age", Set.of("max_age_seconds")));
        List<RemoteChange> paths = List.of(at("IPC/fw.bin"), at("IPC/old.bin"), at("IPC/notes.txt"));

        assertThat(kept(new GlobFilter(), Map.of("include", "*.bin", "exclude", "old*"), paths)).containsExactly("fw.bin");
        assertThat(kept(new RegexFilter(), Map.of("include", "\\.bin$", "exclude", "/old"), paths)).containsExactly("fw.bin");
        List<RemoteChange> sizes = List.of(at("a.bin", 5, NOW), at("b.bin", 50, NOW), at("c.bin", 500, NOW));
        assertThat(kept(new SizeFilter(), Map.of("min_size", "10"), sizes)).containsExactly("b.bin", "c.bin");
        assertThat(kept(new SizeFilter(), Map.of("max_size", "100"), sizes)).containsExactly("a.bin", "b.bin");
        List<RemoteChange> ages = List.of(at("new.bin", 1, NOW.minusSeconds(30)), at("old.bin", 1, NOW.minusSeconds(120)));
        assertThat(kept(new AgeFilter(Clock.fixed(NOW, ZoneOffset.UTC)), Map.of("max_age_seconds", "60"), ages)).containsExactly("new.bin");
    }

    private static List<String> kept(Filter filter, Map<String, String> options, List<RemoteChange> changes) throws Exception {
        return filter.decide(check(options), changes).stream().filter(FilterDecision::accepted).map(decision -> decision.change().fileName())
                .toList();
    }
}
