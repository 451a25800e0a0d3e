package io.upgradeclient.report.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.annotation.Annotation;
import java.time.Duration;
import java.time.ZoneId;

import org.junit.jupiter.api.Test;

class ReportSchedulerSettingsTest {
    private static ReportScheduler.Config config(String zone, String publicUrl) {
        return new ReportScheduler.Config() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return ReportScheduler.Config.class;
            }

            @Override
            public String time__zone() {
                return zone;
            }

            @Override
            public boolean send__empty() {
                return false;
            }

            @Override
            public String public__url() {
                return publicUrl;
            }

            @Override
            public int failing__after() {
                return 3;
            }

            @Override
            public long stale__after__minutes() {
                return 1440;
            }

            @Override
            public long reminder__first__minutes() {
                return 60;
            }

            @Override
            public long reminder__max__minutes() {
                return 1440;
            }

            @Override
            public long retry__first__seconds() {
                return 60;
            }

            @Override
            public long retry__max__minutes() {
                return 60;
            }
        };
    }

    private static WebSettings web(String publicUrl) {
        return new WebSettings(webConfig(publicUrl));
    }

    private static WebSettings.Config webConfig(String publicUrl) {
        return new WebSettings.Config() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return WebSettings.Config.class;
            }

            @Override
            public String web_public__url() {
                return publicUrl;
            }
        };
    }

    @Test
    void cronIsReadInTheConfiguredZoneOrTheSystemsWhenNoneOrAnInvalidOneIsGiven() {
        assertThat(ReportScheduler.settings(config("Europe/Berlin", ""), web("")).zone()).isEqualTo(ZoneId.of("Europe/Berlin"));
        assertThat(ReportScheduler.settings(config("", ""), web("")).zone()).isEqualTo(ZoneId.systemDefault());
        assertThat(ReportScheduler.settings(config("Mars/Olympus", ""), web("")).zone()).isEqualTo(ZoneId.systemDefault());
    }

    @Test
    void theOwnPublicUrlWinsOverTheOneOfUpgradeclientYaml() {
        assertThat(ReportScheduler.settings(config("", "https://reports.example.com/"), web("http://127.0.0.1:8081/")).publicUrl().get())
                .isEqualTo("https://reports.example.com/");
        assertThat(ReportScheduler.settings(config("", ""), web(" http://127.0.0.1:8081/ ")).publicUrl().get())
                .isEqualTo("http://127.0.0.1:8081/");
    }

    @Test
    void aChangedPublicUrlOfUpgradeclientYamlReachesRunningReportsWithoutReplacingTheSettingsService() {
        WebSettings web = web("http://127.0.0.1:8081/");
        ReportSettings settings = ReportScheduler.settings(config("", ""), web);

        web.modified(webConfig("https://uc.example.com/"));

        assertThat(settings.publicUrl().get()).isEqualTo("https://uc.example.com/");
    }

    @Test
    void durationsAreTakenInTheirUnits() {
        ReportSettings settings = ReportScheduler.settings(config("UTC", ""), web(""));
        assertThat(settings.staleAfter()).isEqualTo(Duration.ofDays(1));
        assertThat(settings.reminderFirst()).isEqualTo(Duration.ofHours(1));
        assertThat(settings.retryFirst()).isEqualTo(Duration.ofMinutes(1));
        assertThat(settings.retryMax()).isEqualTo(Duration.ofHours(1));
    }
}
