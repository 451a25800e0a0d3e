package io.upgradeclient.web.internal.security;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts the Felix Web Console behind the web UI's users (admins only) when the console is installed: registers a
 * {@link ConsoleSecurityProvider} as its {@code SecurityProvider}. The bundle imports the console's SPI package
 * optionally, so it resolves without the console; this component checks the package is wired before it loads
 * the provider class, which implements the SPI. No service of its own.
 * <p>
 * Installing the console after this bundle resolved needs a refresh of this bundle to wire the optional import.
 */
@Component(service = {}, immediate = true)
public final class ConsoleSecurity {
    static final String SPI = "org.apache.felix.webconsole.spi.SecurityProvider";

    private static final Logger LOG = LoggerFactory.getLogger(ConsoleSecurity.class);

    private final ServiceRegistration<?> registration;

    /**
     * @param context this bundle's context, to register the provider with
     * @param security the web UI's users and throttle
     */
    @Activate
    public ConsoleSecurity(BundleContext context, @Reference WebSecurity security) {
        if (spiAvailable()) {
            registration = ConsoleSecurityProvider.register(context, security);
            LOG.info("Web Console login: the upgradeclient web users, admins only");
        } else {
            registration = null;
            LOG.debug("No Felix Web Console SPI wired: no Web Console security provider registered");
        }
    }

    @Deactivate
    void deactivate() {
        if (registration != null) {
            registration.unregister();
        }
    }

    /**
     * @return whether this bundle's class loader sees the Web Console SPI
     */
    static boolean spiAvailable() {
        try {
            Class.forName(SPI, false, ConsoleSecurity.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
