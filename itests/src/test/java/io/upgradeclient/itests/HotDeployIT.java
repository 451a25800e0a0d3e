package io.upgradeclient.itests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.time.Duration;

import javax.inject.Inject;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import io.upgradeclient.api.ComponentRegistry;
import io.upgradeclient.api.PluginInfo;
import io.upgradeclient.api.PluginKind;

/**
 * A plugin bundle installed at run time appears in the registry, and vanishes when it is uninstalled.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class HotDeployIT extends TestSupport {

    @Inject
    private ComponentRegistry registry;

    @Test
    public void pluginInstalledAtRunTimeIsRegisteredAndVanishesWhenUninstalled() throws Exception {
        Bundle plugin;
        try (InputStream jar = Files.newInputStream(EXAMPLE_PLUGIN)) {
            plugin = context.installBundle("itest:" + EXAMPLE_PLUGIN.getFileName(), jar);
        }
        plugin.start();

        Eventually.await(Duration.ofSeconds(10), "the manifest uploader in the registry",
                () -> registry.plugins().stream().anyMatch(info -> "manifest".equals(info.type())));
        PluginInfo info = registry.plugins().stream().filter(p -> "manifest".equals(p.type())).findFirst().orElseThrow();
        assertThat(info.kind()).isEqualTo(PluginKind.UPLOADER);
        assertThat(info.bundleSymbolicName()).isEqualTo("io.upgradeclient.example.manifest");
        assertThat(info.componentName()).isEqualTo("io.upgradeclient.example.manifest");
        assertThat(get("/api/v1/components").body()).contains("\"type\":\"manifest\"");

        plugin.uninstall();

        Eventually.await(Duration.ofSeconds(10), "the manifest uploader gone from the registry",
                () -> registry.plugins().stream().noneMatch(p -> "manifest".equals(p.type())));
        JsonObject components = JsonParser.parseString(get("/api/v1/components").body()).getAsJsonObject();
        assertThat(components.getAsJsonArray("plugins").toString()).doesNotContain("manifest");
        assertThat(components.getAsJsonArray("departed").toString()).as("listed with the time it left")
                .contains("\"type\":\"manifest\"", "\"departed\":\"");
    }
}
