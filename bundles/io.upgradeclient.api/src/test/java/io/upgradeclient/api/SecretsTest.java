package io.upgradeclient.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

class SecretsTest {

    @Test
    void masksEveryKindOfPasswordKeyTheSeedUses() {
        assertThat(Secrets.isSecret("auth_pass")).isTrue();
        assertThat(Secrets.isSecret("smtp_pass")).isTrue();
        assertThat(Secrets.isSecret("password")).isTrue();
        assertThat(Secrets.isSecret("Api_Token")).isTrue();
        assertThat(Secrets.isSecret("header.Authorization")).as("webhook request headers").isTrue();
        assertThat(Secrets.isSecret("auth_user")).isFalse();
        assertThat(Secrets.isSecret("serverip")).isFalse();
    }

    @Test
    void maskedKeepsOrderAndLeavesEmptySecretsVisible() {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("username", "sync");
        settings.put("password", "hunter2");
        settings.put("smtp_pass", "");

        assertThat(Secrets.masked(settings)).containsExactly(
                Map.entry("username", "sync"), Map.entry("password", Secrets.MASK), Map.entry("smtp_pass", ""));
    }
}
