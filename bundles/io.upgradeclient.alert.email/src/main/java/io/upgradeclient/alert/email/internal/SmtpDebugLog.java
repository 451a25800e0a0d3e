package io.upgradeclient.alert.email.internal;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Where Jakarta Mail's debug output goes when {@code debug_num > 0}: line by line to a log, never with a secret.
 * Angus Mail already suppresses the authentication exchange unless {@code mail.debug.auth} is set (it is not);
 * this filter is the second guard: the payload of any {@code AUTH} command is cut, and the password in clear or
 * in any of the base64 forms SMTP AUTH uses is masked wherever it appears.
 */
final class SmtpDebugLog extends OutputStream {
    private static final Pattern AUTH_PAYLOAD = Pattern.compile("(?i)^(AUTH\\s+[A-Z0-9_-]+)\\s+\\S.*$");
    private static final String MASK = "********";

    private final Consumer<String> sink;
    private final Set<String> secrets = new LinkedHashSet<>();
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();

    SmtpDebugLog(Consumer<String> sink, String user, String password) {
        this.sink = sink;
        if (!password.isEmpty()) {
            Base64.Encoder base64 = Base64.getEncoder();
            secrets.add(base64.encodeToString(("\0" + user + "\0" + password).getBytes(StandardCharsets.UTF_8)));
            secrets.add(base64.encodeToString((user + "\0" + password).getBytes(StandardCharsets.UTF_8)));
            secrets.add(base64.encodeToString(password.getBytes(StandardCharsets.UTF_8)));
            secrets.add(password);
        }
    }

    /**
     * @return a print stream for {@code Session.setDebugOut}
     */
    PrintStream printStream() {
        return new PrintStream(this, true, StandardCharsets.UTF_8);
    }

    @Override
    public synchronized void write(int b) {
        if (b == '\n') {
            emit();
        } else if (b != '\r') {
            line.write(b);
        }
    }

    @Override
    public synchronized void close() {
        if (line.size() > 0) {
            emit();
        }
    }

    private void emit() {
        sink.accept(mask(line.toString(StandardCharsets.UTF_8)));
        line.reset();
    }

    String mask(String text) {
        String masked = AUTH_PAYLOAD.matcher(text).replaceAll("$1 " + MASK);
        for (String secret : secrets) {
            masked = masked.replace(secret, MASK);
        }
        return masked;
    }
}
