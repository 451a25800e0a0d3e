package io.upgradeclient.report.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.annotation.Annotation;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

class AlertConfigurationTest {
    private static AlertConfiguration.Config config(String name, String type) {
        return new AlertConfiguration.Config() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return AlertConfiguration.Config.class;
            }

            @Override
            public String webconsole_configurationFactory_nameHint() {
                return "{name} ({type})";
            }

            @Override
            public String name() {
                return name;
            }

            @Override
            public String type() {
                return type;
            }
        };
    }

    @Test
    void everyPropertyButTheBookkeepingIsASettingOfTheAlerter() {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("name", "default");
        properties.put("type", "email");
        properties.put("smtp_host", "mail.example.com");
        properties.put("smtp_port", 587L);
        properties.put("smtp_pass", "secret");
        properties.put("service.pid", "io.upgradeclient.alert~default");
        properties.put("service.factoryPid", "io.upgradeclient.alert");
        properties.put("component.name", "io.upgradeclient.report.internal.AlertConfiguration");
        properties.put("component.id", 12L);
        properties.put("upgradeclient.origin", "files");
        properties.put("source_file", "/opt/uc/config/alert/alert.json");
        properties.put("webconsole.configurationFactory.nameHint", "{name} ({type})");

        AlertConfiguration section = new AlertConfiguration(config(" default ", "email "), properties);

        assertThat(section.name()).isEqualTo("default");
        assertThat(section.type()).isEqualTo("email");
        assertThat(section.settings()).containsExactly(Map.entry("smtp_host", "mail.example.com"),
                Map.entry("smtp_port", "587"), Map.entry("smtp_pass", "secret"));
    }
}
