package io.upgradeclient.example.latest.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.Test;

class VersionedNameTest {

    @Test
    void anXmFirmwareHasAVersionWithItsDateAsLastSegment() {
        VersionedName name = VersionedName.of("General_IPC_HI3516EV300_85H50AI_S38.Nat.dss.OnvifS.HIK_V5.00.R02.20261120_all.bin");

        assertThat(name.product()).isEqualTo("General_IPC_HI3516EV300_85H50AI_S38.Nat.dss.OnvifS.HIK_*_all.bin");
        assertThat(name.version()).isEqualTo("V5.00.R02");
        assertThat(name.date()).isEqualTo(LocalDate.of(2026, 11, 20));
        assertThat(name.label()).isEqualTo("V5.00.R02.20261120");
    }

    @Test
    void theSeedsDateOnlyFirmwareHasADate() {
        VersionedName name = VersionedName.of("IPC_HI3518EV200_50H10L_S38.20161025.bin");

        assertThat(name.product()).isEqualTo("IPC_HI3518EV200_50H10L_S38.*.bin");
        assertThat(name.version()).isEmpty();
        assertThat(name.date()).isEqualTo(LocalDate.of(2016, 10, 25));
        assertThat(name.label()).isEqualTo("20161025");
    }

    @Test
    void aHikvisionStyleNameHasAVersionAndABuildDate() {
        VersionedName built = VersionedName.of("IPC_G5_EN_STD_v5.7.3_build_220112.zip");
        VersionedName plain = VersionedName.of("IPC_G5_EN_STD_v5.7.10.zip");

        assertThat(built.product()).isEqualTo("IPC_G5_EN_STD_*.zip");
        assertThat(built.version()).isEqualTo("v5.7.3");
        assertThat(built.date()).isEqualTo(LocalDate.of(2022, 1, 12));
        assertThat(plain.product()).as("same product line with or without a build date").isEqualTo(built.product());
        assertThat(plain.version()).isEqualTo("v5.7.10");
        assertThat(plain.date()).isNull();
    }

    @Test
    void aDahuaStyleNameHasALongDottedVersionEndingInADate() {
        VersionedName name = VersionedName.of("DH_IPC-HX2XXX-Nova_MultiLang_PN_Stream3_V2.800.0000000.32.R.200622.bin");

        assertThat(name.product()).isEqualTo("DH_IPC-HX2XXX-Nova_MultiLang_PN_Stream3_*.bin");
        assertThat(name.version()).isEqualTo("V2.800.0000000.32.R");
        assertThat(name.date()).isEqualTo(LocalDate.of(2020, 6, 22));
    }

    @Test
    void aVersionAndADateApartAreEachAPlaceholder() {
        VersionedName name = VersionedName.of("NVR_v1.2.3_nand_20261120.bin");

        assertThat(name.product()).isEqualTo("NVR_*_nand_*.bin");
        assertThat(name.version()).isEqualTo("v1.2.3");
        assertThat(name.date()).isEqualTo(LocalDate.of(2026, 11, 20));
        assertThat(name.label()).isEqualTo("v1.2.3 20261120");
    }

    @Test
    void chipNamesModelNumbersAndNonDatesAreNoVersion() {
        for (String plain : List.of("IPC_HI3516EV300_85H50AI_S38.bin", "ReleaseNote", "notes.txt", "fw_20261399.bin", "fw_12345678.bin")) {
            VersionedName name = VersionedName.of(plain);
            assertThat(name.isPlain()).as(plain).isTrue();
            assertThat(name.product()).as(plain).isEqualTo(plain);
        }
    }

    @Test
    void realDatesOnly() {
        assertThat(VersionedName.date("20261120")).isEqualTo(LocalDate.of(2026, 11, 20));
        assertThat(VersionedName.date("200622")).isEqualTo(LocalDate.of(2020, 6, 22));
        assertThat(VersionedName.date("20260230")).isNull();
        assertThat(VersionedName.date("0000000")).isNull();
        assertThat(VersionedName.date("18991231")).isNull();
    }
}
