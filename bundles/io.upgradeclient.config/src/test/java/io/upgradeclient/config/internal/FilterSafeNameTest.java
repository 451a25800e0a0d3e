package io.upgradeclient.config.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;

class FilterSafeNameTest {
    @Test
    void filterSpecialCharactersAreEscapedReversibly() {
        String name = "par(x) \\ * 100% 海思~a";

        String encoded = FilterSafeName.encode(name);

        assertThat(encoded).isEqualTo("par%28x%29 %5C %2A 100%25 海思~a");
        assertThat(FilterSafeName.decode(encoded)).isEqualTo(name);
    }

    @Test
    void theLookupFilterScrBuildsFromThePidIsValidAndMatchesOnlyThatPid() throws InvalidSyntaxException {
        String pid = "io.upgradeclient.check~" + FilterSafeName.encode("a*(b)\\");

        var filter = FrameworkUtil.createFilter("(service.pid=" + pid + ")");

        assertThat(filter.matches(java.util.Map.of("service.pid", pid))).isTrue();
        assertThat(filter.matches(java.util.Map.of("service.pid", "io.upgradeclient.check~aX(b)\\"))).isFalse();
    }

    @Test
    void namesThatNeedNoEscapeKeepTheirPidAndOldPercentSequencesStay() {
        assertThat(FilterSafeName.encode("xm_dvr-2.0")).isEqualTo("xm_dvr-2.0");
        assertThat(FilterSafeName.decode("a%20b%2")).isEqualTo("a%20b%2");
    }
}
