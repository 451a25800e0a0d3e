package io.upgradeclient.check.svn.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

import io.upgradeclient.api.PermanentException;
import io.upgradeclient.api.TransientException;

/**
 * Reads the {@code --xml} output of {@code svn info}, {@code svn log -v} and {@code svn list -R} as a stream.
 * DTDs and external entities are switched off: the output passes through a server we do not control.
 */
final class SvnXml {
    /**
     * What {@code svn info} says about the watched folder.
     *
     * @param revision the revision the URL was looked at in (HEAD when no revision was asked for)
     * @param kind {@code dir} or {@code file}
     * @param root the repository root URL, percent-encoded, without a trailing slash
     * @param path the folder's path inside the repository, decoded, starting with {@code /}
     */
    record Info(long revision, String kind, String root, String path) {
    }

    /**
     * One changed path of a log entry.
     *
     * @param action {@code A}, {@code M}, {@code R} or {@code D}
     * @param kind {@code file}, {@code dir}, or empty when the server does not say
     * @param path the repository path, decoded, starting with {@code /}
     * @param copied whether the path was copied from elsewhere
     */
    record LogPath(String action, String kind, String path, boolean copied) {
    }

    /**
     * One revision of {@code svn log -v}.
     *
     * @param revision the revision
     * @param author who committed it, or empty when hidden
     * @param date when, or {@code null} when hidden
     * @param paths what it changed
     */
    record LogEntry(long revision, String author, Instant date, List<LogPath> paths) {
    }

    /**
     * One file of {@code svn list -R}.
     *
     * @param name its path relative to the listed folder
     * @param size its size in bytes, or {@code -1} when not given
     */
    record ListEntry(String name, long size) {
    }

    private static final XMLInputFactory FACTORY = secureFactory();

    private SvnXml() {
    }

    private static XMLInputFactory secureFactory() {
        XMLInputFactory factory = XMLInputFactory.newFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_COALESCING, true);
        return factory;
    }

    @FunctionalInterface
    private interface Handler {
        void read(XMLStreamReader reader) throws XMLStreamException;
    }

    private static void parse(Path xml, String what, Handler handler) throws TransientException, PermanentException {
        try (InputStream in = Files.newInputStream(xml)) {
            XMLStreamReader reader = FACTORY.createXMLStreamReader(in);
            try {
                handler.read(reader);
            } finally {
                reader.close();
            }
        } catch (XMLStreamException | DateTimeParseException | IllegalArgumentException e) {
            throw new PermanentException(what + ": malformed svn output: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new TransientException(what + ": cannot read svn output: " + e.getMessage(), e);
        }
    }

    /**
     * @param xml the output of {@code svn info --xml URL}
     * @param what names the URL in error messages
     * @return the first entry
     * @throws PermanentException when the output is malformed or has no entry
     * @throws TransientException when it cannot be read
     */
    static Info info(Path xml, String what) throws TransientException, PermanentException {
        String[] fields = new String[4];
        parse(xml, what, reader -> {
            while (reader.hasNext() && fields[3] == null) {
                if (reader.next() != XMLStreamConstants.START_ELEMENT) {
                    continue;
                }
                switch (reader.getLocalName()) {
                    case "entry" -> {
                        fields[0] = reader.getAttributeValue(null, "revision");
                        fields[1] = reader.getAttributeValue(null, "kind");
                    }
                    case "relative-url" -> fields[2] = reader.getElementText();
                    case "root" -> fields[3] = reader.getElementText();
                    default -> {
                        // other elements are not needed
                    }
                }
            }
        });
        if (fields[0] == null || fields[2] == null || fields[3] == null || !fields[2].startsWith("^/")) {
            throw new PermanentException(what + ": svn info gave no revision, relative URL and repository root");
        }
        String root = fields[3].endsWith("/") ? fields[3].substring(0, fields[3].length() - 1) : fields[3];
        String path = URI.create(fields[2].substring(1)).getPath();
        return new Info(Long.parseLong(fields[0]), fields[1] == null ? "" : fields[1], root, path);
    }

    /**
     * @param xml the output of {@code svn log --xml -v}
     * @param what names the URL in error messages
     * @param each receives the entries in the order svn printed them
     * @throws PermanentException when the output is malformed
     * @throws TransientException when it cannot be read
     */
    static void log(Path xml, String what, Consumer<LogEntry> each) throws TransientException, PermanentException {
        parse(xml, what, reader -> {
            long revision = -1;
            String author = "";
            Instant date = null;
            List<LogPath> paths = new ArrayList<>();
            while (reader.hasNext()) {
                int event = reader.next();
                if (event == XMLStreamConstants.START_ELEMENT) {
                    switch (reader.getLocalName()) {
                        case "logentry" -> {
                            revision = Long.parseLong(reader.getAttributeValue(null, "revision"));
                            author = "";
                            date = null;
                            paths = new ArrayList<>();
                        }
                        case "author" -> author = reader.getElementText();
                        case "date" -> date = Instant.parse(reader.getElementText());
                        case "path" -> {
                            String action = reader.getAttributeValue(null, "action");
                            String kind = reader.getAttributeValue(null, "kind");
                            boolean copied = reader.getAttributeValue(null, "copyfrom-path") != null;
                            paths.add(new LogPath(action == null ? "" : action, kind == null ? "" : kind,
                                    reader.getElementText(), copied));
                        }
                        default -> {
                            // msg and revision properties are not needed
                        }
                    }
                } else if (event == XMLStreamConstants.END_ELEMENT && reader.getLocalName().equals("logentry")) {
                    each.accept(new LogEntry(revision, author, date, paths));
                }
            }
        });
    }

    /**
     * @param xml the output of {@code svn list -R --xml URL}
     * @param what names the URL in error messages
     * @param each receives the files (not the folders)
     * @throws PermanentException when the output is malformed
     * @throws TransientException when it cannot be read
     */
    static void listFiles(Path xml, String what, Consumer<ListEntry> each) throws TransientException, PermanentException {
        parse(xml, what, reader -> {
            boolean file = false;
            String name = null;
            long size = -1;
            while (reader.hasNext()) {
                int event = reader.next();
                if (event == XMLStreamConstants.START_ELEMENT) {
                    switch (reader.getLocalName()) {
                        case "entry" -> {
                            file = "file".equals(reader.getAttributeValue(null, "kind"));
                            name = null;
                            size = -1;
                        }
                        case "name" -> name = reader.getElementText();
                        case "size" -> size = Long.parseLong(reader.getElementText().strip());
                        default -> {
                            // commit details of the original are not needed: the copy is the change
                        }
                    }
                } else if (event == XMLStreamConstants.END_ELEMENT && reader.getLocalName().equals("entry")
                        && file && name != null) {
                    each.accept(new ListEntry(name, size));
                }
            }
        });
    }
}
