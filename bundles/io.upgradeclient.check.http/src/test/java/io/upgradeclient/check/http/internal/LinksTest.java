package io.upgradeclient.check.http.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;

import org.junit.jupiter.api.Test;

class LinksTest {
    private static final URI FOLDER = URI.create("http://127.0.0.1:8080/fw/General%20Files/");

    @Test
    void aPlainSegmentTakesTheShortRouteAndNamesWhatTheGeneralRouteResolvesItTo() {
        for (String href : List.of("a.bin", "sub/", "V5.00.R02.20261120.bin", "IPC%20Main.bin", "a@b~c_d-e!$&'()*+,;=.zip", "%E4%B8%AD/")) {
            assertThat(Links.isPlainSegment(href)).as(href).isTrue();
            assertThat(Links.resolvedBelow(FOLDER, href)).as(href).isEqualTo(href);
        }
    }

    @Test
    void anythingElseTakesTheGeneralRoute() {
        for (String href : List.of("", "/", ".", "..", "./", "../", "./a.bin", "../a.bin", "a/b.bin", "/fw/a.bin", "a:b",
                "http://evil.example/a.bin", "//evil.example/a.bin", "a b.bin", "%2", "%zz.bin", "a%", "a?b", "a#b", "a\\b", "ä.bin")) {
            assertThat(Links.isPlainSegment(href)).as(href).isFalse();
        }
    }
}
