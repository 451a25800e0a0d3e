package io.upgradeclient.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class DsConfigTest {
    @interface Sample {
        int engine_check__threads() default 4;

        boolean metrics__public() default true;

        String[] users() default {};

        String name();

        long my$_$key$$x$y() default 1;
    }

    @Test
    void methodNamesMapToKeysByTheDsRule() {
        assertThat(DsConfig.keys(Sample.class)).containsExactly("engine.check_threads", "metrics_public", "my-key$xy", "name", "users");
    }

    @Test
    void valuesAreReadUnderTheirKeysAndConvertedElseTheDefaultApplies() {
        Sample set = DsConfig.of(Sample.class, Map.of("engine.check_threads", "9", "metrics_public", false,
                "users", List.of("a", "b"), "my-key$xy", 7L));
        assertThat(set.engine_check__threads()).isEqualTo(9);
        assertThat(set.metrics__public()).isFalse();
        assertThat(set.users()).containsExactly("a", "b");
        assertThat(set.my$_$key$$x$y()).isEqualTo(7L);
        assertThat(set.annotationType()).isEqualTo(Sample.class);

        Sample unset = DsConfig.of(Sample.class, Map.of("metrics.public", "false"));
        assertThat(unset.metrics__public()).as("metrics.public is another key").isTrue();
        assertThat(unset.name()).isNull();
    }

    @Test
    void keysSetToTheirDefaultAreNamed() {
        assertThat(DsConfig.keysAtDefault(Sample.class, Map.of("engine.check_threads", "4", "metrics_public", "false", "name", "x")))
                .containsExactly("engine.check_threads");
    }
}
