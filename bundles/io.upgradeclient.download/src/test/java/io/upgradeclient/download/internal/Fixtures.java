package io.upgradeclient.download.internal;

import java.lang.annotation.Annotation;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.upgradeclient.api.ChangeAction;
import io.upgradeclient.api.CheckDefinition;
import io.upgradeclient.api.Credentials;
import io.upgradeclient.api.RemoteChange;

/** Values the download tests share. */
final class Fixtures {
    private Fixtures() {
    }

    static DownloadSettings.Config config(long maxSizeBytes) {
        return new DownloadSettings.Config() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return DownloadSettings.Config.class;
            }

            @Override
            public long max__size__bytes() {
                return maxSizeBytes;
            }

            @Override
            public int connect__timeout__seconds() {
                return 10;
            }

            @Override
            public int read__timeout__seconds() {
                return 60;
            }
        };
    }

    static CheckDefinition check(Map<String, String> options, Credentials credentials) {
        return new CheckDefinition("fw", "http", URI.create("http://127.0.0.1/fw/"), credentials, "", Duration.ofDays(30),
                Duration.ofSeconds(15), List.of("default"), List.of(), "", List.of(), "", options);
    }

    static CheckDefinition check(Map<String, String> options) {
        return check(options, Credentials.NONE);
    }

    static RemoteChange change(URI url, String revision) {
        String path = url.getPath();
        return new RemoteChange(ChangeAction.ADDED, url, path.substring(path.lastIndexOf('/') + 1), "General", "",
                Instant.parse("2016-10-25T08:00:00Z"), revision, -1);
    }
}
