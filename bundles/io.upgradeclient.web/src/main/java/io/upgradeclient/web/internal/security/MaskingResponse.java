package io.upgradeclient.web.internal.security;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

/**
 * Holds back what a Web Console page writes, so that {@link #finish} can send it with the secrets masked. Console
 * pages and printouts are small; a body that is not text (a bundle download) is sent as written.
 */
final class MaskingResponse extends HttpServletResponseWrapper {
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    private ServletOutputStream stream;
    private PrintWriter writer;

    MaskingResponse(HttpServletResponse response) {
        super(response);
    }

    @Override
    public ServletOutputStream getOutputStream() {
        if (stream == null) {
            stream = new ServletOutputStream() {
                @Override
                public void write(int b) {
                    body.write(b);
                }

                @Override
                public void write(byte[] bytes, int offset, int length) {
                    body.write(bytes, offset, length);
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setWriteListener(WriteListener listener) {
                    throw new UnsupportedOperationException("the Web Console writes blocking");
                }
            };
        }
        return stream;
    }

    @Override
    public PrintWriter getWriter() {
        if (writer == null) {
            writer = new PrintWriter(new OutputStreamWriter(body, charset()));
        }
        return writer;
    }

    /* nothing reaches the client before finish(); a length set by the page would be wrong after masking */
    @Override
    public void flushBuffer() {
        if (writer != null) {
            writer.flush();
        }
    }

    @Override
    public void setContentLength(int length) {
        // set by finish()
    }

    @Override
    public void setContentLengthLong(long length) {
        // set by finish()
    }

    @Override
    public void resetBuffer() {
        body.reset();
        super.resetBuffer();
    }

    @Override
    public void reset() {
        body.reset();
        super.reset();
    }

    private Charset charset() {
        String name = getCharacterEncoding();
        try {
            return name == null ? StandardCharsets.ISO_8859_1 : Charset.forName(name);
        } catch (IllegalArgumentException e) {
            return StandardCharsets.UTF_8;
        }
    }

    /**
     * Sends the held-back body, masked when it is text.
     *
     * @param secrets what to mask
     */
    void finish(SecretValues secrets) throws IOException {
        if (writer != null) {
            writer.flush();
        }
        byte[] bytes = body.toByteArray();
        if (bytes.length == 0) {
            return;
        }
        if (isText(getContentType()) && !secrets.isEmpty()) {
            Charset charset = charset();
            bytes = secrets.mask(new String(bytes, charset)).getBytes(charset);
        }
        HttpServletResponse response = (HttpServletResponse) getResponse();
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }

    private static boolean isText(String contentType) {
        if (contentType == null) {
            return true;
        }
        String type = contentType.toLowerCase(Locale.ROOT);
        return type.startsWith("text/") || type.contains("json") || type.contains("javascript") || type.contains("xml");
    }
}
