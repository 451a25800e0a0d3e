package io.upgradeclient.xm.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.upgradeclient.xm.internal.ReleaseNotes.Entry;
import io.upgradeclient.xm.internal.ReleaseNotes.Parsed;
import io.upgradeclient.xm.internal.ReleaseNotes.Problem;

class ReleaseNotesTest {

    private static final String RECORD = """
            2016-10-25 IPC_X_S38
            General_IPC_X_S38.Nat.20161025.bin
            2016-10-25
            Level=0
            XmCloudUpgrade=1
            ChangeLog_SimpChinese=
                1. 修复录像丢失
                2. 优化夜视
            ChangeLog_English=
                1. Fixed lost recordings
                2. Better night vision
            """;

    @TempDir
    Path dir;

    private Parsed parse(String text, Charset charset) throws Exception {
        Path note = Files.write(dir.resolve("ReleaseNote"), text.getBytes(charset));
        return ReleaseNotes.parse(note, header -> true);
    }

    private Parsed parse(String text) throws Exception {
        return parse(text, StandardCharsets.UTF_8);
    }

    private static List<String> reasons(Parsed parsed) {
        return parsed.problems().stream().map(Problem::reason).toList();
    }

    @Test
    void readsUtf8RecordWithChineseChangeLogs() throws Exception {
        Parsed parsed = parse(RECORD);

        assertThat(parsed.charset()).isEqualTo(StandardCharsets.UTF_8);
        assertThat(parsed.entries()).hasSize(1);
        Entry entry = parsed.entries().get(0);
        assertThat(entry.header().date()).isEqualTo(LocalDate.of(2016, 10, 25));
        assertThat(entry.header().flag()).isEqualTo("IPC_X_S38");
        assertThat(entry.header().line()).isEqualTo(1);
        assertThat(entry.level()).isEqualTo("0");
        assertThat(entry.xmCloudUpgrade()).isEqualTo("1");
        assertThat(entry.changeLogSimpChinese()).isEqualTo("1. 修复录像丢失\n2. 优化夜视");
        assertThat(entry.changeLogEnglish()).isEqualTo("1. Fixed lost recordings\n2. Better night vision");
    }

    @Test
    void readsGb18030WhenTheBytesAreNotUtf8() throws Exception {
        Parsed parsed = parse(RECORD, Charset.forName("GB18030"));

        assertThat(parsed.charset()).isEqualTo(Charset.forName("GB18030"));
        assertThat(parsed.entries()).singleElement()
                .satisfies(entry -> assertThat(entry.changeLogSimpChinese()).isEqualTo("1. 修复录像丢失\n2. 优化夜视"));
    }

    @Test
    void readsWindowsLineEndsAndAByteOrderMark() throws Exception {
        Parsed parsed = parse("\uFEFF" + RECORD.replace("\n", "\r\n"));

        assertThat(parsed.entries()).singleElement().satisfies(entry -> {
            assertThat(entry.header().flag()).isEqualTo("IPC_X_S38");
            assertThat(entry.changeLogEnglish()).isEqualTo("1. Fixed lost recordings\n2. Better night vision");
        });
    }

    @Test
    void ignoresLinesBeforeTheFirstHeader() throws Exception {
        Parsed parsed = parse("""
                Release notes of the IPC_X_S38 line
                Level=7
                garbage that is not a key
                """ + RECORD);

        assertThat(parsed.valid()).isEqualTo(1);
        assertThat(parsed.invalid()).isZero();
        assertThat(parsed.entries()).singleElement().satisfies(entry -> assertThat(entry.header().line()).isEqualTo(4));
    }

    @Test
    void readsDatesWithoutLeadingZeros() throws Exception {
        Parsed parsed = parse("""
                2016-1-5 IPC_X_S38
                General_IPC_X_S38.Nat.20160105.bin
                2016-1-5
                Level=0
                """);

        assertThat(parsed.entries()).singleElement().satisfies(entry -> {
            assertThat(entry.header().date()).isEqualTo(LocalDate.of(2016, 1, 5));
            assertThat(entry.header().dateText()).isEqualTo("2016-1-5");
        });
    }

    @Test
    void acceptsAnyNonWordCharactersBetweenDateAndFlag() throws Exception {
        Parsed parsed = parse(RECORD.replace("2016-10-25 IPC_X_S38", "2016-10-25 ：【IPC_X_S38】 release"));

        assertThat(parsed.entries()).singleElement().satisfies(entry -> assertThat(entry.header().flag()).isEqualTo("IPC_X_S38"));
    }

    @Test
    void rejectsARecordShorterThanThreeLines() throws Exception {
        Parsed parsed = parse("2016-10-25 IPC_X_S38\nGeneral_IPC_X_S38.Nat.20161025.bin\n" + RECORD);

        assertThat(parsed.valid()).isEqualTo(1);
        assertThat(parsed.invalid()).isEqualTo(1);
        assertThat(parsed.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.header().line()).isEqualTo(1);
            assertThat(problem.reason()).contains("at least 3 lines, has 2");
        });
    }

    @Test
    void rejectsAThirdLineWithoutTheDate() throws Exception {
        Parsed parsed = parse(RECORD.replace("\n2016-10-25\n", "\n2016-10-26\n"));

        assertThat(parsed.entries()).isEmpty();
        assertThat(reasons(parsed)).singleElement().asString().contains("line 3", "must contain its date 2016-10-25", "'2016-10-26'");
    }

    @Test
    void rejectsAThirdLineStartingWithWhiteSpace() throws Exception {
        Parsed parsed = parse(RECORD.replace("\n2016-10-25\n", "\n 2016-10-25\n"));

        assertThat(parsed.entries()).isEmpty();
        assertThat(reasons(parsed)).singleElement().asString().contains("line 3", "white space");
    }

    @Test
    void rejectsALevelOtherThan0Or1() throws Exception {
        Parsed parsed = parse(RECORD.replace("Level=0", "Level=2"));

        assertThat(parsed.entries()).isEmpty();
        assertThat(reasons(parsed)).singleElement().asString().contains("line 4", "Level must be 0 or 1, was '2'");
    }

    @Test
    void rejectsAnXmCloudUpgradeOtherThan0Or1() throws Exception {
        Parsed parsed = parse(RECORD.replace("XmCloudUpgrade=1", "XmCloudUpgrade = yes"));

        assertThat(parsed.entries()).isEmpty();
        assertThat(reasons(parsed)).singleElement().asString().contains("line 5", "XmCloudUpgrade must be 0 or 1, was 'yes'");
    }

    @Test
    void rejectsADateThatIsNotInTheCalendar() throws Exception {
        Parsed parsed = parse(RECORD.replace("2016-10-25", "2016-2-30"));

        assertThat(parsed.entries()).isEmpty();
        assertThat(reasons(parsed)).singleElement().asString().contains("'2016-2-30' is not a calendar date");
    }

    @Test
    void rejectsTextOutsideAChangeLog() throws Exception {
        Parsed parsed = parse(RECORD.replace("Level=0\n", "Level=0\nthis line belongs to nothing\n"));

        assertThat(parsed.entries()).isEmpty();
        assertThat(reasons(parsed)).singleElement().asString().contains("line 5", "'this line belongs to nothing'");
    }

    @Test
    void keepsTextAfterAChangeLogKeyAndBlankLinesInsideALog() throws Exception {
        Parsed parsed = parse("""
                2016-10-25 IPC_X_S38
                General_IPC_X_S38.Nat.20161025.bin
                2016-10-25

                Level = 1
                ChangeLog_English = 1. First
                \t  2. Second

                   3. Third

                XmCloudUpgrade=0
                """);

        assertThat(parsed.entries()).singleElement().satisfies(entry -> {
            assertThat(entry.level()).isEqualTo("1");
            assertThat(entry.xmCloudUpgrade()).isEqualTo("0");
            assertThat(entry.changeLogEnglish()).isEqualTo("1. First\n2. Second\n\n3. Third");
            assertThat(entry.changeLogSimpChinese()).isEmpty();
        });
    }

    @Test
    void leavesMissingKeysEmpty() throws Exception {
        Parsed parsed = parse("2016-10-25 IPC_X_S38\nname\n2016-10-25\n");

        assertThat(parsed.entries()).singleElement().satisfies(entry -> {
            assertThat(entry.level()).isEmpty();
            assertThat(entry.xmCloudUpgrade()).isEmpty();
        });
    }

    @Test
    void countsEveryRecordButKeepsOnlyTheWantedOnes() throws Exception {
        Path note = Files.writeString(dir.resolve("ReleaseNote"), RECORD
                + RECORD.replace("IPC_X_S38", "IPC_X_S38_XM711")
                + RECORD.replace("Level=0", "Level=9"));

        Parsed parsed = ReleaseNotes.parse(note, header -> header.flag().endsWith("XM711"));

        assertThat(parsed.valid()).isEqualTo(2);
        assertThat(parsed.invalid()).isEqualTo(1);
        assertThat(parsed.entries()).singleElement().satisfies(entry -> {
            assertThat(entry.header().flag()).isEqualTo("IPC_X_S38_XM711");
            assertThat(entry.header().line()).isEqualTo(12);
        });
    }
}
