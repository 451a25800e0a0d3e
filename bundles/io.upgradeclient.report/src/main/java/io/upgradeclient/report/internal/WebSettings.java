package io.upgradeclient.report.internal;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;

/**
 * The one key of {@code upgradeclient.yaml} (PID {@value #SETTINGS_PID}) that reports use: {@code web.public_url}.
 * A component of its own because a component designating its metatype ({@link ReportScheduler}) may take only
 * one configuration PID; the engine designates this PID's form.
 *
 * <p>A change of the settings updates this component in place ({@link Modified}) instead of replacing it: the
 * settings file is applied while the bundles start, and a replacement would leave {@link ReportScheduler} asking
 * for a service that was just withdrawn (SCR logs that as an error and retries). Reports read the URL at each send.
 */
@Component(service = WebSettings.class, configurationPid = WebSettings.SETTINGS_PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
public final class WebSettings {
    /** The PID of {@code upgradeclient.yaml}'s settings. */
    public static final String SETTINGS_PID = "io.upgradeclient.settings";

    /** Method names map to the YAML's dotted keys: {@code web_public__url} is {@code web.public_url}. */
    @interface Config {
        String web_public__url() default "";
    }

    private volatile String publicUrl;

    /**
     * @param config the settings
     */
    @Activate
    public WebSettings(Config config) {
        modified(config);
    }

    @Modified
    void modified(Config config) {
        this.publicUrl = config.web_public__url().strip();
    }

    /** @return the web UI's base URL for links in mails, or empty */
    public String publicUrl() {
        return publicUrl;
    }
}
