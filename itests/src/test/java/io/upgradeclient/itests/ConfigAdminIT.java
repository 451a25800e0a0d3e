package io.upgradeclient.itests;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Dictionary;
import java.util.Hashtable;

import javax.inject.Inject;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

import io.upgradeclient.api.InstanceInfo;

/**
 * Configuration reaches the running component without a restart, both from a {@code .cfg} file in
 * {@code config/} and from a change made through Config Admin.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ConfigAdminIT extends TestSupport {

    @Inject
    private ConfigurationAdmin configurationAdmin;

    @Inject
    private InstanceInfo instance;

    @Test
    public void cfgFileInConfigFolderAppliesLive() throws Exception {
        Path cfg = home().resolve("config/io.upgradeclient.instance.cfg");
        Path temp = cfg.resolveSibling("instance.tmp");
        Files.writeString(temp, "name = from-file\ndescription = written by the test\n", StandardCharsets.ISO_8859_1);
        Files.move(temp, cfg, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);

        Eventually.await(Duration.ofSeconds(15), "the name from the .cfg file", () -> "from-file".equals(instance.name()));
        assertThat(instance.description()).isEqualTo("written by the test");
        Eventually.await(Duration.ofSeconds(15), "/health to show the new name",
                () -> get("/health").body().contains("\"instance\":\"from-file\""));
    }

    @Test
    public void configAdminChangeAppliesLive() throws Exception {
        Configuration configuration = configurationAdmin.getConfiguration("io.upgradeclient.instance", "?");
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put("name", "from-config-admin");
        configuration.update(properties);

        Eventually.await(Duration.ofSeconds(15), "the name set through Config Admin", () -> "from-config-admin".equals(instance.name()));
    }
}
