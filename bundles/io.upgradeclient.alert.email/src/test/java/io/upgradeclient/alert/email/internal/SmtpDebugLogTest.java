package io.upgradeclient.alert.email.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;

class SmtpDebugLogTest {

    @Test
    void cutsAuthPayloadsAndMasksThePasswordInEveryForm() {
        List<String> lines = new ArrayList<>();
        String plain = Base64.getEncoder().encodeToString("\0bot\0hunter22".getBytes(StandardCharsets.UTF_8));
        String login = Base64.getEncoder().encodeToString("hunter22".getBytes(StandardCharsets.UTF_8));
        try (PrintStream out = new SmtpDebugLog(lines::add, "bot", "hunter22").printStream()) {
            out.println("250-AUTH PLAIN LOGIN");
            out.println("AUTH PLAIN " + plain);
            out.println(login);
            out.print("DEBUG: password is hunter22\r\n");
            out.print("MAIL FROM:<bot@example.com>");
        }

        assertThat(lines).containsExactly("250-AUTH PLAIN LOGIN", "AUTH PLAIN ********", "********", "DEBUG: password is ********",
                "MAIL FROM:<bot@example.com>");
    }
}
