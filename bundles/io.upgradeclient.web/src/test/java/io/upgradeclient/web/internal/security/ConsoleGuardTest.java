package io.upgradeclient.web.internal.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;

import org.junit.jupiter.api.Test;

import jakarta.servlet.http.HttpSession;

class ConsoleGuardTest {
    @Test
    void aStateChangeIsCrossSiteWhenTheBrowserSaysItCameFromElsewhere() {
        assertThat(ConsoleGuard.isCrossSite(post().header("Origin", "http://evil.example").get())).isTrue();
        assertThat(ConsoleGuard.isCrossSite(post().header("Origin", "null").get())).isTrue();
        assertThat(ConsoleGuard.isCrossSite(post().header("Origin", "http://127.0.0.1:9999").get())).isTrue();
        assertThat(ConsoleGuard.isCrossSite(post().header("Referer", "http://evil.example/page").get())).isTrue();
        assertThat(ConsoleGuard.isCrossSite(post().header("Sec-Fetch-Site", "cross-site").get())).isTrue();

        assertThat(ConsoleGuard.isCrossSite(post().header("Origin", "http://127.0.0.1:8081").get())).isFalse();
        assertThat(ConsoleGuard.isCrossSite(post().header("Referer", "http://127.0.0.1:8081/system/console/bundles").get())).isFalse();
        assertThat(ConsoleGuard.isCrossSite(post().get())).as("a script: no browser headers").isFalse();
    }

    @Test
    void everySecretOfConfigAdminIsMaskedInTextHtmlAndJson() {
        Dictionary<String, Object> rsync = new Hashtable<>();
        rsync.put("password", "rsync&<secret>");
        rsync.put("user", "uploader");
        Dictionary<String, Object> check = new Hashtable<>();
        check.put("auth_pass", "svn-pass-123");
        check.put("options", new String[] {"x"});
        check.put("api_token", new String[] {"tok-en-456"});
        Dictionary<String, Object> web = new Hashtable<>();
        web.put("users", new String[] {"ann:admin:{plain}ann-plain-pw", "bob:viewer:pbkdf2$1$YQ==$Yg=="});
        SecretValues secrets = SecretValues.of(List.of(rsync, check, web));

        String page = "password = rsync&<secret>\n<td>rsync&amp;&lt;secret&gt;</td> {\"auth_pass\":\"svn-pass-123\"} "
                + "api_token = [tok-en-456] users = [ann:admin:{plain}ann-plain-pw, bob:viewer:pbkdf2$1$YQ==$Yg==] user = uploader";

        assertThat(secrets.mask(page)).doesNotContain("secret", "svn-pass-123", "tok-en-456", "ann-plain-pw")
                .contains("user = uploader", "bob:viewer", "********");
    }

    @Test
    void theCsrfTokenCountsOnlyFromBodyOrHeader() {
        HttpSession session = Http.session();
        String token = Csrf.token(session);

        assertThat(Csrf.valid(new Http.Request("POST", "/checks/a/run").session(session).param("csrf", token).get())).isTrue();
        assertThat(Csrf.valid(new Http.Request("POST", "/checks/a/run").session(session).header(Csrf.HEADER, token).get())).isTrue();
        assertThat(Csrf.valid(new Http.Request("POST", "/checks/a/run?csrf=" + token).session(session).param("csrf", token).get())).isFalse();
    }

    private static Http.Request post() {
        return new Http.Request("POST", "/system/console/bundles").header("Host", "127.0.0.1:8081");
    }
}
