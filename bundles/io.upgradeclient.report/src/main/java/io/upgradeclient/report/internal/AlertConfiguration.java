package io.upgradeclient.report.internal;

import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import io.upgradeclient.api.SectionSettings;

/**
 * One configured alert section: a factory configuration of PID {@value #FACTORY_PID}, one per section of
 * {@code alert/alert.json}. A check's alert media names its section by {@code relation_name}; every property
 * besides {@code name} and {@code type} is a setting handed to the alerter.
 */
@Component(configurationPid = AlertConfiguration.FACTORY_PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = AlertConfiguration.class)
@Designate(ocd = AlertConfiguration.Config.class, factory = true)
public final class AlertConfiguration {
    /** The factory PID of alert sections. */
    public static final String FACTORY_PID = "io.upgradeclient.alert";

    @ObjectClassDefinition(name = "upgradeclient alert section",
            description = "A section of alert.json: how reports are sent. Further keys are the alerter's settings.")
    @interface Config {
        /** Names the factory entries in the Web Console by their section name (key webconsole.configurationFactory.nameHint). */
        String webconsole_configurationFactory_nameHint() default "{name} ({type})";

        @AttributeDefinition(name = "Name", description = "The relation_name a check's alert media refers to.")
        String name();

        @AttributeDefinition(name = "Type", description = "The alerter plugin: email…")
        String type();
    }

    private final String name;
    private final String type;
    private final Map<String, String> settings;

    /**
     * @param config the name and type
     * @param properties all properties; the others become the section's settings
     */
    @Activate
    public AlertConfiguration(Config config, Map<String, Object> properties) {
        this.name = config.name().strip();
        this.type = config.type().strip();
        this.settings = SectionSettings.of(properties);
    }

    /** @return the section name ({@code relation_name}) */
    public String name() {
        return name;
    }

    /** @return the alerter type it is meant for ({@code relation_type}) */
    public String type() {
        return type;
    }

    /** @return the alerter's settings, as strings, in configuration order; secrets included (never log them) */
    public Map<String, String> settings() {
        return settings;
    }
}
