package io.upgradeclient.report.internal;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;

/**
 * The one key of {@code upgradeclient.yaml} (PID {@value #SETTINGS_PID}) that reports use: {@code web.public_url}.
 * A component of its own because a component designating its metatype ({@link ReportScheduler}) may take only
 * one configuration PID; the engine designates this PID's form.
 */
@Component(service = WebSettings.class, configurationPid = WebSettings.SETTINGS_PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
public final class WebSettings {
    /** The PID of {@code upgradeclient.yaml}'s settings. */
    public static final String SETTINGS_PID = "io.upgradeclient.settings";

    /** Method names map to the YAML's dotted keys: {@code web_public__url} is {@code web.public_url}. */
    @interface Config {
        String web_public__url() default "";
    }

    private final String publicUrl;

    /**
     * @param config the settings
     */
    @Activate
    public WebSettings(Config config) {
        this.publicUrl = config.web_public__url().strip();
    }

    /** @return the web UI's base URL for links in mails, or empty */
    public String publicUrl() {
        return publicUrl;
    }
}
