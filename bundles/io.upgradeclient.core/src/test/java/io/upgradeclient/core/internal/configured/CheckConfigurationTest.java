package io.upgradeclient.core.internal.configured;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.upgradeclient.api.AlertMedia;
import io.upgradeclient.api.TargetRef;

class CheckConfigurationTest {

    @Test
    void readsUploadEntriesAsNameAndType() {
        assertThat(CheckConfiguration.targetRef("xm_rsync_upload:rsync")).isEqualTo(new TargetRef("xm_rsync_upload", "rsync"));
        assertThatThrownBy(() -> CheckConfiguration.targetRef("no-type")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CheckConfiguration.targetRef("name:")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void readsTheSeedsAlertMediasIncludingCc() {
        List<AlertMedia> medias = AlertMedias.parse("""
                [{"relation_name":"xm_email_alert","relation_type":"email","to":["a@x.cn"],"cc":["b@x.cn",""]}]""");

        assertThat(medias).singleElement().satisfies(media -> {
            assertThat(media.target()).isEqualTo(new TargetRef("xm_email_alert", "email"));
            assertThat(media.to()).containsExactly("a@x.cn");
            assertThat(media.cc()).containsExactly("b@x.cn");
            assertThat(media.bcc()).isEmpty();
        });
    }

    @Test
    void rejectsAlertMediasWithoutRecipients() {
        assertThatThrownBy(() -> AlertMedias.parse("[{\"relation_name\":\"m\",\"relation_type\":\"email\",\"to\":[]}]"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AlertMedias.parse("{}")).isInstanceOf(IllegalArgumentException.class);
    }
}
