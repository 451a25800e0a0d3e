package io.upgradeclient.config.internal;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.upgradeclient.api.Event;
import io.upgradeclient.api.History;

/**
 * Reads {@code upgradeclient.yaml} and the seed-format JSON files of the configuration folder into Config Admin
 * and keeps them in step, live: a file added, edited or deleted is applied within about one poll interval.
 * Errors in a file are logged and recorded as events (those found before the history starts, once it has).
 */
@Component(name = ConfigFiles.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL, service = {})
@Designate(ocd = ConfigFiles.Config.class)
public final class ConfigFiles {
    /** The configuration PID. */
    public static final String PID = "io.upgradeclient.config";

    private static final Logger LOG = LoggerFactory.getLogger(ConfigFiles.class);

    @ObjectClassDefinition(name = "upgradeclient configuration files",
            description = "Reads upgradeclient.yaml, check/*.json, upload/upload.json and alert/alert.json into Config Admin.")
    @interface Config {
        @AttributeDefinition(name = "Folder", description = "The configuration folder; relative paths are resolved against the distribution folder.")
        String folder() default "config";

        /** Key {@code poll_millis} (a double underscore maps to one). */
        @AttributeDefinition(name = "Poll interval (ms)", description = "How often the folder is scanned for changes.", min = "100")
        long poll__millis() default 1000;
    }

    /** Problems found while no history is there; the first pass runs before the store has started. */
    private static final int MAX_UNRECORDED = 1000;

    private volatile History history;
    private final Queue<Event> unrecorded = new ConcurrentLinkedQueue<>();

    private final Path folder;
    private final Duration pollInterval;
    private final FolderPoller poller;

    /**
     * @param config the folder and poll interval
     * @param context this bundle's context, for the framework property {@code upgradeclient.home}
     * @param configAdmin where the configurations go
     */
    @Activate
    public ConfigFiles(Config config, BundleContext context, @Reference(name = "configAdmin") ConfigurationAdmin configAdmin) {
        String home = context.getProperty("upgradeclient.home");
        folder = resolve(home, config.folder());
        Reconciler reconciler = new Reconciler(new ConfigFolder(folder, ConfigFolder.homeOrWorkingDirectory(home)),
                new ConfigAdminTarget(configAdmin), this::record,
                HttpPortGuard.of(context.getProperty(SettingsFile.HTTP_PORT), context.getProperty(SettingsFile.HTTP_HOST)));
        pollInterval = Duration.ofMillis(Math.max(100, config.poll__millis()));
        poller = new FolderPoller(reconciler::scan, pollInterval,
                "upgradeclient-config-files");
    }

    /**
     * Applies the folder once before returning, then polls it. The launcher starts this bundle at start level 1,
     * ahead of the bundles that read the configurations, so that their components activate once with the files'
     * settings instead of with defaults first and again a moment later (a component replaced while another one is
     * being bound to it is an error SCR logs).
     */
    @Activate
    void start() {
        LOG.info("Applying configuration files from {}", folder);
        poller.start();
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindHistory(History arrived) {
        history = arrived;
        recordWaitingEvents();
    }

    void unbindHistory(History departed) {
        if (history == departed) {
            history = null;
        }
    }

    @Deactivate
    void stop() {
        poller.close();
    }

    private void record(Event event) {
        if (unrecorded.size() < MAX_UNRECORDED) {
            unrecorded.add(event);
        }
        recordWaitingEvents();
    }

    private void recordWaitingEvents() {
        History current = history;
        if (current == null) {
            return;
        }
        for (Event event = unrecorded.poll(); event != null; event = unrecorded.poll()) {
            current.record(event);
        }
    }

    /** @return the configuration folder it reads */
    Path folder() {
        return folder;
    }

    /** @return how often it scans the folder */
    Duration pollInterval() {
        return pollInterval;
    }

    static Path resolve(String home, String folder) {
        Path path = Path.of(folder);
        return path.isAbsolute() || home == null ? path : Path.of(home).resolve(path);
    }
}
