package io.upgradeclient.example.latest.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class NaturalOrderTest {

    @Test
    void numbersCompareAsNumbersAndLettersAlphabetically() {
        List<String> versions = new ArrayList<>(List.of("v5.7.10", "v5.7.3", "V5.00.R10", "V5.00.R02", "v1.2.3.1", "v1.2.3",
                "V2.800.0000016.0.R", "V2.800.0000000.32.R"));
        versions.sort(NaturalOrder.INSTANCE);

        assertThat(versions).containsExactly("v1.2.3", "v1.2.3.1", "V2.800.0000000.32.R", "V2.800.0000016.0.R",
                "V5.00.R02", "V5.00.R10", "v5.7.3", "v5.7.10");
    }

    @Test
    void caseLeadingVAndLeadingZerosDoNotCount() {
        assertThat(NaturalOrder.INSTANCE.compare("v1.02", "V1.2")).isZero();
        assertThat(NaturalOrder.INSTANCE.compare("5.00.r02", "5.0.R2")).isZero();
    }

    @Test
    void numbersLongerThanALongStillCompare() {
        assertThat(NaturalOrder.INSTANCE.compare("1.99999999999999999999", "1.100000000000000000000")).isNegative();
    }
}
