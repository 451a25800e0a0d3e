package io.upgradeclient.api;

import java.util.List;
import java.util.Objects;

/**
 * One entry of a check's {@code alert.medias[]}: who gets the check's reports through which alerter section.
 *
 * @param target the alerter section and type ({@code relation_name}, {@code relation_type})
 * @param to the recipients; never empty
 * @param cc the copy recipients, delivered like {@code to}
 * @param bcc the blind copy recipients
 */
public record AlertMedia(TargetRef target, List<String> to, List<String> cc, List<String> bcc) {
    /**
     * @throws IllegalArgumentException if there is no recipient in {@code to}
     */
    public AlertMedia {
        Objects.requireNonNull(target, "target");
        to = List.copyOf(to);
        cc = List.copyOf(cc);
        bcc = List.copyOf(bcc);
        if (to.isEmpty()) {
            throw new IllegalArgumentException("an alert media needs at least one recipient in 'to'");
        }
    }
}
