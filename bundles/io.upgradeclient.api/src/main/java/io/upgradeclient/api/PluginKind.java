package io.upgradeclient.api;

import java.util.Locale;

/**
 * The kinds of plugin, each with the service interface it registers under.
 */
public enum PluginKind {
    /** Finds changes on a release server. */
    CHECKER(Checker.class),
    /** Accepts or rejects changes. */
    FILTER(Filter.class),
    /** Fetches accepted changes into the local cache. */
    DOWNLOADER(Downloader.class),
    /** Lays downloaded files out in the staging area for publishing. */
    PACKAGER(Packager.class),
    /** Publishes packaged artifacts to a target. */
    UPLOADER(Uploader.class),
    /** Sends reports and failure alerts. */
    ALERTER(Alerter.class);

    /**
     * The service property naming a plugin's type ({@code svn}, {@code http}, {@code rsync}, {@code email},
     * {@code default}…); configuration selects plugins by this value.
     */
    public static final String TYPE_PROPERTY = "upgradeclient.type";

    private final Class<?> serviceInterface;

    PluginKind(Class<?> serviceInterface) {
        this.serviceInterface = serviceInterface;
    }

    /**
     * @return the interface plugins of this kind register their service under
     */
    public Class<?> serviceInterface() {
        return serviceInterface;
    }

    /**
     * @param type a plugin type
     * @return how a job or check waiting for that plugin names it, e.g. {@code uploader:rsync}
     */
    public String label(String type) {
        return name().toLowerCase(Locale.ROOT) + ":" + type;
    }

    /**
     * Finds the kind whose service interface has the given name.
     *
     * @param interfaceName a fully qualified interface name, as in the {@code objectClass} service property
     * @return the kind, or {@code null} when the name is not a plugin interface
     */
    public static PluginKind ofInterface(String interfaceName) {
        for (PluginKind kind : values()) {
            if (kind.serviceInterface.getName().equals(interfaceName)) {
                return kind;
            }
        }
        return null;
    }
}
