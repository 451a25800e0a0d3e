package io.upgradeclient.check.http.internal;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import com.google.gson.JsonParseException;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.JsonWriter;

/**
 * What one check saw of its listing tree: per folder the validators of its last reply (for conditional requests)
 * and its entries (sub-folders, and per file the {@link ListingEntry#revision() revision}). Kept in
 * {@code Checkpoint.value} as compact JSON, folders and files keyed by their encoded paths relative to
 * {@code base_url}:
 *
 * <pre>{"v":1,"base":"http://h/fw/","folders":{"":{"etag":"\"a1\"","lm":"…","dirs":["General/"],"files":{"a.bin":"12:1477382400"}}}}</pre>
 */
final class ListingState {
    private static final int VERSION = 1;

    /**
     * @param etag the folder reply's {@code ETag}, or empty
     * @param lastModified its {@code Last-Modified}, or empty
     * @param dirs its sub-folders, as encoded paths relative to the base (ending in {@code /})
     * @param files the revision of each file, by encoded name
     */
    record Folder(String etag, String lastModified, List<String> dirs, Map<String, String> files) {
        Folder {
            dirs = List.copyOf(dirs);
            files = Map.copyOf(files);
        }

        boolean hasValidators() {
            return !etag.isEmpty() || !lastModified.isEmpty();
        }
    }

    private final URI base;
    private final Map<String, Folder> folders;

    ListingState(URI base, Map<String, Folder> folders) {
        this.base = base;
        this.folders = folders;
    }

    /**
     * @param relativePath a folder's encoded path below the base, ending in {@code /} (empty for the base)
     * @return what was seen of it, or {@code null}
     */
    Folder folder(String relativePath) {
        return folders.get(relativePath);
    }

    /** @return whether this state was taken below {@code base} */
    boolean isOf(URI base) {
        return this.base.equals(base);
    }

    int folderCount() {
        return folders.size();
    }

    /**
     * @param value a stored checkpoint value
     * @param base the check's current base URL
     * @return the state, or empty when there is none, it cannot be read, or it belongs to another base URL
     */
    static Optional<ListingState> read(String value, URI base) {
        if (value.isEmpty()) {
            return Optional.empty();
        }
        try (JsonReader in = new JsonReader(new StringReader(value))) {
            int version = 0;
            String storedBase = "";
            Map<String, Folder> folders = new LinkedHashMap<>();
            in.beginObject();
            while (in.hasNext()) {
                switch (in.nextName()) {
                    case "v" -> version = in.nextInt();
                    case "base" -> storedBase = in.nextString();
                    case "folders" -> readFolders(in, folders);
                    default -> in.skipValue();
                }
            }
            in.endObject();
            if (version != VERSION || !storedBase.equals(base.toString())) {
                return Optional.empty();
            }
            return Optional.of(new ListingState(base, folders));
        } catch (IOException | JsonParseException | IllegalStateException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static void readFolders(JsonReader in, Map<String, Folder> folders) throws IOException {
        in.beginObject();
        while (in.hasNext()) {
            String path = in.nextName();
            String etag = "";
            String lastModified = "";
            List<String> dirs = new ArrayList<>();
            Map<String, String> files = new LinkedHashMap<>();
            in.beginObject();
            while (in.hasNext()) {
                switch (in.nextName()) {
                    case "etag" -> etag = in.nextString();
                    case "lm" -> lastModified = in.nextString();
                    case "dirs" -> {
                        in.beginArray();
                        while (in.hasNext()) {
                            dirs.add(in.nextString());
                        }
                        in.endArray();
                    }
                    case "files" -> {
                        in.beginObject();
                        while (in.peek() != JsonToken.END_OBJECT) {
                            files.put(in.nextName(), in.nextString());
                        }
                        in.endObject();
                    }
                    default -> in.skipValue();
                }
            }
            in.endObject();
            folders.put(path, new Folder(etag, lastModified, dirs, files));
        }
        in.endObject();
    }

    /**
     * @return the compact JSON form for {@code Checkpoint.value}
     */
    String write() {
        StringWriter text = new StringWriter();
        try (JsonWriter out = new JsonWriter(text)) {
            out.setHtmlSafe(false);
            out.beginObject().name("v").value(VERSION).name("base").value(base.toString()).name("folders").beginObject();
            for (Map.Entry<String, Folder> entry : folders.entrySet()) {
                Folder folder = entry.getValue();
                out.name(entry.getKey()).beginObject();
                if (!folder.etag().isEmpty()) {
                    out.name("etag").value(folder.etag());
                }
                if (!folder.lastModified().isEmpty()) {
                    out.name("lm").value(folder.lastModified());
                }
                out.name("dirs").beginArray();
                for (String dir : folder.dirs()) {
                    out.value(dir);
                }
                out.endArray().name("files").beginObject();
                for (Map.Entry<String, String> file : folder.files().entrySet()) {
                    out.name(file.getKey()).value(file.getValue());
                }
                out.endObject().endObject();
            }
            out.endObject().endObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing to a string cannot fail", e);
        }
        return text.toString();
    }

    /** Equal when both describe the same tree below the same base, whatever the order folders were walked in. */
    @Override
    public boolean equals(Object other) {
        return other instanceof ListingState state && base.equals(state.base) && folders.equals(state.folders);
    }

    @Override
    public int hashCode() {
        return Objects.hash(base, folders);
    }
}
