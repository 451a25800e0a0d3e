package io.upgradeclient.filter.internal;

import static io.upgradeclient.filter.internal.Changes.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.upgradeclient.api.FilterDecision;
import io.upgradeclient.api.RemoteChange;

class DefaultFilterTest {
    private final DefaultFilter filter = new DefaultFilter();

    private List<FilterDecision> decide(RemoteChange... changes) {
        return filter.decide(Changes.check(Map.of()), List.of(changes));
    }

    private boolean accepted(String path) {
        return decide(at(path)).get(0).accepted();
    }

    @Test
    void acceptsAReleaseNoteNamedExactlyReleaseNote() {
        assertThat(decide(at("General/IPC_X_S38/ReleaseNote"))).singleElement()
                .satisfies(d -> assertThat(d.accepted()).isTrue()).extracting(FilterDecision::reason).isEqualTo("release note");
        assertThat(accepted("General/IPC_X_S38/ReleaseNote.txt")).isFalse();
        assertThat(accepted("General/IPC_X_S38/releasenote")).isFalse();
        assertThat(accepted("General/IPC_X_S38/OldReleaseNote")).isFalse();
    }

    @Test
    void rejectsReleaseNotesOfSpecialAndOemCaseSensitively() {
        List<FilterDecision> decisions = decide(at("Special/IPC/ReleaseNote"), at("OEM/IPC/ReleaseNote"),
                at("oem/IPC/ReleaseNote"), at("SPECIAL/IPC/ReleaseNote"));

        assertThat(decisions).extracting(FilterDecision::accepted).containsExactly(false, false, true, true);
        assertThat(decisions.get(1).reason()).contains("'OEM'").contains("Special and OEM");
    }

    @Test
    void acceptsFirmwareWithADotEightDigitsAndLaterBinInAnyFileType() {
        assertThat(accepted("General/IPC/General_IPC_HI3518EV200_50H10L_S38.Nat.dss.OnvifS.HIK.20161025.bin")).isTrue();
        assertThat(accepted("OEM/IPC/fw.20161025_r2.bin")).isTrue();
        assertThat(accepted("海思平台/IPC/固件.20161025.bin")).isTrue();
        assertThat(accepted("Special/IPC/x.20161025.bin.bak")).isTrue();
    }

    @Test
    void rejectsNamesWithoutTheDateOrBin() {
        assertThat(accepted("General/IPC/fw_20161025.bin")).isFalse();
        assertThat(accepted("General/IPC/fw.2016102.bin")).isFalse();
        assertThat(accepted("General/IPC/fw.20161025.zip")).isFalse();
        assertThat(accepted("General/IPC/fw.20161025.BIN")).isFalse();
        assertThat(decide(at("General/IPC/readme.txt")).get(0).reason()).contains("neither a ReleaseNote nor a firmware");
    }

    @Test
    void rejectsUpallBurnfileAndPartitionImagesCaseInsensitively() {
        List<FilterDecision> decisions = decide(at("General/IPC/upall_x.20161025.bin"), at("General/IPC/BurnFile_x.20161025.bin"),
                at("General/IPC/PARTITION_x.20161025.bin"), at("General/IPC/my_upall_x.20161025.bin"));

        assertThat(decisions).extracting(FilterDecision::accepted).containsExactly(false, false, false, true);
        assertThat(decisions.get(1).reason()).contains("'burnfile_'");
    }

    @Test
    void firmwareReasonSaysWhetherItsReleaseNoteFolderWasSeenComparingWholeFolders() {
        List<FilterDecision> decisions = decide(at("General/IPC_X_S38/ReleaseNote"),
                at("General/IPC_X_S38/2016-10-25/a.20161025.bin"),
                at("General/IPC_X_S38_XM711/2016-10-25/b.20161025.bin"));

        assertThat(decisions).extracting(FilterDecision::accepted, FilterDecision::reason).containsExactly(
                tuple(true, "release note"),
                tuple(true, "firmware; its ReleaseNote is in this run"),
                tuple(true, "firmware; its ReleaseNote is not in this run and is looked up when it is packaged"));
    }

    @Test
    void anOemReleaseNoteDoesNotCountAsSeenForItsFirmware() {
        List<FilterDecision> decisions = decide(at("OEM/IPC/ReleaseNote"), at("OEM/IPC/a.20161025.bin"));

        assertThat(decisions.get(1).reason()).contains("not in this run");
    }

    @Test
    void returnsOneDecisionPerChangeInOrder() {
        List<RemoteChange> changes = List.of(at("a/x.txt"), at("a/ReleaseNote"), at("a/f.20161025.bin"));

        assertThat(filter.decide(Changes.check(Map.of()), changes)).extracting(FilterDecision::change).containsExactlyElementsOf(changes);
    }
}
