package io.upgradeclient.config.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonIOException;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;

/**
 * Strict JSON reading with errors that name the line, and the small conversions the seed format needs.
 */
final class JsonFiles {
    /** Configuration files are small; anything bigger is a mistake, not a configuration. */
    static final long MAX_BYTES = 1024 * 1024;

    private static final Pattern LOCATION = Pattern.compile(" at line (\\d+) column (\\d+)");
    private static final String GSON_LENIENT_HINT = "Use JsonReader.setStrictness(Strictness.LENIENT) to accept malformed JSON";

    private JsonFiles() {
    }

    /**
     * @param file a JSON file whose top level must be an object
     * @return the object
     * @throws ConfigException if it cannot be read, is not strict JSON, or is not an object
     */
    static JsonObject readObject(Path file) throws ConfigException {
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw problem(file, 0, "file", "at most " + MAX_BYTES + " bytes");
            }
            try (Reader in = utf8(file)) {
                JsonReader reader = new JsonReader(in);
                reader.setStrictness(Strictness.STRICT);
                JsonElement root = JsonParser.parseReader(reader);
                if (reader.peek() != JsonToken.END_DOCUMENT) {
                    throw problem(file, 0, "JSON syntax", "end of file after the top-level object");
                }
                if (!root.isJsonObject()) {
                    throw problem(file, 1, "JSON syntax", "an object { ... } at the top level, was "
                            + (root.isJsonNull() ? "an empty file" : describe(root)));
                }
                return root.getAsJsonObject();
            }
        } catch (JsonParseException e) {
            Throwable cause = e instanceof JsonIOException || e.getCause() == null ? e : e.getCause();
            if (cause instanceof CharacterCodingException) {
                throw problem(file, 0, "encoding", "UTF-8 text");
            }
            throw syntax(file, cause.getMessage());
        } catch (CharacterCodingException e) {
            throw problem(file, 0, "encoding", "UTF-8 text");
        } catch (IOException e) {
            // Gson reports its syntax errors as IOExceptions when they are found by peek()
            if (e.getMessage() != null && LOCATION.matcher(e.getMessage()).find()) {
                throw syntax(file, e.getMessage());
            }
            throw problem(file, 0, "file", "a readable file (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
        }
    }

    /** A strict UTF-8 reader that skips a byte order mark. */
    static Reader utf8(Path file) throws IOException {
        BufferedReader reader = new BufferedReader(new InputStreamReader(Files.newInputStream(file),
                StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)));
        // editors on Windows start UTF-8 files with a byte order mark, which JSON does not allow
        reader.mark(1);
        if (reader.read() != '\uFEFF') {
            reader.reset();
        }
        return reader;
    }

    /** Turns Gson's message into "what was wrong (column N)" and keeps its line. */
    private static ConfigException syntax(Path file, String gsonMessage) {
        String message = gsonMessage == null ? "malformed JSON" : gsonMessage.lines().findFirst().orElse("");
        Matcher location = LOCATION.matcher(message);
        int line = 0;
        String what = message;
        if (location.find()) {
            line = Integer.parseInt(location.group(1));
            what = message.substring(0, location.start()) + " (column " + location.group(2) + ")";
        }
        what = what.replace(GSON_LENIENT_HINT,
                "malformed JSON (comments, single quotes, unquoted names, NaN and trailing text are not allowed)");
        return problem(file, line, "JSON syntax", "valid JSON: " + what);
    }

    static ConfigException problem(Path file, int line, String field, String expected) {
        return new ConfigException(new ConfigProblem(file, line, field, expected), "");
    }

    /**
     * Finds the line of a field by looking for its quoted name used as a key, then for each following name after
     * the previous one: good enough to point at the field in hand-written files, where Gson's tree has no positions.
     *
     * @param file the file
     * @param names the JSON object keys leading to the field, outermost first
     * @return the line, from 1, or {@code 0} when not found
     */
    static int lineOf(Path file, List<String> names) {
        if (names.isEmpty()) {
            return 0;
        }
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            int index = 0;
            int lineNumber = 0;
            String line;
            while ((line = in.readLine()) != null) {
                lineNumber++;
                int from = 0;
                while (true) {
                    String quoted = '"' + names.get(index) + '"';
                    int at = line.indexOf(quoted, from);
                    if (at < 0) {
                        break;
                    }
                    from = at + 1;
                    // a key, not the same text as a value ("relation_name": "default" is no section "default")
                    if (isKey(line, at + quoted.length()) && ++index == names.size()) {
                        return lineNumber;
                    }
                }
            }
        } catch (IOException e) {
            return 0;
        }
        return 0;
    }

    /** @return whether only white space and then a colon (or the end of the line) follow */
    private static boolean isKey(String line, int after) {
        String rest = line.substring(after).stripLeading();
        return rest.isEmpty() || rest.charAt(0) == ':';
    }

    /**
     * @return the value as text when it is a string, number or boolean; {@code null} for JSON null
     * @throws IllegalArgumentException when it is an object or array
     */
    static String scalarText(JsonElement value) {
        if (value == null || value.isJsonNull()) {
            return null;
        }
        if (value.isJsonPrimitive()) {
            return value.getAsString();
        }
        throw new IllegalArgumentException(describe(value));
    }

    static String describe(JsonElement value) {
        if (value == null || value.isJsonNull()) {
            return "null";
        }
        if (value instanceof JsonObject) {
            return "an object";
        }
        if (value instanceof JsonArray) {
            return "an array";
        }
        JsonPrimitive primitive = value.getAsJsonPrimitive();
        return primitive.isString() ? "a string" : primitive.isNumber() ? "a number" : "a boolean";
    }

    /** Object members in file order, without the seed's {@code _comments}. */
    static Iterable<Map.Entry<String, JsonElement>> members(JsonObject object) {
        return object.entrySet().stream().filter(entry -> !"_comments".equals(entry.getKey())).toList();
    }
}
