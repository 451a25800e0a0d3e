package io.upgradeclient.alert.email.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.upgradeclient.alert.email.internal.EmailSettings.Security;
import io.upgradeclient.api.PermanentException;

class EmailSettingsTest {

    private static EmailSettings of(Map<String, String> extra) throws PermanentException {
        Map<String, String> settings = new HashMap<>(Map.of("smtp_host", "mail.example", "smtp_user", "bot@example.com",
                "smtp_pass", "pw"));
        settings.putAll(extra);
        return EmailSettings.of("default", settings);
    }

    @Test
    void readsTheSeedSectionWithItsDefaults() throws Exception {
        EmailSettings settings = of(Map.of("smtp_port", "25", "debug_num", "1", "public_url", "http://uc:8081/"));

        assertThat(settings.port()).isEqualTo(25);
        assertThat(settings.debug()).isTrue();
        assertThat(settings.from()).isEqualTo("bot@example.com");
        assertThat(settings.security()).isEqualTo(Security.NONE);
        assertThat(settings.connectTimeoutSeconds()).isEqualTo(30);
        assertThat(settings.timeoutSeconds()).isEqualTo(60);
        assertThat(settings.publicUrl()).isEqualTo("http://uc:8081");
        assertThat(of(Map.of()).port()).isEqualTo(25);
        assertThat(of(Map.of("debug_num", "0")).debug()).isFalse();
        assertThat(settings.toString()).doesNotContain("password=pw").contains("password=********");
    }

    @Test
    void securityFollowsThePortUnlessSet() throws Exception {
        assertThat(of(Map.of("smtp_port", "587")).security()).isEqualTo(Security.STARTTLS);
        assertThat(of(Map.of("smtp_port", "465")).security()).isEqualTo(Security.SMTPS);
        assertThat(of(Map.of("smtp_port", "2525")).security()).isEqualTo(Security.NONE);
        assertThat(of(Map.of("smtp_port", "465", "security", "STARTTLS")).security()).isEqualTo(Security.STARTTLS);
    }

    @Test
    void rejectsMissingOrMalformedValuesNamingTheField() {
        assertThatThrownBy(() -> of(Map.of("smtp_host", ""))).isInstanceOf(PermanentException.class).hasMessageContaining("'smtp_host'");
        assertThatThrownBy(() -> of(Map.of("smtp_port", "twenty-five"))).isInstanceOf(PermanentException.class).hasMessageContaining("'smtp_port'");
        assertThatThrownBy(() -> of(Map.of("smtp_port", "70000"))).isInstanceOf(PermanentException.class).hasMessageContaining("'smtp_port'");
        assertThatThrownBy(() -> of(Map.of("security", "ssl"))).isInstanceOf(PermanentException.class).hasMessageContaining("'security'");
        assertThatThrownBy(() -> of(Map.of("smtp_user", ""))).isInstanceOf(PermanentException.class).hasMessageContaining("'from'");
        assertThatThrownBy(() -> of(Map.of("timeout_seconds", "0"))).isInstanceOf(PermanentException.class).hasMessageContaining("'timeout_seconds'");
    }
}
