package io.upgradeclient.core.internal.instance;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.upgradeclient.api.InstanceInfo;

/**
 * The installation's name and description, from Config Admin PID {@value #PID} ({@code config/io.upgradeclient.instance.cfg}
 * or the Web Console). A change applies at once, without restarting the component.
 */
@Component(name = InstanceSettings.PID, service = InstanceInfo.class)
@Designate(ocd = InstanceSettings.Config.class)
public final class InstanceSettings implements InstanceInfo {
    /** The configuration PID. */
    public static final String PID = "io.upgradeclient.instance";

    private static final Logger LOG = LoggerFactory.getLogger(InstanceSettings.class);

    @ObjectClassDefinition(name = "upgradeclient instance", description = "Who this upgradeclient installation is.")
    @interface Config {
        @AttributeDefinition(name = "Name", description = "Shown in the web UI and in mail subjects.")
        String name() default "upgradeclient";

        @AttributeDefinition(name = "Description", description = "Free text about this installation.")
        String description() default "";
    }

    private volatile Config config;

    @Activate
    public InstanceSettings(Config config) {
        this.config = config;
    }

    @Modified
    void modified(Config changed) {
        LOG.info("Instance settings changed: name '{}'", changed.name());
        this.config = changed;
    }

    @Override
    public String name() {
        String name = config.name().strip();
        return name.isEmpty() ? "upgradeclient" : name;
    }

    @Override
    public String description() {
        return config.description();
    }
}
