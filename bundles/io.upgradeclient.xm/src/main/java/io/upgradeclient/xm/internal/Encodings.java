package io.upgradeclient.xm.internal;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The text encodings of files written by the vendor's staff: UTF-8 when the bytes are valid UTF-8, else GB18030
 * (a superset of GBK and GB2312, which Chinese Windows editors write). Release notes carry no encoding mark, so
 * the original service guessed the same way.
 */
final class Encodings {
    static final Charset GB18030 = Charset.forName("GB18030");

    private Encodings() {
    }

    /**
     * @return a decoder that fails on malformed input, so that a file which is not UTF-8 is noticed
     */
    static CharsetDecoder strictUtf8() {
        return StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
    }

    /**
     * @return a GB18030 decoder that replaces the rare undecodable sequence rather than losing the whole file
     */
    static CharsetDecoder lenientGb18030() {
        return GB18030.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
    }

    /**
     * Decodes a small text held in memory.
     *
     * @param bytes the text's bytes
     * @return the text, without a leading byte-order mark
     */
    static String decode(byte[] bytes) {
        String text;
        try {
            text = strictUtf8().decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            try {
                text = lenientGb18030().decode(ByteBuffer.wrap(bytes)).toString();
            } catch (CharacterCodingException impossible) {
                throw new IllegalStateException("a replacing decoder reported an error", impossible);
            }
        }
        return withoutBom(text);
    }

    /**
     * @return the text without a leading byte-order mark, which Windows editors put before UTF-8 text
     */
    static String withoutBom(String text) {
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }
}
