package io.upgradeclient.xm.internal;

import static io.upgradeclient.xm.internal.Fixtures.concat;
import static io.upgradeclient.xm.internal.Fixtures.filled;
import static io.upgradeclient.xm.internal.Fixtures.firmwareZip;
import static io.upgradeclient.xm.internal.Fixtures.installDesc;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.upgradeclient.api.PermanentException;

class DeviceIdsTest {

    private static final String DEV_ID = "ABCDE7GHIJKLMNOPQRSTUVWX";

    @TempDir
    Path dir;

    private Path firmware(byte[] bytes) throws Exception {
        return Files.write(dir.resolve("General_IPC_X_S38.Nat.20161025.bin"), bytes);
    }

    /**
     * Worked by hand: indices 0..7 are kept; below '5' at index 5, 11 X replace 8..18 and 19..23 are kept; otherwise
     * 5 X replace 8..12, 0000 replaces 13..16 and 17..23 are kept.
     */
    @ParameterizedTest
    @CsvSource({
            "ABCDE0GHIJKLMNOPQRSTUVWX, ABCDE0GHXXXXXXXXXXXTUVWX",
            "ABCDE4GHIJKLMNOPQRSTUVWX, ABCDE4GHXXXXXXXXXXXTUVWX",
            "ABCDE5GHIJKLMNOPQRSTUVWX, ABCDE5GHXXXXX0000RSTUVWX",
            "ABCDE7GHIJKLMNOPQRSTUVWX, ABCDE7GHXXXXX0000RSTUVWX",
            "ABCDEaGHIJKLMNOPQRSTUVWX, ABCDEaGHXXXXX0000RSTUVWX",
            "0123456789abcdef01234567, 01234567XXXXX00001234567",
            "1234406f3a9e2c1b8d7e5f60, 1234406fXXXXXXXXXXXe5f60",
    })
    void masksTheDeviceIdLikeTheUpgradeServer(String devId, String masked) {
        assertThat(DeviceIds.mask(devId)).isEqualTo(masked).hasSize(DeviceIds.LENGTH);
    }

    @Test
    void readsTheDevIdFromInstallDesc() throws Exception {
        assertThat(DeviceIds.read(firmware(firmwareZip(installDesc(DEV_ID))), "fw")).isEqualTo(DEV_ID);
    }

    @Test
    void readsTheDevIdBehindPaddingAndLeadingBytes() throws Exception {
        byte[] padded = concat("\n \t".getBytes(StandardCharsets.US_ASCII), firmwareZip(installDesc(DEV_ID)), filled(4096, 0));

        assertThat(DeviceIds.read(firmware(padded), "fw")).isEqualTo(DEV_ID);
    }

    @Test
    void readsTheDevIdBehindPaddingLongerThanTheJdksEndRecordSearch() throws Exception {
        Path firmware = firmware(concat(firmwareZip(installDesc(DEV_ID)), filled(256 * 1024, 0xFF)));
        assertThatThrownBy(() -> new ZipFile(firmware.toFile()).close()).isInstanceOf(ZipException.class);

        assertThat(DeviceIds.read(firmware, "fw")).isEqualTo(DEV_ID);
    }

    @Test
    void readsAnInstallDescWithAByteOrderMark() throws Exception {
        assertThat(DeviceIds.read(firmware(firmwareZip("\uFEFF" + installDesc(DEV_ID))), "fw")).isEqualTo(DEV_ID);
    }

    @Test
    void failsPermanentlyWithoutInstallDesc() throws Exception {
        Path firmware = firmware(firmwareZip(null));

        assertThatThrownBy(() -> DeviceIds.read(firmware, "http://svn/fw.bin"))
                .isInstanceOf(PermanentException.class)
                .hasMessageContaining("http://svn/fw.bin").hasMessageContaining("no InstallDesc entry");
    }

    @Test
    void failsPermanentlyWithoutInstallDescBehindLongPadding() throws Exception {
        Path firmware = firmware(concat(firmwareZip(null), filled(256 * 1024, 0)));

        assertThatThrownBy(() -> DeviceIds.read(firmware, "fw"))
                .isInstanceOf(PermanentException.class).hasMessageContaining("no InstallDesc entry");
    }

    @Test
    void failsPermanentlyForAFileThatIsNoZip() throws Exception {
        Path firmware = firmware("just text, no archive".getBytes(StandardCharsets.US_ASCII));

        assertThatThrownBy(() -> DeviceIds.read(firmware, "fw"))
                .isInstanceOf(PermanentException.class).hasMessageContaining("not a ZIP archive");
    }

    @Test
    void failsPermanentlyForAnInstallDescThatIsNotJson() throws Exception {
        Path firmware = firmware(firmwareZip("{\"DevID\": "));

        assertThatThrownBy(() -> DeviceIds.read(firmware, "fw"))
                .isInstanceOf(PermanentException.class).hasMessageContaining("InstallDesc is not JSON");
    }

    @Test
    void failsPermanentlyWithoutADevId() throws Exception {
        Path firmware = firmware(firmwareZip("{\"DevId\": \"" + DEV_ID + "\"}"));

        assertThatThrownBy(() -> DeviceIds.read(firmware, "fw"))
                .isInstanceOf(PermanentException.class).hasMessageContaining("no DevID string");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "ABCDE7GHIJKLMNOPQRSTUVW",
            "ABCDE7GHIJKLMNOPQRSTUVWXY",
            "ABCDE7GH/JKLMNOPQRSTUVWX",
            "ABCDE7GH JKLMNOPQRSTUVWX",
            "ABCDE7GH修JKLMNOPQRSTUVWX"})
    void failsPermanentlyForAMalformedDevId(String devId) throws Exception {
        Path firmware = firmware(firmwareZip(installDesc(devId)));

        assertThatThrownBy(() -> DeviceIds.read(firmware, "fw"))
                .isInstanceOf(PermanentException.class)
                .hasMessageContaining("DevID in InstallDesc must be 24 printable ASCII characters");
    }

    @Test
    void refusesAnInstallDescTooLargeToBeOne() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry(DeviceIds.ENTRY));
            zip.write(filled(100 * 1024, ' '));
            zip.closeEntry();
        }
        Path firmware = firmware(bytes.toByteArray());

        assertThatThrownBy(() -> DeviceIds.read(firmware, "fw"))
                .isInstanceOf(PermanentException.class).hasMessageContaining("larger than 65536 bytes");
    }
}
