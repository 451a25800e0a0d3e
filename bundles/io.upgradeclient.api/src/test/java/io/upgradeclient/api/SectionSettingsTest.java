package io.upgradeclient.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

class SectionSettingsTest {

    private final SectionSettings settings = new SectionSettings("upload 'default'",
            Map.of("serverport", " 873 ", "timeout", "", "delete", "TRUE", "bwlimit", "fast", "password", "hunter2"));

    @Test
    void readsTheSeedsStringNumbersAndEmptyDefaults() throws Exception {
        assertThat(settings.number("serverport", 0)).isEqualTo(873);
        assertThat(settings.number("timeout", 300)).isEqualTo(300);
        assertThat(settings.number("missing", 7)).isEqualTo(7);
        assertThat(settings.flag("delete", false)).isTrue();
        assertThat(settings.flag("compress", true)).isTrue();
        assertThat(settings.text("missing")).isEmpty();
    }

    @Test
    void takesTheSettingsOfASectionConfigurationWithoutItsBookkeeping() {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("name", "default");
        properties.put("type", "rsync");
        properties.put("serverip", "10.0.0.1");
        properties.put("service.pid", "io.upgradeclient.upload~default");
        properties.put("service.factoryPid", "io.upgradeclient.upload");
        properties.put("upgradeclient.origin", "files");
        properties.put("source_file", "/opt/uc/config/upload/upload.json");
        properties.put("webconsole.configurationFactory.nameHint", "{name} ({type})");
        properties.put("serverport", 873L);

        assertThat(SectionSettings.of(properties)).containsExactly(Map.entry("serverip", "10.0.0.1"), Map.entry("serverport", "873"));
    }

    @Test
    void aWrongValueNamesSectionAndKeyButNeverTheValue() {
        assertThatThrownBy(() -> settings.number("bwlimit", 0)).isInstanceOf(PermanentException.class)
                .hasMessage("upload 'default': setting 'bwlimit': expected a whole number");
        assertThatThrownBy(() -> settings.flag("password", false)).isInstanceOf(PermanentException.class)
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void aSecretComesInlineOrFromItsFileButNotBoth(@org.junit.jupiter.api.io.TempDir java.nio.file.Path folder) throws Exception {
        java.nio.file.Path file = java.nio.file.Files.writeString(folder.resolve("rsync.pass"), "from-file\n");
        SectionSettings fromFile = new SectionSettings("upload 'default'", Map.of("password_file", file.toString()));
        SectionSettings inline = new SectionSettings("upload 'default'", Map.of("password", "inline"));
        SectionSettings both = new SectionSettings("upload 'default'", Map.of("password", "inline", "password_file", file.toString()));
        SectionSettings missing = new SectionSettings("upload 'default'", Map.of("password_file", folder.resolve("nope").toString()));

        assertThat(fromFile.secret("password")).isEqualTo("from-file");
        assertThat(inline.secret("password")).isEqualTo("inline");
        assertThat(new SectionSettings("s", Map.of()).secret("password")).isEmpty();
        assertThatThrownBy(() -> both.secret("password")).isInstanceOf(PermanentException.class).hasMessageContaining("only one")
                .hasMessageNotContaining("from-file").hasMessageNotContaining("inline");
        assertThatThrownBy(() -> missing.secret("password")).isInstanceOf(PermanentException.class).hasMessageContaining("password_file");
        assertThat(Secrets.isSecret("password_file")).as("a path, shown").isFalse();
    }
}
