package io.upgradeclient.filter.internal;

import static io.upgradeclient.filter.internal.Changes.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.upgradeclient.api.Filter;
import io.upgradeclient.api.FilterDecision;
import io.upgradeclient.api.PermanentException;
import io.upgradeclient.api.RemoteChange;

class PatternFilterTest {
    private static final List<RemoteChange> CHANGES = List.of(
            at("General/IPC_X/a.20161025.bin"),
            at("General/IPC_X/ReleaseNote"),
            at("OEM/IPC_Y/b.20161025.bin"),
            at("海思平台/固件 1.20161025.bin"),
            at("top.bin"));

    private static List<Boolean> accepted(Filter filter, Map<String, String> options) throws PermanentException {
        return filter.decide(Changes.check(options), CHANGES).stream().map(FilterDecision::accepted).toList();
    }

    @Test
    void globWithoutSlashMatchesTheFileNameAnywhere() throws Exception {
        assertThat(accepted(new GlobFilter(), Map.of("include", "*.bin"))).containsExactly(true, false, true, true, true);
    }

    @Test
    void globWithSlashMatchesThePathBelowBaseUrl() throws Exception {
        assertThat(accepted(new GlobFilter(), Map.of("include", "General/**"))).containsExactly(true, true, false, false, false);
        assertThat(accepted(new GlobFilter(), Map.of("include", "*/*/*.bin"))).containsExactly(true, false, true, false, false);
        assertThat(accepted(new GlobFilter(), Map.of("include", "**/*.bin"))).containsExactly(true, false, true, true, true);
    }

    @Test
    void globIncludeListIsCommaSeparatedAndBracesKeepTheirCommas() throws Exception {
        assertThat(accepted(new GlobFilter(), Map.of("include", "ReleaseNote, 海思平台/*"))).containsExactly(false, true, false, true, false);
        assertThat(accepted(new GlobFilter(), Map.of("include", "{General,OEM}/**/*.{bin,img}"))).containsExactly(true, false, true, false, false);
    }

    @Test
    void globExcludeWinsOverIncludeAndNamesThePatternInTheReason() throws Exception {
        List<FilterDecision> decisions = new GlobFilter().decide(
                Changes.check(Map.of("include", "*.bin", "exclude", "OEM/**,[!a-z]op.bin")), CHANGES);

        assertThat(decisions).extracting(FilterDecision::accepted).containsExactly(true, false, false, true, true);
        assertThat(decisions.get(2).reason()).isEqualTo("path 'OEM/IPC_Y/b.20161025.bin' matches the exclude glob 'OEM/**' (option.exclude)");
        assertThat(decisions.get(1).reason()).isEqualTo("path 'General/IPC_X/ReleaseNote' matches no include glob (option.include: *.bin)");
        assertThat(decisions.get(3).reason()).contains("海思平台/固件 1.20161025.bin").contains("include glob '*.bin'");
    }

    @Test
    void globQuestionMarkAndClassesStayWithinOneSegment() throws Exception {
        assertThat(accepted(new GlobFilter(), Map.of("include", "???.bin"))).containsExactly(false, false, false, false, true);
        assertThat(accepted(new GlobFilter(), Map.of("include", "General?IPC_X/*"))).containsOnly(false);
    }

    @Test
    void withoutPatternsEverythingPasses() throws Exception {
        assertThat(accepted(new GlobFilter(), Map.of())).containsOnly(true);
        assertThat(accepted(new RegexFilter(), Map.of())).containsOnly(true);
    }

    @Test
    void malformedGlobIsPermanentAndNamesTheOption() {
        assertThatThrownBy(() -> new GlobFilter().decide(Changes.check(Map.of("exclude", "*.{bin")), CHANGES))
                .isInstanceOf(PermanentException.class).hasMessageStartingWith("check 'xm_dvr': option.exclude: glob '*.{bin'");
        assertThatThrownBy(() -> new GlobFilter().decide(Changes.check(Map.of("include", "[abc")), CHANGES))
                .isInstanceOf(PermanentException.class).hasMessageContaining("option.include");
    }

    @Test
    void regexIsSearchedInThePathBelowBaseUrl() throws Exception {
        assertThat(accepted(new RegexFilter(), Map.of("include", "\\.\\d{8}\\.bin$"))).containsExactly(true, false, true, true, false);
        assertThat(accepted(new RegexFilter(), Map.of("include", "^General/"))).containsExactly(true, true, false, false, false);
        assertThat(accepted(new RegexFilter(), Map.of("include", "\\.bin$", "exclude", "^(OEM|Special)/"))).containsExactly(true, false, false, true, true);
    }

    @Test
    void regexCommasArePartOfTheExpression() throws Exception {
        assertThat(accepted(new RegexFilter(), Map.of("include", "\\d{4,8}"))).containsExactly(true, false, true, true, false);
    }

    @Test
    void badRegexIsPermanentAndNamesTheOption() {
        assertThatThrownBy(() -> new RegexFilter().decide(Changes.check(Map.of("include", "General/(IPC")), CHANGES))
                .isInstanceOf(PermanentException.class)
                .hasMessageStartingWith("check 'xm_dvr': option.include: invalid regular expression 'General/(IPC'");
    }
}
