package io.upgradeclient.config.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * The settings each configuration PID takes, read from the Metatype descriptions ({@code OSGI-INF/metatype/*.xml})
 * that bnd writes into the bundles from their {@code @ObjectClassDefinition}s, with the same key mapping
 * Declarative Services uses. Lets {@code check-config} check a {@code *.cfg} file without starting the framework:
 * a key the component does not read is ignored at run time without a word, a value of the wrong type makes the
 * component fall back to its default.
 */
final class MetatypeSettings {
    private final Map<String, Map<String, String>> typesByPid;

    private MetatypeSettings(Map<String, Map<String, String>> typesByPid) {
        this.typesByPid = typesByPid;
    }

    /**
     * @param folders folders of bundle jars ({@code bundle/}, {@code deploy/}); missing ones are skipped
     * @return the settings of every PID (singleton or factory) those bundles describe
     */
    static MetatypeSettings of(Path... folders) throws IOException {
        Map<String, Map<String, String>> typesByPid = new LinkedHashMap<>();
        for (Path folder : folders) {
            if (!Files.isDirectory(folder)) {
                continue;
            }
            TreeSet<Path> jars = new TreeSet<>();
            try (DirectoryStream<Path> stream = Files.newDirectoryStream(folder, "*.jar")) {
                stream.forEach(jars::add);
            }
            for (Path jar : jars) {
                read(jar, typesByPid);
            }
        }
        return new MetatypeSettings(typesByPid);
    }

    private static void read(Path jar, Map<String, Map<String, String>> typesByPid) throws IOException {
        try (JarFile file = new JarFile(jar.toFile())) {
            for (Enumeration<? extends ZipEntry> entries = file.entries(); entries.hasMoreElements();) {
                ZipEntry entry = entries.nextElement();
                if (entry.getName().startsWith("OSGI-INF/metatype/") && entry.getName().endsWith(".xml")) {
                    try (InputStream in = file.getInputStream(entry)) {
                        describe(parse(in), typesByPid);
                    } catch (SAXException | ParserConfigurationException e) {
                        // a bundle's broken description is not the operator's problem: it is just not used
                    }
                }
            }
        }
    }

    private static Document parse(InputStream in) throws ParserConfigurationException, SAXException, IOException {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return factory.newDocumentBuilder().parse(in);
    }

    private static void describe(Document document, Map<String, Map<String, String>> typesByPid) {
        Map<String, Map<String, String>> ocds = new LinkedHashMap<>();
        NodeList ocdNodes = document.getElementsByTagName("OCD");
        for (int i = 0; i < ocdNodes.getLength(); i++) {
            Element ocd = (Element) ocdNodes.item(i);
            Map<String, String> types = new LinkedHashMap<>();
            NodeList ads = ocd.getElementsByTagName("AD");
            for (int j = 0; j < ads.getLength(); j++) {
                Element ad = (Element) ads.item(j);
                types.put(ad.getAttribute("id"), ad.getAttribute("type").isEmpty() ? "String" : ad.getAttribute("type"));
            }
            ocds.put(ocd.getAttribute("id"), types);
        }
        NodeList designates = document.getElementsByTagName("Designate");
        for (int i = 0; i < designates.getLength(); i++) {
            Element designate = (Element) designates.item(i);
            String pid = designate.getAttribute("factoryPid").isEmpty() ? designate.getAttribute("pid") : designate.getAttribute("factoryPid");
            NodeList objects = designate.getElementsByTagName("Object");
            for (int j = 0; j < objects.getLength(); j++) {
                Map<String, String> types = ocds.get(((Element) objects.item(j)).getAttribute("ocdref"));
                if (types != null && !pid.isEmpty()) {
                    typesByPid.computeIfAbsent(pid, key -> new LinkedHashMap<>()).putAll(types);
                }
            }
        }
    }

    /**
     * @param pid a PID, or the factory PID of a factory configuration
     * @return its settings and their Metatype types ({@code String}, {@code Long}, {@code Integer}, {@code Boolean},
     *         …), or empty when no bundle describes the PID
     */
    Optional<Map<String, String>> settings(String pid) {
        return Optional.ofNullable(typesByPid.get(pid));
    }
}
