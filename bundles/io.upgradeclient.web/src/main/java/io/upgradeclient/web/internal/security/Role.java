package io.upgradeclient.web.internal.security;

import java.util.Locale;

/**
 * What a signed-in user may do.
 */
public enum Role {
    /** Reads every page and endpoint; triggers nothing. */
    VIEWER,
    /** Everything a viewer may, plus actions: run and dry-run checks, retry jobs. */
    ADMIN;

    /**
     * @param word {@code viewer} or {@code admin}, any case
     * @return the role
     * @throws IllegalArgumentException for any other word
     */
    public static Role of(String word) {
        return switch (word.strip().toLowerCase(Locale.ROOT)) {
            case "viewer" -> VIEWER;
            case "admin" -> ADMIN;
            default -> throw new IllegalArgumentException("role must be viewer or admin, was '" + word + "'");
        };
    }
}
