package io.upgradeclient.upload.rclone.internal.process;

import java.util.Locale;
import java.util.regex.Pattern;

import io.upgradeclient.api.PermanentException;
import io.upgradeclient.api.TransientException;

/**
 * What an rclone exit code means for the engine. rclone's codes: 1 usage or a fatal error at start, 2 an error not
 * otherwise categorised, 3 directory not found, 4 file not found, 5 a temporary error, 6 a "no retry" error, 7 a
 * fatal error (account suspended …), 8 {@code --max-transfer} reached, 9 nothing transferred (only with
 * {@code --error-on-no-transfer}), 10 {@code --max-duration} reached.
 *
 * <p>rclone reports a peer it cannot reach at start (connection refused, DNS, timeout) with the same code 1 as an
 * unknown remote, so for codes 1 and 2 the message decides: network trouble may pass, the rest will not.
 */
public final class RcloneFailure {
    private static final Pattern NETWORK = Pattern.compile("connection refused|connection reset|dial tcp|i/o timeout"
            + "|timeout|timed out|no route to host|network is unreachable|broken pipe|unexpected eof|\\beof\\b"
            + "|temporar|try again|too many connections|service unavailable|\\b50[234]\\b|\\b429\\b");
    private static final Pattern REFUSED = Pattern.compile("unable to authenticate|permission denied|access denied"
            + "|authorization|forbidden|didn't find section|invalid|not found|no such");

    private RcloneFailure() {
    }

    /**
     * @param what names the operation, e.g. {@code upload 'cloud' to fwstore:firmware}
     * @param exit rclone's exit code, not 0
     * @param reason rclone's explanation ({@link RcloneRun#reason()})
     * @throws TransientException when repeating may help
     * @throws PermanentException when it cannot
     */
    public static void raise(String what, int exit, String reason) throws TransientException, PermanentException {
        String message = what + ": rclone exit code " + exit + " (" + meaning(exit) + ")" + (reason.isEmpty() ? "" : ": " + reason);
        if (isPermanent(exit, reason)) {
            throw new PermanentException(message);
        }
        throw new TransientException(message, null);
    }

    static boolean isPermanent(int exit, String reason) {
        String text = reason.toLowerCase(Locale.ROOT);
        return switch (exit) {
            case 1 -> !NETWORK.matcher(text).find();
            case 2 -> REFUSED.matcher(text).find() && !NETWORK.matcher(text).find();
            case 3, 4, 6, 7 -> true;
            default -> false;
        };
    }

    private static String meaning(int exit) {
        return switch (exit) {
            case 1 -> "usage or start-up error";
            case 2 -> "error not otherwise categorised";
            case 3 -> "directory not found";
            case 4 -> "file not found";
            case 5 -> "temporary error";
            case 6 -> "less serious error, not retried";
            case 7 -> "fatal error";
            case 8 -> "transfer limit reached";
            case 9 -> "nothing transferred";
            case 10 -> "duration limit reached";
            default -> "see the rclone manual";
        };
    }
}
