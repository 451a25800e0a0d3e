package io.upgradeclient.core.internal.configured;

import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import io.upgradeclient.api.SectionSettings;
import io.upgradeclient.api.TargetRef;
import io.upgradeclient.api.UploadTarget;

/**
 * One configured upload target: a factory configuration of PID {@value #FACTORY_PID}, one per section of
 * {@code upload/upload.json}. Every property besides {@code name} and {@code type} is a setting of the uploader.
 */
@Component(configurationPid = UploadConfiguration.FACTORY_PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = ConfiguredTarget.class)
@Designate(ocd = UploadConfiguration.Config.class, factory = true)
public final class UploadConfiguration implements ConfiguredTarget {
    /** The factory PID of upload targets. */
    public static final String FACTORY_PID = "io.upgradeclient.upload";

    @ObjectClassDefinition(name = "upgradeclient upload target",
            description = "A section of upload.json: where published files go. Further keys are the uploader's settings.")
    @interface Config {
        /** Names the factory entries in the Web Console by their target name. */
        String webconsole_configurationFactory_nameHint() default "{name} ({type})";

        @AttributeDefinition(name = "Name", description = "The relation_name checks refer to.")
        String name();

        @AttributeDefinition(name = "Type", description = "The uploader plugin: rsync, dir…")
        String type();
    }

    private final UploadTarget target;

    /**
     * @param config the name and type
     * @param properties all properties; the others become the target's settings
     */
    @Activate
    public UploadConfiguration(Config config, Map<String, Object> properties) {
        this.target = new UploadTarget(new TargetRef(config.name().strip(), config.type().strip()), SectionSettings.of(properties));
    }

    @Override
    public UploadTarget target() {
        return target;
    }
}
