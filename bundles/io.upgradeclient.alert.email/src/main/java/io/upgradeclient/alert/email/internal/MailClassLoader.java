package io.upgradeclient.alert.email.internal;

import java.io.IOException;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * A class loader that sees the classes and {@code META-INF} resources of several bundles. Jakarta Mail and
 * Jakarta Activation find their providers (the SMTP transport, the stream provider, the mailcap registry) through
 * the thread context class loader; in OSGi no single bundle's loader sees both Angus Mail and Angus Activation,
 * and without SPI Fly nothing else wires them. Setting this loader as the context class loader around the mail
 * calls lets the APIs find both. On a flat class path the delegates are one and the same loader, and it changes
 * nothing.
 */
final class MailClassLoader extends ClassLoader {
    static {
        registerAsParallelCapable();
    }

    private final List<ClassLoader> delegates;

    MailClassLoader(ClassLoader... delegates) {
        super(null);
        Set<ClassLoader> distinct = Collections.newSetFromMap(new IdentityHashMap<>());
        List<ClassLoader> ordered = new ArrayList<>();
        for (ClassLoader delegate : delegates) {
            if (delegate != null && distinct.add(delegate)) {
                ordered.add(delegate);
            }
        }
        this.delegates = List.copyOf(ordered);
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        for (ClassLoader delegate : delegates) {
            try {
                return delegate.loadClass(name);
            } catch (ClassNotFoundException notThere) {
                // try the next bundle
            }
        }
        throw new ClassNotFoundException(name);
    }

    @Override
    protected URL findResource(String name) {
        for (ClassLoader delegate : delegates) {
            URL url = delegate.getResource(name);
            if (url != null) {
                return url;
            }
        }
        return null;
    }

    @Override
    protected Enumeration<URL> findResources(String name) throws IOException {
        List<URL> urls = new ArrayList<>();
        for (ClassLoader delegate : delegates) {
            urls.addAll(Collections.list(delegate.getResources(name)));
        }
        return Collections.enumeration(urls);
    }
}
