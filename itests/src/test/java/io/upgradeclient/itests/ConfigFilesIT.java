package io.upgradeclient.itests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

import javax.inject.Inject;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

import io.upgradeclient.api.CheckCatalog;
import io.upgradeclient.api.CheckDefinition;
import io.upgradeclient.api.Event;
import io.upgradeclient.api.EventLevel;
import io.upgradeclient.api.EventQuery;
import io.upgradeclient.api.History;
import io.upgradeclient.api.PluginKind;

/**
 * The seed's configuration files dropped into {@code config/} of a running system become checks, upload targets
 * and alert sections in Config Admin and the engine; deleting them removes them; a broken file gives one error and
 * leaves everything else running.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ConfigFilesIT extends TestSupport {
    private static final Duration DEADLINE = Duration.ofSeconds(20);

    @Inject
    private ConfigurationAdmin configurationAdmin;

    @Inject
    private CheckCatalog catalog;

    @Inject
    private History history;

    @Test
    public void seedFilesBecomeAndStopBeingConfiguration() throws Exception {
        Path config = home().resolve("config");
        write(config.resolve("upload/upload.json"), """
                {"default": {"rsync": {"_comments": "", "binpath": "", "username": "sync", "password": "s3cret",
                  "serverip": "127.0.0.1", "serverport": "873", "localpath": "xm_upgradefiles", "remotepath": "fw"}}}""");
        write(config.resolve("alert/alert.json"), """
                {"default": {"email": {"_comments": "", "smtp_host": "127.0.0.1", "smtp_port": 25, "smtp_user": "uc@example.com",
                  "smtp_pass": "", "debug_num": 1}}}""");
        write(config.resolve("check/xm_dvr.json"), """
                {
                  "name": "xm_dvr",
                  "auth_user": "",
                  "auth_pass": "",
                  "_comments": "",
                  "base_url": "http://127.0.0.1:1/svn/firmware/",
                  "proxy_host": "",
                  "target_host": "",
                  "revision_seconds": "2592000",
                  "summarize_interval": "15",
                  "check_filter": "default",
                  "alert": {
                    "medias": [{"relation_name": "default", "relation_type": "email", "to": ["ops@example.com"], "cc": ["lead@example.com"]}],
                    "crontab": "0 23 * * *"
                  },
                  "upload": [{"relation_name": "default", "relation_type": "rsync"}],
                  "target_cache": "xm_upgradefiles"
                }""");

        Eventually.await(DEADLINE, "the check xm_dvr in the engine", () -> checkNamed("xm_dvr") != null);
        CheckDefinition check = checkNamed("xm_dvr");
        assertThat(check.sourceType()).as("no check_type: Subversion, whatever the URL scheme").isEqualTo("svn");
        assertThat(check.interval()).isEqualTo(Duration.ofSeconds(15));
        assertThat(check.lookBack()).isEqualTo(Duration.ofDays(30));
        assertThat(check.filters()).containsExactly("default");
        assertThat(check.uploads()).singleElement().satisfies(ref -> assertThat(ref.type()).isEqualTo("rsync"));
        assertThat(check.alertMedias()).singleElement().satisfies(media -> assertThat(media.cc()).containsExactly("lead@example.com"));
        assertThat(check.targetCache()).isEqualTo("xm_upgradefiles");
        assertThat(catalog.packager("xm_dvr")).as("the original's format: the xm packager").contains("xm");
        Eventually.await(DEADLINE, "the upload and alert sections in Config Admin",
                () -> configurations("io.upgradeclient.upload", "default").size() == 1 && configurations("io.upgradeclient.alert", "default").size() == 1);
        assertThat(configurations("io.upgradeclient.check", "xm_dvr")).singleElement()
                .satisfies(found -> assertThat(found.getProperties().get("auth_pass")).isEqualTo(""));
        assertThat(configurations("io.upgradeclient.upload", "default")).singleElement()
                .satisfies(found -> assertThat(found.getProperties().get("serverport")).isEqualTo("873"));
        assertThat(configurations("io.upgradeclient.alert", "default")).hasSize(1);

        Files.delete(config.resolve("check/xm_dvr.json"));

        Eventually.await(DEADLINE, "xm_dvr gone from the engine", () -> checkNamed("xm_dvr") == null);
        assertThat(configurations("io.upgradeclient.check", "xm_dvr")).isEmpty();
    }

    @Test
    public void aBrokenFileGivesOneErrorAndDisturbsNothingElse() throws Exception {
        Path config = home().resolve("config");
        write(config.resolve("check/good.json"), """
                {"name": "good", "check_type": "file", "base_url": "file:///tmp/nowhere/", "summarize_interval": 3600}""");
        Eventually.await(DEADLINE, "the check good", () -> checkNamed("good") != null);
        write(config.resolve("check/bad.json"), """
                {"name": "good-too",
                 "base_url": "file:///tmp/x/",
                 "summarize_interval": -5}""");
        write(config.resolve("check/broken.json"), "{\"name\": \"broken\",\n \"base_url\": ");

        Eventually.await(DEADLINE, "errors for bad.json and broken.json", () -> errorsAbout("bad.json").size() == 1 && errorsAbout("broken.json").size() == 1);
        assertThat(errorsAbout("bad.json").get(0).message()).contains("bad.json:3").contains("summarize_interval");
        assertThat(errorsAbout("broken.json").get(0).message()).contains("broken.json:2");
        assertThat(checkNamed("good")).isNotNull();
        assertThat(checkNamed("good-too")).isNull();

        write(config.resolve("check/good.json"), """
                {"name": "good", "check_type": "file", "base_url": "file:///tmp/nowhere/", "summarize_interval": 1800}""");
        Eventually.await(DEADLINE, "the edit of good.json applied", () -> checkNamed("good").interval().equals(Duration.ofSeconds(1800)));
        assertThat(errorsAbout("broken.json")).as("the broken file is not reported again while it stays the same").hasSize(1);
    }

    @Test
    public void anyNameIsUsableAsACheckName() throws Exception {
        String name = "par(x) \\ * 100% ~ 海思";
        Path file = home().resolve("config/check/odd.json");
        write(file, """
                {"name": "par(x) \\\\ * 100% ~ 海思", "check_type": "file", "base_url": "file:///tmp/nowhere/", "summarize_interval": 3600}""");

        Eventually.await(DEADLINE, "the check named " + name + " in the engine", () -> checkNamed(name) != null);
        assertThat(catalog.packager(name)).contains("copy");
        assertThat(errorsAbout("odd.json")).isEmpty();

        Files.delete(file);
        Eventually.await(DEADLINE, "the check gone again", () -> checkNamed(name) == null);
    }

    @Test
    public void theShippedPluginListOfCheckConfigIsWhatTheDistributionRegisters() throws Exception {
        Bundle config = Arrays.stream(context.getBundles()).filter(b -> "io.upgradeclient.config".equals(b.getSymbolicName()))
                .findFirst().orElseThrow();
        Set<String> listed = new TreeSet<>();
        try (InputStream in = config.getEntry("io/upgradeclient/config/internal/shipped-plugins.txt").openStream()) {
            new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().map(String::strip)
                    .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                    .forEach(line -> listed.add(String.join(" ", Arrays.asList(line.split("\\s+")).subList(0, 2))));
        }

        Eventually.await(DEADLINE, "every plugin registered", () -> registeredPlugins().equals(listed));
    }

    /** @return "kind type" of every plugin service but downloaders (configuration never names those) */
    private Set<String> registeredPlugins() throws Exception {
        Set<String> registered = new TreeSet<>();
        ServiceReference<?>[] references = context.getAllServiceReferences(null, "(" + PluginKind.TYPE_PROPERTY + "=*)");
        for (ServiceReference<?> reference : references == null ? new ServiceReference<?>[0] : references) {
            for (String objectClass : (String[]) reference.getProperty(Constants.OBJECTCLASS)) {
                PluginKind kind = PluginKind.ofInterface(objectClass);
                if (kind != null && kind != PluginKind.DOWNLOADER) {
                    registered.add(kind.name().toLowerCase(Locale.ROOT) + " " + reference.getProperty(PluginKind.TYPE_PROPERTY));
                }
            }
        }
        return registered;
    }

    private CheckDefinition checkNamed(String name) {
        return catalog.checks().stream().filter(check -> check.name().equals(name)).findFirst().orElse(null);
    }

    private List<Configuration> configurations(String factoryPid, String name) throws Exception {
        Configuration[] found = configurationAdmin.listConfigurations("(&(service.factoryPid=" + factoryPid + ")(name=" + name + "))");
        return found == null ? List.of() : List.of(found);
    }

    private List<Event> errorsAbout(String file) throws Exception {
        history.flush(Duration.ofSeconds(5));
        return history.search(EventQuery.all().withLevels(Set.of(EventLevel.ERROR)).withText(file)).events();
    }

    private static void write(Path file, String content) throws Exception {
        Files.createDirectories(file.getParent());
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(temp, content, StandardCharsets.UTF_8);
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
