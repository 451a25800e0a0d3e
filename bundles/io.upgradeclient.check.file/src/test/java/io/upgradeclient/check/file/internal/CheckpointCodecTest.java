package io.upgradeclient.check.file.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

class CheckpointCodecTest {

    @Test
    void roundTripsAwkwardPathsCompactly() {
        Map<String, String> entries = new LinkedHashMap<>();
        entries.put("海思平台/固件 1.20161025.bin", "12:1477382400000");
        entries.put("a\"quote\\back/slash\ttab\u0001", "0:0");
        entries.put("General/x.bin", "3:4");

        String json = CheckpointCodec.encode(entries);

        assertThat(json).startsWith("{\"海思平台/固件 1.20161025.bin\":\"12:1477382400000\",").doesNotContain("\t", "\u0001", " :", ", ");
        assertThat(CheckpointCodec.decode(json)).containsExactlyEntriesOf(entries);
    }

    @Test
    void emptyMapIsAnEmptyObject() {
        assertThat(CheckpointCodec.encode(Map.of())).isEqualTo("{}");
        assertThat(CheckpointCodec.encode(Map.of("<a>&'=", "1:2"))).isEqualTo("{\"<a>&'=\":\"1:2\"}");
        assertThat(CheckpointCodec.decode(" { } ")).isEmpty();
    }

    @Test
    void decodesStandardEscapes() {
        assertThat(CheckpointCodec.decode("{\"a\\/b\\n\\u6d77\":\"1:2\"}")).containsExactly(Map.entry("a/b\n海", "1:2"));
    }

    @Test
    void rejectsAnythingButAFlatObjectOfStrings() {
        assertThatThrownBy(() -> CheckpointCodec.decode("42")).isInstanceOf(IllegalArgumentException.class).hasMessage("expected a JSON object, found 42");
        assertThatThrownBy(() -> CheckpointCodec.decode("{\"a\":1}")).isInstanceOf(IllegalArgumentException.class).hasMessage("expected a string for 'a', found 1");
        assertThatThrownBy(() -> CheckpointCodec.decode("{\"a\":\"1\"")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CheckpointCodec.decode("{\"a\":\"1\"} x")).isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("not valid JSON: ").hasMessageContaining("line 1 column 12").hasMessageNotContaining("\n");
        assertThatThrownBy(() -> CheckpointCodec.decode("{\"a\\u12\":\"1\"}")).isInstanceOf(IllegalArgumentException.class);
    }
}
