package io.upgradeclient.core.internal.configured;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import io.upgradeclient.api.CheckDefinition;
import io.upgradeclient.api.Credentials;
import io.upgradeclient.api.TargetRef;

/**
 * One configured check: a factory configuration of PID {@value #FACTORY_PID}, made from a {@code check/*.json} file
 * by the config bundle or entered in the Web Console. Registers a {@link ConfiguredCheck} for the engine; a change
 * of the configuration replaces it, a deletion removes it.
 */
@Component(configurationPid = CheckConfiguration.FACTORY_PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = ConfiguredCheck.class)
@Designate(ocd = CheckConfiguration.Config.class, factory = true)
public final class CheckConfiguration implements ConfiguredCheck {
    /** The factory PID of checks. */
    public static final String FACTORY_PID = "io.upgradeclient.check";
    /** Prefix of the plugin-specific settings passed through to {@link CheckDefinition#options()}. */
    static final String OPTION_PREFIX = "option.";

    /* Method names map to property keys: a double underscore is an underscore, a single one a dot. */
    @ObjectClassDefinition(name = "upgradeclient check", description = "One source to watch: the seed's check/<name>.json.")
    @interface Config {
        /** Names the factory entries in the Web Console by their check name. */
        String webconsole_configurationFactory_nameHint() default "{name}";

        @AttributeDefinition(name = "Name", description = "The check's key; dao_name in the history.")
        String name();

        @AttributeDefinition(name = "Source type", description = "The checker plugin: svn (default), http, file…")
        String check__type() default "svn";

        @AttributeDefinition(name = "Base URL", description = "The folder to watch; ends with /.")
        String base__url();

        @AttributeDefinition(name = "User", required = false)
        String auth__user() default "";

        @AttributeDefinition(name = "Password", type = AttributeType.PASSWORD, required = false)
        String auth__pass() default "";

        @AttributeDefinition(name = "Proxy", description = "HTTP proxy host[:port] for the source.", required = false)
        String proxy__host() default "";

        @AttributeDefinition(name = "Look-back (s)", description = "How far back the first check looks.")
        long revision__seconds() default 2_592_000;

        @AttributeDefinition(name = "Interval (s)", description = "Seconds between two checks.")
        long summarize__interval() default 15;

        @AttributeDefinition(name = "Filters", description = "Filter plugins applied in order.")
        String[] check__filter() default {"default"};

        @AttributeDefinition(name = "Upload targets", description = "relation_name:relation_type of each target.", required = false)
        String[] upload() default {};

        @AttributeDefinition(name = "Report schedule", description = "Cron expression; empty for no reports.", required = false)
        String alert__crontab() default "";

        @AttributeDefinition(name = "Report recipients", description = "The seed's alert.medias as JSON.", required = false)
        String alert__medias() default "[]";

        @AttributeDefinition(name = "Staging sub-folder", required = false)
        String target__cache() default "";

        @AttributeDefinition(name = "Packager", description = "copy (default) or xm.")
        String packager() default "copy";
    }

    private final CheckDefinition definition;
    private final String packager;

    /**
     * @param config the typed configuration
     * @param properties all configuration properties, for the {@code option.*} pass-through
     * @throws IllegalArgumentException if the configuration does not describe a valid check (the component then
     *         fails to activate and the error is visible in the Web Console and the log)
     */
    @Activate
    public CheckConfiguration(Config config, Map<String, Object> properties) {
        this.definition = definition(config, properties);
        this.packager = config.packager().isBlank() ? "copy" : config.packager().strip();
    }

    static CheckDefinition definition(Config config, Map<String, Object> properties) {
        Map<String, String> options = new LinkedHashMap<>();
        properties.forEach((key, value) -> {
            if (key.startsWith(OPTION_PREFIX) && value != null) {
                options.put(key.substring(OPTION_PREFIX.length()), value.toString());
            }
        });
        List<TargetRef> uploads = new ArrayList<>();
        for (String entry : config.upload()) {
            uploads.add(targetRef(entry));
        }
        return new CheckDefinition(config.name().strip(), config.check__type().strip(), uri(config.base__url()),
                new Credentials(config.auth__user(), config.auth__pass()), config.proxy__host().strip(),
                Duration.ofSeconds(config.revision__seconds()), Duration.ofSeconds(config.summarize__interval()),
                List.of(config.check__filter()), uploads, config.alert__crontab().strip(),
                AlertMedias.parse(config.alert__medias()), config.target__cache().strip(), options);
    }

    private static URI uri(String value) {
        try {
            URI uri = new URI(value.strip());
            if (!uri.isAbsolute()) {
                throw new IllegalArgumentException("base_url must be an absolute URL, was '" + value + "'");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("base_url is not a URL: " + e.getMessage(), e);
        }
    }

    /** Parses the {@code relation_name:relation_type} form the config bundle writes. */
    static TargetRef targetRef(String entry) {
        int colon = entry.lastIndexOf(':');
        if (colon <= 0 || colon == entry.length() - 1) {
            throw new IllegalArgumentException("upload entry must be relation_name:relation_type, was '" + entry + "'");
        }
        return new TargetRef(entry.substring(0, colon).strip(), entry.substring(colon + 1).strip());
    }

    @Override
    public CheckDefinition definition() {
        return definition;
    }

    @Override
    public String packager() {
        return packager;
    }
}
