package io.upgradeclient.store.internal;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code check/*.json} of the original service, as the import writes it: with {@code "packager": "xm"} made
 * explicit. The original had no {@code check_type} and always built the upgrade server's tree; our config bundle
 * gives such a file the {@code xm} packager by default, and writing it in shows the operator what the check does.
 * Everything else of the file (order, comments in {@code _comments}, spacing) stays as it was.
 */
final class OriginalCheckFile {
    private static final Pattern CHECK_TYPE = Pattern.compile("\"check_type\"\\s*:");
    private static final Pattern PACKAGER = Pattern.compile("\"packager\"\\s*:");
    private static final Pattern OPENING = Pattern.compile("\\A(\\uFEFF?\\s*\\{)(\\s*)(\\}?)");

    private OriginalCheckFile() {
    }

    /**
     * @param json the file's bytes
     * @return the bytes with {@code "packager": "xm"} as the first key when the file names neither a
     *         {@code check_type} nor a {@code packager}; otherwise (or when it is not UTF-8 text starting with
     *         {@code {}) the bytes unchanged
     */
    static byte[] withExplicitPackager(byte[] json) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(json)).toString();
        } catch (CharacterCodingException e) {
            return json;
        }
        Matcher opening = OPENING.matcher(text);
        if (CHECK_TYPE.matcher(text).find() || PACKAGER.matcher(text).find() || !opening.find()) {
            return json;
        }
        String separator = opening.group(3).isEmpty() ? "," : "";
        String indent = opening.group(2).contains("\n") ? opening.group(2) : " ";
        String written = opening.group(1) + indent + "\"packager\": \"xm\"" + separator
                + (opening.group(2).isEmpty() ? " " : opening.group(2)) + opening.group(3)
                + text.substring(opening.end());
        return written.getBytes(StandardCharsets.UTF_8);
    }
}
