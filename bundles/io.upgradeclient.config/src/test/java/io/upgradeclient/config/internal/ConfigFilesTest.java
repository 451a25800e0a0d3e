package io.upgradeclient.config.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;

import io.upgradeclient.api.Event;
import io.upgradeclient.api.History;
import io.upgradeclient.testsupport.DsConfig;

class ConfigFilesTest {
    @TempDir
    Path home;

    @Test
    void aProblemFoundBeforeTheHistoryStartedIsRecordedWhenItArrives() throws Exception {
        Files.createDirectories(home.resolve("config/check"));
        Files.writeString(home.resolve("config/check/broken.json"), "{\"name\": \"broken\",");
        ConfigFiles files = new ConfigFiles(DsConfig.of(ConfigFiles.Config.class, Map.of("poll_millis", 3_600_000)),
                proxy(BundleContext.class, (method, args) -> "getProperty".equals(method) && "upgradeclient.home".equals(args[0])
                        ? home.toString() : null),
                proxy(ConfigurationAdmin.class, (method, args) -> null));
        List<Event> recorded = new CopyOnWriteArrayList<>();
        try {
            files.start();

            files.bindHistory(proxy(History.class, (method, args) -> {
                if ("record".equals(method)) {
                    recorded.add((Event) args[0]);
                }
                return null;
            }));

            assertThat(recorded).singleElement().satisfies(event -> assertThat(event.message()).contains("broken.json"));
        } finally {
            files.stop();
        }
    }

    private interface Answer {
        Object answer(String method, Object[] args);
    }

    private static <T> T proxy(Class<T> type, Answer answer) {
        return type.cast(Proxy.newProxyInstance(ConfigFilesTest.class.getClassLoader(), new Class<?>[] {type},
                (proxy, method, args) -> answer.answer(method.getName(), args)));
    }
}
